import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// Matching never guesses: physical ids first, then CloudFormation tags, then natural keys; a live resource is
/// claimed once, foreign CloudFormation tags are never a natural-key match, and a natural-key match says so.
@Suite struct DriftMatchingTests {
    static let endpointType = "AWS::EC2::VPCEndpoint"

    func detect(_ template: LoadedTemplate, _ inventory: Inventory) -> DriftReport {
        DriftDetector().detect([template], inventory: inventory, succeededScopes: [Fixture.scope])
    }

    /// CloudFormation's tags for `logicalId` in `stack`, as the API lists them.
    static func tags(_ logicalId: String, stack: String = "app") -> String {
        #"[{"Key":"aws:cloudformation:logical-id","Value":"\#(logicalId)"},{"Key":"aws:cloudformation:stack-name","Value":"\#(stack)"}]"#
    }

    /// The scenario plus a second endpoint declaration identical to `EC2Endpoint` but for its logical id.
    static func twoEndpoints(first: String = "EC2Endpoint", second: String = "EC2EndpointCopy") throws
        -> [DesiredResource]
    {
        var resources = try Scenario.resources()
        let index = try #require(resources.firstIndex { $0.logicalId == "EC2Endpoint" })
        resources[index].logicalId = first
        var copy = resources[index]
        copy.logicalId = second
        copy.location = Desired.at(80)
        resources.append(copy)
        return resources
    }

    @Test func aPhysicalIdMatchesExactlyAndBeforeAnyKey() throws {
        // Two live endpoints share the natural key; neither is tagged. The stack's physical id says which one.
        var template = Desired.template(try Scenario.resources())
        template.physicalIds = ["EC2Endpoint": "vpce-2"]
        let inventory = try Scenario.inventory(endpoints: [
            Scenario.liveEndpoint(id: "vpce-1"), Scenario.liveEndpoint(id: "vpce-2"),
        ])
        let report = detect(template, inventory)
        let endpoint = try #require(report.matched.first { $0.logicalId == "EC2Endpoint" })
        #expect(endpoint.resourceId == "vpce-2")
        #expect(endpoint.method == .physicalId)
        #expect(!report.findings.contains { $0.rule == "drift.ambiguous" })
        #expect(report.findings.map(\.rule) == ["drift.unmanaged"])
        #expect(report.findings.first?.resourceId == "vpce-1")
    }

    @Test func aPhysicalIdNotFoundLiveIsMissingEvenWhenAKeyWouldMatch() throws {
        var template = Desired.template(try Scenario.resources())
        template.physicalIds = ["EC2Endpoint": "vpce-deleted"]
        let report = detect(template, try Scenario.inventory())
        let missing = try #require(report.findings.first { $0.logicalId == "EC2Endpoint" && $0.kind == .missing })
        #expect(missing.rule == "drift.missing" && missing.severity == .medium)
        #expect(missing.expected == .string("physical id vpce-deleted"))
        #expect(!report.matched.contains { $0.logicalId == "EC2Endpoint" })
        // The live endpoint with the same natural key is not adopted: it is another resource.
        #expect(report.findings.contains { $0.rule == "drift.unmanaged" && $0.resourceId == "vpce-1" })
    }

    @Test func physicalIdsAreClaimedBeforeAnyNaturalKeyIsTried() throws {
        // `EC2Endpoint` is declared first and its natural key finds vpce-2 only; but vpce-2 is the physical id
        // of `EC2EndpointCopy`, declared later. Claims by physical id come first, so vpce-2 is not adopted twice.
        var template = Desired.template(try Self.twoEndpoints())
        template.physicalIds = ["EC2EndpointCopy": "vpce-2"]
        let report = detect(template, try Scenario.inventory(endpoints: [Scenario.liveEndpoint(id: "vpce-2")]))
        #expect(report.matched.first { $0.logicalId == "EC2EndpointCopy" }?.resourceId == "vpce-2")
        #expect(!report.matched.contains { $0.logicalId == "EC2Endpoint" })
        let missing = try #require(report.findings.first { $0.logicalId == "EC2Endpoint" })
        #expect(missing.rule == "drift.missing")
        #expect(report.findings.count == 1, "\(report.findings.map(\.message))")
    }

