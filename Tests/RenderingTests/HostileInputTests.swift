import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

/// Tags, names, principals, template paths and messages are attacker-controlled: every renderer
/// must keep them text.
@Suite struct HostileInputTests {
    static let hostile = [
        "<script>alert(1)</script>",
        #""><img src=x onerror=alert(1)>"#,
        "| col | col |",
        "`tick` ``",
        "[x](javascript:alert(1))",
        "{{mustache}} {{{triple}}}",
        "two\nlines\r\nthree",
        "rtl \u{202E}txt.exe",
        "]]> <![CDATA[",
        "# not a heading",
        "&lt;entity&gt; &amp;",
    ]

    /// One string with every hostile piece, so each lands in every field at once.
    static let all = hostile.joined(separator: " ")

    static func report() -> ReportInput {
        let text = all
        var report = ReportFixtures.report(title: text, tag: text)
        report.findings = [
            Finding(
                id: text, kind: .changed, rule: text, severity: .critical, resourceType: text, resourceId: text,
                logicalId: text, account: text, region: text, attribute: text, expected: .string(text),
                actual: .object([text: .string(text)]), message: text, remediation: text,
                source: Drift.SourceLocation(file: text, line: 7))
        ]
        report.changes = [
            ReportFixtures.finding("change.modified", .info, kind: .change, resourceId: text, message: text)
        ]
        report.whoCanConnect = [
            ServiceAccess(
                scope: Scope(account: text, region: text), serviceId: text, serviceName: text,
                acceptanceRequired: false,
                allowedPrincipals: [text, "*"],
                connections: [
                    ConsumerConnection(account: text, vpcEndpointId: text, state: "available"),
                    ConsumerConnection(account: text, vpcEndpointId: "vpce-2", state: text),
                ])
        ]
        report.snapshot.label = text
        report.snapshot.scopes.append(
            ScopeStatus(scope: Scope(account: text, region: text), state: .failed, error: text))
        report.notChecked = [
            UncheckedItem(resourceType: text, logicalId: text, reason: text, source: .init(file: text, line: 1))
        ]
        report.trend = [
            TrendPoint(
                snapshotId: 1, takenAt: ReportFixtures.takenAt, services: 1, connections: 1, endpoints: 1, findings: 1)
        ]
        // The problems section: new, recurring, resolved, accepted (with a hostile reason) and a stale suppression.
        let place = Drift.SourceLocation(file: text, line: 3)
        func problem(_ lifecycle: Problem.Lifecycle, accepted: Bool = false) -> Problem {
            Problem(
                id: text, severity: .high, title: text, remediation: text, resourceType: text, resourceId: text,
                principal: text, account: text, region: text, topic: text, findingIds: [text], rules: [text, "PL003"],
                source: place, isEvent: false, lifecycle: lifecycle,
                firstSeen: lifecycle == .new ? nil : ReportFixtures.takenAt,
                suppression: accepted
                    ? AppliedSuppression(reason: text, owner: text, expires: text, isInForce: true, source: place) : nil
            )
        }
        report.problems = ProblemSection(
            problems: [problem(.new), problem(.recurring), problem(.recurring, accepted: true), problem(.resolved)],
            hasPrevious: true,
            stale: [Suppression(rule: text, resource: text, reason: text, owner: text, expires: text, source: place)])
        return report
    }

    @Test func theProblemsSectionIsPartOfWhatIsChecked() throws {
        // Without this, the checks below could pass because the problems section was never rendered.
        for output in [
            try HTMLRenderer().render(Self.report()), try MarkdownRenderer().render(Self.report()),
            try TextRenderer().render(Self.report()),
        ] {
            #expect(output.contains("1 new (1 high) · 1 recurring · 1 resolved · 1 accepted"))
        }
    }

