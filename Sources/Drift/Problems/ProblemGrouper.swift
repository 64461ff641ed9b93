import PrivateLinkModel

/// Groups findings into problems: one per resource (or principal on a service) and root cause.
///
/// The root cause is the attribute the findings are about, with the names AWS, CloudFormation and the change
/// detector use for one thing made one (`SecurityGroupIngress` and `IpPermissions` are the same rules); findings
/// about a resource's existence (missing, unmanaged, added, removed) share the topic `existence`. So the open
/// security group is PL009 + `drift.rule.extra` + `change.ingress.opened`, one problem; the untrusted principal
/// is PL003 + `drift.principal.extra` + `change.principal.granted`, one problem per principal.
public struct ProblemGrouper: Sendable {
    public init() {}

    /// The problems the findings show, most severe first (then account, region, resource, topic).
    public func problems(of findings: [Finding]) -> [Problem] {
        var groups: [Key: [Finding]] = [:]
        var order: [Key] = []
        for finding in findings.sortedForReport() {
            let key = Self.key(of: finding)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(finding)
        }
        return order.map { key in Self.problem(key, groups[key] ?? []) }.sortedForReport()
    }

    /// What identifies a problem.
    struct Key: Hashable {
        var account: String
        var region: String
        var resourceId: String
        var principal: String?
        var topic: String
    }

    /// Attributes that name the same thing in different places.
    static let topicAliases: [String: String] = [
        "SecurityGroupIngress": "IpPermissions",
        "SecurityGroupEgress": "IpPermissionsEgress",
        "VpcEndpointState": "existence",
    ]

    static func key(of finding: Finding) -> Key {
        let topic = finding.attribute.map { topicAliases[$0] ?? $0 } ?? "existence"
        let principal = topic == "AllowedPrincipals" ? principal(of: finding) : nil
        return Key(
            account: finding.account, region: finding.region, resourceId: finding.resourceId, principal: principal,
            topic: topic)
    }

    /// The principal an allowed-principals finding is about (its actual value, else its expected one).
    static func principal(of finding: Finding) -> String? {
        for value in [finding.actual, finding.expected] {
            if let text = value?.stringValue { return text }
        }
        return nil
    }

    static func problem(_ key: Key, _ findings: [Finding]) -> Problem {
        // The title and fix come from the most telling finding: audit, then drift, then change; most severe first.
        func rank(_ finding: Finding) -> Int {
            switch finding.kind {
            case .audit: 0
            case .missing, .changed, .unmanaged: 1
            case .change: 2
            }
        }
        let lead = findings.min { (rank($0), $1.severity) < (rank($1), $0.severity) } ?? findings[0]
        var hasher = FNV1a64()
        for field in [key.account, key.region, key.resourceId, key.principal ?? "", key.topic] {
            hasher.add(field: field)
        }
        return Problem(
            id: "P-" + hasher.hexDigits,
            severity: findings.map(\.severity).max() ?? lead.severity, title: lead.message,
            remediation: lead.remediation,
            resourceType: lead.resourceType, resourceId: key.resourceId, principal: key.principal, account: key.account,
            region: key.region, topic: key.topic, findingIds: findings.map(\.id),
            rules: Set(findings.map(\.rule)).sorted(),
            source: findings.first { $0.source != nil }?.source, isEvent: findings.allSatisfy { $0.kind == .change })
    }
}

extension [Problem] {
    /// Most severe first, then by account, region, resource, principal and topic: the same order on every run.
    public func sortedForReport() -> [Problem] {
        sortedByIndex { lhs, rhs in
            if lhs.pointee.severity != rhs.pointee.severity { return lhs.pointee.severity > rhs.pointee.severity }
            if lhs.pointee.account != rhs.pointee.account { return lhs.pointee.account < rhs.pointee.account }
            if lhs.pointee.region != rhs.pointee.region { return lhs.pointee.region < rhs.pointee.region }
            if lhs.pointee.resourceId != rhs.pointee.resourceId {
                return lhs.pointee.resourceId < rhs.pointee.resourceId
            }
            let (lhsPrincipal, rhsPrincipal) = (lhs.pointee.principal ?? "", rhs.pointee.principal ?? "")
            if lhsPrincipal != rhsPrincipal { return lhsPrincipal < rhsPrincipal }
            return lhs.pointee.topic < rhs.pointee.topic
        }
    }
}
