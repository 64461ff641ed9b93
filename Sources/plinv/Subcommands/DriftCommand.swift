import ArgumentParser
import Foundation
import PrivateLinkModel
import Rendering
import Store
import Templates

/// `plinv drift`: desired CloudFormation templates (files, deployed stacks, or both) against a snapshot.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract:
            "Compare CloudFormation templates or deployed stacks with a snapshot: missing, changed and unmanaged resources.",
        discussion: """
            Desired state: --template files (each may carry its own options: \
            FILE[,stack=NAME][,params=FILE][,account=A][,region=R]), --templates-file (a YAML list shaped like the run \
            configuration's `templates`), or --stacks (the deployed stacks stored by `plinv collect --stacks`: processed \
            template, parameters, exports and physical ids). With files and --stacks, each file is compared through the \
            deployed stack of its name: the file is the desired state, the stack supplies parameters and physical ids.

            Exit 0 no drift at or above --fail-on (default low) · 2 drift · 4 nothing could be verified · 1 error.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions

    @OptionGroup var desired: DesiredStateOptions

    @Option(name: .long, help: "The snapshot id (default: the latest).")
    var snapshot: Int64?

    @Option(
        name: .customLong("fail-on"),
        help: "Lowest severity that makes the exit code 2: critical|high|medium|low|info|none.")
    var failOn: FailThreshold = .low

    func validate() throws {
        if desired.isEmpty {
            throw ValidationError("name at least one --template, a --templates-file, or use --stacks")
        }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let request = try desired.driftRequest()
        try OutputFile.refuse(report.output, sparing: global.databasePath)
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        let builder = ReportBuilder(store: store, now: Date(), trustedAccounts: [])
        let (snapshot, drift) = try builder.drift(request, snapshot: snapshot)
        let unchecked = ReportBuilder.unchecked(drift)
        let coverage = DriftCoverage(drift)
        let input = ReportInput(
            title: "PrivateLink drift", generatedAt: try builder.generationTime(), snapshot: ReportSnapshot(snapshot),
            findings: drift.findings, notChecked: unchecked.notChecked, notVerified: unchecked.notVerified,
            driftCoverage: coverage, plinvVersion: PlinvVersion.current)
        KeptUntilExit.keep(input)
        try ReportOutput.write(
            input, format: report.format, templates: report.templates, budget: report.markdownBudget, to: report.output,
            sparing: global.databasePath)
        try ReportOutput.exit(ReportOutput.exitCode(for: drift.findings, threshold: failOn, coverage: coverage))
    }
}
