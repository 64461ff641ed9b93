import PrivateLinkModel

/// Who can connect to one endpoint service we own: its allowed principals and its consumers' connections.
public struct ServiceAccess: Sendable, Hashable {
    public var scope: Scope
    public var serviceId: String
    public var serviceName: String
    /// Whether a connection request waits for acceptance; nil when the record did not say.
    public var acceptanceRequired: Bool?
    /// Principal ARNs (or `*`), sorted.
    public var allowedPrincipals: [String]
    /// The consumers' endpoints, sorted by account then endpoint id.
    public var connections: [ConsumerConnection]

    public init(
        scope: Scope, serviceId: String, serviceName: String, acceptanceRequired: Bool?,
        allowedPrincipals: [String], connections: [ConsumerConnection]
    ) {
        self.scope = scope
        self.serviceId = serviceId
        self.serviceName = serviceName
        self.acceptanceRequired = acceptanceRequired
        self.allowedPrincipals = allowedPrincipals.sorted()
        self.connections = connections.sorted()
    }

    /// The who-can-connect rows of an inventory: one per endpoint service, sorted by scope then service id.
    public static func rows(from inventory: Inventory) -> [ServiceAccess] {
        inventory.endpointServices.map { service in
            let principals = inventory.allowedPrincipals
                .filter { $0.scope == service.scope && $0.serviceId == service.serviceId }
                .map(\.principal)
            let connections = inventory.connections
                .filter { $0.scope == service.scope && $0.serviceId == service.serviceId }
                .map {
                    ConsumerConnection(
                        account: $0.vpcEndpointOwner, vpcEndpointId: $0.vpcEndpointId, state: $0.vpcEndpointState)
                }
            return ServiceAccess(
                scope: service.scope, serviceId: service.serviceId, serviceName: service.serviceName,
                acceptanceRequired: service.acceptanceRequired, allowedPrincipals: principals, connections: connections)
        }
        .sorted { ($0.scope, $0.serviceId) < ($1.scope, $1.serviceId) }
    }
}

/// A consumer's endpoint connected to (or asking to connect to) one of our services.
public struct ConsumerConnection: Sendable, Hashable, Comparable {
    /// The consumer account id.
    public var account: String
    public var vpcEndpointId: String
    /// The state as AWS spells it: `available`, `pendingAcceptance`, `rejected`, …
    public var state: String

    public init(account: String, vpcEndpointId: String, state: String) {
        self.account = account
        self.vpcEndpointId = vpcEndpointId
        self.state = state
    }

    /// The state's class, which decides how the report draws the connection.
    public var stateClass: ConnectionStateClass { ConnectionStateClass(state) }

    public static func < (lhs: ConsumerConnection, rhs: ConsumerConnection) -> Bool {
        (lhs.account, lhs.vpcEndpointId, lhs.state) < (rhs.account, rhs.vpcEndpointId, rhs.state)
    }
}

/// The connection states a report tells apart; every other AWS state is `other`.
public enum ConnectionStateClass: String, Sendable, Hashable, CaseIterable, Comparable {
    case available
    case pendingAcceptance
    case rejected
    case other

    /// Classifies an AWS state name, ignoring case (`Available`, `pendingAcceptance`, `pending-acceptance`).
    public init(_ state: String) {
        switch state.lowercased().filter({ $0.isLetter }) {
        case "available": self = .available
        case "pendingacceptance", "pending": self = .pendingAcceptance
        case "rejected": self = .rejected
        default: self = .other
        }
    }

    /// The words the legend and tables use.
    public var label: String {
        switch self {
        case .available: "available"
        case .pendingAcceptance: "pending acceptance"
        case .rejected: "rejected"
        case .other: "other (failed, expired, deleted…)"
        }
    }

    /// The position in the legend.
    var order: Int {
        switch self {
        case .available: 0
        case .pendingAcceptance: 1
        case .rejected: 2
        case .other: 3
        }
    }

    public static func < (lhs: ConnectionStateClass, rhs: ConnectionStateClass) -> Bool { lhs.order < rhs.order }
}
