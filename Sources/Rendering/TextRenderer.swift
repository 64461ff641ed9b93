/// Renders plain-text tables for a terminal: the summary, findings, who can connect, changes and the
/// inventory, in aligned columns. Control characters in values are made visible, so a tag cannot
/// move the cursor or recolour the terminal.
public struct TextRenderer: ReportRenderer {
    /// The widest a column gets; longer values are cut with `…`.
    public var maxColumnWidth: Int

    public init(maxColumnWidth: Int = 48) {
        self.maxColumnWidth = maxColumnWidth
    }

    public func render(_ report: ReportInput) throws -> String {
        let view = ReportView(report, limits: ViewLimits(rowsPerTable: nil, charactersPerCell: nil, drawsPictures: false))
        var blocks: [String] = []
        let snapshotLine = "\(view.snapshot.id) taken \(view.snapshot.takenAt), \(view.snapshot.status)"
        blocks.append("\(Escaping.terminal(view.title)) — snapshot \(snapshotLine)")
        let counts = view.summary.severities.map { "\($0.severity) \($0.count)" }.joined(separator: ", ")
        blocks.append(
            "Findings: \(view.summary.total) (\(counts)); scopes: \(view.summary.scopesCollected) collected, "
                + "\(view.summary.scopesFailed) failed")
        if view.summary.hasFailedScopes { blocks.append(table(view.summary.failedScopes)) }
        if let findings = view.findings {
            let rows = findings.groups.flatMap(\.rows).map {
                [$0.severity, $0.rule, $0.resource, $0.scope, $0.expected, $0.actual, $0.source, $0.details]
            }
            let none = report.driftCoverage?.verifiedNothing == true
                ? "No findings — but nothing was verified, so this says nothing about drift (see Not compared)."
                : "No findings."
            blocks.append(
                findings.isEmpty
                    ? none
                    : table(TableView(
                        columns: ["Severity", "Rule", "Resource", "Account / region", "Expected", "Actual", "Template", "Finding"],
                        rows: rows, limit: nil, noun: "findings")))
        }
        if let coverage = report.driftCoverage { blocks.append(coverage.sentence) }
        if !report.notVerified.isEmpty {
            blocks.append("Not verified (declared, but not compared)\n" + Self.list(report.notVerified))
        }
        if !report.notChecked.isEmpty {
            blocks.append("Not checked (types drift does not compare)\n" + Self.list(report.notChecked))
        }
        if let access = view.access {
            blocks.append("Who can connect\n" + (access.isEmpty ? "No endpoint services." : table(access.table)))
        }
        if let changes = view.changes {
            blocks.append("Changes\n" + (changes.isEmpty ? "No changes." : table(changes.table)))
        }
        if let inventory = view.inventory {
            blocks.append(
                "Inventory: " + inventory.counts.map { "\($0.kind.lowercased()) \($0.count)" }.joined(separator: ", "))
            for kind in inventory.tables where kind.count > 0 {
                blocks.append("\(kind.title)\n" + table(kind.table))
            }
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }

    /// One line per item, never cut: `file:line  Type LogicalId.Property: why`.
    static func list(_ items: [UncheckedItem]) -> String {
        items.sorted().map { item in
            let place = item.source.map { "\($0.file):\($0.line)  " } ?? ""
            let what = item.attribute.map { "\(item.logicalId).\($0)" } ?? item.logicalId
            return Escaping.terminal("\(place)\(item.resourceType) \(what): \(item.reason)")
        }.joined(separator: "\n")
    }

    /// A table with a header, a rule of dashes and left-aligned columns separated by two spaces.
    func table(_ table: TableView) -> String {
        let rows = ([table.columns] + table.rows.map(\.cells)).map { row in
            row.map { ValueText.clipped(Escaping.terminal($0), to: maxColumnWidth) }
        }
        let widths = table.columns.indices.map { column in rows.map { $0[safe: column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            widths.indices.map { column in
                let cell = cells[safe: column]
                return column == widths.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        var lines = [line(rows[0]), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.dropFirst().map(line)
        if let more = table.moreText { lines.append(more) }
        return lines.joined(separator: "\n")
    }
}

extension Array where Element == String {
    /// The element at `index`, or an empty string past the end.
    fileprivate subscript(safe index: Int) -> String { indices.contains(index) ? self[index] : "" }
}
