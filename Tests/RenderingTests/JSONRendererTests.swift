import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

@Suite struct JSONRendererTests {
    @Test func findingsDocumentMatchesGolden() throws {
        try assertSnapshot(try JSONRenderer().render(ReportFixtures.report()), named: "report.json")
    }

    @Test func inventoryDocumentMatchesGolden() throws {
        try assertSnapshot(try InventoryJSONRenderer().render(ReportFixtures.report()), named: "inventory.json")
    }

    @Test func findingsDocumentHasTheContractsShape() throws {
        let document = try parse(try JSONRenderer().render(ReportFixtures.report()))
        // The contract's four members, and beside them the additions (never instead of them).
        #expect(
            document.objectValue.map { Set($0.keys) } == [
                "schemaVersion", "snapshot", "findings", "summary", "generatedAt", "comparedWith", "changeCoverage",
                "coverage", "notVerified", "notChecked",
            ])
        // The changes compared the scope collected in both snapshots, not the one that failed in the later.
        #expect(document["changeCoverage"]?["compared"] == .integer(1))
        #expect(
            document["changeCoverage"]?["notCompared"]
                == .array([.object(["account": .string(ReportFixtures.owner), "region": .string("us-east-1")])]))
        #expect(document["comparedWith"]?["id"] == .integer(5))
        #expect(document["schemaVersion"] == .integer(1))
        let snapshot = try #require(document["snapshot"])
        #expect(snapshot.objectValue.map { Set($0.keys) } == ["id", "takenAt", "status", "scopes"])
        #expect(snapshot["id"] == .integer(6))
        #expect(snapshot["takenAt"] == .string("2026-11-18T08:20:00Z"))
        #expect(snapshot["status"] == .string("partial"))
        let scopes = try #require(snapshot["scopes"]?.arrayValue)
        #expect(scopes.map { $0["status"] } == [.string("ok"), .string("failed")])
        #expect(scopes[0]["error"] == .null)
        let findings = try #require(document["findings"]?.arrayValue)
        #expect(findings.count == ReportFixtures.findings.count + ReportFixtures.changes.count)
        #expect(findings.first?["severity"] == .string("high"))
        #expect(findings.last?["severity"] == .string("info"))
        let keys: Set<String> = [
            "id", "kind", "rule", "severity", "resourceType", "resourceId", "logicalId", "account", "region",
            "attribute",
            "expected", "actual", "message", "remediation", "source",
        ]
        #expect(findings.allSatisfy { $0.objectValue.map { Set($0.keys) } == keys })
        let drift = try #require(findings.first { $0["rule"] == .string("drift.changed") })
        #expect(drift["source"] == .object(["file": .string("stacks/orders-service.yaml"), "line": .integer(42)]))
        #expect(drift["expected"] == .bool(true) && drift["actual"] == .bool(false))
        #expect(
            document["summary"]
                == .object([
                    "critical": .integer(0), "high": .integer(2), "medium": .integer(1), "low": .integer(1),
                    "info": .integer(2),
                ]))
    }

    @Test func keysAreSortedAndOutputIsStable() throws {
        let text = try JSONRenderer().render(ReportFixtures.report())
        let topKeys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
        #expect(topKeys == topKeys.sorted() && topKeys.contains("findings"))
        #expect(text.hasSuffix("}\n"))
        #expect(try JSONRenderer().render(ReportFixtures.report()) == text)
    }

    @Test func inventoryDocumentUsesAWSMemberNamesPlusAccountAndRegion() throws {
        let document = try parse(try InventoryJSONRenderer().render(ReportFixtures.report()))
        #expect(
            document.objectValue.map { Set($0.keys) } == [
                "schemaVersion", "snapshot", "endpointServices", "allowedPrincipals", "connections", "vpcEndpoints",
                "securityGroups", "loadBalancers",
            ])
        let service = try #require(document["endpointServices"]?.arrayValue?.first)
        #expect(service["ServiceId"] == .string("vpce-svc-0a1b2c3d4e5f60718"))
        #expect(service["AcceptanceRequired"] == .bool(true))
        #expect(service["Account"] == .string(ReportFixtures.owner))
        #expect(service["Region"] == .string(ReportFixtures.region))
        #expect(document["connections"]?.arrayValue?.count == 4)
    }

    @Test func reportWithoutInventoryGivesEmptyLists() throws {
        var report = ReportFixtures.report()
        report.inventory = nil
        let document = try parse(try InventoryJSONRenderer().render(report))
        #expect(document["vpcEndpoints"] == .array([]))
    }

    private func parse(_ text: String) throws -> JSONValue { try JSONValue.parse(Data(text.utf8)) }
}
