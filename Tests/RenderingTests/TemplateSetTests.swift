import Foundation
import Rendering
import Testing

@Suite struct TemplateSetTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Rendering/Templates")

    @Test func everyTemplateFileIsCompiledIn() throws {
        // SwiftPM embeds the bytes; this catches a file added to Templates/ but not listed by name in EmbeddedTemplates.
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.templates.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(!files.isEmpty)
        let embedded = try TemplateSet().sources
        #expect(Set(embedded.keys) == Set(files.map { String($0.dropLast(".mustache".count)) }))
    }

    @Test func templatesNeverBypassEscaping() throws {
        for (name, text) in try TemplateSet().sources {
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(name) renders a value unescaped")
            // A pragma or a change of delimiters could turn escaping off (or hide a tag that does) for the whole file.
            #expect(!text.contains("{{%") && !text.contains("{{="), "\(name) changes how its values are escaped")
            #expect(name.hasSuffix(".md") || name.hasSuffix(".html"), "\(name) has no format suffix")
        }
    }

    @Test func anOverrideReplacesOneTemplateAndKeepsTheOthers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("# Custom: {{title}}\n\n{{> summary.md}}", to: directory.appendingPathComponent("report.md.mustache"))
        try write("ignored", to: directory.appendingPathComponent("notes.txt"))
        let text = try MarkdownRenderer(templateDirectory: directory).render(ReportFixtures.report(title: "A <b>|c"))
        #expect(text.hasPrefix(#"# Custom: A \<b\>\|c"#), "the override renders with Markdown escaping, not HTML")
        #expect(text.contains("## Summary"), "the embedded partial is still there")
    }

    @Test func anHTMLOverrideStillEscapesForHTML() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try write("<h1>{{title}}</h1>", to: directory.appendingPathComponent("report.html.mustache"))
        let html = try HTMLRenderer(templateDirectory: directory).render(
            ReportFixtures.report(title: "<script>x</script>"))
        #expect(html == "<h1>&lt;script&gt;x&lt;/script&gt;</h1>")
    }

    @Test func aBrokenOverrideNamesItsFileAndLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("report.md.mustache")
        try write("# {{title}}\n\n{{#findings}}\nnever closed\n", to: file)
        #expect {
            try MarkdownRenderer(templateDirectory: directory)
        } throws: { error in
            guard case .templateSyntax(let path, let line, _, _) = error as? RenderingError else { return false }
            return path == file.path && line >= 3
        }
    }

    @Test func aRendererLoadsOnlyItsOwnFormatsTemplates() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A broken Markdown override: an HTML report never reads it, so it neither fails nor slows the HTML one.
        try write("{{#findings}}\nnever closed\n", to: directory.appendingPathComponent("report.md.mustache"))
        let html = try HTMLRenderer(templateDirectory: directory)
        #expect(html.templates.sources.keys.allSatisfy { $0.hasSuffix(".html") })
        #expect(try html.render(ReportFixtures.report(title: "t")).hasPrefix("<!DOCTYPE html>"))
        #expect(throws: RenderingError.self) { try MarkdownRenderer(templateDirectory: directory) }
        #expect(try MarkdownRenderer().templates.sources.keys.allSatisfy { $0.hasSuffix(".md") })
        #expect(try TemplateSet().sources.keys.contains { $0.hasSuffix(".md") }, "without a format: every template")
    }

    @Test func aMissingDirectoryIsAnError() {
        let missing = URL(fileURLWithPath: "/nonexistent/plinv-templates")
        #expect(throws: RenderingError.self) { try HTMLRenderer(templateDirectory: missing) }
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func write(_ text: String, to url: URL) throws {
        try Data(text.utf8).write(to: url)
    }
}
