import Drift
import Foundation
import PrivateLinkModel
import Testing

@Suite struct AuditorTests {
    let auditor = Auditor()

    func run(_ testCase: AuditCase) throws -> [Finding] {
        let inventory = try Fixture.inventory(
            services: testCase.services, principals: testCase.principals, connections: testCase.connections,
            endpoints: testCase.endpoints, groups: testCase.groups)
        return auditor.audit(
            inventory, succeededScopes: testCase.scopeSucceeded ? [Fixture.scope] : [],
            trustedAccounts: testCase.trusted, now: Fixture.now)
    }

    @Test(arguments: AuditCase.all)
    func ruleFiresExactlyWhenItShould(_ testCase: AuditCase) throws {
        let fired = try run(testCase).filter { $0.rule == testCase.rule }
        #expect(fired.isEmpty != testCase.fires, "\(fired.map(\.message))")
        for finding in fired {
            #expect(finding.kind == .audit)
            #expect(finding.severity == AuditRule(rawValue: testCase.rule)?.severity)
            #expect(finding.remediation?.isEmpty == false)
            #expect(finding.account == Fixture.scope.account && finding.region == Fixture.scope.region)
        }
    }

    @Test func endpointsSharingAndAlternatingPoliciesGetTheirOwnVerdicts() throws {
        // The PL008 cases' endpoints twice over in one audit, so that equal policies follow each other and differ
        // from the one before: each endpoint's finding must be the one it gets audited alone.
        let cases = AuditCase.all.filter { $0.rule == "PL008" }
        var endpoints: [String] = []
        var alone: [String: [String]] = [:]
        for (index, testCase) in (cases + cases + cases.reversed()).enumerated() {
            let id = "vpce-\(String(format: "%03d", index))"
            let records = testCase.endpoints.map {
                $0.replacingOccurrences(of: #""VpcEndpointId":"vpce-1""#, with: #""VpcEndpointId":"\#(id)""#)
            }
            endpoints += records
            var single = testCase
            single.endpoints = records
            alone[id] = try run(single).filter { $0.rule == "PL008" }.map(\.message)
        }
        let together = try run(AuditCase(rule: "PL008", fires: true, name: "all", endpoints: endpoints))
            .filter { $0.rule == "PL008" }
        let messages = Dictionary(grouping: together, by: \.resourceId).mapValues { $0.map(\.message) }
        #expect(messages == alone.filter { !$0.value.isEmpty })
        #expect(together.count == 3 * cases.filter(\.fires).count)
    }

    @Test func endpointsInARowGetTheirOwnTypeAndStateInAnyCase() throws {
        // Endpoints in a row share their lowercased type and state checks only when they are the same: each must get
        // the findings it gets audited alone, with its own type in the message.
        let types = ["Interface", "INTERFACE", "Gateway", "interface", "Gateway", "GatewayLoadBalancer", "Interface"]
        let states = ["available", "Failed", "REJECTED", "Deleting", "expired", "pendingAcceptance", "failed"]
        var endpoints: [String] = []
        var alone: [String: [String]] = [:]
        for (index, (type, state)) in zip(types + types, states + states.reversed()).enumerated() {
            let id = "vpce-\(String(format: "%03d", index))"
            let record = Records.endpoint(id: id, type: type, state: state, subnets: ["subnet-a"])
            endpoints.append(record)
            alone[id] = try run(AuditCase(rule: "", fires: false, name: id, endpoints: [record])).map {
                "\($0.rule) \($0.message)"
            }
        }
        let together = try run(AuditCase(rule: "", fires: false, name: "all", endpoints: endpoints))
        let messages = Dictionary(grouping: together, by: \.resourceId).mapValues {
            $0.map { "\($0.rule) \($0.message)" }
        }
        #expect(messages == alone.filter { !$0.value.isEmpty })
        // PL011 for failed and rejected in any case; PL008 and PL010 only for live interface endpoints.
        #expect(together.filter { $0.rule == "PL011" }.count == 6)
        #expect(together.filter { $0.rule == "PL008" }.count == 3)
        #expect(together.contains { $0.message.hasPrefix("The gateway endpoint ") && $0.rule == "PL011" })
    }

    @Test func fullAccessMessagesReadAsWritten() throws {
        let endpoint =
            "The interface endpoint vpce-1 to com.amazonaws.eu-west-1.ec2 in VPC vpc-1 (111111111111/eu-west-1)"
        let reach = ": anyone who can reach it may use any account's com.amazonaws.eu-west-1.ec2 resources through it."
        let deny =
            #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"},"#
            + #"{"Effect":"Deny","Principal":"*","Action":"ec2:Delete*","Resource":"*"}]}"#
        let expected = [
            (Records.endpoint(), " has no policy, so the default full-access policy applies"),
            (
                Records.endpoint(policy: Records.fullPolicy),
                " has a policy that allows every principal every action on every resource"
            ),
            (
                Records.endpoint(policy: deny),
                " has a policy that allows every principal every action on every resource (its Deny statements take "
                    + "away only ec2:Delete*)"
            ),
        ]
        for (record, source) in expected {
            let findings = try run(AuditCase(rule: "PL008", fires: true, name: "message", endpoints: [record]))
            #expect(findings.filter { $0.rule == "PL008" }.map(\.message) == [endpoint + source + reach])
        }
    }

    @Test func everyRuleHasAFiringAndAQuietCase() {
        for rule in AuditRule.allCases {
            let cases = AuditCase.all.filter { $0.rule == rule.id }
            #expect(cases.contains { $0.fires }, "\(rule.id) never fires")
            #expect(cases.contains { !$0.fires }, "\(rule.id) is never quiet")
        }
    }

    @Test func severitiesAreDesignMdTable() {
        let expected: [String: Severity] = [
            "PL001": .critical, "PL002": .high, "PL003": .high, "PL004": .high, "PL005": .medium, "PL006": .medium,
            "PL007": .medium, "PL008": .medium, "PL009": .high, "PL010": .low, "PL011": .info,
        ]
        #expect(Dictionary(uniqueKeysWithValues: AuditRule.allCases.map { ($0.id, $0.severity) }) == expected)
    }

    @Test func messagesNameWhoAndWhat() throws {
        let findings = try run(
            AuditCase(
                rule: "PL004", fires: true, name: "", services: [Records.service()],
                principals: [Records.principal("arn:aws:iam::222222222222:root")],
                connections: [Records.connection(owner: "333333333333")], trusted: ["222222222222"]))
        let pl004 = try #require(findings.first { $0.rule == "PL004" })
        #expect(pl004.message.contains("333333333333"))
        #expect(pl004.message.contains("vpce-svc-1"))
        #expect(pl004.message.contains("vpce-c1"))
        #expect(pl004.resourceType == "AWS::EC2::VPCEndpointConnection")
    }

    @Test func securityGroupFindingNamesItsEndpointsAndOpenRules() throws {
        let findings = try run(
            AuditCase(
                rule: "PL009", fires: true, name: "", endpoints: [Records.endpoint()],
                groups: [Records.group(ingressCidr: "0.0.0.0/0")]))
        let finding = try #require(findings.first { $0.rule == "PL009" })
        #expect(finding.resourceId == "sg-1")
        #expect(finding.message.contains("vpce-1"))
        #expect(finding.message.contains("tcp 443"))
        #expect(finding.actual?.arrayValue?.count == 1)
    }

    @Test func findingsAreSortedMostSevereFirstAndIdsAreStable() throws {
        let testCase = AuditCase(
            rule: "", fires: true, name: "", services: [Records.service(acceptance: false)],
            principals: [Records.principal("*"), Records.principal("333333333333")],
            endpoints: [Records.endpoint(subnets: ["subnet-a"])])
        let first = try run(testCase)
        let second = try run(testCase)
        #expect(first.map(\.id) == second.map(\.id))
        #expect(Set(first.map(\.id)).count == first.count)
        #expect(first.map(\.severity.rank) == first.map(\.severity.rank).sorted(by: >))
        #expect(first.first?.rule == "PL001")
    }
}
