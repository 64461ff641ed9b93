import Drift
import Rendering
import Testing

/// Findings and changes together: the joined list and its counts, whichever of the two lists is missing or empty.
@Suite struct ReportInputTests {
    /// The fixture report with the given findings and changes.
    static func report(findings: [Finding]?, changes: [Finding]?) -> ReportInput {
        var report = ReportFixtures.report()
        (report.findings, report.changes) = (findings, changes)
        return report
    }

    static let cases: [([Finding]?, [Finding]?)] = [
        (ReportFixtures.findings, ReportFixtures.changes), (ReportFixtures.findings, nil),
        (ReportFixtures.findings, []),
        (nil, ReportFixtures.changes), ([], ReportFixtures.changes), (nil, nil), ([], []),
    ]

    @Test(arguments: 0..<cases.count)
    func allFindingsAreBothListsInReportOrder(_ index: Int) {
        let (findings, changes) = Self.cases[index]
        let report = Self.report(findings: findings, changes: changes)
        let joined = (findings ?? []) + (changes ?? [])
        #expect(report.allFindings.map(\.id) == joined.sortedForReport().map(\.id))
        #expect(report.summary == SeveritySummary(joined))
    }

    @Test func theFixtureHasBothKinds() {
        // The control: the cases above join two non-empty lists of different severities.
        #expect(!ReportFixtures.findings.isEmpty && !ReportFixtures.changes.isEmpty)
        #expect(Set(ReportFixtures.findings.map(\.severity)).count > 1)
    }
}
