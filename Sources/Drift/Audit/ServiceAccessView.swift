import PrivateLinkModel

/// Who can connect to one endpoint service we own: the allowed principals, whether acceptance is
/// required, and the consumer accounts actually connected, for the renderers to draw.
public struct ServiceAccessView: Sendable, Hashable, Codable {
    /// One allowed principal.
    public struct AllowedEntry: Sendable, Hashable, Codable {
        /// The principal exactly as allowed (`*`, an ARN, an account id, a service name).
        public var principal: String
        public var kind: Principal.Kind
        /// The account the principal belongs to, when it names one.
        public var account: String?
        /// Whether the principal is trusted (see `TrustedPrincipals`).
        public var trusted: Bool
    }

    /// One consumer account and its connections.
    public struct ConsumerEntry: Sendable, Hashable, Codable {
        /// The consumer's account id (`VpcEndpointOwner`).
        public var account: String
        /// Whether some allowed principal covers the account now.
        public var allowed: Bool
        /// Whether the account is trusted.
        public var trusted: Bool
        /// The consumer's endpoints, sorted by endpoint id.
        public var connections: [ConnectionEntry]
    }

    /// One connection of a consumer.
    public struct ConnectionEntry: Sendable, Hashable, Codable {
        public var vpcEndpointId: String
        /// As AWS reports it (`available`, `pendingAcceptance`, `rejected`, …).
        public var state: String
        /// `CreationTimestamp` as AWS sent it.
        public var createdAt: String?
    }

    public var scope: Scope
    public var serviceId: String
    public var serviceName: String
    public var acceptanceRequired: Bool?
    public var privateDnsName: String?
    public var privateDnsNameState: String?
    /// Sorted by principal.
    public var allowedPrincipals: [AllowedEntry]
    /// Sorted by account.
    public var consumers: [ConsumerEntry]

    /// Whether principal `*` is allowed.
    public var allowsEveryone: Bool { allowedPrincipals.contains { $0.kind == .everyone } }

    /// Builds the view of `service` from the audit's lookups.
    init(service: EndpointService, context: AuditContext) {
        let owner = service.scope.account
        let principals = context.principals(of: service.serviceId, in: service.scope)
        scope = service.scope
        serviceId = service.serviceId
        serviceName = service.serviceName
        acceptanceRequired = service.acceptanceRequired
        privateDnsName = service.privateDnsName
        privateDnsNameState = service.privateDnsNameState
        allowedPrincipals = principals.map {
            AllowedEntry(
                principal: $0.arn, kind: $0.kind, account: $0.account,
                trusted: context.trusted.isTrusted($0, owner: owner))
        }.sorted { $0.principal < $1.principal }
        let connections = context.connections[ServiceKey(scope: service.scope, serviceId: service.serviceId)] ?? []
        consumers = Dictionary(grouping: connections, by: \.vpcEndpointOwner).map { account, list in
            let access = ConsumerAccess.evaluate(
                account: account, principals: principals, owner: owner, trusted: context.trusted)
            return ConsumerEntry(
                account: account, allowed: access.allowed, trusted: access.trusted,
                connections: list.map {
                    ConnectionEntry(
                        vpcEndpointId: $0.vpcEndpointId, state: $0.vpcEndpointState,
                        createdAt: $0.string("CreationTimestamp"))
                }.sorted { $0.vpcEndpointId < $1.vpcEndpointId })
        }.sorted { $0.account < $1.account }
    }
}
