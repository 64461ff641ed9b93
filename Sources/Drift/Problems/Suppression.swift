import PrivateLinkModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An accepted risk: which problems it covers, why, whose decision it is, and until when.
///
/// It covers a problem when every criterion it names holds: `rule` is one of the problem's rules, or `problem` is
/// its id; `resource` (a glob) matches its resource id; `account`, `region` and `principal` (a glob) match.
public struct Suppression: Sendable, Hashable {
    /// A rule id (`PL008`, `drift.rule.extra`).
    public var rule: String?
    /// A problem id (`P-…`).
    public var problem: String?
    /// A glob on the resource id (`vpce-0123*`, `vpce-svc-*`).
    public var resource: String?
    public var account: String?
    public var region: String?
    /// A glob on the principal of a principal problem (`arn:aws:iam::999999999999:*`).
    public var principal: String?
    public var reason: String
    public var owner: String
    /// The last day it holds, `YYYY-MM-DD` (UTC); nil never expires.
    public var expires: String?
    /// Where it is written.
    public var source: SourceLocation

    public init(
        rule: String? = nil, problem: String? = nil, resource: String? = nil, account: String? = nil,
        region: String? = nil, principal: String? = nil, reason: String, owner: String, expires: String? = nil,
        source: SourceLocation
    ) {
        self.rule = rule
        self.problem = problem
        self.resource = resource
        self.account = account
        self.region = region
        self.principal = principal
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.source = source
    }

    /// Whether it covers `problem`.
    public func covers(_ problem: Problem) -> Bool {
        if let rule, !problem.rules.contains(rule) { return false }
        if let id = self.problem, id != problem.id { return false }
        if let resource, fnmatch(resource, problem.resourceId, 0) != 0 { return false }
        if let account, account != problem.account { return false }
        if let region, region != problem.region { return false }
        if let principal, fnmatch(principal, problem.principal ?? "", 0) != 0 { return false }
        return true
    }

    /// Whether it still holds on `today` (`YYYY-MM-DD`, UTC): the expiry day itself is included.
    public func isInForce(today: String) -> Bool {
        guard let expires else { return true }
        return today <= expires
    }
}

/// The outcome of applying the accepted risks to a report's problems.
public struct SuppressionOutcome: Sendable, Hashable {
    /// The problems, each with the suppression that covers it (in force or expired).
    public var problems: [Problem]
    /// Suppressions that cover no problem of this report: stale, to be removed or corrected.
    public var stale: [Suppression]
}

extension [Suppression] {
    /// Applies the suppressions to `problems` on `today` (`YYYY-MM-DD`, UTC). The first suppression in force that
    /// covers a problem wins; an expired one that covers it is recorded so the report can say the acceptance ran out.
    public func apply(to problems: [Problem], today: String) -> SuppressionOutcome {
        var used = Set<Int>()
        let applied = problems.map { problem -> Problem in
            guard problem.lifecycle != .resolved else { return problem }
            let covering = indices.filter { self[$0].covers(problem) }
            used.formUnion(covering)
            let chosen = covering.first { self[$0].isInForce(today: today) } ?? covering.first
            guard let chosen else { return problem }
            let suppression = self[chosen]
            var problem = problem
            problem.suppression = AppliedSuppression(
                reason: suppression.reason, owner: suppression.owner, expires: suppression.expires,
                isInForce: suppression.isInForce(today: today), source: suppression.source)
            return problem
        }
        return SuppressionOutcome(problems: applied, stale: indices.filter { !used.contains($0) }.map { self[$0] })
    }
}
