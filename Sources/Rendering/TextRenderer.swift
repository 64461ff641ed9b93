import Foundation

/// Renders plain text for a terminal: the summary, each finding as a short block (what, where, the fix, the values),
/// then who can connect, changes and the inventory as aligned tables. Everything wraps to `width` columns at spaces,
/// so an identifier is never cut, and every finding shows its fix. Control characters in values are made visible,
/// so a tag cannot move the cursor or recolour the terminal.
public struct TextRenderer: ReportRenderer {
    /// The terminal width text wraps to.
    public var width: Int

    /// A renderer wrapping to `width` columns (default: `COLUMNS`, else 100).
    public init(width: Int = TextRenderer.terminalWidth()) {
        self.width = max(40, width)
    }

    /// `COLUMNS` from the environment when it is a number, otherwise 100.
    public static func terminalWidth(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        environment["COLUMNS"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { max(40, $0) } ?? 100
    }

    public func render(_ report: ReportInput) throws -> String {
        try ReportBuffer.text { try render(report, into: &$0) }
    }

    public func write(_ report: ReportInput, to sink: any ReportSink) throws {
        try ReportBuffer.write(to: sink) { try render(report, into: &$0) }
    }

    /// Writes the report's blocks into `output`, separated by blank lines, the findings one at a time.
    private func render(_ report: ReportInput, into output: inout ReportBuffer) throws {
        let view = ReportView(
            report, limits: ViewLimits(rowsPerTable: nil, charactersPerCell: nil, drawsPictures: false))
        var blocks = BlockWriter()
        let snapshotLine = "\(view.snapshot.id) taken \(view.snapshot.takenAt), \(view.snapshot.status)"
        blocks.append(wrap("\(Escaping.terminal(view.title)) — snapshot \(snapshotLine)"))
        let counts = view.summary.severities.map { "\($0.severity) \($0.count)" }.joined(separator: ", ")
        let noun = view.summary.countsProblems ? "Problems" : "Findings"
        // An inventory on its own has no findings to count: say how the scopes went, nothing more.
        blocks.append(
            wrap(
                (view.summary.showsCounts ? "\(noun): \(view.summary.total) (\(counts)); " : "")
                    + "scopes: \(view.summary.scopesCollected) collected, \(view.summary.scopesFailed) failed"
                    + (view.snapshot.isPartial
                        ? ". The snapshot is partial: nothing in a failed scope is reported as missing." : "")))
        if view.summary.hasFailedScopes { blocks.append(table(view.summary.failedScopes)) }
        if let trend = view.trendLine { blocks.append(wrap(trend)) }
        if let problems = view.problems { blocks += self.problems(problems) }
        if let findings = view.findings {
            let none =
                report.driftCoverage?.verifiedNothing == true
                ? "No findings — but nothing was verified, so this says nothing about drift (see Not compared)."
                : "No findings."
            if findings.isEmpty {
                blocks.append(wrap(none))
            } else {
                // One block of every finding, written as it is made.
                try blocks.flush(into: &output)
                blocks.startBlock(in: &output)
                for (index, row) in findings.groups.lazy.flatMap(\.rows).enumerated() {
                    if index > 0 { output.append("\n\n") }
                    output.append(block(row))
                    try output.flushIfFull()
                }
            }
        }
        if let coverage = report.driftCoverage { blocks.append(wrap(coverage.sentence)) }
        if !report.notVerified.isEmpty {
            blocks.append("Not verified (declared, but not compared)\n" + list(report.notVerified))
        }
        if !report.notChecked.isEmpty {
            blocks.append("Not checked (types drift does not compare)\n" + list(report.notChecked))
        }
        if let access = view.access {
            blocks.append("Who can connect\n" + (access.isEmpty ? "No endpoint services." : table(access.table)))
        }
        if let changes = view.changes {
            var lines: [String] = []
            if changes.nothingCompared {
                lines.append(
                    wrap(
                        "Nothing was compared: no account and region was collected successfully in both snapshots, "
                            + "so no change can be reported, not even \"no changes\"."))
            }
            if let notCompared = changes.notCompared {
                lines.append(
                    wrap(
                        "Scopes not compared (not collected successfully in both snapshots; nothing there is reported "
                            + "as added or removed): \(Escaping.terminal(notCompared))."))
            }
            if changes.noEarlierSnapshot {
                lines.append(
                    wrap("No earlier snapshot to compare with: changes are reported from the next snapshot on."))
            }
            if !changes.isEmpty {
                lines.append(table(changes.table))
            } else if !changes.nothingCompared && !changes.noEarlierSnapshot {
                lines.append("No changes.")
            }
            blocks.append("Changes\n" + lines.joined(separator: "\n"))
        }
        if let inventory = view.inventory {
            blocks.append(
                wrap(
                    "Inventory: "
                        + inventory.counts.map { "\($0.kind.lowercased()) \($0.count)" }.joined(separator: ", ")))
            if let note = inventory.goneNote { blocks.append(wrap(Escaping.terminal(note))) }
            for kind in inventory.tables where kind.count > 0 {
                blocks.append("\(kind.title)\n" + table(kind.table))
            }
        }
        try blocks.flush(into: &output)
        output.append("\n")
    }

    /// The problems: a headline, then new (with the fix), expired acceptances, recurring, resolved, accepted, stale.
    func problems(_ section: ProblemsSectionView) -> [String] {
        var blocks = [
            wrap(
                "Problems: \(section.headline)."
                    + (section.hasPrevious ? "" : " (No earlier report: every problem is new.)"))
        ]
        func problem(_ row: ProblemRowView, extra: String? = nil) -> String {
            var lines = [
                TextWrap.block(
                    Escaping.terminal(row.title), label: "\(row.severity.uppercased())  ", indent: "  ", width: width),
                TextWrap.block(Escaping.terminal(row.fix), label: "Fix: ", indent: "  ", width: width),
                TextWrap.block(
                    Escaping.terminal(
                        "\(row.resource) · \(row.scope)" + (row.hasSource ? " · \(row.source)" : "")
                            + " · \(row.rules) · \(row.id)"), label: "", indent: "  ", width: width),
            ]
            if let extra {
                lines.append(TextWrap.block(Escaping.terminal(extra), label: "", indent: "  ", width: width))
            }
            return lines.joined(separator: "\n")
        }
        /// A titled group of problems, each with an optional line of its own (since when, why accepted).
        func group(_ title: String, _ rows: [ProblemRowView], extra: (ProblemRowView) -> String?) {
            guard !rows.isEmpty else { return }
            blocks.append(title + "\n" + rows.map { problem($0, extra: extra($0)) }.joined(separator: "\n\n"))
        }
        /// A titled list of one-line items.
        func lines(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            blocks.append(
                title + "\n"
                    + items.map {
                        TextWrap.block(Escaping.terminal($0), label: "  ", indent: "  ", width: width)
                    }.joined(separator: "\n"))
        }
        group("New problems", section.newProblems) { _ in nil }
        group("No longer accepted", section.expired) { "Was accepted: \($0.acceptance)" }
        group("Recurring problems", section.recurring) { "Since \($0.since)" }
        lines("Resolved since the last report", section.resolved.map { "\($0.title) (\($0.resource) · \($0.scope))" })
        group("Accepted risks (not counted)", section.accepted) { "Accepted: \($0.acceptance)" }
        lines(
            "Stale suppressions (they cover no problem)",
            section.stale.map { "\($0.what) — \($0.reason) (\($0.owner), \($0.source))" })
        return blocks
    }

    /// One finding: `HIGH  PL009 Title`, the resource and scope, the message, the fix, then values and template line.
    func block(_ row: FindingRowView) -> String {
        var lines = [
            wrap("\(row.severity.uppercased())  \(Escaping.terminal(row.rule))"),
            TextWrap.block(Escaping.terminal("\(row.resource) · \(row.scope)"), label: "", indent: "  ", width: width),
            TextWrap.block(Escaping.terminal(row.message), label: "", indent: "  ", width: width),
            TextWrap.block(Escaping.terminal(row.remediation ?? "—"), label: "Fix: ", indent: "  ", width: width),
        ]
        var facts: [String] = []
        if row.hasValues { facts += ["Expected: \(row.expected)", "Actual: \(row.actual)"] }
        if row.hasSource { facts.append("Template: \(row.source)") }
        if !facts.isEmpty {
            lines.append(
                TextWrap.block(Escaping.terminal(facts.joined(separator: " · ")), label: "", indent: "  ", width: width)
            )
        }
        return lines.joined(separator: "\n")
    }

    /// One line per item, wrapped: `file:line  Type LogicalId.Property: why`.
    func list(_ items: [UncheckedItem]) -> String {
        items.sorted().map { item in
            let place = item.source.map { "\($0.file):\($0.line)  " } ?? ""
            let what = item.attribute.map { "\(item.logicalId).\($0)" } ?? item.logicalId
            let scope = item.scope.map { " (\($0.account) / \($0.region))" } ?? ""
            return TextWrap.block(
                Escaping.terminal("\(place)\(item.resourceType) \(what)\(scope): \(item.reason)"), label: "",
                indent: "",
                width: width)
        }.joined(separator: "\n")
    }

    /// `text` on lines of at most `width` columns.
    private func wrap(_ text: String) -> String { TextWrap.lines(text, width: width).joined(separator: "\n") }

    /// A table with a header, a rule of dashes and left-aligned columns separated by two spaces. When the table is
    /// wider than the terminal, the widest columns narrow (never below their longest word) and cells wrap.
    func table(_ table: TableView) -> String {
        let rows = ([table.columns] + table.rows.map(\.cells)).map { row in
            table.columns.indices.map { Escaping.terminal(row[safe: $0]) }
        }
        let widths = Self.columnWidths(rows, fitting: width)
        func lines(_ cells: [String]) -> [String] {
            let wrapped = cells.indices.map { TextWrap.lines(cells[$0], width: widths[$0]) }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { line in
                widths.indices.map { column in
                    let cell = wrapped[column][safe: line]
                    return column == widths.count - 1
                        ? cell : cell + String(repeating: " ", count: max(0, widths[column] - cell.count))
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
        }
        var output = lines(rows[0]) + [widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        output += rows.dropFirst().flatMap(lines)
        if let more = table.moreText { output.append(more) }
        return output.joined(separator: "\n")
    }

    /// Column widths that fit `total` where the words allow: each column's natural width, then the widest narrowed
    /// one step at a time, none below its longest word.
    static func columnWidths(_ rows: [[String]], fitting total: Int) -> [Int] {
        let count = rows.first?.count ?? 0
        var widths = (0..<count).map { column in rows.map { $0[safe: column].count }.max() ?? 0 }
        let floors = (0..<count).map { column in
            rows.flatMap { $0[safe: column].split(separator: " ").map(\.count) }.max() ?? 0
        }
        func used() -> Int { widths.reduce(0, +) + 2 * max(0, count - 1) }
        while used() > total {
            guard
                let widest = widths.indices.filter({ widths[$0] > max(floors[$0], 8) }).max(by: {
                    widths[$0] < widths[$1]
                })
            else { break }
            widths[widest] -= 1
        }
        return widths
    }
}

extension Array where Element == String {
    /// The element at `index`, or an empty string past the end.
    fileprivate subscript(safe index: Int) -> String { indices.contains(index) ? self[index] : "" }
}

/// The text report's blocks, separated by one blank line: gathered, then written in order.
private struct BlockWriter {
    /// Blocks not yet written.
    private var pending: [String] = []
    /// Whether a block has been written (the next one needs a blank line before it).
    private var hasWritten = false

    /// Adds a block after the others.
    mutating func append(_ block: String) { pending.append(block) }

    /// Adds blocks after the others.
    static func += (writer: inout BlockWriter, blocks: [String]) { writer.pending += blocks }

    /// Writes the pending blocks.
    mutating func flush(into output: inout ReportBuffer) throws {
        for block in pending {
            startBlock(in: &output)
            output.append(block)
        }
        pending.removeAll()
        try output.flushIfFull()
    }

    /// Writes the blank line that separates a block from the one before (nothing before the first).
    mutating func startBlock(in output: inout ReportBuffer) {
        if hasWritten { output.append("\n\n") }
        hasWritten = true
    }
}
