import AWSQuery
import Collector
import Foundation
import Logging
import PrivateLinkModel
import Store

/// One collection as `collect` and `run` ask for it: accounts, regions, and how to store the result.
struct CollectionRequest: Sendable {
    var profiles: [String]
    var roleArns: [String]
    var externalId: String?
    var regions: [String]
    var allRegions: Bool
    var endpoint: URL?
    var concurrency: Int
    var label: String?
    /// Whether (and which) CloudFormation stacks to read with each scope, for drift from deployed stacks.
    var stacks: StackReadOptions = .disabled

    /// What a collection produced.
    struct Outcome: Sendable {
        var snapshotID: Int64?
        /// 0 complete, 3 partial, 1 nothing collected.
        var exitCode: Int32
        var apiCalls: Int
    }

    /// Resolves the accounts, plans the scopes, collects them and stores the snapshot.
    func perform(databasePath: String, quiet: Bool, logger: Logger, now: Date = Date()) async throws -> Outcome {
        let store = try SnapshotStore(path: databasePath, logger: logger)
        let rateLimiter = RateLimiter()
        let metrics = RequestMetrics()
        let plan = await planScopes(rateLimiter: rateLimiter, metrics: metrics, logger: logger)
        let progress = ProgressReporter(live: Console.stderrIsTerminal, quiet: quiet)
        let snapshot = await Collector(concurrency: concurrency).collect(
            plan, takenAt: now, label: label, logger: logger, progress: { progress.handle($0) })
        let calls = metrics.total().requests
        guard snapshot.scopes.contains(where: { $0.state == .ok }) else {
            progress.finish(snapshotID: nil, apiCalls: calls)
            Console.err("plinv: nothing collected: every scope failed")
            return Outcome(snapshotID: nil, exitCode: 1, apiCalls: calls)
        }
        let id = try store.save(snapshot)
        progress.finish(snapshotID: id, apiCalls: calls)
        logger.debug("collect done", metadata: ["plinv-api-calls": "\(calls)"])
        return Outcome(snapshotID: id, exitCode: snapshot.status == .complete ? 0 : 3, apiCalls: calls)
    }

    /// One base identity or role to read as, named for error messages.
    private enum AccountSource: Sendable {
        case profile(String?)
        case role(String)

        var name: String {
            switch self {
            case .profile(let name?): "profile \(name)"
            case .profile(nil): "default credentials"
            case .role(let arn): "role \(arn)"
            }
        }

        /// The account id a role ARN names, so its failed scopes can still be labelled.
        var knownAccount: String? {
            guard case .role(let arn) = self else { return nil }
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > 4 && !parts[4].isEmpty ? String(parts[4]) : nil
        }
    }

    /// Resolves every account and its regions into scopes; an account that cannot be reached becomes failed scopes.
    ///
    /// Each `--profile` is one account. Each `--role-arn` is assumed from the default credentials (the standard
    /// chain: environment, `AWS_PROFILE`, …), so a broken profile never takes the roles down with it.
    func planScopes(rateLimiter: RateLimiter, metrics: RequestMetrics, logger: Logger) async -> [PlannedScope] {
        var sources: [AccountSource] = profiles.map { .profile($0) } + roleArns.map { .role($0) }
        if profiles.isEmpty && roleArns.isEmpty { sources = [.profile(nil)] }
        let flagRegion = regions.first
        var base: Result<AccountSession, Error>?
        func baseSession() async -> Result<AccountSession, Error> {
            if let base { return base }
            do {
                base = .success(try await AccountSession.resolve(
                    profile: nil, region: flagRegion, endpoint: endpoint, rateLimiter: rateLimiter, metrics: metrics,
                    logger: logger))
            } catch {
                base = .failure(error)
            }
            return base!
        }

        var planned: [String: PlannedScope] = [:]
        for source in sources {
            do {
                let session: AccountSession
                switch source {
                case .profile(nil):
                    session = try await baseSession().get()
                case .profile(let name?):
                    session = try await AccountSession.resolve(
                        profile: name, region: flagRegion, endpoint: endpoint, rateLimiter: rateLimiter,
                        metrics: metrics, logger: logger)
                case .role(let arn):
                    session = try await baseSession().get().assuming(roleArn: arn, externalId: externalId)
                }
                let identity = try await session.callerIdentity(logger: logger)
                let scopeRegions = allRegions ? try await session.enabledRegions(logger: logger)
                    : (regions.isEmpty ? [session.homeRegion] : regions)
                for region in scopeRegions {
                    let scope = Scope(account: identity.account, region: region)
                    if planned[scope.description] == nil {
                        planned[scope.description] = PlannedScope(
                            scope: scope, reader: session.scopeReader(account: identity.account, stacks: stacks))
                    }
                }
            } catch {
                let account = source.knownAccount ?? source.name
                let reason = "\(source.name): \(error)"
                for region in regions.isEmpty ? [flagRegion ?? "default-region"] : regions {
                    let scope = Scope(account: account, region: region)
                    planned[scope.description] = PlannedScope(scope: scope, reader: UnreachableReader(), failure: reason)
                }
            }
        }
        return planned.values.sorted { $0.scope < $1.scope }
    }

    /// Stands in for a scope whose credentials failed; never called because the plan carries the failure.
    private struct UnreachableReader: ScopeReading {
        func read(_ scope: Scope, logger: Logger) async throws -> Inventory { Inventory() }
    }
}
