import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

@Suite struct SARIFRendererTests {
    private func render(_ report: ReportInput = ReportFixtures.report()) throws -> (String, JSONValue) {
        var report = report
        report.plinvVersion = "0.1.0"
        let text = try SARIFRenderer().render(report)
        return (text, try JSONValue.parse(Data(text.utf8)))
    }

    @Test func theReportValidatesAgainstTheSARIF210Schema() throws {
        let (text, _) = try render()
        #expect(try SARIFSchema.errors(in: text) == [])
    }

    @Test func theSchemaCheckCatchesAnInvalidLog() throws {
        // The negative control: a level SARIF does not define, and a result without a message.
        let (text, _) = try render()
        let broken = text.replacingOccurrences(of: "\"level\" : \"error\"", with: "\"level\" : \"severe\"")
        #expect(broken != text)
        #expect(try !SARIFSchema.errors(in: broken).isEmpty)
        #expect(
            try !SARIFSchema.errors(
                in: #"{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{}]}]}"#
            ).isEmpty)
    }

    @Test func oneRunByPlinvWithTheCatalogueAsRules() throws {
        let (_, log) = try render()
        #expect(log["version"] == .string("2.1.0"))
        let runs = try #require(log["runs"]?.arrayValue)
        #expect(runs.count == 1)
        let driver = try #require(runs[0]["tool"]?["driver"])
        #expect(driver["name"] == .string("plinv") && driver["version"] == .string("0.1.0"))
        let rules = try #require(driver["rules"]?.arrayValue)
        #expect(rules.compactMap { $0["id"]?.stringValue } == RuleCatalogue.entries.map(\.id))
        let pl008 = try #require(rules.first { $0["id"] == .string("PL008") })
        let entry = try #require(RuleCatalogue.entry(for: "PL008"))
        #expect(pl008["shortDescription"]?["text"] == .string(entry.title))
        #expect(pl008["help"]?["text"] == .string(entry.fix))
        #expect(pl008["defaultConfiguration"]?["level"] == .string("warning"))
        #expect(rules.first { $0["id"] == .string("PL001") }?["defaultConfiguration"]?["level"] == .string("error"))
        #expect(rules.first { $0["id"] == .string("PL011") }?["defaultConfiguration"]?["level"] == .string("note"))
    }

    @Test func everyFindingIsOneResultWithItsIdAsFingerprint() throws {
        let report = ReportFixtures.report()
        let (_, log) = try render(report)
        let results = try #require(log["runs"]?[0]?["results"]?.arrayValue)
        #expect(results.count == report.allFindings.count)
        #expect(
            Set(results.compactMap { $0["partialFingerprints"]?[SARIFRenderer.fingerprintName]?.stringValue })
                == Set(report.allFindings.map(\.id)))
        let rules = try #require(log["runs"]?[0]?["tool"]?["driver"]?["rules"]?.arrayValue)
        for result in results {
            let index = try #require(result["ruleIndex"]?.intValue)
            #expect(rules[index]["id"] == result["ruleId"], "ruleIndex points at the result's rule")
        }
    }

    @Test func driftResultsPointAtTheirTemplateLine() throws {
        var report = ReportFixtures.report()
        report.findings = [
            ReportFixtures.finding(
                "drift.changed", .high, kind: .changed, message: "AcceptanceRequired differs.",
                attribute: "AcceptanceRequired",
                logicalId: "OrdersService", source: SourceLocation(file: "stacks/orders service.yaml", line: 42)),
            ReportFixtures.finding(
                "drift.rule.extra", .medium, kind: .changed, resourceId: "sg-1", message: "Extra rule.",
                source: SourceLocation(file: "stacks/sg.yaml", line: 7)),
        ]
        report.changes = []
        let (text, log) = try render(report)
        #expect(try SARIFSchema.errors(in: text) == [])
        let results = try #require(log["runs"]?[0]?["results"]?.arrayValue)
        let places = results.map { result -> String in
            let physical = result["locations"]?[0]?["physicalLocation"]
            return
                "\(physical?["artifactLocation"]?["uri"]?.stringValue ?? "-"):\(physical?["region"]?["startLine"]?.intValue ?? 0)"
        }
        #expect(Set(places) == ["stacks/orders%20service.yaml:42", "stacks/sg.yaml:7"])
    }

    @Test func auditFindingsUseTheTemplateResourceOrALogicalLocation() throws {
        var report = ReportFixtures.report()
        report.findings = [
            ReportFixtures.finding(
                "PL006", .medium, message: "No acceptance.", logicalId: "OrdersService",
                source: SourceLocation(file: "stacks/orders.yaml", line: 12)),
            ReportFixtures.finding("PL003", .high, message: "Untrusted principal."),
        ]
        report.changes = []
        let (_, log) = try render(report)
        let results = try #require(log["runs"]?[0]?["results"]?.arrayValue)
        let declared = try #require(results.first { $0["ruleId"] == .string("PL006") })
        #expect(declared["locations"]?[0]?["physicalLocation"]?["region"]?["startLine"] == .integer(12))
        let undeclared = try #require(results.first { $0["ruleId"] == .string("PL003") })
        #expect(undeclared["locations"]?[0]?["physicalLocation"] == nil)
        #expect(
            undeclared["locations"]?[0]?["logicalLocations"]?[0]?["fullyQualifiedName"]
                == .string(
                    "\(ReportFixtures.owner)/\(ReportFixtures.region)/AWS::EC2::VPCEndpointService/vpce-svc-0a1b2c3d4e5f60718"
                ))
        #expect(undeclared["level"] == .string("error"))
    }

    @Test func failedScopesAreNotificationsAndTheRunIsNotSuccessful() throws {
        let (_, log) = try render()
        let invocation = try #require(log["runs"]?[0]?["invocations"]?[0])
        #expect(invocation["executionSuccessful"] == .bool(false))
        let notes = try #require(invocation["toolExecutionNotifications"]?.arrayValue)
        // The failed scope, then the same scope as one the changes could not compare (collected the day before).
        #expect(notes.map { $0["level"] } == [.string("error"), .string("warning")])
        #expect(notes[0]["message"]?["text"]?.stringValue?.contains("us-east-1 was not collected") == true)
        #expect(
            notes[1]["message"]?["text"]?.stringValue?.contains("us-east-1 was not collected successfully in both")
                == true)
        #expect(invocation["endTimeUtc"] == .string("2026-11-18T11:06:40Z"))
    }
}

extension JSONValue {
    /// The element at `index` of an array; nil for anything else or out of range.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
