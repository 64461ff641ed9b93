import ArgumentParser
import PrivateLinkModel
import Templates

/// Where drift's desired state comes from on the command line: template files (each with its own options), a
/// templates file, the deployed stacks stored with the snapshot, or files bound to their stacks.
struct DesiredStateOptions: ParsableArguments {
    @Option(name: .long, help: "A template: FILE[,stack=NAME][,params=FILE][,account=A][,region=R] (repeat).")
    var template: [String] = []

    @Option(
        name: .customLong("templates-file"),
        help: "A YAML list of templates, shaped like the run configuration's `templates`.")
    var templatesFile: String?

    @Flag(name: .long, help: "Use the deployed CloudFormation stacks stored with the snapshot (collect --stacks).")
    var stacks = false

    @Option(
        name: .customLong("stack-pattern"), help: "With --stacks: only stacks whose name matches this glob (repeat).")
    var stackPattern: [String] = []

    @Option(name: .long, help: "A parameters file for templates without params= (repeat).")
    var parameters: [String] = []

    @Option(name: .long, help: "A parameter value as KEY=VALUE for every template (repeat; wins over files).")
    var parameter: [String] = []

    @Option(name: .long, help: "The account of templates without account= (with --region).")
    var account: String?

    @Option(name: .long, help: "The region of templates without region= (with --account).")
    var region: String?

    @Option(
        name: .customLong("stack-name"), help: "The stack name of templates without stack= (AWS::StackName, matching).")
    var stackName: String?

    /// Whether any desired state was named.
    var isEmpty: Bool { template.isEmpty && templatesFile == nil && !stacks }

    func validate() throws {
        if (account == nil) != (region == nil) { throw ValidationError("give --account and --region together") }
        if !stackPattern.isEmpty && !stacks { throw ValidationError("--stack-pattern needs --stacks") }
        for spec in template { _ = try TemplateSpec(parsing: spec) }
    }

    /// The drift request these options describe: `--template` specs, then the templates file's entries.
    func driftRequest() throws -> DriftRequest {
        let overrides = try TemplateLoader.parameterOverrides(parameter)
        var entries = try template.map { text in
            let spec = try TemplateSpec(parsing: text)
            return DriftRequest.Entry(
                file: spec.file, parameters: overrides,
                parameterFiles: spec.parameterFiles.isEmpty ? parameters : spec.parameterFiles,
                account: spec.account ?? account, region: spec.region ?? region, stackName: spec.stackName ?? stackName)
        }
        if let templatesFile {
            entries += try RunConfig.loadTemplates(path: templatesFile).driftEntries(overrides: overrides)
        }
        let scope = account.flatMap { account in region.map { Scope(account: account, region: $0) } }
        return DriftRequest(
            entries: entries, defaultScope: scope,
            stacks: stacks ? DriftRequest.StackSelection(patterns: stackPattern, scope: scope) : nil)
    }
}
