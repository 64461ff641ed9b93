import PrivateLinkModel

/// Live resources in the templates' scopes that no template declares.
extension DriftRun {
    /// Reports unmanaged endpoint services (and their principals) and VPC endpoints. Gone resources (deleted,
    /// deleting, failed) are never unmanaged, nor is anything in a scope whose templates plinv could not read in
    /// full, nor the principals of a service that permissions with an unresolved `ServiceId` may declare.
    mutating func findUnmanaged() {
        let scopes = Set(entries.compactMap(\.scope)).filter { incompleteness(of: $0) == nil }
        let declared = claimed.union(accountedFor)
        for service in inventory.endpointServices
        where scopes.contains(service.scope) && !Lifecycle.isGone(service.record) {
            let key = LiveKey(kind: .endpointService, scope: service.scope, id: service.serviceId)
            guard !declared.contains(key) else { continue }
            report(
                .unmanaged, severity: DriftRule.unmanagedSeverity(.endpointService), entry: nil, kind: .endpointService,
                resourceId: service.serviceId, scope: service.scope, actual: .string(service.serviceName),
                message: "Endpoint service \(service.serviceId) (\(service.serviceName)) in \(service.scope) "
                    + "is not declared in any template.",
                remediation: Remediation.unmanaged)
            let live = Live(kind: .endpointService, scope: service.scope, id: service.serviceId, record: service.record)
            guard principalsIncompleteness(of: live) == nil else { continue }
            for permission in principalsByService[key] ?? [] {
                report(
                    .unmanaged, severity: DriftRule.unmanagedSeverity(.allowedPrincipal), entry: nil,
                    kind: .allowedPrincipal, resourceId: service.serviceId, scope: service.scope,
                    attribute: "AllowedPrincipals", principal: permission.principal,
                    actual: .string(permission.principal),
                    message: "Principal \(permission.principal) is allowed on the undeclared endpoint service "
                        + "\(service.serviceId) in \(service.scope).",
                    remediation: Remediation.unmanaged)
            }
        }
        for endpoint in inventory.vpcEndpoints
        where scopes.contains(endpoint.scope) && !Lifecycle.isGone(endpoint.record)
            && !declared.contains(LiveKey(kind: .vpcEndpoint, scope: endpoint.scope, id: endpoint.vpcEndpointId))
        {
            report(
                .unmanaged, severity: DriftRule.unmanagedSeverity(.vpcEndpoint), entry: nil, kind: .vpcEndpoint,
                resourceId: endpoint.vpcEndpointId, scope: endpoint.scope, actual: .string(endpoint.serviceName),
                message: "The \(endpoint.vpcEndpointType.lowercased()) endpoint \(endpoint.vpcEndpointId) to "
                    + "\(endpoint.serviceName) in VPC \(endpoint.vpcId) (\(endpoint.scope)) is not declared in any template.",
                remediation: Remediation.unmanaged)
        }
    }
}
