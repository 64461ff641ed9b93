import ArgumentParser
import Foundation
import Rendering
import Store

/// `plinv audit`: who can connect to what, and the audit rules PL001–PL011.
struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit who can connect: allowed principals, acceptance, actual connections, and rules PL001–PL011.",
        discussion: "Exit 2 when a finding is at or above --fail-on (default high).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var report: ReportOptions

    @Option(name: .customLong("trusted-account"), help: "An account (or o-/ou- id) whose access is expected (repeat).")
    var trustedAccount: [String] = []

    @Flag(
        name: .customLong("trusted-organization"),
        help: "Trust every active account of the organisation the snapshot was collected from (collect --organization)."
    )
    var trustedOrganization = false

    @Option(name: .long, help: "A plinv.yaml whose trustedAccounts / trusted: organization (and database) apply too.")
    var config: String?

    @Option(name: .long, help: "The snapshot id (default: the latest).")
    var snapshot: Int64?

    @Option(
        name: .customLong("fail-on"),
        help: "Lowest severity that makes the exit code 2: critical|high|medium|low|info|none.")
    var failOn: FailThreshold = .high

    func validate() throws {
        if let issue = trustedAccount.lazy.compactMap(ValueCheck.trustIssue).first {
            throw ValidationError("--trusted-account \(issue)")
        }
    }

    func run() async throws {
        Console.bootstrapLogging(verbose: global.verbose, quiet: global.quiet)
        let runConfig = try config.map { try RunConfig.load(path: $0) }
        let path = global.db ?? runConfig?.database.map { runConfig!.resolve($0) } ?? global.databasePath
        try OutputFile.refuse(report.output, sparing: path)
        let store = try SnapshotStore.openExisting(path: path)
        let trusted = try OrganizationTrust.trustedAccounts(
            trustedAccount + (runConfig?.trustedAccounts ?? []),
            organization: trustedOrganization || runConfig?.trustsOrganization == true, store: store,
            snapshotID: snapshot)
        if trusted.isEmpty && !global.quiet {
            Console.err(
                "plinv: no trusted accounts given (--trusted-account, or trustedAccounts in --config): every principal "
                    + "and consumer outside each service owner's own account is reported as untrusted (PL003, PL004)")
        }
        let builder = ReportBuilder(store: store, now: Date(), trustedAccounts: trusted)
        let snapshot = try builder.snapshot(snapshot)
        let findings = builder.auditFindings(snapshot)
        let input = ReportInput(
            title: "PrivateLink audit", generatedAt: try builder.generationTime(), snapshot: ReportSnapshot(snapshot),
            findings: findings, whoCanConnect: builder.access(snapshot))
        KeptUntilExit.keep(input)
        try ReportOutput.write(
            input, format: report.format, templates: report.templates, budget: report.markdownBudget, to: report.output,
            sparing: path)
        try ReportOutput.exit(ReportOutput.exitCode(for: findings, threshold: failOn))
    }
}
