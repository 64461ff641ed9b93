import Foundation

/// Renders GitHub-flavoured Markdown that pastes into a GitHub, GitLab or Jira issue as is.
///
/// Layout: the summary first (counts by severity, scopes collected and failed), then findings by
/// severity (expected, actual, template `file:line`), who can connect, changes, inventory. Medium,
/// low and info findings, and any section longer than ten rows, fold in `<details>`.
///
/// Size budget: at most `budget.rowsPerTable` rows per table (default 50) and `budget.maxBytes`
/// bytes in all (default 60,000, under GitHub's 65,536-character limit for an issue or comment);
/// a value longer than `budget.charactersPerCell` (default 200) is cut with `…`. When the report is
/// too big the row limit halves until it fits (down to one row per table). Rows left out are
/// replaced by a line "… and N more … not shown", never by a cut-off table.
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
    }

    /// The name of the top-level template.
    public static let templateName = "report.md"

    public let templates: TemplateSet
    public let budget: Budget

    /// A renderer over the embedded templates, each overridden by a file in `templateDirectory` if given.
    public init(templateDirectory: URL? = nil, budget: Budget = Budget()) throws {
        self.init(templates: try TemplateSet(overridesIn: templateDirectory), budget: budget)
    }

    /// A renderer over an already loaded template set.
    public init(templates: TemplateSet, budget: Budget = Budget()) {
        self.templates = templates
        self.budget = budget
    }

    public func render(_ report: ReportInput) throws -> String {
        var rows = max(1, budget.rowsPerTable)
        while true {
            let limits = ViewLimits(rowsPerTable: rows, charactersPerCell: budget.charactersPerCell, drawsPictures: false)
            let view = ReportView(report, limits: limits)
            let text = try templates.render(view.withBudgetNote(budgetNote(rows: rows, isCut: view.isCut)), template: Self.templateName)
            if text.utf8.count <= budget.maxBytes || rows == 1 { return text }
            rows /= 2
        }
    }

    /// The sentence that states the budget, at the foot of every Markdown report.
    private func budgetNote(rows: Int, isCut: Bool) -> String {
        (isCut ? "Some rows were left out to fit the size budget: " : "Size budget: ")
            + "\(ValueText.count(budget.maxBytes)) bytes, \(rows) rows per table, "
            + "\(budget.charactersPerCell) characters per value. The HTML and JSON reports list everything."
    }
}

extension ReportView {
    /// Whether any table of the view left rows out.
    var isCut: Bool {
        let tables = [summary.failedScopes, access?.table, changes?.table, unchecked?.notChecked, unchecked?.notVerified]
            .compactMap { $0 } + (inventory?.tables.map(\.table) ?? [])
        return tables.contains { $0.more > 0 } || (findings?.groups.contains { $0.moreText != nil } ?? false)
    }
}
