import PrivateLinkModel

/// Live resources in the templates' scopes that no template declares.
extension DriftRun {
    /// Reports unmanaged endpoint services (and their principals) and VPC endpoints.
    mutating func findUnmanaged() {
        let scopes = Set(entries.compactMap(\.scope))
        let claimed = Set(matches.values.map { ServiceKey(scope: $0.scope, id: $0.id) })
        for service in inventory.endpointServices
        where scopes.contains(service.scope) && !claimed.contains(ServiceKey(scope: service.scope, id: service.serviceId)) {
            report(.unmanaged, severity: DriftRule.unmanagedSeverity(.endpointService), entry: nil, kind: .endpointService,
                   resourceId: service.serviceId, scope: service.scope, actual: .string(service.serviceName),
                   message: "Endpoint service \(service.serviceId) (\(service.serviceName)) in \(service.scope) "
                       + "is not declared in any template.",
                   remediation: Remediation.unmanaged)
            for permission in inventory.allowedPrincipals
            where permission.scope == service.scope && permission.serviceId == service.serviceId {
                report(.unmanaged, severity: DriftRule.unmanagedSeverity(.allowedPrincipal), entry: nil,
                       kind: .allowedPrincipal, resourceId: service.serviceId, scope: service.scope,
                       attribute: "AllowedPrincipals", principal: permission.principal,
                       actual: .string(permission.principal),
                       message: "Principal \(permission.principal) is allowed on the undeclared endpoint service "
                           + "\(service.serviceId) in \(service.scope).",
                       remediation: Remediation.unmanaged)
            }
        }
        for endpoint in inventory.vpcEndpoints
        where scopes.contains(endpoint.scope) && !claimed.contains(ServiceKey(scope: endpoint.scope, id: endpoint.vpcEndpointId)) {
            let state = endpoint.state.lowercased()
            guard state != "deleted", state != "deleting" else { continue }
            report(.unmanaged, severity: DriftRule.unmanagedSeverity(.vpcEndpoint), entry: nil, kind: .vpcEndpoint,
                   resourceId: endpoint.vpcEndpointId, scope: endpoint.scope, actual: .string(endpoint.serviceName),
                   message: "The \(endpoint.vpcEndpointType.lowercased()) endpoint \(endpoint.vpcEndpointId) to "
                       + "\(endpoint.serviceName) in VPC \(endpoint.vpcId) (\(endpoint.scope)) is not declared in any template.",
                   remediation: Remediation.unmanaged)
        }
    }
}