    @Test func aResourceTaggedByAnotherLogicalIdIsNeverANaturalKeyMatch() throws {
        let foreign = Scenario.liveEndpoint(id: "vpce-1", tags: Self.tags("SomebodyElsesEndpoint"))
        let report = detect(Desired.template(try Scenario.resources()), try Scenario.inventory(endpoints: [foreign]))
        #expect(!report.matched.contains { $0.logicalId == "EC2Endpoint" })
        let missing = try #require(report.findings.first { $0.logicalId == "EC2Endpoint" })
        #expect(missing.rule == "drift.missing" && missing.kind == .missing)
        #expect(!report.findings.contains { $0.rule == "drift.changed" })
    }

    @Test func aResourceTaggedByAnotherStackIsNeverANaturalKeyMatch() throws {
        let foreign = Scenario.liveEndpoint(id: "vpce-1", tags: Self.tags("EC2Endpoint", stack: "another-team"))
        let report = detect(Desired.template(try Scenario.resources()), try Scenario.inventory(endpoints: [foreign]))
        #expect(!report.matched.contains { $0.logicalId == "EC2Endpoint" })
        #expect(report.findings.first { $0.logicalId == "EC2Endpoint" }?.rule == "drift.missing")
    }

    @Test func aResourceMatchedByTagIsNotAdoptedAgainByANaturalKey() throws {
        // vpce-1 carries EC2EndpointCopy's tags; EC2Endpoint has the same natural key and must not take it.
        let tagged = Scenario.liveEndpoint(id: "vpce-1", tags: Self.tags("EC2EndpointCopy"))
        let report = detect(Desired.template(try Self.twoEndpoints()), try Scenario.inventory(endpoints: [tagged]))
        #expect(report.matched.first { $0.logicalId == "EC2EndpointCopy" }?.method == .cloudFormationTags)
        #expect(!report.matched.contains { $0.logicalId == "EC2Endpoint" })
        #expect(report.findings.map(\.rule) == ["drift.missing"])
        #expect(report.findings.first?.logicalId == "EC2Endpoint")
    }

    @Test func twoDeclarationsClaimingOneLiveResourceAreAFindingNotAGuess() throws {
        // The copy was deleted out of band; the one live endpoint matches both declarations by natural key.
        let report = detect(Desired.template(try Self.twoEndpoints()), try Scenario.inventory())
        let conflict = try #require(report.findings.first { $0.rule == "drift.conflict" })
        #expect(conflict.resourceId == "vpce-1")
        #expect(conflict.severity == .medium)
        #expect(conflict.message.contains("EC2Endpoint") && conflict.message.contains("EC2EndpointCopy"))
        #expect(conflict.actual == .array([.string("EC2Endpoint"), .string("EC2EndpointCopy")]))
        #expect(!report.matched.contains { $0.resourceId == "vpce-1" })
        #expect(!report.findings.contains { $0.kind == .missing || $0.kind == .unmanaged })
        #expect(report.findings.count == 1, "\(report.findings.map(\.message))")
        let rows = report.notVerified.filter { $0.attribute == nil && $0.reason.contains("vpce-1") }
        #expect(Set(rows.map(\.logicalId)) == ["EC2Endpoint", "EC2EndpointCopy"])
    }

