import PrivateLinkModel

/// Drift rule names and their default severities.
///
/// | rule | kind | what | severity |
/// | --- | --- | --- | --- |
/// | `drift.missing` | missing | endpoint service | high |
/// | `drift.missing` | missing | load balancer, VPC endpoint, security group, permissions | medium |
/// | `drift.principal.missing` | missing | a declared allowed principal is not allowed live | medium |
/// | `drift.principal.extra` | unmanaged | a live principal on a declared service that no template allows | high |
/// | `drift.changed` | changed | `AcceptanceRequired` | high |
/// | `drift.changed` | changed | endpoint `PolicyDocument`, `SecurityGroupIds`, `VpcId`, `ServiceName`, `VpcEndpointType`; service load balancer ARNs; load balancer `Type`/`Scheme` | medium |
/// | `drift.changed` | changed | anything else compared (subnets, route tables, private DNS, names, descriptions, …) | low |
/// | `drift.rule.extra` | changed | a live security group rule the template does not declare: high when it admits 0.0.0.0/0 or ::/0, medium otherwise | high / medium |
/// | `drift.rule.missing` | changed | a declared security group rule that is not live | low |
/// | `drift.ambiguous` | changed | two or more live resources match one desired resource | medium |
/// | `drift.conflict` | changed | two or more desired resources match one live resource (none is compared) | medium |
/// | `drift.unmanaged` | unmanaged | a live endpoint service no template declares | medium |
/// | `drift.unmanaged` | unmanaged | a live VPC endpoint no template declares | low |
/// | `drift.unmanaged` | unmanaged | an allowed principal of an undeclared service | low |
///
/// `Finding.Kind` has no `ambiguous` case, so an ambiguous match is a `changed` finding with rule
/// `drift.ambiguous`, no attribute, and the candidates' ids as `actual`; a conflict names the live resource as
/// `resourceId` and the claimants' logical ids as `actual`.
public enum DriftRule: String, Sendable, Hashable, Codable, CaseIterable {
    case missing = "drift.missing"
    case changed = "drift.changed"
    case principalMissing = "drift.principal.missing"
    case principalExtra = "drift.principal.extra"
    case ruleExtra = "drift.rule.extra"
    case ruleMissing = "drift.rule.missing"
    case ambiguous = "drift.ambiguous"
    case conflict = "drift.conflict"
    case unmanaged = "drift.unmanaged"

    /// The finding kind the rule reports as.
    public var kind: Finding.Kind {
        switch self {
        case .missing, .principalMissing: .missing
        case .changed, .ruleExtra, .ruleMissing, .ambiguous, .conflict: .changed
        case .principalExtra, .unmanaged: .unmanaged
        }
    }

    /// The severity of a missing resource of `kind`.
    static func missingSeverity(_ kind: ResourceKind) -> Severity {
        kind == .endpointService ? .high : .medium
    }

    /// The severity of an unmanaged resource of `kind`.
    static func unmanagedSeverity(_ kind: ResourceKind) -> Severity {
        switch kind {
        case .endpointService: .medium
        default: .low
        }
    }
}
