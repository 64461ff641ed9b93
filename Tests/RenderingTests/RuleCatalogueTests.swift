import Drift
import Foundation
import Rendering
import Testing

@Suite struct RuleCatalogueTests {
    static let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md")

    /// Every rule id the three rule enums can emit, read from the enums themselves.
    static let emitted: [String] =
        AuditRule.allCases.map(\.rawValue) + DriftRule.allCases.map(\.rawValue)
        + ChangeRule.allCases.map(\.rawValue)

    @Test func everyRuleThatCanBeEmittedHasAnEntry() {
        let missing = Self.emitted.filter { RuleCatalogue.entry(for: $0) == nil }
        #expect(missing.isEmpty, "rules without a catalogue entry: \(missing)")
        #expect(
            Set(RuleCatalogue.entries.map(\.id)) == Set(Self.emitted), "the catalogue names no rule plinv does not emit"
        )
        #expect(RuleCatalogue.entries.count == Set(RuleCatalogue.entries.map(\.id)).count, "ids are unique")
    }

    @Test func everyEntryIsFilledIn() {
        for entry in RuleCatalogue.entries {
            for (name, text) in [
                ("title", entry.title), ("meaning", entry.meaning), ("why", entry.why), ("fix", entry.fix),
            ] {
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(entry.id) has no \(name)")
            }
            #expect(
                entry.title.first?.isUppercase == true && !entry.title.hasSuffix("."),
                "\(entry.id)'s title reads as a heading")
        }
    }

    @Test func auditEntriesCarryTheRulesOwnSeverityAndFix() {
        for rule in AuditRule.allCases {
            let entry = RuleCatalogue.entry(for: rule.rawValue)
            #expect(entry?.severity == rule.severity && entry?.fix == rule.remediation, "\(rule.rawValue)")
        }
        for rule in ChangeRule.allCases {
            #expect((RuleCatalogue.entry(for: rule.rawValue)?.severity ?? .info) >= rule.severity, "\(rule.rawValue)")
        }
        #expect(RuleCatalogue.label(for: "PL008") == "PL008 Full-access endpoint policy")
        #expect(RuleCatalogue.label(for: "custom.rule") == "custom.rule")
    }

    @Test func theReadmeRulesTableIsTheCatalogue() throws {
        let readme = try String(contentsOf: Self.readme, encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let heading = try #require(lines.firstIndex(of: "## Rules"), "README.md has no \"## Rules\" section")
        let section = lines[(heading + 1)...].prefix { !$0.hasPrefix("## ") }
        let table = section.drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        #expect(
            table.joined(separator: "\n") + "\n" == RuleCatalogueText.markdownTable(),
            Comment(
                rawValue:
                    "README.md's Rules table differs from the catalogue: regenerate it with `plinv rules --format md-table`"
            ))
    }

    @Test func textWrapsToTheWidthWithoutSplittingWords() throws {
        let text = try RuleCatalogueText.render(RuleCatalogue.entries, format: .text, width: 60)
        // Wrapped lines (indented) fit, unless one word alone is wider; headings are not wrapped.
        for line in text.split(separator: "\n") where line.hasPrefix(" ") && line.count > 60 {
            #expect(line.split(separator: " ").count <= 2, "over-long line: \(line)")
        }
        #expect(text.contains("PL008  Full-access endpoint policy (medium)"))
        #expect(text.contains("  Fix:  Attach a policy"))
    }

    @Test func jsonListsEveryRule() throws {
        let json = try RuleCatalogueText.render(RuleCatalogue.entries, format: .json)
        let decoded = try JSONDecoder().decode(RulesFile.self, from: Data(json.utf8))
        #expect(decoded.rules == RuleCatalogue.entries)
    }

    private struct RulesFile: Decodable {
        let rules: [RuleEntry]
    }
}
