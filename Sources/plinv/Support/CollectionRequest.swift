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
    /// With `--organization`: read every active account of the caller's organisation through a role.
    var organization: OrganizationOptions?

    /// Which accounts of the organisation to read, and the role to read them through.
    struct OrganizationOptions: Sendable, Hashable {
        /// The role assumed in each account (`--org-role-name`), with the request's external id.
        var roleName = "OrganizationAccountAccessRole"
        /// `ou-…`/`r-…` ids (`--org-ou`): only accounts under these units and their sub-units; empty for all.
        var units: [String] = []
    }

    /// The scopes to read, the organisation they came from, and what was left out and why.
    struct Plan: Sendable {
        var scopes: [PlannedScope]
        var organization: Organization?
        /// One line per account not read on purpose (suspended, the management account).
        var notes: [String] = []
    }

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
        if !quiet { for note in plan.notes { Console.err("plinv: \(note)") } }
        let progress = ProgressReporter(live: Console.stderrIsTerminal, quiet: quiet)
        // Each page is recorded into the store's per-scope drafts as it arrives; the snapshot is saved in one go.
        let recorded = await Collector(concurrency: concurrency).collect(
            plan.scopes, into: store, takenAt: now, label: label, logger: logger, progress: { progress.handle($0) })
        let snapshot = recorded.snapshot
        let calls = metrics.total().requests
        guard snapshot.scopes.contains(where: { $0.state == .ok }) else {
            progress.finish(snapshotID: nil, apiCalls: calls)
            Console.err("plinv: nothing collected: every scope failed")
            return Outcome(snapshotID: nil, exitCode: 1, apiCalls: calls)
        }
        let id = try store.save(snapshot, drafts: recorded.recorders)
        if let organization = plan.organization {
            try store.saveOrganization(organization, snapshotID: id)
        }
        progress.finish(snapshotID: id, apiCalls: calls)
        logger.debug("collect done", metadata: ["plinv-api-calls": "\(calls)"])
        return Outcome(snapshotID: id, exitCode: snapshot.status == .complete ? 0 : 3, apiCalls: calls)
    }

    /// One base identity or role to read as, named for error messages.
    private enum AccountSource: Sendable {
        case profile(String?)
        case role(String)
        /// An account of the organisation, read through `roleArn`.
        case member(OrganizationAccount, roleArn: String)
        /// The organisation's listing itself, when it failed, with why.
        case organization(String)

        var name: String {
            switch self {
            case .profile(let name?): "profile \(name)"
            case .profile(nil): "default credentials"
            case .role(let arn): "role \(arn)"
            case .member(let account, let arn):
                "organisation account \(account.id)" + (account.name.isEmpty ? "" : " (\(account.name))")
                    + " via \(arn)"
            case .organization: "--organization"
            }
        }

        /// The account id a role ARN names, so its failed scopes can still be labelled.
        var knownAccount: String? {
            if case .member(let account, _) = self { return account.id }
            if case .organization = self { return "organization" }
            guard case .role(let arn) = self else { return nil }
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > 4 && !parts[4].isEmpty ? String(parts[4]) : nil
        }
    }

    /// Resolves every account to read and its regions; an account that cannot be reached carries its failure.
    ///
    /// Each `--profile` is one account. Each `--role-arn` is assumed from the default credentials (the standard
    /// chain: environment, `AWS_PROFILE`, …), so a broken profile never takes the roles down with it. With
    /// `--organization`, the default credentials list the organisation's accounts and each active one is read
    /// through its role; suspended accounts and the management account (which has no such role) are left out and
    /// named in the notes; an account whose role cannot be assumed is a failed scope.
    func resolveAccounts(rateLimiter: RateLimiter, metrics: RequestMetrics, logger: Logger) async -> Resolution {
        var sources: [AccountSource] = profiles.map { .profile($0) } + roleArns.map { .role($0) }
        if profiles.isEmpty && roleArns.isEmpty && organization == nil { sources = [.profile(nil)] }
        let flagRegion = regions.first
        var base: Result<AccountSession, Error>?
        func baseSession() async -> Result<AccountSession, Error> {
            if let base { return base }
            do {
                base = .success(
                    try await AccountSession.resolve(
                        profile: nil, region: flagRegion, endpoint: endpoint, rateLimiter: rateLimiter,
                        metrics: metrics,
                        logger: logger))
            } catch {
                base = .failure(error)
            }
            return base!
        }

        var found: Organization?
        var notes: [String] = []
        if let organization {
            do {
                let base = try await baseSession().get()
                let listed = try await OrganizationDirectory(client: try base.organizationsClient())
                    .organization(units: organization.units, logger: logger)
                found = listed
                for account in listed.accounts {
                    let label = "account \(account.id)" + (account.name.isEmpty ? "" : " (\(account.name))")
                    if !account.isActive {
                        notes.append("skipped \(label) of \(listed.id): it is \(account.status)")
                    } else if account.id == listed.managementAccount {
                        notes.append(
                            "not read: \(label), the management account of \(listed.id) (it has no \(organization.roleName)); "
                                + "add --profile for it to read it")
                    } else {
                        let arn = "arn:\(base.partition):iam::\(account.id):role/\(organization.roleName)"
                        sources.append(.member(account, roleArn: arn))
                    }
                }
            } catch {
                sources.append(.organization("\(error)"))
            }
        }

        var resolved: [ResolvedAccount] = []
        for source in sources {
            do {
                let session: AccountSession
                switch source {
                case .organization(let reason):
                    throw CollectionError.organizationUnavailable(reason)
                case .member(_, let arn):
                    session = try await baseSession().get().assuming(roleArn: arn, externalId: externalId)
                case .profile(nil):
                    session = try await baseSession().get()
                case .profile(let name?):
                    session = try await AccountSession.resolve(
                        profile: name, region: flagRegion, endpoint: endpoint, rateLimiter: rateLimiter,
                        metrics: metrics, logger: logger)
                case .role(let arn):
                    session = try await baseSession().get().assuming(roleArn: arn, externalId: externalId)
                }
                // Assuming the role happens here: a member whose role is missing fails now, as a named scope.
                let identity = try await session.callerIdentity(logger: logger)
                // --all-regions: the regions enabled for this account (DescribeRegions as the account itself).
                let accountRegions =
                    allRegions
                    ? try await session.enabledRegions(logger: logger)
                    : (regions.isEmpty ? [session.homeRegion] : regions)
                resolved.append(
                    ResolvedAccount(
                        name: source.name, account: identity.account, session: session, regions: accountRegions))
            } catch {
                resolved.append(
                    ResolvedAccount(
                        name: source.name, account: source.knownAccount ?? source.name, session: nil,
                        regions: regions.isEmpty ? [flagRegion ?? "default-region"] : regions,
                        failure: "\(source.name): \(error)"))
            }
        }
        return Resolution(accounts: resolved, organization: found, notes: notes)
    }

    /// One account the collection reads (or could not reach), with its regions.
    struct ResolvedAccount: Sendable {
        /// How the account was named: `profile p`, `role arn…`, `organisation account 1234 (name) via arn…`.
        var name: String
        /// The account id (the caller identity's), or the best label when it could not be reached.
        var account: String
        /// The session that reads it; nil when it could not be reached.
        var session: AccountSession?
        var regions: [String]
        /// Why it could not be reached.
        var failure: String?
    }

    /// Every account to read, the organisation they came from, and what was left out on purpose.
    struct Resolution: Sendable {
        var accounts: [ResolvedAccount]
        var organization: Organization?
        var notes: [String]
    }

    /// Resolves every account and its regions into scopes; an account that cannot be reached becomes failed scopes.
    func planScopes(rateLimiter: RateLimiter, metrics: RequestMetrics, logger: Logger) async -> Plan {
        let resolution = await resolveAccounts(rateLimiter: rateLimiter, metrics: metrics, logger: logger)
        var planned: [String: PlannedScope] = [:]
        for account in resolution.accounts {
            for region in account.regions {
                let scope = Scope(account: account.account, region: region)
                if let session = account.session {
                    if planned[scope.description] == nil {
                        planned[scope.description] = PlannedScope(
                            scope: scope, reader: session.scopeReader(account: account.account, stacks: stacks))
                    }
                } else {
                    planned[scope.description] = PlannedScope(
                        scope: scope, reader: UnreachableReader(), failure: account.failure ?? account.name)
                }
            }
        }
        return Plan(
            scopes: planned.values.sorted { $0.scope < $1.scope }, organization: resolution.organization,
            notes: resolution.notes)
    }

    /// Why a source could not be planned, beyond the AWS error itself.
    private enum CollectionError: Error, CustomStringConvertible {
        case organizationUnavailable(String)

        var description: String {
            guard case .organizationUnavailable(let reason) = self else { return "" }
            return "the organisation's accounts could not be listed (organizations:ListAccounts needs the "
                + "management account or a delegated administrator): \(reason)"
        }
    }

    /// Stands in for a scope whose credentials failed; never called because the plan carries the failure.
    private struct UnreachableReader: ScopeReading {
        func read(_ scope: Scope, logger: Logger) async throws -> Inventory { Inventory() }
    }
}

/// The store takes a collect's records scope by scope, as the collector reads them.
extension SnapshotStore: RecordSink {}

/// A store draft records one scope's pages.
extension ScopeDraft: ScopeRecorder {}
