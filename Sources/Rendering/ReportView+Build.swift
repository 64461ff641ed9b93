import Drift
import PrivateLinkModel

/// How much of the report the view shows: the Markdown size budget's knobs.
struct ViewLimits {
    /// The most rows any one table shows; nil shows every row.
    var rowsPerTable: Int?
    /// The most characters any one value shows; nil shows whole values.
    var charactersPerCell: Int?
    /// Sections with more rows than this fold (Markdown `<details>`).
    var foldAbove: Int = 10
    /// Whether to lay out the SVG pictures (HTML only).
    var drawsPictures: Bool

    /// Everything, with pictures: the HTML report.
    static let unlimited = ViewLimits(rowsPerTable: nil, charactersPerCell: nil, drawsPictures: true)
}

extension ReportView {
    /// Builds the view of `input` within `limits`.
    init(_ input: ReportInput, limits: ViewLimits) {
        // Prose is shortened at a space; a word (an id, an ARN, an account) is never cut.
        let clip = { (text: String) in ValueText.shortened(text, to: limits.charactersPerCell) }
        title = input.title
        generatedAt = ValueText.date(input.generatedAt)
        snapshot = SnapshotView(input.snapshot)
        comparedWith = input.comparedWith.map(SnapshotView.init)
        summary = SummaryView(input, limits: limits, clip: clip)
        findings = input.findings.map { FindingsSectionView($0, limits: limits) }
        access = input.whoCanConnect.map { AccessSectionView($0, limits: limits, clip: clip) }
        changes = input.changes.map { changes in
            ChangesSectionView(
                changes, from: input.comparedWith.map { SnapshotView($0).id }, comparison: input.changeComparison,
                limits: limits)
        }
        inventory = input.inventory.map { InventorySectionView($0, limits: limits, clip: clip) }
        unchecked =
            input.notChecked.isEmpty && input.notVerified.isEmpty
            ? nil
            : UncheckedSectionView(
                notChecked: input.notChecked, notVerified: input.notVerified, limits: limits, clip: clip)
        problems = input.problems.map(ProblemsSectionView.init)
        generator = input.plinvVersion.map { "plinv \($0)" } ?? "plinv"
        trendLine =
            input.trend.count < 2
            ? nil
            : "\(input.problems == nil ? "Findings" : "Problems") at the last \(input.trend.count) reports: "
                + input.trend.map { "\($0.findings) (snapshot \($0.snapshotId))" }.joined(separator: " → ")
        coverage = input.driftCoverage.map { CoverageView(sentence: $0.sentence, verifiedNothing: $0.verifiedNothing) }
        trend = limits.drawsPictures && !input.trend.isEmpty ? TrendChart(input.trend) : nil
        budgetNote = nil
    }

    /// The same view with a note on the size budget.
    func withBudgetNote(_ note: String?) -> ReportView {
        ReportView(
            title: title, generatedAt: generatedAt, snapshot: snapshot, comparedWith: comparedWith, summary: summary,
            findings: findings, access: access, changes: changes, inventory: inventory, unchecked: unchecked,
            problems: problems, generator: generator, trendLine: trendLine, coverage: coverage, trend: trend,
            budgetNote: note)
    }
}

