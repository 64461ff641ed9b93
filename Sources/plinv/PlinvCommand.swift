import AWSQuery
import ArgumentParser
import Foundation
import Store

/// plinv: PrivateLink inventory, who-can-connect audit and drift reports over a local SQLite history.
@main
struct PlinvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plinv",
        abstract: "Inventory AWS PrivateLink, audit who can connect, and report drift from CloudFormation templates.",
        discussion: """
            Exit codes: 0 success · 1 error or nothing collected · 2 findings (problems, for report and run) at or \
            above --fail-on · 3 partial collection (some scopes failed) · 4 drift verified nothing.
            """,
        version: PlinvVersion.current,
        subcommands: [
            Collect.self, Snapshots.self, Doctor.self, InventoryCommand.self, DriftCommand.self, Audit.self,
            Changes.self, Report.self, Run.self, Prune.self, Rules.self, Sql.self,
        ]
    )

    /// Runs the command and maps every failure to the contract's exit codes (usage errors exit 1, not 64).
    static func main() async {
        HeapReservation.apply()
        SQLiteMemoryStatistics.turnOff()  // before any database opens: SQLite accepts it only then
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            let message = fullMessage(for: error)
            if !message.isEmpty {
                FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
            }
            Foundation.exit(code == ExitCode.validationFailure ? 1 : code.rawValue)
        }
    }
}

/// The version printed by `plinv --version`: the one in every request's User-Agent, so the two never differ.
enum PlinvVersion {
    static let current = UserAgent.version
}
