import Foundation

/// Renders GitHub-flavoured Markdown that pastes into a GitHub, GitLab or Jira issue as is.
///
/// Layout: the summary first (counts by severity, scopes collected and failed), then findings by
/// severity (expected, actual, template `file:line`), who can connect, changes, inventory. Medium,
/// low and info findings, and any section longer than ten rows, fold in `<details>`.
///
/// Size budget: at most `budget.rowsPerTable` rows per table (default 50) and `budget.maxBytes`
/// bytes in all (default 60,000, under GitHub's 65,536-character limit for an issue or comment;
/// `Budget.jira` fits a Jira text field's 32,767 characters); prose longer than
/// `budget.charactersPerCell` (default 200) is shortened at a space with `…`, an identifier never.
/// When the report is too big the row limit halves until it fits (down to one row per table); then
/// whole sections are left out, least useful first (inventory, what was not compared, who can
/// connect, changes); then the text ends at the last whole line that fits. Whatever is left out is
/// said in a line "… and N more … not shown" or in the budget note, never by a cut-off table, and
/// the result is never over `maxBytes`.
public struct MarkdownRenderer: ReportRenderer {
    /// The limits of a Markdown report.
    public struct Budget: Sendable, Hashable {
        public var rowsPerTable: Int
        public var maxBytes: Int
        public var charactersPerCell: Int

        public init(rowsPerTable: Int = 50, maxBytes: Int = 60_000, charactersPerCell: Int = 200) {
            self.rowsPerTable = rowsPerTable
            self.maxBytes = maxBytes
            self.charactersPerCell = charactersPerCell
        }

        /// GitHub issues and comments (65,536 characters), with room to spare: the default.
        public static let github = Budget()
        /// A Jira text field: 32,767 characters (bytes are counted, so any text within it fits).
        public static let jira = Budget(maxBytes: 32_767)

        /// The budget of `--markdown-budget N`: at most `characters` in all, the other limits as default.
        public init(characters: Int) {
            self.init(maxBytes: max(1_000, characters))
        }
    }

    /// The name of the top-level template.
    public static let templateName = "report.md"

    public let templates: TemplateSet
    public let budget: Budget

    /// A renderer over the embedded templates, each overridden by a file in `templateDirectory` if given.
    public init(templateDirectory: URL? = nil, budget: Budget = Budget()) throws {
        self.init(templates: try TemplateSet(overridesIn: templateDirectory, format: "md"), budget: budget)
    }

    /// A renderer over an already loaded template set.
    public init(templates: TemplateSet, budget: Budget = Budget()) {
        self.templates = templates
        self.budget = budget
    }

    public func render(_ report: ReportInput) throws -> String {
        var rows = max(1, budget.rowsPerTable)
        var input = report
        var leftOut: [String] = []
        while true {
            let limits = ViewLimits(
                rowsPerTable: rows, charactersPerCell: budget.charactersPerCell, drawsPictures: false)
            let view = ReportView(input, limits: limits)
            let note = budgetNote(rows: rows, isCut: view.isCut || !leftOut.isEmpty, leftOut: leftOut)
            let text = try templates.render(view.withBudgetNote(note), template: Self.templateName)
            if text.utf8.count <= budget.maxBytes { return text }
            if rows > 1 {
                rows /= 2
            } else if let section = Self.leaveOutOneSection(of: &input) {
                leftOut.append(section)
            } else {
                return lastWholeLines(of: text, note: note)
            }
        }
    }

    /// Removes the least useful section still in `input` and names it; nil when only the essentials are left.
    private static func leaveOutOneSection(of input: inout ReportInput) -> String? {
        if input.inventory != nil {
            input.inventory = nil
            return "the inventory"
        }
        if !input.notChecked.isEmpty || !input.notVerified.isEmpty {
            (input.notChecked, input.notVerified) = ([], [])
            return "what was not compared"
        }
        if input.whoCanConnect != nil {
            input.whoCanConnect = nil
            return "who can connect"
        }
        if input.changes != nil {
            input.changes = nil
            return "the changes"
        }
        return nil
    }

    /// The report cut after its last whole line that fits, open `<details>` closed, and the budget note at the end.
    private func lastWholeLines(of text: String, note: String) -> String {
        let ending = "\n\n… the rest does not fit the size budget.\n\n---\n\n<sub>\(Escaping.markdown(note))</sub>\n"
        var kept: [Substring] = []
        var size = ending.utf8.count
        var open = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let opens = line == "<details>" ? 1 : (line == "</details>" ? -1 : 0)
            // Room for the line, its newline, and a closing tag for every <details> still open.
            let closing = (open + opens) * "\n\n</details>".utf8.count
            guard size + line.utf8.count + 1 + closing <= budget.maxBytes else {
                // A table row too long for what is left is skipped, so shorter rows after it still show;
                // anything else ends the report here.
                if line.hasPrefix("| "), kept.last?.hasPrefix("|") == true { continue }
                break
            }
            kept.append(line)
            size += line.utf8.count + 1
            open += opens
        }
        return kept.joined(separator: "\n") + String(repeating: "\n\n</details>", count: max(0, open)) + ending
    }

    /// The sentence that states the budget, at the foot of every Markdown report.
    private func budgetNote(rows: Int, isCut: Bool, leftOut: [String]) -> String {
        (isCut ? "Some rows were left out to fit the size budget: " : "Size budget: ")
            + "\(ValueText.count(budget.maxBytes)) bytes, \(rows) rows per table, "
            + "\(budget.charactersPerCell) characters per value."
            + (leftOut.isEmpty ? "" : " Left out to fit: \(leftOut.joined(separator: ", ")).")
            + " The HTML and JSON reports list everything."
    }
}

extension ReportView {
    /// Whether any table of the view left rows out.
    var isCut: Bool {
        let tables =
            [summary.failedScopes, access?.table, changes?.table, unchecked?.notChecked, unchecked?.notVerified]
            .compactMap { $0 } + (inventory?.tables.map(\.table) ?? [])
        return tables.contains { $0.more > 0 } || (findings?.groups.contains { $0.moreText != nil } ?? false)
    }
}
