import Drift
import Foundation

/// The formats `plinv rules` prints the catalogue in.
public enum RuleCatalogueFormat: String, Sendable, CaseIterable {
    case text, md, json
    /// One Markdown table, as in the README's "Rules" section.
    case mdTable = "md-table"
}

/// The rule catalogue as text, Markdown (one page per rule, or the README's table) and JSON.
public enum RuleCatalogueText {
    /// `entries` in `format`; text wraps at `width` columns.
    public static func render(_ entries: [RuleEntry], format: RuleCatalogueFormat, width: Int = 100) throws -> String {
        switch format {
        case .text: return entries.map { text($0, width: width) }.joined(separator: "\n\n") + "\n"
        case .md: return entries.map(markdownPage).joined(separator: "\n")
        case .json:
            return try ContractJSON.encode(RulesDocument(schemaVersion: ContractJSON.schemaVersion, rules: entries))
        case .mdTable: return markdownTable(entries)
        }
    }

    /// The README's "Rules" table: one row per rule with its title, severity, meaning, why it matters and fix.
    public static func markdownTable(_ entries: [RuleEntry] = RuleCatalogue.entries) -> String {
        let rows = entries.map { entry in
            "| `\(entry.id)` | "
                + [entry.title, entry.severityText, entry.meaning, entry.why, entry.fix].map(cell)
                .joined(separator: " | ") + " |"
        }
        return
            ([
                "| Rule | Title | Severity | What it means | Why it matters | How to fix it |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            + rows).joined(separator: "\n") + "\n"
    }

    /// One rule as a terminal block: `PL008  Full-access endpoint policy (medium)`, then what, why and fix, wrapped.
    static func text(_ entry: RuleEntry, width: Int) -> String {
        [
            Escaping.terminal("\(entry.id)  \(entry.title) (\(entry.severityText))"),
            TextWrap.block(Escaping.terminal(entry.meaning), label: "What: ", indent: "  ", width: width),
            TextWrap.block(Escaping.terminal(entry.why), label: "Why:  ", indent: "  ", width: width),
            TextWrap.block(Escaping.terminal(entry.fix), label: "Fix:  ", indent: "  ", width: width),
        ].joined(separator: "\n")
    }

    /// One rule as a Markdown page.
    static func markdownPage(_ entry: RuleEntry) -> String {
        """
        ## \(entry.id) \(cell(entry.title))

        **Severity:** \(cell(entry.severityText)) · **Reported by:** \(entry.family.rawValue)

        **What it means.** \(cell(entry.meaning))

        **Why it matters.** \(cell(entry.why))

        **How to fix it.** \(cell(entry.fix))

        """
    }

    /// Catalogue prose in a Markdown table cell: one line, `|` escaped. The catalogue is plinv's own text, so its
    /// backticks stay code.
    private static func cell(_ text: String) -> String {
        Escaping.singleLine(text).replacingOccurrences(of: "|", with: "\\|")
    }
}

/// `{"schemaVersion":1,"rules":[…]}`.
private struct RulesDocument: Encodable {
    let schemaVersion: Int
    let rules: [RuleEntry]
}
