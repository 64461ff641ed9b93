import PrivateLinkModel

/// Who on the network can reach one endpoint we consume, and what its policy lets through.
public struct EndpointAccessView: Sendable, Hashable, Codable {
    /// What the endpoint policy allows.
    public enum PolicyAccess: String, Sendable, Hashable, Codable {
        /// An interface endpoint without a policy: AWS's default full-access policy applies.
        case defaultFullAccess
        /// A policy that allows any principal any action on any resource.
        case fullAccess
        /// A policy narrower than full access.
        case restricted
        /// A policy whose text is not JSON.
        case unreadable
        /// No policy, on an endpoint type that has none (gateway load balancer endpoints).
        case none
    }

    /// One security group on the endpoint.
    public struct GroupEntry: Sendable, Hashable, Codable {
        public var groupId: String
        /// Empty when the group was not collected.
        public var groupName: String
        /// Who may connect, one entry per protocol and port range.
        public var ingress: [IngressEntry]
        /// Whether any ingress rule admits 0.0.0.0/0 or ::/0.
        public var admitsAnyAddress: Bool
    }

    /// One ingress permission.
    public struct IngressEntry: Sendable, Hashable, Codable {
        /// `tcp 443`, `all traffic`, …
        public var ports: String
        /// CIDRs, security group ids and prefix list ids, sorted.
        public var sources: [String]
    }

    public var scope: Scope
    public var vpcEndpointId: String
    public var vpcEndpointType: String
    public var serviceName: String
    public var vpcId: String
    public var state: String
    /// Sorted.
    public var subnetIds: [String]
    /// In the endpoint's order.
    public var securityGroups: [GroupEntry]
    public var policy: PolicyAccess
    /// The policy document as JSON, when there is one and it parses.
    public var policyDocument: JSONValue?

    /// Builds the view of one endpoint; `groups` are the security groups of its scope by id.
    init(endpoint: VPCEndpoint, groups: [String: SecurityGroup]) {
        scope = endpoint.scope
        vpcEndpointId = endpoint.vpcEndpointId
        vpcEndpointType = endpoint.vpcEndpointType
        serviceName = endpoint.serviceName
        vpcId = endpoint.vpcId
        state = endpoint.state
        subnetIds = endpoint.subnetIds.sorted()
        securityGroups = endpoint.securityGroupIds.map { id in
            let group = groups[id]
            let rules = group?.ingress ?? []
            return GroupEntry(
                groupId: id, groupName: group?.groupName ?? "",
                ingress: rules.map {
                    IngressEntry(
                        ports: Auditor.describePorts($0),
                        sources: ($0.ipv4Ranges + $0.ipv6Ranges + $0.groupIds + $0.prefixListIds).sorted())
                },
                admitsAnyAddress: rules.contains(where: \.admitsAnyAddress))
        }
        let document = endpoint.policyDocument.flatMap(PolicyDocument.init(text:))
        policyDocument = document?.value
        switch (endpoint.policyDocument, document) {
        case (nil, _): policy = endpoint.isInterface ? .defaultFullAccess : .none
        case (_?, nil): policy = .unreadable
        case (_?, let parsed?): policy = parsed.allowsEverything ? .fullAccess : .restricted
        }
    }
}

extension Auditor {
    /// The network-access view of every VPC endpoint, sorted by scope then endpoint id.
    public func endpointAccess(_ inventory: Inventory) -> [EndpointAccessView] {
        var groups: [Scope: [String: SecurityGroup]] = [:]
        for group in inventory.securityGroups {
            groups[group.scope, default: [:]][group.groupId] = group
        }
        return inventory.vpcEndpoints
            .sorted { ($0.scope, $0.vpcEndpointId) < ($1.scope, $1.vpcEndpointId) }
            .map { EndpointAccessView(endpoint: $0, groups: groups[$0.scope] ?? [:]) }
    }
}
