import ArgumentParser
import Foundation
import Store

/// `plinv report`: one combined report, from the nightly job's configuration or from options for a quick look.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render one combined report (summary, audit, drift, changes, inventory, trend) for a snapshot.",
        discussion: """
            With --config, the report the nightly job writes. Without it, a quick look: the audit with \
            --trusted-account, drift when templates or --stacks are named (as for `plinv drift`).

            Exit 0 · 2 a problem at or above the threshold (--fail-on, else the config's failOn, else high), or a new \
            one at or above --fail-on-new · 4 drift was asked for and verified nothing · 1 error. Problems under an \
            accepted risk (--suppressions) never count; an expired acceptance counts again.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The YAML configuration file (see README); without it, the options below apply.")
    var config: String?

    @OptionGroup var desired: DesiredStateOptions

    @Option(
        name: .customLong("trusted-account"), help: "Without --config: an account whose access is expected (repeat).")
    var trustedAccount: [String] = []

    @Option(name: .long, help: "Output format: text, md, html, json or sarif.")
    var format: OutputFormat = .md

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    @Option(name: .long, help: "A directory of report templates overriding the built-in ones.")
    var templates: String?

    @Option(
        name: .customLong("markdown-budget"),
        help: "The Markdown size budget: github (65,536, the default), jira (32,767) or a number of characters.")
    var markdownBudget: MarkdownBudget?

    @Option(name: .long, help: "The snapshot id (default: the latest).")
    var snapshot: Int64?

    @Option(name: .customLong("fail-on"), help: "Lowest severity of a problem that makes the exit code 2.")
    var failOn: FailThreshold?

    @Option(
        name: .customLong("fail-on-new"),
        help: "Lowest severity of a problem new since the previous report that makes the exit code 2.")
    var failOnNew: FailThreshold?

    @Option(name: .long, help: "Accepted risks: a YAML file of suppressions (see README); wins over the config's.")
    var suppressions: String?

    @Option(
        name: .customLong("report-name"),
        help: "Without --config: the name this report's history is kept under (default adhoc).")
    var reportName: String?

    func validate() throws {
        if let issue = trustedAccount.lazy.compactMap(ValueCheck.trustIssue).first {
            throw ValidationError("--trusted-account \(issue)")
        }
        if config != nil && !(desired.isEmpty && trustedAccount.isEmpty) {
            throw ValidationError(
                "--config names the templates and trusted accounts: drop --template, --stacks and --trusted-account, or drop --config"
            )
        }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        var runConfig = try config.map { try RunConfig.load(path: $0) } ?? RunConfig()
        if config == nil { runConfig.trustedAccounts = trustedAccount }
        let path = global.db ?? runConfig.database.map(runConfig.resolve) ?? global.databasePath
        try OutputFile.refuse(output, sparing: path)
        var report = CombinedReport(config: runConfig, store: try SnapshotStore.openExisting(path: path), now: Date())
        if config == nil && !desired.isEmpty { report.explicitDrift = try desired.driftRequest() }
        report.reportKey = config.map { runConfig.reportKey(path: $0) } ?? reportName ?? "adhoc"
        report.suppressions = try suppressions.map(SuppressionFile.load) ?? runConfig.loadSuppressions()
        let built = try report.build(snapshotID: snapshot)
        KeptUntilExit.keep(built)
        try ReportOutput.write(
            built.input, format: format, templates: templates, budget: markdownBudget, to: output, sparing: path)
        try ReportOutput.exit(
            ReportOutput.exitCode(
                for: built, threshold: failOn ?? report.threshold, newThreshold: failOnNew ?? report.newThreshold))
    }
}
