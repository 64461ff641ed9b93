import AWSQuery
import Collector
import Foundation
import Logging

/// `plinv doctor --config plinv.yaml`: every account × region the nightly job will read, checked before the
/// first night the way the job reaches it (profile, role, organisation role), one line each with what is missing.
enum ConfigurationCheck {
    /// Prints one line per account × region (and a line per account left out on purpose); returns whether every
    /// one is ready.
    static func run(path: String, stacks: Bool, logger: Logger) async throws -> Bool {
        let config = try RunConfig.load(path: path)
        let request = CollectionRequest(
            profiles: config.profiles, roleArns: config.roleArns, externalId: config.externalId,
            regions: config.regions, allRegions: config.allRegions, endpoint: try AWSOptions.url(config.endpointURL),
            concurrency: config.concurrency ?? 8, label: nil,
            organization: config.organization
                ? .init(roleName: config.orgRoleName ?? "OrganizationAccountAccessRole", units: config.orgUnits) : nil)
        let resolution = await request.resolveAccounts(
            rateLimiter: RateLimiter(), metrics: RequestMetrics(), logger: logger)
        let readsStacks = stacks || config.desired.readsStacks
        var lines: [String] = resolution.notes.map { "note          \($0)" }
        var ready = true
        for account in resolution.accounts {
            for region in account.regions {
                let label = "\(account.account) × \(region)"
                guard let session = account.session else {
                    lines.append(line(label, ok: false, account.failure ?? "\(account.name): not reachable"))
                    ready = false
                    continue
                }
                let checks = await PermissionCheck.runAll(
                    session: session, account: account.account, region: region, stacks: readsStacks, logger: logger)
                let missing = checks.filter { $0.isDenied && $0.required }.map(\.permission)
                let failed = checks.filter { !$0.ok && !$0.isDenied && $0.required }
                if missing.isEmpty && failed.isEmpty {
                    lines.append(line(label, ok: true, "ready (\(account.name))"))
                } else {
                    ready = false
                    var parts: [String] = []
                    if !missing.isEmpty { parts.append("missing " + missing.joined(separator: ", ")) }
                    if !failed.isEmpty {
                        parts.append(
                            "failed " + failed.map { "\($0.permission) (\($0.detail))" }.joined(separator: ", "))
                    }
                    lines.append(line(label, ok: false, parts.joined(separator: "; ") + " (\(account.name))"))
                }
            }
        }
        if resolution.accounts.isEmpty {
            lines.append("✗ no account to read: the configuration names none, and the organisation listed none")
            ready = false
        }
        lines.append(ready ? "ok            every account × region of \(path) is ready" : "not ready     see ✗ above")
        Console.out(lines.joined(separator: "\n") + "\n")
        return ready
    }

    /// `<account> × <region>  ✓|✗ <detail>`.
    static func line(_ label: String, ok: Bool, _ detail: String) -> String {
        "\(label)  \(ok ? "✓" : "✗") \(detail)"
    }
}