    @Test func htmlKeepsEveryHostileStringAsText() throws {
        let html = try HTMLRenderer().render(Self.report())
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("\u{202E}"))
        let onerror = html.components(separatedBy: "onerror=").count - 1
        let escapedOnerror = html.components(separatedBy: "&lt;img src=x onerror=").count - 1
        #expect(onerror > 0 && onerror == escapedOnerror, "every onerror= is inside escaped text")
        #expect(html.contains("{{mustache}} {{{triple}}}"), "mustache tags in values are text, never rendered")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&amp;lt;entity&amp;gt;"))
        // Inside SVG text and attributes too (a long identifier continues on the next line after a `/`).
        #expect(html.contains("<text class=\"label\" x=\"10\" y=\"17\">&lt;script&gt;alert(1)&lt;/</text>"))
    }

    @Test func markdownKeepsTablesWholeAndValuesInert() throws {
        let markdown = try MarkdownRenderer().render(Self.report())
        for table in MarkdownTables.cellCounts(in: markdown) {
            #expect(Set(table).count == 1, "a hostile value changed a table's column count: \(table)")
        }
        let unescaped = Self.unescaped(["<", "[", "]", "`", "|", "{", "*", "_", "&"], in: markdown)
        #expect(unescaped.isEmpty, "lines with an unescaped metacharacter: \(unescaped)")
        #expect(!markdown.contains("&lt;script"), "HTML entities must not leak into Markdown")
        #expect(!markdown.contains("\u{202E}"))
        #expect(!markdown.split(separator: "\n").contains { $0.hasPrefix("# not a heading") || $0.hasPrefix("three") })
        #expect(markdown.contains(#"\<script\>alert(1)\</script\>"#))
    }

    /// The characters of `special` that appear without a backslash before them, outside the
    /// template's own markup (`<details>`, `<summary>`, `<sub>`, table pipes, `**bold**`).
    static func unescaped(_ special: Set<Character>, in markdown: String) -> [String] {
        var found: [String] = []
        for line in markdown.split(separator: "\n") {
            var text = String(line)
            for tag in ["<details>", "</details>", "<summary>", "</summary>", "<sub>", "</sub>", "**"] {
                text = text.replacingOccurrences(of: tag, with: "")
            }
            if text.hasPrefix("| ") {
                text = text.replacingOccurrences(of: " | ", with: " ").trimmingCharacters(in: ["|", " "])
            }
            var escaped = false
            for character in text {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if special.contains(character) {
                    found.append(String(line.prefix(120)))
                    break
                }
            }
        }
        return found
    }

    @Test func jsonCarriesEveryHostileStringUnchanged() throws {
        let text = try JSONRenderer().render(Self.report())
        let document = try JSONValue.parse(Data(text.utf8))
        let finding = try #require(document["findings"]?.arrayValue?.first)
        for key in [
            "id", "rule", "resourceType", "resourceId", "logicalId", "account", "region", "attribute", "message",
            "remediation",
        ] {
            #expect(finding[key] == .string(Self.all), "\(key)")
        }
        #expect(finding["expected"] == .string(Self.all))
        #expect(finding["actual"] == .object([Self.all: .string(Self.all)]))
        #expect(finding["source"]?["file"] == .string(Self.all))
        let inventory = try JSONValue.parse(Data(try InventoryJSONRenderer().render(Self.report()).utf8))
        let tags = try #require(inventory["endpointServices"]?.arrayValue?.first?["Tags"])
        #expect(tags == .array([.object(["Key": .string("Name"), "Value": .string(Self.all)])]))
    }

    @Test func sarifStaysValidAndCarriesEveryHostileStringUnchanged() throws {
        let text = try SARIFRenderer().render(Self.report())
        #expect(try SARIFSchema.errors(in: text) == [])
        let log = try JSONValue.parse(Data(text.utf8))
        let run = try #require(log["runs"]?.arrayValue?.first)
        let result = try #require(run["results"]?.arrayValue?.first { $0["ruleId"] == .string(Self.all) })
        #expect(result["message"]?["text"]?.stringValue?.hasPrefix(Self.all) == true)
        #expect(result["partialFingerprints"]?[SARIFRenderer.fingerprintName] == .string(Self.all))
        let location = try #require(result["locations"]?.arrayValue?.first)
        let uri = try #require(location["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue)
        #expect(
            uri.allSatisfy { $0.isASCII && !$0.isWhitespace && !"<>\"{}|\\^`".contains($0) },
            "the path is a URI reference: \(uri)")
        #expect(uri.removingPercentEncoding == Self.all)
        #expect(location["logicalLocations"]?.arrayValue?.first?["name"] == .string(Self.all))
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.arrayValue)
        #expect(rules.contains { $0["id"] == .string(Self.all) }, "an unknown rule id still gets a descriptor")
    }

    @Test func textKeepsHostileStringsOnTheirLine() throws {
        // Wide enough that wrapping never starts a line: a line start can only come from a value's own line break.
        let text = try TextRenderer(width: 100_000).render(Self.report())
        #expect(!text.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x0D })
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("three") || $0.hasPrefix("lines") })
    }
}

/// Text from AWS (tags, names, messages) must not ping people or become links in a ticket.
@Suite struct MarkdownNeutralisingTests {
    static let pieces = [
        "@team", "@octo-org/admins", "ping a@b.example", "https://evil.example/x", "HTTP://EVIL", "www.evil.example",
        "s3://bucket/key", "mailto:x@y.example",
    ]

    @Test func mentionsAndBareURLsFromAWSDataAreNeutralised() throws {
        let text = Self.pieces.joined(separator: " ")
        var report = ReportFixtures.report(title: text, tag: text)
        report.findings = [ReportFixtures.finding("PL003", .high, message: text, actual: .string(text))]
        let markdown = try MarkdownRenderer().render(report)
        // GitHub's mention pattern and GFM's autolink triggers, on the Markdown source with escapes removed.
        let plain = markdown.replacingOccurrences(of: "\\", with: "")
        let mention = try Regex(#"(?:^|[^\w`])@[A-Za-z0-9_]"#)
        let link = try Regex(#"(?i)(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)"#)
        #expect(
            plain.firstMatch(of: mention) == nil,
            "a mention survived: \(plain.firstMatch(of: mention).map { String(plain[$0.range]) } ?? "")")
        #expect(
            plain.firstMatch(of: link) == nil,
            "a link survived: \(plain.firstMatch(of: link).map { String(plain[$0.range]) } ?? "")")
        // What a reader sees is unchanged once the zero-width spaces are gone.
        #expect(plain.replacingOccurrences(of: "\u{200B}", with: "").contains("https://evil.example/x"))
        #expect(plain.replacingOccurrences(of: "\u{200B}", with: "").contains("@team"))
    }

    @Test func theCheckSeesAnUndefusedMention() throws {
        // The control: the same patterns find the raw text.
        let mention = try Regex(#"(?:^|[^\w`])@[A-Za-z0-9_]"#)
        #expect(" @team".firstMatch(of: mention) != nil)
        #expect(Escaping.defused(" @team").firstMatch(of: mention) == nil)
    }
}