extension SnapshotView {
    init(_ snapshot: ReportSnapshot) {
        id = snapshot.id.map { "\($0)" } ?? "(not stored)"
        takenAt = ValueText.date(snapshot.takenAt)
        status = snapshot.status.rawValue
        isPartial = snapshot.status == .partial
        label = snapshot.label.flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension SummaryView {
    init(_ input: ReportInput, limits: ViewLimits, clip: (String) -> String) {
        let counts = input.summary
        let problemCounts = input.problems?.summary
        func count(_ severity: Severity) -> Int {
            problemCounts.map { $0[severity] ?? 0 } ?? counts.count(of: severity)
        }
        severities = Severity.allCases.sorted(by: >).map {
            SeverityCountView(severity: $0.rawValue, count: count($0), isNonZero: count($0) > 0)
        }
        total = Severity.allCases.map(count).reduce(0, +)
        countsProblems = problemCounts != nil
        noun = countsProblems ? "problems" : "findings"
        nounTitle = countsProblems ? "Problems" : "Findings"
        showsCounts = input.findings != nil || input.changes != nil || input.problems != nil
        findingsTotal = (input.findings?.count ?? 0) + (input.changes?.count ?? 0)
        scopesList = input.snapshot.collectedScopes.map { ValueText.scope($0.scope) }.joined(separator: ", ")
        scopesCollected = input.snapshot.collectedScopes.count
        scopesFailed = input.snapshot.failedScopes.count
        hasFailedScopes = scopesFailed > 0
        failedScopes = TableView(
            columns: ["Failed scope", "Error"],
            rows: input.snapshot.failedScopes.map { [ValueText.scope($0.scope), clip(ValueText.orNone($0.error))] },
            limit: limits.rowsPerTable, noun: "failed scopes")
    }
}

extension FindingsSectionView {
    init(_ findings: [Finding], limits: ViewLimits) {
        let sorted = findings.sortedForReport()
        // Report order is most severe first, so each severity's findings are one run of the sorted list: taken as
        // slices of it, not copied into a dictionary of arrays (a dozen strings retained and released per finding).
        var runs: [Severity: ArraySlice<Finding>] = [:]
        var start = sorted.startIndex
        while start < sorted.endIndex {
            let severity = sorted[start].severity
            var end = start + 1
            while end < sorted.endIndex, sorted[end].severity == severity { end += 1 }
            runs[severity] = sorted[start..<end]
            start = end
        }
        var builder = FindingRowBuilder(charactersPerCell: limits.charactersPerCell)
        groups = Severity.allCases.sorted(by: >).compactMap { severity in
            guard let group = runs[severity], !group.isEmpty else { return nil }
            let shown = limits.rowsPerTable.map { group.prefix($0) } ?? group
            return FindingGroupView(
                severity: severity.rawValue, title: severity.rawValue.capitalized, count: group.count,
                // Below high, long sections fold: a long group, or every such group in a long list. Critical and
                // high findings are never folded away.
                folded: severity < .high && (group.count > limits.foldAbove || sorted.count > limits.foldAbove),
                // By index: mapping the slice handed each finding out as a copy.
                rows: shown.indices.map { builder.row(shown[$0]) },
                moreText: group.count > shown.count
                    ? TableView.moreText(group.count - shown.count, noun: "\(severity.rawValue) findings") : nil)
        }
        isEmpty = findings.isEmpty
    }
}

/// Builds finding rows, working out each distinct rule's label and fix and each distinct pair of values in words once:
/// findings share them (every endpoint with AWS's default full-access policy has the same policy text), and putting a
/// policy into words parses it.
struct FindingRowBuilder {
    /// The values of a finding that its expected and actual texts depend on.
    private struct ValuesKey: Hashable {
        let expected: JSONValue?
        let actual: JSONValue?
        let attribute: String?
    }

    /// Expected and actual in words, and as JSON when the words leave something out.
    private struct Values {
        let expected: String
        let actual: String
        let expectedJSON: String?
        let actualJSON: String?
    }

    /// The most characters a value shows (prose is shortened at a space); nil shows whole values.
    private let charactersPerCell: Int?
    private var values: [ValuesKey: Values] = [:]
    /// The last row's key and values: rows in report order that share values are neighbours (the default policy of
    /// every PL008 finding), and comparing a key with the last, which usually shares its storage, is cheaper than
    /// hashing its values again.
    private var last: (key: ValuesKey, values: Values)?
    private var rules: [String: (label: String, fix: String?)] = [:]
    /// The last row's `account / region` text: a report lists a scope's findings together.
    private var scopes = RepeatedText()

    init(charactersPerCell: Int?) {
        self.charactersPerCell = charactersPerCell
    }

    /// `text` shortened to the cell's limit.
    private func clip(_ text: String) -> String { ValueText.shortened(text, to: charactersPerCell) }

    /// The row of one finding.
    mutating func row(_ finding: Finding) -> FindingRowView {
        let key = ValuesKey(expected: finding.expected, actual: finding.actual, attribute: finding.attribute)
        let values: Values
        if let last, last.key == key {
            values = last.values
        } else if let known = self.values[key] {
            values = known
        } else {
            let pair = ValueText.readablePair(
                expected: finding.expected, actual: finding.actual, attribute: finding.attribute)
            values = Values(
                expected: pair.expected, actual: pair.actual,
                expectedJSON: ValueText.rawJSON(finding.expected, readable: pair.expected),
                actualJSON: ValueText.rawJSON(finding.actual, readable: pair.actual))
            self.values[key] = values
        }
        last = (key, values)
        let rule: (label: String, fix: String?)
        if let known = rules[finding.rule] {
            rule = known
        } else {
            rule = (RuleCatalogue.label(for: finding.rule), RuleCatalogue.entry(for: finding.rule)?.fix)
            rules[finding.rule] = rule
        }
        let scope = scopes.text(finding.account, finding.region) { ValueText.scope(of: finding) }
        // `clip` is called, not passed: `.map(clip)` made a closure holding a copy of the builder, dictionaries and all.
        return FindingRowView(
            finding, rule: rule.label, scope: scope, expected: clip(values.expected), actual: clip(values.actual),
            expectedJSON: values.expectedJSON, actualJSON: values.actualJSON,
            remediation: (finding.remediation ?? rule.fix).map { clip($0) }, message: clip(finding.message))
    }
}

extension AccessSectionView {
    init(_ services: [ServiceAccess], limits: ViewLimits, clip: (String) -> String) {
        var rows: [[String]] = []
        for service in services {
            let head = [
                clip("\(service.serviceId) in \(ValueText.scope(service.scope))"),
                service.acceptanceRequired.map { $0 ? "required" : "not required" } ?? ValueText.none,
                clip(ValueText.list(service.allowedPrincipals)),
            ]
            if service.connections.isEmpty {
                rows.append(head + [ValueText.none, ValueText.none, "no connections"])
            }
            for connection in service.connections {
                rows.append(head + [clip(connection.account), clip(connection.vpcEndpointId), clip(connection.state)])
            }
        }
        table = TableView(
            columns: ["Service", "Acceptance", "Allowed principals", "Consumer account", "Endpoint", "State"],
            rows: rows, limit: limits.rowsPerTable, noun: "connections")
        graph = limits.drawsPictures && !services.isEmpty ? AccessGraph(services) : nil
        isEmpty = services.isEmpty
        folded = rows.count > limits.foldAbove
    }
}

extension ChangesSectionView {
    init(_ changes: [Finding], from: String?, comparison: ChangeComparison?, limits: ViewLimits) {
        var builder = FindingRowBuilder(charactersPerCell: limits.charactersPerCell)
        let rows = changes.sortedForReport().map { change in
            let row = builder.row(change)
            return [row.message, row.severity, row.rule, row.resource, row.scope, row.expected, row.actual]
        }
        table = TableView(
            columns: ["What changed", "Severity", "Change", "Resource", "Account / region", "Before", "After"],
            rows: rows, limit: limits.rowsPerTable, noun: "changes")
        isEmpty = changes.isEmpty
        folded = rows.count > limits.foldAbove
        fromSnapshot = from
        nothingCompared = comparison?.comparedNothing ?? false
        notCompared = comparison?.notComparedText
        noEarlierSnapshot = from == nil
    }
}

extension UncheckedSectionView {
    init(notChecked: [UncheckedItem], notVerified: [UncheckedItem], limits: ViewLimits, clip: (String) -> String) {
        func table(_ items: [UncheckedItem], noun: String) -> TableView {
            TableView(
                columns: ["Logical ID", "Type", "Property", "Why", "Template", "Account / region"],
                rows: items.sorted().map {
                    [
                        clip($0.logicalId), clip($0.resourceType), clip(ValueText.orNone($0.attribute)),
                        clip($0.reason),
                        clip(ValueText.source($0.source)), $0.scope.map(ValueText.scope) ?? ValueText.none,
                    ]
                }, limit: limits.rowsPerTable, noun: noun)
        }
        self.notChecked = table(notChecked, noun: "resources not checked")
        self.notVerified = table(notVerified, noun: "values not verified")
        hasNotChecked = !notChecked.isEmpty
        hasNotVerified = !notVerified.isEmpty
        count = notChecked.count + notVerified.count
    }
}
