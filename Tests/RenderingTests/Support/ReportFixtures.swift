import Drift
import Foundation
import PrivateLinkModel
import Rendering

/// The seed scenario as a report: an NLB-backed endpoint service with acceptance and one allowed
/// principal, consumers in three states, an interface endpoint to ec2 with an open security group
/// and the full-access policy, one failed region, drift, audit findings and a change.
enum ReportFixtures {
    static let owner = "111122223333"
    static let consumer = "444455556666"
    static let stranger = "777788889999"
    static let region = "eu-west-1"
    static let scope = Scope(account: owner, region: region)
    static let generatedAt = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T07:06:40Z
    static let takenAt = Date(timeIntervalSince1970: 1_794_990_000)

    /// The scenario's inventory; `tag` is the value of every resource's `Name` tag.
    static func inventory(tag: String = "orders") -> Inventory {
        let tags: JSONValue = .array([.object(["Key": .string("Name"), "Value": .string(tag)])])
        let serviceId = "vpce-svc-0a1b2c3d4e5f60718"
        let nlb = "arn:aws:elasticloadbalancing:eu-west-1:\(owner):loadbalancer/net/orders-nlb/50dc6c495c0c9188"
        return Inventory(
            endpointServices: [
                EndpointService(
                    scope: scope,
                    raw: .object([
                        "ServiceId": .string(serviceId),
                        "ServiceName": .string("com.amazonaws.vpce.eu-west-1.\(serviceId)"),
                        "ServiceState": .string("Available"), "AcceptanceRequired": .bool(true),
                        "NetworkLoadBalancerArns": .array([.string(nlb)]), "Tags": tags,
                    ]))
            ],
            allowedPrincipals: [
                AllowedPrincipal(
                    scope: scope,
                    raw: .object([
                        "ServiceId": .string(serviceId), "Principal": .string("arn:aws:iam::\(consumer):root"),
                        "PrincipalType": .string("Account"),
                    ]))
            ],
            connections: [
                connection(serviceId, "vpce-0c0c0c0c0c0c0c0c1", owner: consumer, state: "available"),
                connection(serviceId, "vpce-0c0c0c0c0c0c0c0c2", owner: consumer, state: "available"),
                connection(serviceId, "vpce-0c0c0c0c0c0c0c0c3", owner: stranger, state: "pendingAcceptance"),
                connection(serviceId, "vpce-0c0c0c0c0c0c0c0c4", owner: "222233334444", state: "rejected"),
            ],
            vpcEndpoints: [
                VPCEndpoint(
                    scope: scope,
                    raw: .object([
                        "VpcEndpointId": .string("vpce-0e0e0e0e0e0e0e0e1"), "VpcEndpointType": .string("Interface"),
                        "VpcId": .string("vpc-0123456789abcdef0"),
                        "ServiceName": .string("com.amazonaws.eu-west-1.ec2"),
                        "State": .string("available"), "SubnetIds": .array([.string("subnet-0aaa")]),
                        "Groups": .array([
                            .object(["GroupId": .string("sg-0f0f0f0f0f0f0f0f1"), "GroupName": .string("ec2-endpoint")])
                        ]),
                        "PolicyDocument": .string(
                            #"{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}"#),
                        "PrivateDnsEnabled": .bool(true), "Tags": tags,
                    ]))
            ],
            securityGroups: [
                SecurityGroup(
                    scope: scope,
                    raw: .object([
                        "GroupId": .string("sg-0f0f0f0f0f0f0f0f1"), "GroupName": .string("ec2-endpoint"),
                        "Description": .string("HTTPS to the ec2 endpoint"), "VpcId": .string("vpc-0123456789abcdef0"),
                        "IpPermissions": .array([
                            .object([
                                "IpProtocol": .string("tcp"), "FromPort": .integer(443), "ToPort": .integer(443),
                                "IpRanges": .array([.object(["CidrIp": .string("0.0.0.0/0")])]),
                            ])
                        ]),
                        "Tags": tags,
                    ]))
            ],
            loadBalancers: [
                LoadBalancer(
                    scope: scope,
                    raw: .object([
                        "LoadBalancerArn": .string(nlb), "LoadBalancerName": .string("orders-nlb"),
                        "Type": .string("network"),
                        "Scheme": .string("internal"), "VpcId": .string("vpc-0123456789abcdef0"),
                        "State": .object(["Code": .string("active")]),
                    ]))
            ])
    }

    static func connection(_ serviceId: String, _ endpoint: String, owner: String, state: String) -> EndpointConnection
    {
        EndpointConnection(
            scope: scope,
            raw: .object([
                "ServiceId": .string(serviceId), "VpcEndpointId": .string(endpoint), "VpcEndpointOwner": .string(owner),
                "VpcEndpointState": .string(state), "CreationTimestamp": .string("2026-11-01T10:00:00.000Z"),
            ]))
    }

    /// A finding with the given texts in every free-text place.
    static func finding(
        _ rule: String, _ severity: Severity, kind: Finding.Kind = .audit,
        resourceType: String = "AWS::EC2::VPCEndpointService", resourceId: String = "vpce-svc-0a1b2c3d4e5f60718",
        message: String, expected: JSONValue? = nil, actual: JSONValue? = nil, attribute: String? = nil,
        logicalId: String? = nil, source: SourceLocation? = nil, remediation: String? = nil
    ) -> Finding {
        Finding(
            id: "\(rule)-\(resourceId)-\(attribute ?? "")", kind: kind, rule: rule, severity: severity,
            resourceType: resourceType, resourceId: resourceId, logicalId: logicalId, account: owner,
            region: region, attribute: attribute, expected: expected, actual: actual, message: message,
            remediation: remediation, source: source)
    }

    static let findings: [Finding] = [
        finding(
            "PL004", .high, message: "Account \(stranger) asks to connect but is not an allowed principal.",
            remediation: "Reject the connection or allow the account."),
        finding(
            "PL009", .high, resourceType: "AWS::EC2::VPCEndpoint", resourceId: "vpce-0e0e0e0e0e0e0e0e1",
            message: "Security group sg-0f0f0f0f0f0f0f0f1 on the ec2 endpoint admits 0.0.0.0/0.",
            remediation: "Limit ingress to the VPC's CIDR."),
        finding(
            "drift.changed", .low, kind: .changed, message: "AcceptanceRequired differs from the template.",
            expected: .bool(true), actual: .bool(false), attribute: "AcceptanceRequired", logicalId: "OrdersService",
            source: SourceLocation(file: "stacks/orders-service.yaml", line: 42)),
        finding(
            "PL008", .medium, resourceType: "AWS::EC2::VPCEndpoint", resourceId: "vpce-0e0e0e0e0e0e0e0e1",
            message: "The ec2 endpoint's policy allows any principal any action.",
            expected: nil, actual: .object(["Action": .string("*"), "Principal": .string("*")]),
            remediation: "Attach a policy that names the actions and principals."),
        finding("PL011", .info, message: "Connection vpce-0c0c0c0c0c0c0c0c4 is rejected."),
    ]

    static let changes: [Finding] = [
        finding(
            "change.added", .info, kind: .change, resourceType: "AWS::EC2::VPCEndpointConnection",
            resourceId: "vpce-svc-0a1b2c3d4e5f60718|vpce-0c0c0c0c0c0c0c0c3",
            message: "A connection from \(stranger) appeared.", expected: nil, actual: .string("pendingAcceptance"))
    ]

    static let trend: [TrendPoint] = (1...6).map { day in
        TrendPoint(
            snapshotId: Int64(day), takenAt: takenAt.addingTimeInterval(Double(day - 6) * 86_400),
            services: day < 3 ? 0 : 1, connections: min(day, 4), endpoints: 1, findings: day + 1)
    }

    /// The full combined report (`plinv report`).
    static func report(title: String = "PrivateLink report", tag: String = "orders") -> ReportInput {
        let inventory = inventory(tag: tag)
        return ReportInput(
            title: title, generatedAt: generatedAt,
            snapshot: ReportSnapshot(
                id: 6, takenAt: takenAt, status: .partial, label: "nightly",
                scopes: [
                    ScopeStatus(scope: scope, state: .ok),
                    ScopeStatus(
                        scope: Scope(account: owner, region: "us-east-1"), state: .failed,
                        error: "AccessDenied: not authorized to perform ec2:DescribeVpcEndpoints"),
                ]),
            comparedWith: ReportSnapshot(
                id: 5, takenAt: takenAt.addingTimeInterval(-86_400), status: .complete,
                scopes: [
                    ScopeStatus(scope: scope, state: .ok),
                    ScopeStatus(scope: Scope(account: owner, region: "us-east-1"), state: .ok),
                ]),
            findings: findings, whoCanConnect: ServiceAccess.rows(from: inventory), changes: changes,
            inventory: inventory, trend: trend,
            notChecked: [
                UncheckedItem(
                    resourceType: "AWS::Route53::RecordSet", logicalId: "OrdersDns",
                    reason: "plinv does not check this type.",
                    source: SourceLocation(file: "stacks/orders-service.yaml", line: 88))
            ],
            notVerified: [
                UncheckedItem(
                    resourceType: "AWS::EC2::VPCEndpoint", logicalId: "OrdersEndpoint", attribute: "VpcId",
                    reason: "Fn::ImportValue cannot be resolved offline.",
                    source: SourceLocation(file: "stacks/consumer.yaml", line: 17))
            ],
            driftCoverage: DriftCoverage(declared: 4, verified: 3, notVerified: 1, notChecked: 1))
    }
}
