import Drift
import Foundation
import Rendering
import Testing

/// The streaming renderer must give the bytes swift-mustache gives, for every embedded template.
@Suite struct StreamingTemplateTests {
    /// The embedded templates plus one that only swift-mustache renders (a transform), so the whole set falls back.
    static func mustacheOnly() throws -> TemplateSet {
        var sources = try TemplateSet().sources
        sources["fallback.md"] = "{{lowercased(title)}}"
        return try TemplateSet(sources: sources)
    }

    /// A report with every section and each kind of row: the full fixture, hostile strings, problems, drift.
    static let reports: [ReportInput] = {
        var empty = ReportFixtures.report()
        (empty.findings, empty.changes, empty.whoCanConnect, empty.inventory) = ([], [], [], nil)
        empty.notChecked = []
        empty.driftCoverage = DriftCoverage(declared: 2, verified: 0, notVerified: 2, notChecked: 0)
        return [ReportFixtures.report(), HostileInputTests.report(), empty]
    }()

    @Test func theEmbeddedTemplatesStream() throws {
        #expect(try TemplateSet().isStreaming)
        #expect(try Self.mustacheOnly().isStreaming == false, "the control: a transform needs swift-mustache")
    }

    @Test(arguments: 0..<3)
    func streamingGivesSwiftMustachesBytes(report index: Int) throws {
        let report = Self.reports[index]
        let streaming = try TemplateSet()
        let mustache = try Self.mustacheOnly()
        #expect(
            try HTMLRenderer(templates: streaming).render(report) == HTMLRenderer(templates: mustache).render(report))
        #expect(
            try MarkdownRenderer(templates: streaming).render(report)
                == MarkdownRenderer(templates: mustache).render(report))
        let tight = MarkdownRenderer.Budget(rowsPerTable: 1, maxBytes: 2_000)
        #expect(
            try MarkdownRenderer(templates: streaming, budget: tight).render(report)
                == MarkdownRenderer(templates: mustache, budget: tight).render(report))
    }

    @Test func anOverrideOnlyMustacheRendersStillRenders() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plinv-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("<h1>{{uppercased(title)}}</h1>\n{{> summary.html}}".utf8)
            .write(to: directory.appendingPathComponent("report.html.mustache"))
        let renderer = try HTMLRenderer(templateDirectory: directory)
        #expect(renderer.templates.isStreaming == false)
        let html = try renderer.render(ReportFixtures.report(title: "a <b>"))
        #expect(html.hasPrefix("<h1>A &lt;B&gt;</h1>\n<section id=\"summary\""))
    }

    @Test func anIndentedPartialOverrideKeepsMustachesIndentation() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plinv-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("# {{title}}\n\n  {{> summary.md}}\n".utf8).write(
            to: directory.appendingPathComponent("report.md.mustache"))
        let renderer = try MarkdownRenderer(templateDirectory: directory)
        #expect(renderer.templates.isStreaming == false, "indentation is swift-mustache's to apply")
        #expect(try renderer.render(ReportFixtures.report()).contains("\n  ## Summary\n"))
    }

    @Test func writingToASinkGivesTheRenderedBytesInChunks() throws {
        var report = ReportFixtures.report()
        // Enough findings for several chunks.
        report.findings = (0..<800).map { index in
            ReportFixtures.finding(
                "PL008", .medium, resourceType: "AWS::EC2::VPCEndpoint", resourceId: "vpce-\(index)",
                message: "Endpoint \(index) <allows> everything & more.",
                actual: .string(#"{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}"#),
                attribute: "PolicyDocument")
        }
        for renderer in [try HTMLRenderer() as any ReportRenderer, JSONRenderer(), TextRenderer(width: 100)] {
            let sink = ChunkSink()
            try renderer.write(report, to: sink)
            let text = try renderer.render(report)
            #expect(String(decoding: sink.bytes, as: UTF8.self) == text, "\(type(of: renderer))")
            #expect(sink.chunks > 1 || text.utf8.count < 1 << 16, "\(type(of: renderer)) wrote \(sink.chunks) chunks")
        }
    }
}

/// A sink that keeps every chunk it is given.
final class ChunkSink: ReportSink {
    private(set) var bytes: [UInt8] = []
    private(set) var chunks = 0

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: chunk)
        chunks += 1
    }
}
