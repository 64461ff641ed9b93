import ArgumentParser
import Foundation
import Store

/// `plinv report`: one combined report from the configuration.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render one combined report (summary, audit, drift, changes, inventory) for the latest snapshot.",
        discussion: "Exit 2 when a finding is at or above the threshold (--fail-on, else the config's failOn, else high).")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "The YAML configuration file (see README).")
    var config: String

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

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let runConfig = try RunConfig.load(path: config)
        let path = global.db ?? runConfig.database.map(runConfig.resolve) ?? global.databasePath
        let report = CombinedReport(config: runConfig, store: try SnapshotStore.openExisting(path: path), now: Date())
        let (input, findings) = try report.build(snapshotID: snapshot)
        let text = try ReportOutput.render(input, format: format, templates: templates)
        try ReportOutput.finish(text, to: output, findings: findings, threshold: failOn ?? report.threshold)
    }
}
