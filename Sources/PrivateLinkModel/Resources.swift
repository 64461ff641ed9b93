import Foundation

/// Shared Codable plumbing: every resource encodes as its contract JSON.
extension InventoryResource {
    public init(from decoder: Decoder) throws {
        let (scope, raw) = try ResourceCoding.decode(JSONValue(from: decoder))
        self.init(scope: scope, raw: raw)
    }

    public func encode(to encoder: Encoder) throws {
        try contractJSON.encode(to: encoder)
    }
}

/// An endpoint service we own (`DescribeVpcEndpointServiceConfigurations`).
public struct EndpointService: InventoryResource {
    public static let kind = ResourceKind.endpointService
    public var scope: Scope
    public var record: ResourceRecord
    public init(scope: Scope, record: ResourceRecord) { self.scope = scope; self.record = record }

    public var resourceId: String { serviceId }
    public var serviceId: String { string("ServiceId") ?? "" }
    public var serviceName: String { string("ServiceName") ?? "" }
    public var serviceState: String? { string("ServiceState") }
    public var acceptanceRequired: Bool? { record["AcceptanceRequired"]?.boolValue }
    public var networkLoadBalancerArns: [String] { strings("NetworkLoadBalancerArns") }
    public var gatewayLoadBalancerArns: [String] { strings("GatewayLoadBalancerArns") }
    public var privateDnsName: String? { string("PrivateDnsName") }
    /// `pendingVerification`, `verified` or `failed`, when a private DNS name is configured.
    public var privateDnsNameState: String? { record["PrivateDnsNameConfiguration"]?["State"]?.stringValue }
}

/// A principal allowed to connect to one of our services (`DescribeVpcEndpointServicePermissions`).
public struct AllowedPrincipal: InventoryResource {
    public static let kind = ResourceKind.allowedPrincipal
    public var scope: Scope
    /// The record; the collector adds `ServiceId` when the API leaves it out.
    public var record: ResourceRecord
    public init(scope: Scope, record: ResourceRecord) { self.scope = scope; self.record = record }

    public var resourceId: String { "\(serviceId)|\(principal)" }
    public var serviceId: String { string("ServiceId") ?? "" }
    /// The principal's ARN, or `*`.
    public var principal: String { string("Principal") ?? "" }
    public var principalType: String? { string("PrincipalType") }
}

/// A consumer's endpoint connected (or asking to connect) to one of our services.
public struct EndpointConnection: InventoryResource {
    public static let kind = ResourceKind.connection
    public var scope: Scope
    public var record: ResourceRecord
    public init(scope: Scope, record: ResourceRecord) { self.scope = scope; self.record = record }

    public var resourceId: String { "\(serviceId)|\(vpcEndpointId)" }
    public var serviceId: String { string("ServiceId") ?? "" }
    public var vpcEndpointId: String { string("VpcEndpointId") ?? "" }
    /// The consumer account id.
    public var vpcEndpointOwner: String { string("VpcEndpointOwner") ?? "" }
    /// `pendingAcceptance`, `available`, `rejected`, … (compare case-insensitively).
    public var vpcEndpointState: String { string("VpcEndpointState") ?? "" }
    public var creationTimestamp: Date? { string("CreationTimestamp").flatMap(AWSTimestamp.parse) }
}

/// A VPC endpoint of any type (`DescribeVpcEndpoints`).
public struct VPCEndpoint: InventoryResource {
    public static let kind = ResourceKind.vpcEndpoint
    public var scope: Scope
    public var record: ResourceRecord
    public init(scope: Scope, record: ResourceRecord) { self.scope = scope; self.record = record }

    public var resourceId: String { vpcEndpointId }
    public var vpcEndpointId: String { string("VpcEndpointId") ?? "" }
    /// `Interface`, `Gateway`, `GatewayLoadBalancer`, …
    public var vpcEndpointType: String { string("VpcEndpointType") ?? "" }
    public var vpcId: String { string("VpcId") ?? "" }
    public var serviceName: String { string("ServiceName") ?? "" }
    public var state: String { string("State") ?? "" }
    /// The policy document as JSON text, when the endpoint has one.
    public var policyDocument: String? { string("PolicyDocument") }
    public var subnetIds: [String] { strings("SubnetIds") }
    /// The subnet when the endpoint is in exactly one (`subnetIds` is a list of one), without making the list.
    public var soleSubnetId: String? { record.soleString("SubnetIds") }
    public var routeTableIds: [String] { strings("RouteTableIds") }
    public var securityGroupIds: [String] {
        record.strings("Groups", member: "GroupId")
    }
    public var privateDnsEnabled: Bool? { record["PrivateDnsEnabled"]?.boolValue }
    public var ownerId: String? { string("OwnerId") }
    public var creationTimestamp: Date? { string("CreationTimestamp").flatMap(AWSTimestamp.parse) }
}

