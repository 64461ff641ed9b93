import Foundation
import PrivateLinkModel
import Rendering
import Testing

@Suite struct HTMLRendererTests {
    let renderer: HTMLRenderer

    init() throws {
        renderer = try HTMLRenderer()
    }

    @Test func fullReportMatchesGolden() throws {
        try assertSnapshot(try renderer.render(ReportFixtures.report()), named: "report.html")
    }

    @Test func theFileIsSelfContainedAndForbidsScripts() throws {
        let html = try renderer.render(ReportFixtures.report())
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        #expect(!html.contains(" src="))
        let svgNamespaces = html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count - 1
        #expect(
            html.components(separatedBy: "://").count - 1 == svgNamespaces, "no address other than the SVG namespace")
        #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#))
        #expect(html.contains("@media print"))
        #expect(html.contains("@media (max-width: 640px)"))
    }

    @Test func trendChartHasAFourSeriesLineChartWithAxisLabels() throws {
        let html = try renderer.render(ReportFixtures.report())
        let chart = try #require(section(html, id: "trend"))
        #expect(chart.components(separatedBy: "<polyline").count - 1 == 4)
        for name in ["services", "connections", "endpoints", "findings"] {
            #expect(chart.contains("class=\"line s-\(name)\""))
        }
        #expect(chart.contains(">#1</text>") && chart.contains(">#6</text>"))
        #expect(chart.contains(">2026-11-18</text>"))
        #expect(chart.contains(">count</text>"))
        #expect(chart.contains(">snapshot (id, date taken)</text>"))
        #expect(chart.contains("findings — 7 now"))
    }

    @Test func whoCanConnectPictureDrawsEachStateWithAWordedLegend() throws {
        let html = try renderer.render(ReportFixtures.report())
        let picture = try #require(section(html, id: "who-can-connect"))
        #expect(picture.contains("class=\"edge edge-available\""))
        #expect(picture.contains("class=\"edge edge-pendingAcceptance\""))
        #expect(picture.contains("class=\"edge edge-rejected\""))
        #expect(
            picture.contains("consumer account · 2 endpoints available"),
            "two available endpoints from one account are one row")
        #expect(picture.contains("444455556666 → vpce-svc-0a1b2c3d4e5f60718: 2 endpoints available"))
        #expect(picture.contains("class=\"edge edge-allowed\""), "the allowed principal has its line too")
        #expect(picture.contains("allowed principal (may connect) (thin blue line)"))
        #expect(picture.contains("connection available (solid green line)"))
        #expect(picture.contains("connection pending acceptance (dashed amber line)"))
        #expect(picture.contains("connection rejected (dotted red line)"))
    }

    @Test func withoutStoredSnapshotsThereIsNoChart() throws {
        var report = ReportFixtures.report()
        report.trend = []
        #expect(!(try renderer.render(report)).contains("id=\"trend\""))
    }

    @Test func equalInputsGiveIdenticalBytes() throws {
        let report = ReportFixtures.report()
        #expect(try renderer.render(report) == (try HTMLRenderer().render(report)))
    }

    /// The text of `<section id="…">…</section>`.
    private func section(_ html: String, id: String) -> Substring? {
        guard let start = html.range(of: "<section id=\"\(id)\""),
            let end = html.range(of: "</section>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return html[start.lowerBound..<end.upperBound]
    }
}

extension HTMLRendererTests {
    @Test func trendAxisStepsAreRoundNumbers() throws {
        var report = ReportFixtures.report()
        report.trend = [
            TrendPoint(
                snapshotId: 1, takenAt: ReportFixtures.takenAt, services: 3, connections: 26, endpoints: 4, findings: 0),
            TrendPoint(
                snapshotId: 2, takenAt: ReportFixtures.takenAt.addingTimeInterval(86_400), services: 3, connections: 20,
                endpoints: 4, findings: 1),
        ]
        let html = try renderer.render(report)
        let labels = html.components(separatedBy: "text-anchor=\"end\">").dropFirst().compactMap {
            $0.split(separator: "<").first
        }
        #expect(Array(labels.prefix(4)) == ["0", "10", "20", "30"])
    }

    @Test func formatEnumGivesTheMatchingRenderer() throws {
        #expect(try ReportFormat.md.makeRenderer() is MarkdownRenderer)
        #expect(try ReportFormat.html.makeRenderer() is HTMLRenderer)
        #expect(try ReportFormat.json.makeRenderer() is JSONRenderer)
        #expect(try ReportFormat.json.makeInventoryRenderer() is InventoryJSONRenderer)
        #expect(try ReportFormat.sarif.makeRenderer() is SARIFRenderer)
    }
}
