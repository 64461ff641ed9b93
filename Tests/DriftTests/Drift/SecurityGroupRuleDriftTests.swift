import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// Security group rules compare as sets of canonical rules: EC2's default egress, protocol spellings, ports of
/// protocols that have none, and IPv6 spellings never make drift.
@Suite struct SecurityGroupRuleDriftTests {
    func detect(_ resources: [DesiredResource], _ inventory: Inventory) -> DriftReport {
        DriftDetector().detect([Desired.template(resources)], inventory: inventory, succeededScopes: [Fixture.scope])
    }

    /// The scenario with the endpoint group's `property` set to `json`.
    func resources(_ property: String, _ json: String) throws -> [DesiredResource] {
        var resources = try Scenario.resources()
        let index = try #require(resources.firstIndex { $0.logicalId == "EndpointSG" })
        resources[index].properties[property] = try Desired.json(json, line: 47)
        return resources
    }

    /// The live group with `ingress` and `egress` as its `IpPermissions` lists.
    func group(ingress: String? = nil, egress: String) -> String {
        var group = Scenario.liveGroup.replacingOccurrences(
            of: #""Description":"d","#, with: #""Description":"d","IpPermissionsEgress":\#(egress),"#)
        if let ingress {
            group = group.replacingOccurrences(
                of:
                    #"[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"10.0.0.0/16","Description":"VPC"}]}]"#,
                with: ingress)
        }
        return group
    }

    static let defaultEgress =
        #"[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}],"Ipv6Ranges":[],"UserIdGroupPairs":[],"PrefixListIds":[]}]"#

    @Test func anEmptyEgressListKeepsEC2sDefaultRule() throws {
        let report = detect(
            try resources("SecurityGroupEgress", "[]"),
            try Scenario.inventory(groups: [group(egress: Self.defaultEgress)]))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }

    @Test func undeclaredEgressIsNotCompared() throws {
        let report = detect(
            try Scenario.resources(), try Scenario.inventory(groups: [group(egress: Self.defaultEgress)]))
        #expect(report.findings.isEmpty)
    }

    @Test func declaredEgressRulesReplaceTheDefault() throws {
        // With its own egress rules declared, EC2's default rule is gone; if it is still there it is extra.
        let report = detect(
            try resources(
                "SecurityGroupEgress", #"[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIp":"10.0.0.0/8"}]"#),
            try Scenario.inventory(groups: [
                group(
                    egress:
                        #"[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]},{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"10.0.0.0/8"}]}]"#
                )
            ]))
        let extra = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(extra.rule == "drift.rule.extra" && extra.severity == .medium)
        #expect(extra.attribute == "SecurityGroupEgress")
        // The message reads as the inventory does, not as raw IpPermissions JSON.
        #expect(
            extra.message.contains("egress rule all traffic from 0.0.0.0/0 that the template does not declare"),
            "\(extra.message)")
        #expect(!extra.message.contains("{"))
    }

    @Test(arguments: [
        // (declared, live): each pair is one rule spelled two ways.
        (
            #"{"IpProtocol":"-1","FromPort":0,"ToPort":65535,"CidrIp":"10.0.0.0/16"}"#,
            #"{"IpProtocol":"-1","IpRanges":[{"CidrIp":"10.0.0.0/16"}]}"#
        ),
        (
            #"{"IpProtocol":"all","CidrIp":"10.0.0.0/16"}"#,
            #"{"IpProtocol":"-1","IpRanges":[{"CidrIp":"10.0.0.0/16"}]}"#
        ),
        (
            #"{"IpProtocol":"50","FromPort":-1,"ToPort":-1,"CidrIp":"10.0.0.0/16"}"#,
            #"{"IpProtocol":"50","IpRanges":[{"CidrIp":"10.0.0.0/16"}]}"#
        ),
        (
            #"{"IpProtocol":17,"FromPort":53,"ToPort":53,"CidrIp":"10.0.0.0/16"}"#,
            #"{"IpProtocol":"udp","FromPort":53,"ToPort":53,"IpRanges":[{"CidrIp":"10.0.0.0/16"}]}"#
        ),
        (
            #"{"IpProtocol":"ICMP","FromPort":8,"ToPort":-1,"CidrIp":"10.0.0.0/16"}"#,
            #"{"IpProtocol":"1","FromPort":8,"ToPort":-1,"IpRanges":[{"CidrIp":"10.0.0.0/16"}]}"#
        ),
        (
            #"{"IpProtocol":"58","FromPort":-1,"ToPort":-1,"CidrIpv6":"2001:DB8:0:0::/64"}"#,
            #"{"IpProtocol":"icmpv6","FromPort":-1,"ToPort":-1,"Ipv6Ranges":[{"CidrIpv6":"2001:db8::/64"}]}"#
        ),
        (
            #"{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIpv6":"2001:0db8:0000:0000:0001:0000:0000:0000/96"}"#,
            #"{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"Ipv6Ranges":[{"CidrIpv6":"2001:db8::1:0:0:0/96"}]}"#
        ),
    ])
    func oneRuleSpelledTwoWaysIsNoDrift(_ pair: (String, String)) throws {
        let report = detect(
            try resources("SecurityGroupIngress", "[\(pair.0)]"),
            try Scenario.inventory(groups: [group(ingress: "[\(pair.1)]", egress: "[]")]))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }

    @Test func aDifferentRuleIsStillDrift() throws {
        let report = detect(
            try resources(
                "SecurityGroupIngress",
                #"[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIpv6":"2001:db8::/64"}]"#),
            try Scenario.inventory(groups: [
                group(
                    ingress:
                        #"[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"Ipv6Ranges":[{"CidrIpv6":"2001:db8::1/64"}]}]"#,
                    egress: "[]")
            ]))
        #expect(Set(report.findings.map(\.rule)) == ["drift.rule.extra", "drift.rule.missing"])
    }

    /// A standalone ingress resource for `groupId`, allowing tcp 443 from 192.168.0.0/16.
    static func standaloneIngress(_ groupId: Located<DesiredValue>) -> DesiredResource {
        Desired.resource(
            "ExtraIngress", "AWS::EC2::SecurityGroupIngress", line: 95,
            [
                "GroupId": groupId, "IpProtocol": Desired.string("tcp", line: 97),
                "FromPort": Desired.value(.integer(443), line: 98),
                "ToPort": Desired.value(.integer(443), line: 99), "CidrIp": Desired.string("192.168.0.0/16", line: 100),
            ])
    }

    /// The live group with the declared ingress rule and the standalone one.
    var groupWithBothRules: String {
        group(
            ingress:
                #"[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"10.0.0.0/16"},{"CidrIp":"192.168.0.0/16"}]}]"#,
            egress: "[]")
    }

    @Test func standaloneIngressResourcesAddToTheirGroupsRules() throws {
        let resources =
            try Scenario.resources() + [Self.standaloneIngress(Desired.ref("EndpointSG", Scenario.sgType, line: 96))]
        let report = detect(resources, try Scenario.inventory(groups: [groupWithBothRules]))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        // Without it, the same live rule is extra.
        let without = detect(try Scenario.resources(), try Scenario.inventory(groups: [groupWithBothRules]))
        #expect(without.findings.map(\.rule) == ["drift.rule.extra"])
    }

    @Test func aStandaloneRuleForAnUnknownGroupSuspendsExtras() throws {
        let unknown = Desired.unknown("Fn::ImportValue shared-sg is not an export of this scope", line: 96)
        let report = detect(
            try Scenario.resources() + [Self.standaloneIngress(unknown)],
            try Scenario.inventory(groups: [groupWithBothRules]))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        let row = try #require(
            report.notVerified.first { $0.logicalId == "EndpointSG" && $0.attribute == "SecurityGroupIngress" })
        #expect(row.reason.contains("ExtraIngress") && row.reason.contains("Fn::ImportValue"))
    }

    @Test func aStandaloneRuleForAnotherGroupIsNotThisGroups() throws {
        let other = Desired.ref("Ec2ServiceSecurityGroup", Scenario.sgType, line: 96)
        let report = detect(
            try Scenario.resources() + [Self.standaloneIngress(other)],
            try Scenario.inventory(groups: [groupWithBothRules]))
        #expect(report.findings.map(\.rule) == ["drift.rule.extra"])
    }

    @Test func standaloneEgressResourcesDoNotRemoveTheDefaultEgress() throws {
        // Only egress rules in the group's own property replace EC2's default; a standalone one adds to it.
        let egress = Desired.resource(
            "ExtraEgress", "AWS::EC2::SecurityGroupEgress", line: 95,
            [
                "GroupId": Desired.ref("EndpointSG", Scenario.sgType, line: 96),
                "IpProtocol": Desired.string("tcp", line: 97),
                "FromPort": Desired.value(.integer(443), line: 98), "ToPort": Desired.value(.integer(443), line: 99),
                "CidrIp": Desired.string("10.0.0.0/8", line: 100),
            ])
        let live = group(
            egress:
                #"[{"IpProtocol":"-1","IpRanges":[{"CidrIp":"0.0.0.0/0"}]},{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"10.0.0.0/8"}]}]"#
        )
        let report = detect(
            try resources("SecurityGroupEgress", "[]") + [egress], try Scenario.inventory(groups: [live]))
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }
}
