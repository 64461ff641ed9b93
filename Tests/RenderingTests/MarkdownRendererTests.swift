import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Testing

@Suite struct MarkdownRendererTests {
    let renderer: MarkdownRenderer

    init() throws {
        renderer = try MarkdownRenderer()
    }

    @Test func fullReportMatchesGolden() throws {
        try assertSnapshot(try renderer.render(ReportFixtures.report()), named: "report.md")
    }

    @Test func driftOnlyReportMatchesGolden() throws {
        var report = ReportFixtures.report(title: "PrivateLink drift")
        report.whoCanConnect = nil
        report.changes = nil
        report.inventory = nil
        report.findings = ReportFixtures.findings.filter { $0.kind != .audit }
        try assertSnapshot(try renderer.render(report), named: "drift.md")
    }

    @Test func sectionsComeInTheIssuesOrder() throws {
        let text = try renderer.render(ReportFixtures.report())
        let headings = [
            "## Summary", "## Findings", "## Who can connect", "## Changes", "## Inventory", "## Not compared",
        ]
        let positions = try headings.map { heading in
            try #require(text.range(of: heading), "\(heading) missing").lowerBound
        }
        #expect(positions == positions.sorted())
    }

    @Test func findingsShowExpectedActualAndTemplateLine() throws {
        let text = try renderer.render(ReportFixtures.report())
        let row = try #require(text.split(separator: "\n").first { $0.contains("drift.changed") })
        #expect(row.contains("| true | false |"))
        #expect(row.contains("stacks/orders-service.yaml:42"))
        #expect(row.contains("OrdersService"))
    }

    @Test func shortFindingListsStayOpenAndInventoryFolds() throws {
        let text = try renderer.render(ReportFixtures.report())
        #expect(text.contains("### High (2)") && text.contains("### Medium (1)") && text.contains("### Low (1)"))
        #expect(text.contains("<summary>Endpoint services (1)</summary>"))
        #expect(text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count)
    }

    @Test func inALongListLowerSeveritiesFold() throws {
        var report = ReportFixtures.report()
        report.findings =
            ReportFixtures.findings
            + (0..<10).map {
                ReportFixtures.finding("PL006", .medium, resourceId: "vpce-svc-\($0)", message: "No acceptance.")
            }
        let text = try renderer.render(report)
        #expect(text.contains("### High (2)"))
        #expect(text.contains("<summary>Medium (11)</summary>"))
        #expect(text.contains("<summary>Low (1)</summary>"))
    }

    @Test func equalInputsGiveIdenticalBytesWhateverTheInputOrder() throws {
        let report = ReportFixtures.report()
        var shuffled = report
        shuffled.findings = report.findings?.reversed()
        shuffled.inventory?.connections.reverse()
        let first = try renderer.render(report)
        #expect(try renderer.render(report) == first)
        #expect(try MarkdownRenderer().render(shuffled) == first)
    }

    @Test func everyTableKeepsItsColumnCount() throws {
        let tables = MarkdownTables.cellCounts(in: try renderer.render(ReportFixtures.report()))
        #expect(tables.count >= 8)
        for table in tables {
            #expect(Set(table).count == 1, "table with rows of \(table) cells")
        }
    }

    @Test func rowsBeyondTheBudgetBecomeAnAndMoreLine() throws {
        var report = ReportFixtures.report()
        report.findings = (0..<120).map {
            ReportFixtures.finding(
                "PL003", .high, resourceId: String(format: "vpce-svc-%04d", $0), message: "Finding \($0).")
        }
        let text = try MarkdownRenderer(budget: .init(rowsPerTable: 50)).render(report)
        #expect(text.contains("… and 70 more high findings not shown"))
        #expect(text.contains("vpce-svc-0049"))
        #expect(!text.contains("vpce-svc-0050"))
        #expect(text.contains("Some rows were left out to fit the size budget: 60,000 bytes, 50 rows per table"))
    }

    @Test func aReportOverTheByteBudgetHalvesItsRowsUntilItFits() throws {
        var report = ReportFixtures.report()
        report.findings = (0..<400).map {
            ReportFixtures.finding(
                "PL003", .high, resourceId: String(format: "vpce-svc-%04d", $0),
                message: String(repeating: "A long explanation. ", count: 8))
        }
        let budget = MarkdownRenderer.Budget(rowsPerTable: 200, maxBytes: 30_000)
        let text = try MarkdownRenderer(budget: budget).render(report)
        #expect(text.utf8.count <= 30_000)
        let shownRows = text.split(separator: "\n").filter { $0.contains("| PL003 Untrusted allowed principal |") }
            .count
        #expect(shownRows < 200 && shownRows > 0)
        #expect(text.contains("… and \(400 - shownRows) more high findings not shown"))
        for table in MarkdownTables.cellCounts(in: text) {
            #expect(Set(table).count == 1)
        }
    }

