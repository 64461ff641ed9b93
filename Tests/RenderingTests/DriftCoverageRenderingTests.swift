import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

/// A drift check that could compare nothing must say so in every format, and list each resource it could not
/// compare with the reason: "No findings" alone would read as "no drift".
@Suite struct DriftCoverageRenderingTests {
    /// Three declared resources, none compared: the scope is unknown, an import cannot be resolved, a transform.
    static let notVerified = [
        UncheckedItem(
            resourceType: "AWS::EC2::VPCEndpointService", logicalId: "Service",
            reason: "no live match, and the template's account and region are unknown (pass --account and --region)",
            source: SourceLocation(file: "stacks/provider.yaml", line: 12)),
        UncheckedItem(
            resourceType: "AWS::EC2::VPCEndpointServicePermissions", logicalId: "Permissions", attribute: "ServiceId",
            reason: "Fn::ImportValue provider-ServiceId is not in the snapshot's exports",
            source: SourceLocation(file: "stacks/access.yaml", line: 9)),
        UncheckedItem(
            resourceType: "AWS::EC2::VPCEndpoint", logicalId: "Endpoint",
            reason: "transform AWS::Serverless-2016-10-31 is expanded by CloudFormation at deploy time",
            source: SourceLocation(file: "stacks/consumer.yaml", line: 30)),
    ]

    static func input(verified: Int) -> ReportInput {
        ReportInput(
            title: "PrivateLink drift", generatedAt: ReportFixtures.generatedAt,
            snapshot: ReportSnapshot(
                id: 3, takenAt: ReportFixtures.takenAt, status: .complete,
                scopes: [ScopeStatus(scope: ReportFixtures.scope, state: .ok)]),
            findings: [], notVerified: notVerified,
            driftCoverage: DriftCoverage(declared: 3 + verified, verified: verified, notVerified: 3, notChecked: 0),
            plinvVersion: "9.9.9")
    }

    static func render(_ format: ReportFormat, _ input: ReportInput) throws -> String {
        try format.makeRenderer(templateDirectory: nil).render(input)
    }

    @Test(arguments: ["text", "md", "html", "json"])
    func everyFormatListsEachUnverifiedResourceWithItsReason(format: String) throws {
        let input = Self.input(verified: 0)
        // Text wraps at the terminal width; wide enough here that a reason's first words share a line.
        let output =
            format == "text"
            ? try TextRenderer(width: 10_000).render(input)
            : try Self.render(try #require(ReportFormat(rawValue: format)), input)
        for item in Self.notVerified {
            #expect(output.contains(item.logicalId), "\(format) lacks \(item.logicalId)")
            // HTML and JSON escape some characters of the reasons; every reason's leading words survive as written.
            let words = item.reason.split(separator: " ").prefix(3).joined(separator: " ")
            #expect(output.contains(words), "\(format) lacks the reason of \(item.logicalId)")
        }
    }

    @Test(arguments: ["text", "md", "html"])
    func aRunThatVerifiedNothingSaysSoInsteadOfNoFindings(format: String) throws {
        let nothing = Self.input(verified: 0)
        let some = Self.input(verified: 2)
        func render(_ input: ReportInput) throws -> String {
            format == "text"
                ? try TextRenderer().render(input)
                : try Self.render(try #require(ReportFormat(rawValue: format)), input)
        }
        #expect(try render(nothing).contains("Nothing was verified"))
        #expect(!(try render(some)).contains("Nothing was verified"))
        #expect(
            try render(some).contains("Drift: 5 declared resources of the checked types, 2 verified, 3 not verified"))
        if format == "text" {
            #expect(!(try render(nothing)).contains("\nNo findings.\n"))
        }
        if format == "md" {
            // Not folded away when it is the whole story.
            #expect(!(try render(nothing)).contains("<summary>Template resources and values plinv did not compare"))
            #expect(try render(some).contains("<summary>Template resources and values plinv did not compare"))
        }
    }

    @Test func jsonCarriesCoverageNotVerifiedAndVersionBesideTheContract() throws {
        let text = try JSONRenderer().render(Self.input(verified: 0))
        let document = try JSONValue.parse(text)
        #expect(document["findings"] == .array([]))
        #expect(
            document["coverage"]
                == .object([
                    "declared": .integer(3), "verified": .integer(0), "notVerified": .integer(3),
                    "notChecked": .integer(0),
                ]))
        #expect(document["plinvVersion"] == .string("9.9.9"))
        #expect(document["generatedAt"] == .string("2026-11-18T11:06:40Z"))
        let rows = try #require(document["notVerified"]?.arrayValue)
        #expect(rows.count == 3)
        let permissions = try #require(rows.first { $0["logicalId"] == .string("Permissions") })
        #expect(permissions["attribute"] == .string("ServiceId"))
        #expect(permissions["source"] == .object(["file": .string("stacks/access.yaml"), "line": .integer(9)]))
        #expect(document["notChecked"] == .array([]))
    }

    @Test func sarifWarnsWhenNothingWasVerifiedAndOnlyThen() throws {
        func notes(_ input: ReportInput) throws -> [JSONValue] {
            let log = try JSONValue.parse(try SARIFRenderer().render(input))
            let invocation = log["runs"]?[0]?["invocations"]?[0]
            return invocation?["toolExecutionNotifications"]?.arrayValue ?? []
        }
        let warnings = try notes(Self.input(verified: 0))
        #expect(warnings.map { $0["level"] } == [.string("warning")])
        #expect(warnings.first?["message"]?["text"]?.stringValue?.contains("Nothing was verified") == true)
        #expect(try notes(Self.input(verified: 2)).isEmpty)
    }

    @Test func aReportWithoutDriftHasNoCoverageMembers() throws {
        var input = Self.input(verified: 0)
        input.driftCoverage = nil
        input.notVerified = []
        let document = try JSONValue.parse(try JSONRenderer().render(input))
        #expect(document["coverage"] == nil && document["notVerified"] == nil && document["notChecked"] == nil)
    }
}
