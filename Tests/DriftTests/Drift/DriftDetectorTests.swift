import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

@Suite struct DriftDetectorTests {
    let detector = DriftDetector()

    func detect(
        _ resources: [DesiredResource], _ inventory: Inventory, succeeded: Set<Scope> = [Fixture.scope]
    ) -> DriftReport {
        detector.detect([Desired.template(resources)], inventory: inventory, succeededScopes: succeeded)
    }

    @Test func theSeedScenarioMatchesWithoutDrift() throws {
        let report = detect(try Scenario.resources(), try Scenario.inventory())
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.notVerified.isEmpty, "\(report.notVerified)")
        let matched = Dictionary(uniqueKeysWithValues: report.matched.map { ($0.logicalId, $0) })
        #expect(matched["NLB"]?.resourceId == Scenario.nlbArn)
        #expect(matched["NLB"]?.method == .naturalKey)
        #expect(matched["EndpointService"]?.resourceId == "vpce-svc-1")
        #expect(matched["EndpointServicePermissions"]?.method == .service)
        #expect(matched["EndpointSG"]?.resourceId == "sg-1")
        #expect(matched["EC2Endpoint"]?.resourceId == "vpce-1")
    }

    @Test func typesOutsideTheListAreNotCheckedButListed() throws {
        let report = detect(try Scenario.resources(), try Scenario.inventory())
        #expect(report.notChecked.map(\.logicalId).sorted() == ["Cert", "Ec2ServiceSecurityGroup"])
        let cert = try #require(report.notChecked.first { $0.logicalId == "Cert" })
        #expect(cert.resourceType == "AWS::CertificateManager::Certificate")
        #expect(cert.source == SourceLocation(file: Desired.file, line: 5))
    }

    @Test func cloudFormationTagsMatchBeforeNaturalKeys() throws {
        let tags =
            #"[{"Key":"aws:cloudformation:logical-id","Value":"EC2Endpoint"},{"Key":"aws:cloudformation:stack-name","Value":"app"}]"#
        // Two endpoints share the natural key; the tags pick the right one.
        let inventory = try Scenario.inventory(endpoints: [
            Scenario.liveEndpoint(id: "vpce-1"), Scenario.liveEndpoint(id: "vpce-2", tags: tags),
        ])
        let report = detect(try Scenario.resources(), inventory)
        let endpoint = try #require(report.matched.first { $0.logicalId == "EC2Endpoint" })
        #expect(endpoint.resourceId == "vpce-2")
        #expect(endpoint.method == .cloudFormationTags)
        #expect(report.findings.map(\.rule) == ["drift.unmanaged"])
        #expect(report.findings.first?.resourceId == "vpce-1")
    }

    @Test func tagsOfAnotherStackDoNotMatch() throws {
        // vpce-2 belongs to stack "other": neither a tag match nor a natural-key candidate. The untagged vpce-1 is
        // the only candidate left, matched by natural key (and marked so); vpce-2 is nobody's here: unmanaged.
        let tags =
            #"[{"Key":"aws:cloudformation:logical-id","Value":"EC2Endpoint"},{"Key":"aws:cloudformation:stack-name","Value":"other"}]"#
        let inventory = try Scenario.inventory(endpoints: [
            Scenario.liveEndpoint(id: "vpce-1"), Scenario.liveEndpoint(id: "vpce-2", tags: tags),
        ])
        let report = detect(try Scenario.resources(), inventory)
        let endpoint = try #require(report.matched.first { $0.logicalId == "EC2Endpoint" })
        #expect(endpoint.resourceId == "vpce-1" && endpoint.method == .naturalKey)
        #expect(report.findings.map(\.rule) == ["drift.unmanaged"])
        #expect(report.findings.first?.resourceId == "vpce-2")
    }

    @Test func twoLiveCandidatesByNaturalKeyAreAmbiguousNeverAGuess() throws {
        let inventory = try Scenario.inventory(endpoints: [
            Scenario.liveEndpoint(id: "vpce-1"), Scenario.liveEndpoint(id: "vpce-2"),
        ])
        let report = detect(try Scenario.resources(), inventory)
        #expect(report.matched.first { $0.logicalId == "EC2Endpoint" } == nil)
        let ambiguous = try #require(report.findings.first { $0.rule == "drift.ambiguous" })
        #expect(ambiguous.logicalId == "EC2Endpoint")
        #expect(ambiguous.actual == .array([.string("vpce-1"), .string("vpce-2")]))
        #expect(report.findings.count == 1, "\(report.findings.map(\.message))")
    }

    @Test func aLoadBalancerWithoutNameMatchesOnlyByTag() throws {
        let untagged = try Scenario.inventory()
        let noName = try Scenario.resources(lbName: nil)
        let report = detect(noName, untagged)
        #expect(report.notVerified.contains { $0.logicalId == "NLB" && $0.attribute == nil })
        // The service's key is the load balancer's live ARN: with the NLB unmatched it cannot be formed.
        #expect(report.notVerified.contains { $0.logicalId == "EndpointService" && $0.reason.contains("!Ref NLB") })
        #expect(!report.findings.contains { $0.kind == .missing })

        let tagged = Scenario.liveLoadBalancer.replacingOccurrences(
            of: #""Type":"network""#,
            with:
                #""Type":"network","Tags":[{"Key":"aws:cloudformation:logical-id","Value":"NLB"},{"Key":"aws:cloudformation:stack-name","Value":"app"}]"#
        )
        let byTag = detect(noName, try Scenario.inventory(loadBalancers: [tagged]))
        #expect(byTag.matched.first { $0.logicalId == "NLB" }?.method == .cloudFormationTags)
        #expect(byTag.matched.first { $0.logicalId == "EndpointService" }?.resourceId == "vpce-svc-1")
        #expect(byTag.findings.isEmpty)
    }

    @Test func missingIsReportedOnlyForScopesCollectedSuccessfully() throws {
        let inventory = try Scenario.inventory(endpoints: [])
        let collected = detect(try Scenario.resources(), inventory)
        let missing = try #require(collected.findings.first { $0.kind == .missing })
        #expect(missing.logicalId == "EC2Endpoint")
        #expect(missing.rule == "drift.missing")
        #expect(missing.severity == .medium)
        #expect(missing.source == SourceLocation(file: Desired.file, line: 50))

        let failed = detect(try Scenario.resources(), inventory, succeeded: [])
        #expect(!failed.findings.contains { $0.kind == .missing })
        #expect(failed.notVerified.contains { $0.logicalId == "EC2Endpoint" && $0.reason.contains("not collected") })
    }

    @Test func aMissingServiceIsHigh() throws {
        let report = detect(try Scenario.resources(), try Scenario.inventory(services: [], principals: []))
        let missing = try #require(report.findings.first { $0.logicalId == "EndpointService" })
        #expect(missing.kind == .missing && missing.severity == .high)
        // Its permissions cannot be bound to anything: not verified, not a second missing finding.
        #expect(report.notVerified.contains { $0.logicalId == "EndpointServicePermissions" })
    }

    @Test func changedAttributeCarriesExpectedActualAndTheTemplateLine() throws {
        let service = Scenario.liveService.replacingOccurrences(
            of: #""AcceptanceRequired":true"#, with: #""AcceptanceRequired":false"#)
        let report = detect(try Scenario.resources(), try Scenario.inventory(services: [service]))
        let finding = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(finding.kind == .changed)
        #expect(finding.rule == "drift.changed")
        #expect(finding.severity == .high)
        #expect(finding.attribute == "AcceptanceRequired")
        #expect(finding.expected == .bool(true) && finding.actual == .bool(false))
        #expect(finding.logicalId == "EndpointService" && finding.resourceId == "vpce-svc-1")
        #expect(finding.source == SourceLocation(file: Desired.file, line: Scenario.Line.acceptance))
    }

    @Test func setsCompareAsSets() throws {
        // Live lists subnets in the other order: no drift. One subnet fewer: drift.
        #expect(detect(try Scenario.resources(), try Scenario.inventory()).findings.isEmpty)
        let oneSubnet = Scenario.liveEndpoint().replacingOccurrences(
            of: #"["subnet-b","subnet-a"]"#, with: #"["subnet-a"]"#)
        let report = detect(try Scenario.resources(), try Scenario.inventory(endpoints: [oneSubnet]))
        #expect(report.findings.map(\.attribute) == ["SubnetIds"])
    }
}
