import Drift

/// The view model the Markdown and HTML templates render: plain strings, numbers, flags and lists.
///
/// Mustache reads it through `Mirror`, so property names are the template's keys. Every string
/// is unescaped text; the template's content type escapes it. A nil section is not rendered.
struct ReportView {
    let title: String
    let generatedAt: String
    let snapshot: SnapshotView
    let comparedWith: SnapshotView?
    let summary: SummaryView
    let findings: FindingsSectionView?
    let access: AccessSectionView?
    let changes: ChangesSectionView?
    let inventory: InventorySectionView?
    let unchecked: UncheckedSectionView?
    /// The problems (new first, with the fix); nil when the report does not group its findings.
    let problems: ProblemsSectionView?
    /// `plinv 0.2.0`, or `plinv` when the version is not known.
    let generator: String
    /// The trend in words for Markdown and text: `Problems at the last 3 reports: 12 (snapshot 5) → 18 (6) → 26 (7)`.
    let trendLine: String?
    /// What drift could compare; nil when the report has no drift part.
    let coverage: CoverageView?
    let trend: TrendChart?
    /// What the size budget is, said once at the end of a Markdown report that was cut.
    let budgetNote: String?
}

/// How much of the declared state drift compared, said next to the summary.
struct CoverageView {
    /// The sentence every format prints (`DriftCoverage.sentence`).
    let sentence: String
    /// Nothing was verified: the report leads with it and does not fold what was not compared.
    let verifiedNothing: Bool
}

/// A snapshot's header line; `id` is the bare number (Markdown would turn `#7` into an issue link).
struct SnapshotView {
    let id: String
    let takenAt: String
    let status: String
    let isPartial: Bool
    let label: String?
}

/// The summary: counts by severity and how the scopes went.
struct SummaryView {
    let severities: [SeverityCountView]
    let total: Int
    /// What the counts count: `problems` in a combined report, else `findings`.
    let noun: String
    /// `Problems` or `Findings`, for a column heading.
    let nounTitle: String
    /// Whether the report has anything to count (an inventory on its own does not).
    let showsCounts: Bool
    /// Whether the counts are problems (each carrying one or more findings).
    let countsProblems: Bool
    /// Every finding of the report, which the problems group.
    let findingsTotal: Int
    /// The collected scopes by name: `111111111111 / eu-west-1, …`.
    let scopesList: String
    let scopesCollected: Int
    let scopesFailed: Int
    let hasFailedScopes: Bool
    let failedScopes: TableView
}

/// One severity's count in the summary.
struct SeverityCountView {
    let severity: String
    let count: Int
    let isNonZero: Bool
}

/// The findings section: one group per severity that has findings.
struct FindingsSectionView {
    let groups: [FindingGroupView]
    let isEmpty: Bool
}

/// The findings of one severity.
struct FindingGroupView {
    let severity: String
    let title: String
    let count: Int
    /// Whether the Markdown report folds this group in `<details>`.
    let folded: Bool
    let rows: [FindingRowView]
    let moreText: String?
}

/// One finding, ready to print.
///
/// A class, unlike the other views: a report has one per finding, and a template reads a dozen fields of each. As a
/// struct of eighteen fields it sat in a box of its own inside each `TemplateValue`, and reading one field copied the
/// whole view to call `field(_:)`.
final class FindingRowView {
    let severity: String
    let kind: String
    /// The bare rule id (`PL008`).
    let ruleId: String
    /// The rule with its title (`PL008 Full-access endpoint policy`).
    let rule: String
    let resourceType: String
    let resourceId: String
    let logicalId: String?
    let attribute: String?
    let scope: String
    /// The expected value in words (`tcp 443 from 0.0.0.0/0`); for changed objects, only the keys that changed.
    let expected: String
    let actual: String
    /// The expected value's JSON when the words leave something out; nil otherwise.
    let expectedJSON: String?
    let actualJSON: String?
    let source: String
    /// Whether the finding has an expected or an actual value (audit findings often have neither).
    let hasValues: Bool
    /// Whether the finding points at a template line.
    let hasSource: Bool
    let message: String
    let remediation: String?

