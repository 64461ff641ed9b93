import ArgumentParser
import Foundation
import Store

/// `plinv report`: one combined report, from the nightly job's configuration or from options for a quick look.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one combined report (summary, audit, drift, changes, inventory, trend) for a snapshot.",
        discussion: """
            With --config, the report the nightly job writes. Without it, a quick look: the audit with \
            --trusted-account, drift when templates or --stacks are named (as for `plinv drift`).

            Exit 0 · 2 a finding at or above the threshold (--fail-on, else the config's failOn, else high) · \
            4 drift was asked for and verified nothing · 1 error.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The YAML configuration file (see README); without it, the options below apply.")
    var config: String?

    @OptionGroup var desired: DesiredStateOptions

    @Option(name: .customLong("trusted-account"), help: "Without --config: an account whose access is expected (repeat).")
    var trustedAccount: [String] = []

    @Option(name: .long, help: "Output format: text, md, html or json.")
    var format: OutputFormat = .md

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A directory of report templates overriding the built-in ones.")
    var templates: String?

    @Option(name: .long, help: "The snapshot id (default: the latest).")
    var snapshot: Int64?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 2.")
    var failOn: FailThreshold?

    func validate() throws {
        if config != nil && !(desired.isEmpty && trustedAccount.isEmpty) {
            throw ValidationError("--config names the templates and trusted accounts: drop --template, --stacks and --trusted-account, or drop --config")
        }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        var runConfig = try config.map { try RunConfig.load(path: $0) } ?? RunConfig()
        if config == nil { runConfig.trustedAccounts = trustedAccount }
        let path = global.db ?? runConfig.database.map(runConfig.resolve) ?? global.databasePath
        var report = CombinedReport(config: runConfig, store: try SnapshotStore.openExisting(path: path), now: Date())
        if config == nil && !desired.isEmpty { report.explicitDrift = try desired.driftRequest() }
        let (input, findings) = try report.build(snapshotID: snapshot)
        let text = try ReportOutput.render(input, format: format, templates: templates)
        try ReportOutput.finish(
            text, to: output, findings: findings, threshold: failOn ?? report.threshold, coverage: input.driftCoverage)
    }
}
