import Foundation
import PrivateLinkModel
@testable import Store

/// Builders of small, realistic snapshots and a throwaway directory for database files.
enum StoreFixtures {
    static let provider = Scope(account: "111111111111", region: "eu-west-1")
    static let providerUS = Scope(account: "111111111111", region: "us-east-1")
    static let consumer = Scope(account: "222222222222", region: "eu-west-1")
    static let serviceId = "vpce-svc-0abc"

    /// A fresh directory, removed when `body` returns.
    static func withTemporaryDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("plinv-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    /// Opens a new store in a fresh directory and hands it with its path to `body`.
    static func withStore(_ body: (SnapshotStore, String) throws -> Void) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("plinv.sqlite").path
            try body(try SnapshotStore(path: path), path)
        }
    }

    /// The seed scenario: an NLB-backed service requiring acceptance, one allowed principal, two
    /// connections (one pending from an account nobody allows any more), a consumer interface endpoint
    /// with a security group and a full-access policy, and the load balancer.
    static func seedInventory(acceptanceRequired: Bool = true, endpointState: String = "available") -> Inventory {
        let nlb = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/svc/50dc6c495c0c9188"
        return Inventory(
            endpointServices: [
                EndpointService(
                    scope: provider,
                    raw: .object([
                        "ServiceId": .string(serviceId),
                        "ServiceName": .string("com.amazonaws.vpce.eu-west-1.\(serviceId)"),
                        "ServiceState": .string("Available"), "AcceptanceRequired": .bool(acceptanceRequired),
                        "ManagesVpcEndpoints": .bool(false), "NetworkLoadBalancerArns": .array([.string(nlb)]),
                        "PrivateDnsNameConfiguration": .object(["State": .string("verified")]),
                        "Tags": .array([.object(["Key": .string("Name"), "Value": .string("payments")])]),
                    ]))
            ],
            allowedPrincipals: [
                AllowedPrincipal(
                    scope: provider,
                    raw: .object([
                        "ServiceId": .string(serviceId), "Principal": .string("arn:aws:iam::222222222222:root"),
                        "PrincipalType": .string("Account"),
                    ]))
            ],
            connections: [
                connection(endpoint: "vpce-0aaa", owner: "222222222222", state: endpointState),
                connection(endpoint: "vpce-0bbb", owner: "333333333333", state: "pendingAcceptance"),
            ],
            vpcEndpoints: [
                VPCEndpoint(
                    scope: consumer,
                    raw: .object([
                        "VpcEndpointId": .string("vpce-0aaa"), "VpcEndpointType": .string("Interface"),
                        "VpcId": .string("vpc-0c1"),
                        "ServiceName": .string("com.amazonaws.vpce.eu-west-1.\(serviceId)"),
                        "State": .string(endpointState), "PrivateDnsEnabled": .bool(false),
                        "SubnetIds": .array([.string("subnet-01"), .string("subnet-02")]),
                        "Groups": .array([.object(["GroupId": .string("sg-0ep"), "GroupName": .string("endpoint")])]),
                        "PolicyDocument": .string(
                            #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#),
                        "OwnerId": .string("222222222222"), "CreationTimestamp": .string("2026-11-20T10:00:00.000Z"),
                    ]))
            ],
            securityGroups: [
                SecurityGroup(
                    scope: consumer,
                    raw: .object([
                        "GroupId": .string("sg-0ep"), "GroupName": .string("endpoint"), "VpcId": .string("vpc-0c1"),
                        "Description": .string("endpoint access"),
                        "IpPermissions": .array([
                            .object([
                                "IpProtocol": .string("tcp"), "FromPort": .integer(443), "ToPort": .integer(443),
                                "IpRanges": .array([.object(["CidrIp": .string("10.0.0.0/16")])]),
                            ])
                        ]),
                    ]))
            ],
            loadBalancers: [
                LoadBalancer(
                    scope: provider,
                    raw: .object([
                        "LoadBalancerArn": .string(nlb), "LoadBalancerName": .string("svc"), "Type": .string("network"),
                        "Scheme": .string("internal"), "State": .object(["Code": .string("active")]),
                        "VpcId": .string("vpc-0p1"), "Ratio": .double(0.25),
                    ]))
            ]
        ).sorted()
    }

    static func connection(endpoint: String, owner: String, state: String) -> EndpointConnection {
        EndpointConnection(
            scope: provider,
            raw: .object([
                "ServiceId": .string(serviceId), "VpcEndpointId": .string(endpoint), "VpcEndpointOwner": .string(owner),
                "VpcEndpointState": .string(state), "CreationTimestamp": .string("2026-11-20T10:00:00.000Z"),
            ]))
    }

    /// A complete snapshot of the seed scenario over the provider and consumer scopes.
    static func seedSnapshot(
        at takenAt: Date = Date(timeIntervalSinceReferenceDate: 806_000_000.123_456),
        inventory: Inventory = seedInventory(), label: String? = "nightly"
    ) -> Snapshot {
        Snapshot(
            takenAt: takenAt, status: .complete, label: label,
            scopes: [ScopeStatus(scope: provider, state: .ok), ScopeStatus(scope: consumer, state: .ok)],
            inventory: inventory)
    }

    /// `count` interface endpoints in one scope, each with a realistic record (about 700 bytes of JSON).
    static func manyEndpoints(_ count: Int, in scope: Scope = consumer) -> Inventory {
        let endpoints = (0..<count).map { index in
            let id = String(format: "vpce-%017x", index)
            return VPCEndpoint(
                scope: scope,
                raw: .object([
                    "VpcEndpointId": .string(id), "VpcEndpointType": .string("Interface"), "VpcId": .string("vpc-0c1"),
                    "ServiceName": .string("com.amazonaws.eu-west-1.ec2"), "State": .string("available"),
                    "PrivateDnsEnabled": .bool(true), "RequesterManaged": .bool(false),
                    "SubnetIds": .array([.string("subnet-0a1b2c3d4e5f60001"), .string("subnet-0a1b2c3d4e5f60002")]),
                    "Groups": .array([
                        .object(["GroupId": .string("sg-0123456789abcdef0"), "GroupName": .string("endpoints")])
                    ]),
                    "NetworkInterfaceIds": .array([.string("eni-0\(index)a"), .string("eni-0\(index)b")]),
                    "DnsEntries": .array([
                        .object([
                            "DnsName": .string("\(id)-abcdefgh.ec2.eu-west-1.vpce.amazonaws.com"),
                            "HostedZoneId": .string("Z2D8W3K1B7OCNS"),
                        ])
                    ]),
                    "PolicyDocument": .string(
                        #"{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#
                    ),
                    "OwnerId": .string(scope.account), "CreationTimestamp": .string("2026-11-20T10:00:00.000Z"),
                    "Tags": .array([.object(["Key": .string("team"), "Value": .string("platform")])]),
                ]))
        }
        return Inventory(vpcEndpoints: endpoints).sorted()
    }
}