    /// The resource in one cell: `VPCEndpointService vpce-svc-1 (MyService) · AcceptanceRequired`.
    ///
    /// Worked out when a template or renderer reads it (Markdown and text do, the HTML template does not): made for
    /// every row, it and `details` were a quarter of building the rows of an HTML report.
    var resource: String {
        var resource = "\(ValueText.shortType(resourceType)) \(resourceId)"
        if let logicalId { resource += " (\(logicalId))" }
        if let attribute { resource += " · \(attribute)" }
        return resource
    }

    /// Message and remediation in one cell, worked out when read.
    var details: String { remediation.map { "\(message) Fix: \($0)" } ?? message }

    /// The row of `finding` with its texts already worked out (see `FindingRowBuilder`); `scope` is
    /// `ValueText.scope(of: finding)`.
    init(
        _ finding: Finding, rule: String, scope: String, expected: String, actual: String, expectedJSON: String?,
        actualJSON: String?, remediation: String?, message: String
    ) {
        severity = finding.severity.rawValue
        kind = finding.kind.rawValue
        ruleId = finding.rule
        self.rule = rule
        resourceType = finding.resourceType
        resourceId = finding.resourceId
        logicalId = finding.logicalId
        attribute = finding.attribute
        self.scope = scope
        self.expected = expected
        self.actual = actual
        self.expectedJSON = expectedJSON
        self.actualJSON = actualJSON
        source = ValueText.source(finding.source)
        hasValues = finding.expected != nil || finding.actual != nil
        hasSource = finding.source != nil
        self.message = message
        self.remediation = remediation
    }
}

/// The who-can-connect section: a picture and a table.
struct AccessSectionView {
    let table: TableView
    let graph: AccessGraph?
    let isEmpty: Bool
    let folded: Bool
}

/// The changes section.
struct ChangesSectionView {
    let table: TableView
    let isEmpty: Bool
    let folded: Bool
    let fromSnapshot: String?
    /// No scope was collected successfully in both snapshots: the section says so instead of "No changes."
    let nothingCompared: Bool
    /// The scopes not compared (`ChangeComparison.notComparedText`); nil when every scope was.
    let notCompared: String?
    /// The report's snapshot is the first: there was nothing to compare it with.
    let noEarlierSnapshot: Bool
}

/// The inventory section: counts, then one folded table per resource kind.
struct InventorySectionView {
    let counts: [InventoryCountView]
    let total: Int
    let tables: [InventoryTableView]
    /// The deleted or failed resources left out of the tables, in one sentence; nil when there are none.
    let goneNote: String?
}

/// The count of one resource kind.
struct InventoryCountView {
    let kind: String
    let count: Int
}

/// The resources of one kind.
struct InventoryTableView {
    let title: String
    let count: Int
    let table: TableView
}

/// Template resources and values not compared.
struct UncheckedSectionView {
    let notChecked: TableView
    let notVerified: TableView
    let hasNotChecked: Bool
    let hasNotVerified: Bool
    let count: Int
}

/// A plain table: column titles, rows of cells, and what was left out.
struct TableView {
    let columns: [String]
    let rows: [RowView]
    let isEmpty: Bool
    /// How many rows the size budget left out.
    let more: Int
    /// `… and N more …`, when rows were left out.
    let moreText: String?

    init(columns: [String], rows: [[String]], limit: Int?, noun: String) {
        let shown = limit.map { Array(rows.prefix($0)) } ?? rows
        self.columns = columns
        self.rows = shown.map(RowView.init)
        self.isEmpty = rows.isEmpty
        self.more = rows.count - shown.count
        self.moreText = more > 0 ? TableView.moreText(more, noun: noun) : nil
    }

    /// The line that replaces rows the size budget left out.
    static func moreText(_ count: Int, noun: String) -> String {
        "… and \(ValueText.count(count)) more \(noun) not shown (size budget; the HTML and JSON reports list all)."
    }
}

/// One table row; a class, as a finding row is, so that a template value holds it by reference (an inventory
/// table has a row per resource).
final class RowView {
    let cells: [String]

    init(_ cells: [String]) {
        self.cells = cells
    }
}
