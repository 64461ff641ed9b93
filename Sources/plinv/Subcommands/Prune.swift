import ArgumentParser
import Foundation
import Store

/// `plinv prune`: drop old snapshots but keep the history of what changed.
struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Drop snapshots older than N days; the newest snapshot and the history of changes are kept.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .customLong("keep-days"), help: "Keep snapshots taken in the last N days.")
    var keepDays: Int

    func validate() throws {
        guard keepDays >= 0 else { throw ValidationError("--keep-days must be 0 or more") }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        let result = try store.prune(keepDays: keepDays, now: Date())
        if !global.quiet {
            Console.err("plinv: pruned \(result.deletedSnapshots.count) snapshot(s); \(result.keptSnapshots) kept")
        }
    }
}
