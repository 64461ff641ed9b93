import PrivateLinkModel
import Templates

/// Compares desired CloudFormation templates with a snapshot (DESIGN.md, "Drift semantics").
///
/// 1. Every desired resource of a checked type is matched to a live one: first, for every resource, by the
///    deployed stack's physical id when known, else by the CloudFormation tags `aws:cloudformation:logical-id`
///    (+ `aws:cloudformation:stack-name` when the stack is known); only then by natural key, among live
///    resources nobody claimed and whose CloudFormation tags name no other stack or logical id: load
///    balancer by `Name`; endpoint service by its load balancer ARNs (through the load balancers' own
///    matches); permissions by the service they name; VPC endpoint by VPC, service name and type; security
///    group by VPC and group name. Two candidates make a `drift.ambiguous` finding and two declarations of
///    one live resource a `drift.conflict` finding, never a guess; findings about a natural-key match say so
///    (`Finding.matchedBy`).
/// 2. Each compared property of a matched resource is checked against the live record (`PropertySpec`);
///    allowed principals and security group rules compare as sets, one finding per extra or missing
///    member. Same-template `Ref`/`Fn::GetAtt` resolve through the live match of the referenced resource.
/// 3. Live endpoint services, VPC endpoints and allowed principals in the templates' scopes that no
///    template declares are `unmanaged`.
///
/// Nothing is guessed: a value that cannot be known offline, a resource whose scope was not collected
/// successfully or is unknown, a template with a transform plinv does not expand, a part the loader did not
/// evaluate, or a property plinv does not compare is listed in `notVerified`; set-valued comparisons whose
/// declarations may be incomplete report nothing as extra; a resource type
/// outside DESIGN.md's list is listed in `notChecked`. Severities are in `DriftRule`.
public struct DriftDetector: Sendable {
    /// A detector; it has no settings.
    public init() {}

    /// The kinds of live resource drift may read: every kind but connections.
    public static let kindsRead: Set<ResourceKind> = [
        .endpointService, .allowedPrincipal, .vpcEndpoint, .securityGroup, .loadBalancer,
    ]

    /// The kinds of live resource `detect` reads for `templates`: those it reports as unmanaged (endpoint
    /// services, their principals, VPC endpoints) and those the templates declare. A load balancer or security
    /// group is only ever looked at as the match of a declared one.
    public static func kindsRead(by templates: [LoadedTemplate]) -> Set<ResourceKind> {
        var kinds: Set<ResourceKind> = [.endpointService, .allowedPrincipal, .vpcEndpoint]
        for template in templates {
            for resource in template.resources {
                if let kind = ResourceKind(checkedType: resource.type) { kinds.insert(kind) }
            }
        }
        return kinds
    }

    /// The scopes whose live resources `detect` may look at for `templates`, or nil when some checked resource's
    /// scope is unknown (it is then matched across every scope). Every lookup of `detect` is confined to the
    /// scope of the desired resource it serves, so an inventory holding these scopes (and `kindsRead`) gives the
    /// same report as the whole snapshot's.
    public static func scopesRead(by templates: [LoadedTemplate], defaultScope: Scope? = nil) -> Set<Scope>? {
        var scopes: Set<Scope> = []
        for template in templates {
            for resource in template.resources where ResourceKind(checkedType: resource.type) != nil {
                guard let scope = resource.scope ?? template.scope ?? defaultScope else { return nil }
                scopes.insert(scope)
            }
        }
        return scopes
    }

    /// The drift of `templates` against `inventory`.
    ///
    /// - Parameters:
    ///   - succeededScopes: the scopes the snapshot collected successfully; `missing` is reported only there.
    ///   - defaultScope: where templates without their own scope are deployed (`--account`/`--region`).
    ///     When neither the template nor this gives a scope, resources are matched across all scopes and
    ///     one without a match is not verified, never `missing`: no scope is assumed.
    public func detect(
        _ templates: [LoadedTemplate], inventory: Inventory, succeededScopes: Set<Scope>, defaultScope: Scope? = nil
    ) -> DriftReport {
        var run = DriftRun(inventory: inventory, succeededScopes: succeededScopes, defaultScope: defaultScope)
        run.collect(templates)
        run.matchAll()
        run.compareAll()
        run.comparePrincipals()
        run.findUnmanaged()
        // Each order compares the next field only on a tie: a scope's description is a new string each time.
        return DriftReport(
            findings: run.findings.sortedForReport(),
            matched: run.matched.sorted {
                if $0.source != $1.source { return $0.source < $1.source }
                if $0.logicalId != $1.logicalId { return $0.logicalId < $1.logicalId }
                return $0.scope.description < $1.scope.description
            },
            notVerified: run.notVerified.sorted {
                if $0.source != $1.source { return $0.source < $1.source }
                if $0.logicalId != $1.logicalId { return $0.logicalId < $1.logicalId }
                let (lhsAttribute, rhsAttribute) = ($0.attribute ?? "", $1.attribute ?? "")
                if lhsAttribute != rhsAttribute { return lhsAttribute < rhsAttribute }
                let (lhs, rhs) = ($0.scope?.description ?? "", $1.scope?.description ?? "")
                return lhs != rhs ? lhs < rhs : $0.reason < $1.reason
            },
            notChecked: run.notChecked.sorted {
                if $0.source != $1.source { return $0.source < $1.source }
                if $0.logicalId != $1.logicalId { return $0.logicalId < $1.logicalId }
                return ($0.scope?.description ?? "") < ($1.scope?.description ?? "")
            })
    }
}