    @Test func everyFindingOnANaturalKeyMatchSaysItIsAGuess() throws {
        let oneSubnet = Scenario.liveEndpoint().replacingOccurrences(
            of: #"["subnet-b","subnet-a"]"#, with: #"["subnet-a"]"#)
        let report = detect(Desired.template(try Scenario.resources()), try Scenario.inventory(endpoints: [oneSubnet]))
        let finding = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(finding.matchedBy == "naturalKey")
        #expect(finding.message.contains("matched by natural key"))

        let tagged = oneSubnet.replacingOccurrences(of: #""Tags":[]"#, with: #""Tags":\#(Self.tags("EC2Endpoint"))"#)
        let byTag = detect(Desired.template(try Scenario.resources()), try Scenario.inventory(endpoints: [tagged]))
        let exact = try #require(byTag.findings.first)
        #expect(exact.matchedBy == "tags")
        #expect(!exact.message.contains("natural key"))

        var template = Desired.template(try Scenario.resources())
        template.physicalIds = ["EC2Endpoint": "vpce-1"]
        #expect(
            detect(template, try Scenario.inventory(endpoints: [oneSubnet])).findings.first?.matchedBy == "physicalId")

        // Without a stack name, a logical-id tag could be any stack's: the match is said to be a guess.
        let noStack = try Scenario.resources().map { resource in
            var copy = resource
            copy.stackName = nil
            return copy
        }
        let unnamed = LoadedTemplate(file: Desired.file, resources: noStack, stackName: nil, scope: Fixture.scope)
        let loose = try #require(detect(unnamed, try Scenario.inventory(endpoints: [tagged])).findings.first)
        #expect(loose.matchedBy == "tags")
        #expect(loose.message.contains("logical-id tag alone"))
    }

    @Test func matchedByIsEncodedOnlyWhenKnownAndTheContractKeysStay() throws {
        let contract = [
            "id", "kind", "rule", "severity", "resourceType", "resourceId", "logicalId", "account", "region",
            "attribute", "expected", "actual", "message", "remediation", "source",
        ]
        func finding(matchedBy: String?) -> Finding {
            Finding(
                id: "x", kind: .changed, rule: "drift.changed", severity: .low, resourceType: "T",
                resourceId: "r", account: "1", region: "eu-west-1", message: "m", matchedBy: matchedBy)
        }
        let plain = try JSONValue.parse(try JSONEncoder().encode(finding(matchedBy: nil)))
        #expect(Set(plain.objectValue?.keys.map { $0 } ?? []) == Set(contract))
        let guessedFinding = finding(matchedBy: "naturalKey")
        let guessed = try JSONValue.parse(try JSONEncoder().encode(guessedFinding))
        #expect(Set(guessed.objectValue?.keys.map { $0 } ?? []) == Set(contract + ["matchedBy"]))
        #expect(guessed["matchedBy"] == .string("naturalKey"))
        #expect(
            try JSONDecoder().decode(Finding.self, from: try JSONEncoder().encode(guessedFinding)) == guessedFinding)
    }

    @Test func deletedFailedAndDeletingResourcesAreNeverUnmanaged() throws {
        let services = ["Deleted", "Failed", "Deleting"].enumerated().map { index, state in
            #"{"ServiceId":"vpce-svc-gone\#(index)","ServiceName":"n\#(index)","ServiceState":"\#(state)","AcceptanceRequired":true}"#
        }
        let endpoints = ["deleted", "failed", "Deleting"].enumerated().map { index, state in
            #"{"VpcEndpointId":"vpce-gone\#(index)","VpcEndpointType":"Interface","VpcId":"vpc-9","ServiceName":"x","State":"\#(state)"}"#
        }
        let inventory = try Scenario.inventory(
            services: [Scenario.liveService] + services, endpoints: [Scenario.liveEndpoint()] + endpoints)
        let report = detect(Desired.template(try Scenario.resources()), inventory)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }

    @Test func aFailedCopyIsMissingAndTheMessageSaysWhy() throws {
        let failed = Scenario.liveEndpoint(id: "vpce-1", tags: Self.tags("EC2Endpoint"))
            .replacingOccurrences(of: #""State":"available""#, with: #""State":"failed""#)
        let report = detect(Desired.template(try Scenario.resources()), try Scenario.inventory(endpoints: [failed]))
        let missing = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(missing.rule == "drift.missing" && missing.logicalId == "EC2Endpoint")
        #expect(missing.message.contains("vpce-1 is failed"))
    }
}