    @Test func longProseIsShortenedAtAWordButIdentifiersAreNeverCut() throws {
        var report = ReportFixtures.report()
        let arn = "arn:aws:iam::123456789012:role/" + String(repeating: "x", count: 80)
        report.findings = [
            ReportFixtures.finding(
                "PL001", .critical, message: String(repeating: "word ", count: 100) + "end.", actual: .string(arn))
        ]
        let text = try MarkdownRenderer(budget: .init(charactersPerCell: 40)).render(report)
        let row = try #require(text.split(separator: "\n").first { $0.contains("PL001") })
        #expect(row.hasPrefix("| word word word word word word word word …"), "prose is cut at a space, with …")
        #expect(!row.contains("end."))
        #expect(row.contains(arn), "an identifier longer than the cell budget is kept whole")
    }

    @Test func messageAndFixComeFirstAndRulesHaveTheirTitle() throws {
        let text = try renderer.render(ReportFixtures.report())
        let header = try #require(text.split(separator: "\n").first { $0.hasPrefix("| Finding |") })
        #expect(header.hasPrefix("| Finding | Fix | Rule |"))
        let row = try #require(text.split(separator: "\n").first { $0.contains("PL008") })
        #expect(row.hasPrefix("| The ec2 endpoint's policy allows any principal any action. | Attach a policy"))
        #expect(row.contains("| PL008 Full-access endpoint policy |"))
    }

    @Test func criticalAndHighGroupsAreNeverFolded() throws {
        var report = ReportFixtures.report()
        report.findings =
            (0..<30).map {
                ReportFixtures.finding("PL003", .high, resourceId: "vpce-svc-\($0)", message: "Untrusted.")
            }
            + (0..<12).map {
                ReportFixtures.finding("PL001", .critical, resourceId: "vpce-svc-c\($0)", message: "Open.")
            }
        let text = try renderer.render(report)
        #expect(text.contains("### Critical (12)") && text.contains("### High (30)"))
        #expect(!text.contains("<summary>High") && !text.contains("<summary>Critical"))
    }

    @Test func theJiraBudgetIsNeverExceededWhateverTheReport() throws {
        var report = ReportFixtures.report()
        let many = (0..<600).map {
            ReportFixtures.finding(
                "PL003", $0 < 5 ? .critical : .medium, resourceId: String(format: "vpce-svc-%04d", $0),
                message: "Principal arn:aws:iam::999999999999:root is allowed "
                    + String(repeating: "and it matters ", count: 10))
        }
        report.findings = many
        report.inventory?.connections += (0..<400).map {
            ReportFixtures.connection(
                "vpce-svc-0a1b2c3d4e5f60718", String(format: "vpce-%017d", $0), owner: "444455556666",
                state: "available")
        }
        // A value with no space is an identifier: it is never shortened, so only leaving parts out can make room.
        report.findings?.append(
            ReportFixtures.finding(
                "PL001", .critical, message: "Huge.", actual: .string(String(repeating: "x", count: 40_000))))
        for budget in [MarkdownRenderer.Budget.jira, .init(characters: 5_000)] {
            let text = try MarkdownRenderer(budget: budget).render(report)
            #expect(text.utf8.count <= budget.maxBytes, "\(text.utf8.count) bytes over a budget of \(budget.maxBytes)")
            #expect(text.components(separatedBy: "<details>").count == text.components(separatedBy: "</details>").count)
            for table in MarkdownTables.cellCounts(in: text) {
                #expect(Set(table).count == 1, "a table was cut mid-row: \(table)")
            }
            #expect(text.hasPrefix("# PrivateLink report"))
            #expect(text.contains("## Summary"))
            #expect(text.contains("size budget"), "the report says it was cut")
        }
    }

    @Test func aSmallReportIsLeftWholeByTheJiraBudget() throws {
        let whole = try MarkdownRenderer().render(ReportFixtures.report())
        let jira = try MarkdownRenderer(budget: .jira).render(ReportFixtures.report())
        #expect(whole.replacingOccurrences(of: "60,000", with: "32,767") == jira)
    }

    @Test func markdownNeverCarriesHTMLEntities() throws {
        var report = ReportFixtures.report(title: "Drift <prod> & staging")
        report.findings = [ReportFixtures.finding("PL001", .critical, message: "a < b && c > d")]
        let text = try renderer.render(report)
        #expect(!text.contains("&lt;") && !text.contains("&gt;") && !text.contains("&amp;"))
        #expect(text.contains(#"# Drift \<prod\> \& staging"#))
    }
}
