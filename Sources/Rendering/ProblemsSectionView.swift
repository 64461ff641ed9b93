import Drift
import Foundation

/// The problems section of a combined report, as the Markdown and HTML templates read it: what is new first (with
/// the fix), then what recurs, what was fixed, and what is accepted.
struct ProblemsSectionView {
    /// One line a reader takes in at once: `3 new (3 high) · 4 recurring · 1 resolved · 2 accepted`.
    let headline: String
    /// Whether a previous report of the same configuration exists (otherwise nothing can be recurring).
    let hasPrevious: Bool
    let newProblems: [ProblemRowView]
    let recurring: [ProblemRowView]
    let resolved: [ProblemRowView]
    /// Under an accepted risk in force: listed, never counted.
    let accepted: [ProblemRowView]
    /// Accepted once, expired now: counted again.
    let expired: [ProblemRowView]
    /// Suppressions that covered nothing.
    let stale: [StaleSuppressionView]
    /// Counted problems by severity.
    let severities: [SeverityCountView]
    /// Every counted problem (new and recurring).
    let total: Int
    let hasNew: Bool
    let hasRecurring: Bool
    let hasResolved: Bool
    let hasAccepted: Bool
    let hasExpired: Bool
    let hasStale: Bool
}

/// One problem, ready to print: message and fix first, identifiers whole.
struct ProblemRowView {
    let id: String
    let severity: String
    /// One sentence: what is wrong.
    let title: String
    /// How to fix it ("—" when no finding says).
    let fix: String
    /// `SecurityGroup sg-…` or `VPCEndpointServicePermissions vpce-svc-… · arn:aws:iam::…:root`.
    let resource: String
    let scope: String
    /// The rules of its findings with their titles: `PL009 Open security group · drift.rule.extra …`.
    let rules: String
    /// How many findings show it.
    let findings: Int
    /// `2026-11-27T01:54:41Z` for a recurring or resolved problem; empty for a new one.
    let since: String
    /// `consumer.yaml:80` when a template declares it; empty otherwise.
    let source: String
    let hasSource: Bool
    /// For accepted or expired problems: `reason (owner, until 2027-03-31)`.
    let acceptance: String
}

/// A suppression that covers no problem: to be removed or corrected.
struct StaleSuppressionView {
    let what: String
    let reason: String
    let owner: String
    let source: String
}

extension ProblemsSectionView {
    /// The view of a report's problems.
    init(_ section: ProblemSection) {
        let rows = { (problems: [Problem]) in problems.map(ProblemRowView.init) }
        let new = section.new
        let accepted = section.suppressed
        let expired = section.counted.filter { $0.suppression != nil }
        newProblems = rows(new)
        recurring = rows(section.recurring)
        resolved = rows(section.resolved)
        self.accepted = rows(accepted)
        self.expired = rows(expired)
        stale = section.stale.map(StaleSuppressionView.init)
        let summary = section.summary
        severities = Severity.allCases.map {
            SeverityCountView(severity: $0.rawValue, count: summary[$0] ?? 0, isNonZero: (summary[$0] ?? 0) > 0)
        }
        total = section.counted.count
        hasPrevious = section.hasPrevious
        hasNew = !new.isEmpty
        hasRecurring = !section.recurring.isEmpty
        hasResolved = !section.resolved.isEmpty
        hasAccepted = !accepted.isEmpty
        hasExpired = !expired.isEmpty
        hasStale = !section.stale.isEmpty
        let newBySeverity = Severity.allCases.compactMap { severity -> String? in
            let count = new.filter { $0.severity == severity }.count
            return count == 0 ? nil : "\(count) \(severity.rawValue)"
        }
        var parts = ["\(new.count) new" + (newBySeverity.isEmpty ? "" : " (\(newBySeverity.joined(separator: ", ")))")]
        parts.append("\(section.recurring.count) recurring")
        parts.append("\(section.resolved.count) resolved")
        if !accepted.isEmpty { parts.append("\(accepted.count) accepted") }
        if !expired.isEmpty { parts.append("\(expired.count) no longer accepted") }
        headline = parts.joined(separator: " · ")
    }
}

extension ProblemRowView {
    init(_ problem: Problem) {
        id = problem.id
        severity = problem.severity.rawValue
        title = problem.title
        fix = problem.remediation ?? "—"
        let what = "\(ValueText.shortType(problem.resourceType)) \(problem.resourceId)"
        resource = problem.principal.map { "\(what) · \($0)" } ?? what
        scope = "\(problem.account) / \(problem.region)"
        rules = problem.rules.map(RuleCatalogue.label(for:)).joined(separator: " · ")
        findings = problem.findingIds.count
        since = problem.firstSeen.map(ValueText.date) ?? ""
        source = problem.source.map { "\($0.file):\($0.line)" } ?? ""
        hasSource = problem.source != nil
        acceptance =
            problem.suppression.map { suppression in
                let until =
                    suppression.expires.map { suppression.isInForce ? ", until \($0)" : ", expired \($0)" } ?? ""
                return "\(suppression.reason) (\(suppression.owner)\(until))"
            } ?? ""
    }
}

extension StaleSuppressionView {
    init(_ suppression: Suppression) {
        let criteria: [(String, String?)] = [
            ("rule", suppression.rule), ("problem", suppression.problem), ("resource", suppression.resource),
            ("account", suppression.account), ("region", suppression.region), ("principal", suppression.principal),
        ]
        what = criteria.compactMap { name, value in value.map { "\(name) \($0)" } }.joined(separator: ", ")
        reason = suppression.reason
        owner = suppression.owner
        source = "\(suppression.source.file):\(suppression.source.line)"
    }
}
