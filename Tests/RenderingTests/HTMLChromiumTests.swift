import Foundation
import Rendering
import Testing

/// Opens HTML reports in headless Chromium (Debian's `chromium` package). These tests fail when
/// Chromium is missing; set `PLINV_SKIP_CHROMIUM=1` to skip them on purpose.
@Suite(
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["PLINV_SKIP_CHROMIUM"] == nil, "PLINV_SKIP_CHROMIUM is set"))
struct HTMLChromiumTests {
    @Test func reportRendersWithoutConsoleErrorsAndShowsTheSummary() throws {
        let run = try open(ReportFixtures.report())
        #expect(run.status == 0, "chromium exited with \(run.status): \(run.stderr.suffix(2000))")
        #expect(run.consoleLines.isEmpty, "console: \(run.consoleLines)")
        #expect(run.stdout.contains("<h2 id=\"summary-heading\">Summary</h2>"))
        #expect(run.stdout.contains("findings in all"))
        #expect(run.stdout.contains("<polyline class=\"line s-services\""), "the trend chart is in the DOM")
        #expect(run.stdout.contains("<path class=\"edge edge-available\""), "the who-can-connect picture is in the DOM")
    }

    @Test func hostileStringsStayTextInTheBrowsersDOM() throws {
        let run = try open(HostileInputTests.report())
        #expect(run.status == 0)
        #expect(run.consoleLines.isEmpty, "console: \(run.consoleLines)")
        #expect(run.stdout.contains("Summary"))
        // The parsed DOM, serialised again: any element the strings had created would show up here.
        #expect(!run.stdout.contains("<img"))
        #expect(!run.stdout.lowercased().contains("<script"))
        #expect(run.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func theConsoleCheckCatchesAScriptError() throws {
        // A negative control: the same check must see an error when there is one.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-bad-\(UUID().uuidString).html")
        try Data("<!DOCTYPE html><title>t</title><p>x</p><script>undefinedFunction()</script>".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try Chromium.run(file, ["--dump-dom"])
        #expect(run.consoleLines.contains { $0.contains("undefinedFunction") })
    }

    /// Renders `report` to a temporary file and dumps the DOM Chromium builds from it.
    private func open(_ report: ReportInput) throws -> Chromium.Run {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plinv-report-\(UUID().uuidString).html")
        try Data(try HTMLRenderer().render(report).utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try Chromium.run(file, ["--dump-dom"])
    }
}
