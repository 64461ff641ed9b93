import PrivateLinkModel

/// Lookups shared by the rules, built once per audit.
struct AuditContext: Sendable {
    var trusted: TrustedPrincipals
    var services: [ServiceKey: EndpointService] = [:]
    var principals: [ServiceKey: [Principal]] = [:]
    var connections: [ServiceKey: [EndpointConnection]] = [:]
    var endpoints: [VPCEndpoint]
    var securityGroups: [Scope: [String: SecurityGroup]] = [:]

    init(inventory: Inventory, trusted: TrustedPrincipals) {
        self.trusted = trusted
        endpoints = inventory.vpcEndpoints
        for service in inventory.endpointServices {
            services[ServiceKey(scope: service.scope, serviceId: service.serviceId)] = service
        }
        for permission in inventory.allowedPrincipals {
            principals[ServiceKey(scope: permission.scope, serviceId: permission.serviceId), default: []]
                .append(Principal(permission.principal))
        }
        for connection in inventory.connections {
            connections[ServiceKey(scope: connection.scope, serviceId: connection.serviceId), default: []]
                .append(connection)
        }
        for group in inventory.securityGroups {
            securityGroups[group.scope, default: [:]][group.groupId] = group
        }
    }

    /// The principals allowed on a service.
    func principals(of serviceId: String, in scope: Scope) -> [Principal] {
        principals[ServiceKey(scope: scope, serviceId: serviceId)] ?? []
    }

    /// How a service is named in messages: `vpce-svc-… (com.amazonaws.vpce.…) in account/region`.
    func describeService(_ serviceId: String, in scope: Scope) -> String {
        let name = services[ServiceKey(scope: scope, serviceId: serviceId)]?.serviceName ?? ""
        return name.isEmpty
            ? "endpoint service \(serviceId) in \(scope)" : "endpoint service \(serviceId) (\(name)) in \(scope)"
    }
}

/// Lifecycle states, lowercased, that no longer carry traffic or access.
enum EndpointStates {
    /// States after which an endpoint or connection is over: gone (`Lifecycle.goneStates`), rejected or expired.
    static let ended: Set<String> = Lifecycle.goneStates.union(["rejected", "expired"])
    /// States PL011 reports.
    static let failedOrRejected: Set<String> = ["failed", "rejected"]
    /// `pendingAcceptance`, lowercased.
    static let pendingAcceptance = "pendingacceptance"

    /// Whether `state`, in any case, is in `ended`.
    static func hasEnded(_ state: String) -> Bool { Lifecycle.state(state, isIn: ended) }

    /// Whether `state`, in any case, is in `failedOrRejected`.
    static func isFailedOrRejected(_ state: String) -> Bool { Lifecycle.state(state, isIn: failedOrRejected) }
}