/// A security group attached to an endpoint (`DescribeSecurityGroups`).
public struct SecurityGroup: InventoryResource {
    public static let kind = ResourceKind.securityGroup
    public var scope: Scope
    public var record: ResourceRecord
    public init(scope: Scope, record: ResourceRecord) { self.scope = scope; self.record = record }

    public var resourceId: String { groupId }
    public var groupId: String { string("GroupId") ?? "" }
    public var groupName: String { string("GroupName") ?? "" }
    public var groupDescription: String { string("Description") ?? "" }
    public var vpcId: String? { string("VpcId") }
    public var ownerId: String? { string("OwnerId") }
    public var ingress: [SecurityGroupRule] { (record["IpPermissions"]?.arrayValue ?? []).map(SecurityGroupRule.init) }
    public var egress: [SecurityGroupRule] {
        (record["IpPermissionsEgress"]?.arrayValue ?? []).map(SecurityGroupRule.init)
    }
}

/// One permission of a security group, read from its `IpPermissions` record.
public struct SecurityGroupRule: Sendable, Hashable {
    public var raw: JSONValue
    public init(_ raw: JSONValue) { self.raw = raw }

    /// `tcp`, `udp`, `icmp`, or `-1` for all.
    public var ipProtocol: String { raw["IpProtocol"]?.stringValue ?? "-1" }
    public var fromPort: Int? { raw["FromPort"]?.intValue }
    public var toPort: Int? { raw["ToPort"]?.intValue }
    public var ipv4Ranges: [String] { (raw["IpRanges"]?.arrayValue ?? []).compactMap { $0["CidrIp"]?.stringValue } }
    public var ipv6Ranges: [String] { (raw["Ipv6Ranges"]?.arrayValue ?? []).compactMap { $0["CidrIpv6"]?.stringValue } }
    public var groupIds: [String] {
        (raw["UserIdGroupPairs"]?.arrayValue ?? []).compactMap { $0["GroupId"]?.stringValue }
    }
    public var prefixListIds: [String] {
        (raw["PrefixListIds"]?.arrayValue ?? []).compactMap { $0["PrefixListId"]?.stringValue }
    }
    /// Whether the rule admits the whole IPv4 or IPv6 internet.
    public var admitsAnyAddress: Bool { ipv4Ranges.contains("0.0.0.0/0") || ipv6Ranges.contains("::/0") }
}

/// A load balancer behind one of our services (ELBv2 `DescribeLoadBalancers`).
public struct LoadBalancer: InventoryResource {
    public static let kind = ResourceKind.loadBalancer
    public var scope: Scope
    public var record: ResourceRecord
    public init(scope: Scope, record: ResourceRecord) { self.scope = scope; self.record = record }

    public var resourceId: String { loadBalancerArn }
    public var loadBalancerArn: String { string("LoadBalancerArn") ?? "" }
    public var loadBalancerName: String { string("LoadBalancerName") ?? "" }
    /// `network`, `gateway`, `application`.
    public var type: String? { string("Type") }
    /// `internal` or `internet-facing`.
    public var scheme: String? { string("Scheme") }
    public var vpcId: String? { string("VpcId") }
    public var state: String? { record["State"]?["Code"]?.stringValue }
    public var subnetIds: [String] {
        record.strings("AvailabilityZones", member: "SubnetId")
    }
}

/// Parsing of the ISO-8601 timestamps AWS sends (`2026-11-26T23:12:55.000Z`).
public enum AWSTimestamp {
    /// Internet date-time without a fraction, in UTC (`2026-11-26T23:12:55Z`).
    private static let plain = Date.ISO8601FormatStyle()
    /// The same with fractional seconds, which AWS writes in most timestamps (`…55.123Z`).
    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    /// The date for an ISO-8601 timestamp with or without fractional seconds.
    ///
    /// A format style, not an `ISO8601DateFormatter`: a formatter is an ICU object built per call, which cost a
    /// report of 80,000 problems 39 % of its CPU.
    public static func parse(_ text: String) -> Date? {
        (try? withFraction.parse(text)) ?? (try? plain.parse(text))
    }

    /// The canonical `yyyy-MM-ddTHH:mm:ssZ` text of a date (UTC), the fraction of its second left out.
    public static func format(_ date: Date) -> String {
        plain.format(date)
    }
}
