import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

@Suite struct DriftSemanticsTests {
    func detect(_ resources: [DesiredResource], _ inventory: Inventory) -> DriftReport {
        DriftDetector().detect([Desired.template(resources)], inventory: inventory, succeededScopes: [Fixture.scope])
    }

    @Test func principalsCompareAsSetsOneFindingEach() throws {
        let resources = try Scenario.resources(principals: [
            "arn:aws:iam::222222222222:root", "arn:aws:iam::444444444444:role/Reader",
        ])
        // Live: 222… spelled as a bare account id (the same account), plus 333… that nobody declared.
        let inventory = try Scenario.inventory(principals: [
            Records.principal("222222222222"), Records.principal("arn:aws:iam::333333333333:root"),
        ])
        let report = detect(resources, inventory)
        let extra = report.findings.filter { $0.rule == "drift.principal.extra" }
        let missing = report.findings.filter { $0.rule == "drift.principal.missing" }
        #expect(extra.map(\.actual) == [.string("arn:aws:iam::333333333333:root")])
        #expect(extra.first?.kind == .unmanaged && extra.first?.severity == .high)
        #expect(missing.map(\.expected) == [.string("arn:aws:iam::444444444444:role/Reader")])
        #expect(missing.first?.kind == .missing && missing.first?.severity == .medium)
        // The second element of the AllowedPrincipals list sits on the line after the first.
        #expect(missing.first?.source?.line == Scenario.Line.principals + 2)
        #expect(report.findings.count == 2)
    }

