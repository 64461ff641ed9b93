import AWSQuery
import ArgumentParser
import Collector
import Foundation
import Logging
import PrivateLinkModel
import Store

/// `plinv collect`: snapshot every account × region into the database.
struct Collect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Snapshot PrivateLink state of every account × region into the database.",
        discussion: """
            Accounts: each --profile, and each --role-arn assumed from the default credentials (the standard \
            chain: environment, AWS_PROFILE, …); with neither, the default credentials' account. Regions: each \
            --region, or --all-regions (each account's own enabled regions), else the configured region. \
            With --organization, the default credentials (the management account or a delegated administrator) \
            list the organisation's accounts (or those under each --org-ou and its sub-units) and each active \
            account is read through --org-role-name (default OrganizationAccountAccessRole) with --external-id; \
            suspended accounts and the management account are skipped and named on stderr, an account whose role \
            cannot be assumed is a failed scope. With --stacks, the deployed CloudFormation stacks \
            are read too (needs cloudformation:DescribeStacks, ListStackResources, GetTemplate, ListExports). \
            Prints the snapshot id. \
            Exit 0 complete, 3 partial (failed scopes are recorded), 1 nothing collected.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var aws: AWSOptions

    @Flag(name: .customLong("all-regions"), help: "Read every region enabled for each account.")
    var allRegions = false

    @Option(name: .customLong("role-arn"), help: "Assume this role for another account (repeat for several).")
    var roleArn: [String] = []

    @Option(name: .customLong("external-id"), help: "ExternalId for the --role-arn and --organization roles.")
    var externalId: String?

    @Flag(name: .long, help: "Read every active account of the caller's AWS Organization.")
    var organization = false

    @Option(name: .customLong("org-role-name"), help: "With --organization: the role to assume in each account.")
    var orgRoleName: String?

    @Option(
        name: .customLong("org-ou"),
        help: "With --organization: only accounts under this OU or root id, and its sub-units (repeat).")
    var orgOU: [String] = []

    @Option(name: .long, help: "Scopes read at the same time (default 8).")
    var concurrency: Int = 8

    @Option(name: .long, help: "A label stored with the snapshot.")
    var label: String?

    @Flag(
        name: .long,
        help:
            "Also read the deployed CloudFormation stacks (template, parameters, resources, exports) for `drift --stacks`."
    )
    var stacks = false

    @Option(
        name: .customLong("stack-pattern"), help: "With --stacks: only stacks whose name matches this glob (repeat).")
    var stackPattern: [String] = []

    func validate() throws {
        guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 256") }
        if allRegions && !aws.region.isEmpty { throw ValidationError("use --region or --all-regions, not both") }
        if !stackPattern.isEmpty && !stacks { throw ValidationError("--stack-pattern needs --stacks") }
        if !organization && (orgRoleName != nil || !orgOU.isEmpty) {
            throw ValidationError("--org-role-name and --org-ou need --organization")
        }
        if let orgRoleName, orgRoleName.isEmpty || orgRoleName.contains(":") {
            throw ValidationError("--org-role-name takes a role name (optionally with a path), not an ARN")
        }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let logger = Logger(label: "plinv.collect")
        let request = CollectionRequest(
            profiles: aws.profile, roleArns: roleArn, externalId: externalId, regions: aws.region,
            allRegions: allRegions, endpoint: try aws.endpoint(), concurrency: concurrency, label: label,
            stacks: stacks ? StackReadOptions(enabled: true, namePatterns: stackPattern) : .disabled,
            organization: organization
                ? .init(roleName: orgRoleName ?? "OrganizationAccountAccessRole", units: orgOU) : nil)
        let outcome = try await request.perform(databasePath: global.databasePath, quiet: global.quiet, logger: logger)
        if let id = outcome.snapshotID { Console.out("\(id)\n") }
        if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
    }
}
