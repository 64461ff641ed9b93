import PrivateLinkModel

/// How one template property is compared with the live record.
struct PropertySpec: Sendable {
    /// How two values are judged equal.
    enum Comparison: Sendable {
        /// Scalars compared as text (`443` equals `"443"`).
        case scalar
        /// Scalars compared as text, ignoring case (`Interface` equals `interface`).
        case caseInsensitive
        /// Booleans (`true`, `"True"`).
        case boolean
        /// Lists of scalars compared as sets.
        case set
        /// IAM policy documents compared as JSON (`PolicyDocument.isEquivalent`).
        case policy
        /// Security group rules, each extra or missing rule its own finding.
        case rules
    }

    /// The CloudFormation property name.
    var name: String
    var comparison: Comparison
    var severity: Severity
    /// The live value for the property, read from the record member by member.
    var live: @Sendable (ResourceRecord) -> JSONValue?

    /// The properties compared for each checked type; others are listed as not verified.
    static func specs(for kind: ResourceKind) -> [PropertySpec] {
        switch kind {
        case .loadBalancer: loadBalancerSpecs
        case .endpointService: endpointServiceSpecs
        case .vpcEndpoint: vpcEndpointSpecs
        case .securityGroup: securityGroupSpecs
        case .allowedPrincipal, .connection: []
        }
    }

    // Built once: drift asks for them for every matched resource.
    private static let loadBalancerSpecs = makeSpecs(for: .loadBalancer)
    private static let endpointServiceSpecs = makeSpecs(for: .endpointService)
    private static let vpcEndpointSpecs = makeSpecs(for: .vpcEndpoint)
    private static let securityGroupSpecs = makeSpecs(for: .securityGroup)

    private static func makeSpecs(for kind: ResourceKind) -> [PropertySpec] {
        switch kind {
        case .loadBalancer:
            [
                PropertySpec(name: "Name", comparison: .scalar, severity: .low) { $0["LoadBalancerName"] },
                PropertySpec(name: "Type", comparison: .caseInsensitive, severity: .medium) { $0["Type"] },
                PropertySpec(name: "Scheme", comparison: .caseInsensitive, severity: .medium) { $0["Scheme"] },
                PropertySpec(name: "IpAddressType", comparison: .caseInsensitive, severity: .low) {
                    $0["IpAddressType"]
                },
                PropertySpec(name: "Subnets", comparison: .set, severity: .low) {
                    list($0["AvailabilityZones"], "SubnetId")
                },
                PropertySpec(name: "SecurityGroups", comparison: .set, severity: .low) {
                    $0["SecurityGroups"] ?? .array([])
                },
            ]
        case .endpointService:
            [
                PropertySpec(name: "AcceptanceRequired", comparison: .boolean, severity: .high) {
                    $0["AcceptanceRequired"]
                },
                PropertySpec(name: "NetworkLoadBalancerArns", comparison: .set, severity: .medium) {
                    $0["NetworkLoadBalancerArns"] ?? .array([])
                },
                PropertySpec(name: "GatewayLoadBalancerArns", comparison: .set, severity: .medium) {
                    $0["GatewayLoadBalancerArns"] ?? .array([])
                },
                PropertySpec(name: "PayerResponsibility", comparison: .caseInsensitive, severity: .low) {
                    $0["PayerResponsibility"]
                },
                PropertySpec(name: "SupportedIpAddressTypes", comparison: .set, severity: .low) {
                    $0["SupportedIpAddressTypes"] ?? .array([])
                },
            ]
        case .vpcEndpoint:
            [
                PropertySpec(name: "VpcId", comparison: .scalar, severity: .medium) { $0["VpcId"] },
                PropertySpec(name: "ServiceName", comparison: .scalar, severity: .medium) { $0["ServiceName"] },
                PropertySpec(name: "VpcEndpointType", comparison: .caseInsensitive, severity: .medium) {
                    $0["VpcEndpointType"]
                },
                PropertySpec(name: "SubnetIds", comparison: .set, severity: .low) { $0["SubnetIds"] ?? .array([]) },
                PropertySpec(name: "RouteTableIds", comparison: .set, severity: .low) {
                    $0["RouteTableIds"] ?? .array([])
                },
                PropertySpec(name: "SecurityGroupIds", comparison: .set, severity: .medium) {
                    // Only the ids, which the collector stores as strings: making the whole member cost nearly
                    // twice as much.
                    .array($0.strings("Groups", member: "GroupId").map(JSONValue.string))
                },
                PropertySpec(name: "PrivateDnsEnabled", comparison: .boolean, severity: .low) {
                    $0["PrivateDnsEnabled"]
                },
                PropertySpec(name: "IpAddressType", comparison: .caseInsensitive, severity: .low) {
                    $0["IpAddressType"]
                },
                PropertySpec(name: "PolicyDocument", comparison: .policy, severity: .medium) { $0["PolicyDocument"] },
            ]
        case .securityGroup:
            [
                PropertySpec(name: "GroupName", comparison: .scalar, severity: .low) { $0["GroupName"] },
                PropertySpec(name: "GroupDescription", comparison: .scalar, severity: .low) { $0["Description"] },
                PropertySpec(name: "VpcId", comparison: .scalar, severity: .medium) { $0["VpcId"] },
                PropertySpec(name: "SecurityGroupIngress", comparison: .rules, severity: .medium) {
                    $0["IpPermissions"] ?? .array([])
                },
                PropertySpec(name: "SecurityGroupEgress", comparison: .rules, severity: .medium) {
                    $0["IpPermissionsEgress"] ?? .array([])
                },
            ]
        case .allowedPrincipal, .connection:
            []
        }
    }

    /// The member `key` of each object in a list, as a list.
    private static func list(_ value: JSONValue?, _ key: String) -> JSONValue {
        .array((value?.arrayValue ?? []).compactMap { $0[key] })
    }
}

extension ResourceKind {
    /// The kind a checked CloudFormation type describes; nil for types drift does not check.
    init?(checkedType type: String) {
        switch type {
        case "AWS::EC2::VPCEndpointService": self = .endpointService
        case "AWS::EC2::VPCEndpointServicePermissions": self = .allowedPrincipal
        case "AWS::EC2::VPCEndpoint": self = .vpcEndpoint
        case "AWS::EC2::SecurityGroup": self = .securityGroup
        case "AWS::ElasticLoadBalancingV2::LoadBalancer": self = .loadBalancer
        default: return nil
        }
    }
}
