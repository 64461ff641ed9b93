import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// `plinv drift` reads live records as the store holds them, member by member (``StoredRecord``); the other drift
/// tests build them as values. Both must give the same report, finding for finding.
@Suite struct DriftStoredRecordTests {
    struct NotStored: Error { let record: JSONValue }

    /// `inventory` with every record held as the store holds it: its canonical JSON bytes, read by `StoredRecord`.
    static func stored(_ inventory: Inventory) throws -> Inventory {
        var strings = JSONStringCache()
        func convert<R: InventoryResource>(_ list: [R]) throws -> [R] {
            try list.map { resource in
                var copy = resource
                copy.record = try resource.raw.canonicalData().withUnsafeBytes {
                    try StoredRecord.read(utf8: $0, strings: &strings)
                }
                guard case .stored = copy.record else { throw NotStored(record: resource.raw) }
                return copy
            }
        }
        var result = inventory
        result.endpointServices = try convert(inventory.endpointServices)
        result.allowedPrincipals = try convert(inventory.allowedPrincipals)
        result.connections = try convert(inventory.connections)
        result.vpcEndpoints = try convert(inventory.vpcEndpoints)
        result.securityGroups = try convert(inventory.securityGroups)
        result.loadBalancers = try convert(inventory.loadBalancers)
        return result
    }

    static let logicalId = "aws:cloudformation:logical-id"
    static let stackName = "aws:cloudformation:stack-name"

    /// Live sides that drift in every compared property, match by tags (two of one key, a value that is not a
    /// string, an element that is not a tag), have gone, or are not declared at all.
    static func inventories() throws -> [(name: String, inventory: Inventory)] {
        let changedService =
            #"{"ServiceId":"vpce-svc-1","ServiceName":"com.amazonaws.vpce.eu-west-1.vpce-svc-1","AcceptanceRequired":false,"NetworkLoadBalancerArns":["arn:other"],"SupportedIpAddressTypes":["ipv4"],"PayerResponsibility":"ServiceOwner"}"#
        let changedGroup =
            #"{"GroupId":"sg-1","GroupName":"other","VpcId":"vpc-2","Description":"d","IpPermissions":[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"0.0.0.0/0"}]}],"IpPermissionsEgress":[]}"#
        let changedBalancer =
            #"{"LoadBalancerArn":"\#(Scenario.nlbArn)","LoadBalancerName":"endpointsrv-app-nlb-cfn","Type":"Application","Scheme":"internet-facing","IpAddressType":"dualstack","AvailabilityZones":[{"SubnetId":"subnet-c"},{"ZoneName":"x"}],"SecurityGroups":["sg-9"]}"#
        let taggedTwice =
            #"[{"Key":"\#(logicalId)","Value":"Other"},{"Key":"\#(logicalId)","Value":"EC2Endpoint"},{"Key":"\#(stackName)","Value":"app"},{"Key":"Name","Value":7},"not a tag",{"Value":"x"}]"#
        let gone = Scenario.liveEndpoint(id: "vpce-0").replacingOccurrences(
            of: #""State":"available""#, with: #""State":"deleted""#)
        return [
            ("the seed scenario", try Scenario.inventory()),
            (
                "every compared property changed",
                try Scenario.inventory(
                    services: [changedService],
                    endpoints: [
                        Scenario.liveEndpoint(policy: #"{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}"#)
                            .replacingOccurrences(of: #""subnet-b","subnet-a""#, with: #""subnet-z""#)
                            .replacingOccurrences(
                                of: #"{"GroupId":"sg-1","#,
                                with: #"{"GroupId":"sg-3","GroupName":"x"},{"GroupId":"sg-2","#)
                    ],
                    groups: [changedGroup], loadBalancers: [changedBalancer])
            ),
            (
                "tags pick one of two endpoints",
                try Scenario.inventory(endpoints: [
                    Scenario.liveEndpoint(id: "vpce-1"), Scenario.liveEndpoint(id: "vpce-2", tags: taggedTwice),
                ])
            ),
            ("a gone copy and no live one", try Scenario.inventory(endpoints: [gone])),
            (
                "an undeclared service with principals",
                try Scenario.inventory(
                    services: [
                        Scenario.liveService,
                        Scenario.liveService.replacingOccurrences(of: "vpce-svc-1", with: "vpce-svc-2"),
                    ],
                    principals: [
                        Records.principal("arn:aws:iam::222222222222:root"),
                        Records.principal("arn:aws:iam::333333333333:root").replacingOccurrences(
                            of: "vpce-svc-1", with: "vpce-svc-2"),
                    ])
            ),
            ("a policy that is not JSON", try Scenario.inventory(endpoints: [Scenario.liveEndpoint(policy: "{not")])),
        ]
    }

    @Test func storedRecordsGiveTheReportValuesGive() throws {
        let detector = DriftDetector()
        let templates = [Desired.template(try Scenario.resources())]
        var findings = 0
        for (name, inventory) in try Self.inventories() {
            let fromValues = detector.detect(templates, inventory: inventory, succeededScopes: [Fixture.scope])
            let fromStored = detector.detect(
                templates, inventory: try Self.stored(inventory), succeededScopes: [Fixture.scope])
            #expect(fromStored == fromValues, "\(name)")
            #expect(fromStored.findings.map(\.message) == fromValues.findings.map(\.message), "\(name)")
            findings += fromValues.findings.count
        }
        // The cases drift and match by tags: a comparison of two empty reports would prove nothing.
        #expect(findings >= 10)
        let tagged = detector.detect(
            templates, inventory: try Self.stored(try Self.inventories()[2].inventory), succeededScopes: [Fixture.scope]
        )
        #expect(tagged.matched.first { $0.logicalId == "EC2Endpoint" }?.method == .cloudFormationTags)
    }

    @Test func tagsAreReadAsTheirKeysAndValuesWhicheverWayTheRecordIsHeld() throws {
        let tags =
            #"[{"Key":"\#(Self.stackName)","Value":"b"},{"Key":"\#(Self.stackName)","Value":"a"},{"Key":"\#(Self.logicalId)"},[1],{"Key":1,"Value":"x"}]"#
        let inventory = try Scenario.inventory(endpoints: [Scenario.liveEndpoint(tags: tags)])
        let stored = try Self.stored(inventory)
        let pairs = stored.vpcEndpoints[0].record.stringPairs("Tags", "Key", "Value")
        #expect(pairs.map(\.0) == [Self.stackName, Self.stackName, Self.logicalId])
        #expect(pairs.map(\.1) == ["b", "a", nil])
        let plain = inventory.vpcEndpoints[0].record.stringPairs("Tags", "Key", "Value")
        #expect(plain.map(\.0) == pairs.map(\.0) && plain.map(\.1) == pairs.map(\.1))
    }
}
