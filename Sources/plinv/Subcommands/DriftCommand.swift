import ArgumentParser
import Foundation
import PrivateLinkModel
import Rendering
import Store
import Templates

/// `plinv drift`: desired CloudFormation templates against a snapshot.
struct DriftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift",
        abstract: "Compare CloudFormation templates with a snapshot: missing, changed and unmanaged resources.",
        discussion: "Exit 2 when a finding is at or above --fail-on (default low: any drift).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .long, help: "A CloudFormation template, YAML or JSON (repeat).")
    var template: [String] = []

    @Option(name: .long, help: "A parameters file: the AWS CLI's [{ParameterKey, ParameterValue}] or a {Key: Value} map (repeat).")
    var parameters: [String] = []

    @Option(name: .long, help: "A parameter value as KEY=VALUE (repeat; wins over files).")
    var parameter: [String] = []

    @Option(name: .long, help: "The account the templates are deployed in.")
    var account: String?

    @Option(name: .long, help: "The region the templates are deployed in.")
    var region: String?

    @Option(name: .customLong("stack-name"), help: "The stack name (AWS::StackName, and tag matching).")
    var stackName: String?

    @Option(name: .long, help: "The snapshot id (default: the latest).")
    var snapshot: Int64?

    @Option(name: .customLong("fail-on"), help: "Lowest severity that makes the exit code 2: critical|high|medium|low|info|none.")
    var failOn: FailThreshold = .low

    func validate() throws {
        if template.isEmpty { throw ValidationError("name at least one --template") }
        if (account == nil) != (region == nil) { throw ValidationError("give --account and --region together") }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let overrides = try TemplateLoader.parameterOverrides(parameter)
        let request = DriftRequest(
            entries: template.map {
                DriftRequest.Entry(
                    file: $0, parameters: overrides, parameterFiles: parameters, account: account, region: region,
                    stackName: stackName)
            },
            defaultScope: account.flatMap { account in region.map { Scope(account: account, region: $0) } })
        let store = try SnapshotStore.openExisting(path: global.databasePath)
        let builder = ReportBuilder(store: store, now: Date(), trustedAccounts: [])
        let snapshot = try builder.snapshot(snapshot)
        let drift = try builder.drift(request, against: snapshot)
        let unchecked = ReportBuilder.unchecked(drift)
        let input = ReportInput(
            title: "PrivateLink drift", generatedAt: builder.now, snapshot: ReportSnapshot(snapshot),
            findings: drift.findings, notChecked: unchecked.notChecked, notVerified: unchecked.notVerified)
        let text = try ReportOutput.render(input, format: report.format, templates: report.templates)
        try ReportOutput.finish(text, to: report.output, findings: drift.findings, threshold: failOn)
    }
}