    /// Principals of one service declared across two permissions resources compare as one set; a permissions
    /// resource naming a live service that no template declares compares against that service alone.
    @Test func principalsOfEachServiceComeFromAllItsPermissionsAndOnlyThose() throws {
        let permissionsType = "AWS::EC2::VPCEndpointServicePermissions"
        let resources =
            try Scenario.resources() + [
                Desired.resource(
                    "MorePermissions", permissionsType, line: 70,
                    [
                        "AllowedPrincipals": Desired.value(
                            .array([.string("arn:aws:iam::444444444444:root")]), line: 71),
                        "ServiceId": Desired.ref("EndpointService", Scenario.serviceType, line: 72),
                    ]),
                Desired.resource(
                    "StrayPermissions", permissionsType, line: 80,
                    [
                        "AllowedPrincipals": Desired.value(
                            .array([.string("arn:aws:iam::555555555555:root")]), line: 81),
                        "ServiceId": Desired.string("vpce-svc-9", line: 82),
                    ]),
            ]
        let strayService =
            #"{"ServiceId":"vpce-svc-9","ServiceName":"com.amazonaws.vpce.eu-west-1.vpce-svc-9","AcceptanceRequired":true}"#
        let inventory = try Scenario.inventory(
            services: [Scenario.liveService, strayService],
            principals: [
                Records.principal("arn:aws:iam::222222222222:root"),
                Records.principal("arn:aws:iam::444444444444:root"),
                #"{"ServiceId":"vpce-svc-9","Principal":"arn:aws:iam::555555555555:root"}"#,
            ])
        let report = detect(resources, inventory)
        let principalFindings = report.findings.filter { $0.rule.hasPrefix("drift.principal.") }
        #expect(
            principalFindings.isEmpty, "\(principalFindings.map { ($0.rule, $0.resourceId, $0.actual, $0.expected) })")
        // Without 444 live, the missing principal is vpce-svc-1's, declared by MorePermissions; svc-9 still matches.
        let fewer = try Scenario.inventory(
            services: [Scenario.liveService, strayService],
            principals: [
                Records.principal("arn:aws:iam::222222222222:root"),
                #"{"ServiceId":"vpce-svc-9","Principal":"arn:aws:iam::555555555555:root"}"#,
            ])
        let missing = detect(resources, fewer).findings.filter { $0.rule.hasPrefix("drift.principal.") }
        #expect(missing.map(\.rule) == ["drift.principal.missing"])
        #expect(missing.map(\.resourceId) == ["vpce-svc-1"])
        #expect(missing.map(\.logicalId) == ["MorePermissions"])
        #expect(missing.first?.source?.line == 72)  // the list's first element, on the line after the key
    }

    @Test func policyDocumentsCompareAsJSON() throws {
        // Scenario.livePolicy differs from the template only in key order and whitespace.
        #expect(detect(try Scenario.resources(), try Scenario.inventory()).findings.isEmpty)
        let narrower =
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:Describe*","Resource":"*"}]}"#
        let report = detect(
            try Scenario.resources(), try Scenario.inventory(endpoints: [Scenario.liveEndpoint(policy: narrower)]))
        let finding = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(finding.attribute == "PolicyDocument")
        #expect(finding.actual?["Statement"] != nil, "the live policy is shown as JSON")
        #expect(finding.source?.line == Scenario.Line.policy)
    }

    @Test func unknownValuesAreNotVerifiedNeverDrift() throws {
        let resources = try Scenario.resources(
            subnets: Desired.unknown("Fn::ImportValue shared-subnets cannot be resolved offline", line: 54))
        let oneSubnet = Scenario.liveEndpoint().replacingOccurrences(
            of: #"["subnet-b","subnet-a"]"#, with: #"["subnet-z"]"#)
        let report = detect(resources, try Scenario.inventory(endpoints: [oneSubnet]))
        #expect(report.findings.isEmpty)
        let entry = try #require(report.notVerified.first { $0.attribute == "SubnetIds" })
        #expect(entry.logicalId == "EC2Endpoint")
        #expect(entry.reason.contains("Fn::ImportValue"))
        #expect(entry.source.line == 54)
    }

    @Test func propertiesPlinvDoesNotCompareAreListed() throws {
        let resources = try Scenario.resources(extraEndpointProperties: [
            "VpcEndpointTags": Desired.string("x", line: 70)
        ])
        let report = detect(resources, try Scenario.inventory())
        #expect(report.findings.isEmpty)
        #expect(report.notVerified.map(\.attribute) == ["VpcEndpointTags"])
    }

    @Test func unmanagedServicesEndpointsAndTheirPrincipals() throws {
        let strayService =
            #"{"ServiceId":"vpce-svc-9","ServiceName":"com.amazonaws.vpce.eu-west-1.vpce-svc-9","AcceptanceRequired":true}"#
        let strayPrincipal = #"{"ServiceId":"vpce-svc-9","Principal":"*"}"#
        let strayEndpoint =
            #"{"VpcEndpointId":"vpce-9","VpcEndpointType":"Gateway","VpcId":"vpc-1","ServiceName":"com.amazonaws.eu-west-1.s3","State":"available"}"#
        let deletedEndpoint =
            #"{"VpcEndpointId":"vpce-8","VpcEndpointType":"Interface","VpcId":"vpc-1","ServiceName":"x","State":"deleted"}"#
        let otherScope =
            #"{"Account":"999999999999","Region":"eu-west-1","VpcEndpointId":"vpce-7","VpcEndpointType":"Interface","VpcId":"vpc-7","ServiceName":"x","State":"available"}"#
        let inventory = try Scenario.inventory(
            services: [Scenario.liveService, strayService],
            principals: [Records.principal("arn:aws:iam::222222222222:root"), strayPrincipal],
            endpoints: [Scenario.liveEndpoint(), strayEndpoint, deletedEndpoint, otherScope])
        let report = detect(try Scenario.resources(), inventory)
        let unmanaged = report.findings.filter { $0.kind == .unmanaged }
        #expect(Set(unmanaged.map(\.resourceId)) == ["vpce-svc-9", "vpce-9"])
        #expect(unmanaged.first { $0.resourceType == "AWS::EC2::VPCEndpointService" }?.severity == .medium)
        #expect(unmanaged.first { $0.resourceType == "AWS::EC2::VPCEndpoint" }?.severity == .low)
        #expect(unmanaged.contains { $0.attribute == "AllowedPrincipals" && $0.actual == .string("*") })
        #expect(report.findings.count == unmanaged.count)
    }

    @Test func securityGroupRulesCompareOneByOne() throws {
        let opened = Scenario.liveGroup.replacingOccurrences(
            of: #"{"CidrIp":"10.0.0.0/16","Description":"VPC"}"#, with: #"{"CidrIp":"0.0.0.0/0"}"#)
        let report = detect(try Scenario.resources(), try Scenario.inventory(groups: [opened]))
        let extra = try #require(report.findings.first { $0.rule == "drift.rule.extra" })
        let missing = try #require(report.findings.first { $0.rule == "drift.rule.missing" })
        #expect(extra.severity == .high)
        #expect(extra.actual?["CidrIp"] == .string("0.0.0.0/0"))
        #expect(missing.expected?["CidrIp"] == .string("10.0.0.0/16"))
        #expect(missing.source?.line == Scenario.Line.ingress + 1)
        #expect(report.findings.count == 2)
    }

    @Test func protocolNumbersAndPortTextEqualTheirNames() throws {
        var resources = try Scenario.resources()
        let index = try #require(resources.firstIndex { $0.logicalId == "EndpointSG" })
        resources[index].properties["SecurityGroupIngress"] = try Desired.json(
            #"[{"CidrIp":"10.0.0.0/16","FromPort":"443","IpProtocol":"6","ToPort":"443"}]"#, line: Scenario.Line.ingress
        )
        #expect(detect(resources, try Scenario.inventory()).findings.isEmpty)
    }

    @Test func idsAreStableAndOrderIsDeterministic() throws {
        let service = Scenario.liveService.replacingOccurrences(
            of: #""AcceptanceRequired":true"#, with: #""AcceptanceRequired":false"#)
        let stray =
            #"{"VpcEndpointId":"vpce-9","VpcEndpointType":"Gateway","VpcId":"vpc-1","ServiceName":"s3","State":"available"}"#
        let inventory = try Scenario.inventory(
            services: [service], principals: [Records.principal("333333333333")],
            endpoints: [Scenario.liveEndpoint(), stray])
        let first = detect(try Scenario.resources(), inventory)
        let second = detect(try Scenario.resources(), inventory)
        #expect(first.findings == second.findings)
        #expect(first.findings.count == 4)
        #expect(Set(first.findings.map(\.id)).count == first.findings.count)
        #expect(first.findings.map(\.severity) == [.high, .high, .medium, .low])
    }
}
