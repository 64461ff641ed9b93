import Drift
import Foundation
import PrivateLinkModel
import Testing

@testable import Rendering

/// The JSON report is written directly, and must be byte for byte what `JSONEncoder` made of the contract's types.
@Suite struct PrettyJSONWriterTests {
    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `body` writing into a fresh writer, as text.
    static func written(_ body: (inout PrettyJSONWriter, inout ReportBuffer) -> Void) -> String {
        var output = ReportBuffer()
        var json = PrettyJSONWriter()
        body(&json, &output)
        return output.text
    }

    static let values: [JSONValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-42), .integer(Int.max),
        .double(1.5), .double(1), .double(0.1), .double(1e20), .double(1e-7), .double(-0.0), .double(123_456_789.123),
        .string(""),
        .string("a/b \"q\" \\ \u{0}\u{1}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1F}\u{7F} é \u{202E} \u{2028} 東京"),
        .array([]), .object([:]), .array([.array([]), .object([:])]),
        .object([
            "b": .integer(1), "B": .integer(2), "a": .null, "_": .bool(true), "é": .string("x"), "a10": .integer(3),
            "a9": .integer(4),
        ]),
        .object(["nested": .object(["list": .array([.integer(1), .object(["k": .string("v")])])])]),
    ]

    @Test func valuesAreSpelledAsJSONEncoderSpellsThem() throws {
        for value in Self.values + [.array(Self.values)] {
            #expect(Self.written { $0.value(value, &$1) } == (try Self.encoded(value)), "\(value)")
        }
    }

    @Test func findingsAndItemsAreSpelledAsTheirEncodable() throws {
        var findings = ReportFixtures.findings + ReportFixtures.changes + HostileInputTests.report().allFindings
        let first = findings[0]
        findings[0] = Finding(
            id: first.id, kind: first.kind, rule: first.rule, severity: first.severity,
            resourceType: first.resourceType, resourceId: first.resourceId, logicalId: first.logicalId,
            account: first.account, region: first.region, attribute: first.attribute, expected: first.expected,
            actual: first.actual, message: first.message, remediation: first.remediation, source: first.source,
            matchedBy: "tags")
        let written = Self.written { json, output in
            json.beginArray(&output)
            for finding in findings { json.write(finding, &output) }
            json.end(&output)
        }
        #expect(written == (try Self.encoded(findings)))
        let items =
            HostileInputTests.report().notChecked + ReportFixtures.report().notVerified
            + [UncheckedItem(resourceType: "T", logicalId: "L", reason: "r", scope: Scope(account: "1", region: "r"))]
        #expect(Self.written { $0.write(items, &$1) } == (try Self.encoded(items)))
    }

    @Test func problemsAreSpelledAsTheirFormerEncodable() throws {
        let problems = try #require(HostileInputTests.report().problems).problems
        let written = Self.written { json, output in
            json.beginArray(&output)
            for problem in problems { json.write(problem, &output) }
            json.end(&output)
        }
        #expect(written == (try Self.encoded(problems.map(ProblemsJSON.Entry.init))))
    }
}

/// The encoding the JSON report's `problems` member had while it went through `JSONEncoder`, kept as the reference.
struct ProblemsJSON: Encodable {
    /// One problem as JSON.
    struct Entry: Encodable {
        let id: String
        let severity: String
        let title: String
        let remediation: String?
        let resourceType: String
        let resourceId: String
        let principal: String?
        let account: String
        let region: String
        let rules: [String]
        let findingIds: [String]
        let lifecycle: String
        let firstSeen: String?
        let isEvent: Bool
        let suppression: Suppression?
        let source: Drift.SourceLocation?

        /// `{"reason","owner","expires","inForce","source"}`.
        struct Suppression: Encodable {
            let reason: String
            let owner: String
            let expires: String?
            let inForce: Bool
            let source: Drift.SourceLocation
        }

        init(_ problem: Problem) {
            id = problem.id
            severity = problem.severity.rawValue
            title = problem.title
            remediation = problem.remediation
            resourceType = problem.resourceType
            resourceId = problem.resourceId
            principal = problem.principal
            account = problem.account
            region = problem.region
            rules = problem.rules
            findingIds = problem.findingIds
            lifecycle = problem.lifecycle.rawValue
            firstSeen = problem.firstSeen.map(ValueText.date)
            isEvent = problem.isEvent
            suppression = problem.suppression.map {
                Suppression(
                    reason: $0.reason, owner: $0.owner, expires: $0.expires, inForce: $0.isInForce, source: $0.source)
            }
            source = problem.source
        }
    }
}
