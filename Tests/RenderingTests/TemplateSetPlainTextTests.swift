import Testing

@testable import Rendering

/// A template without tags streams as its text without being parsed: it must render exactly what swift-mustache
/// renders from the same source, in either content type, as a partial and on its own.
@Suite struct TemplateSetPlainTextTests {
    /// Texts that have no tag, and texts that must still be parsed (a tag, or white space that mustache may strip
    /// around the forced content-type tag).
    static let texts = [
        "<style>\na { color: red; }\n</style>\n", "x}}y{ z } {", "a\r\nb\n\n", "single line", "ü → ✓\n",
        " leading space\n", "\nleading newline", "\tleading tab", "\r\nleading CRLF", "{{! a comment }}text",
        "text {{=<% %>=}} <%title%>", "", "ends in a brace {", "{", "a {\n",
    ]

    /// The text rendered as `p` on its own and as a partial of `r`, by a set that streams and by one that falls
    /// back to swift-mustache (it has a template with a transform).
    /// What swift-mustache refuses (a text ending in `{`) must be refused the same way: the error, when there is one.
    static func rendered(_ text: String, format: String, streaming: Bool) -> [String] {
        var sources = ["p.\(format)": text, "r.\(format)": "<{{> p.\(format)}}>"]
        if !streaming { sources["fallback.\(format)"] = "{{lowercased(title)}}" }
        do {
            let set = try TemplateSet(sources: sources)
            #expect(set.isStreaming == streaming)
            let model = ["title": "a <b>"]
            return try [set.render(model, template: "p.\(format)"), set.render(model, template: "r.\(format)")]
        } catch {
            return ["error: \(error)"]
        }
    }

    @Test(arguments: texts)
    func aPlainTextTemplateRendersAsSwiftMustacheRendersIt(_ text: String) {
        for format in ["html", "md"] {
            #expect(
                Self.rendered(text, format: format, streaming: true)
                    == Self.rendered(text, format: format, streaming: false), "\(format): \(text.debugDescription)")
        }
    }

    @Test func onlyTagFreeTextsNotStartingWithSpaceAreTakenAsTheyAre() {
        #expect(TemplateSet.isPlainText("<style>\n"))
        #expect(TemplateSet.isPlainText("a } { b"))
        #expect(!TemplateSet.isPlainText("a {{b}}"))
        #expect(!TemplateSet.isPlainText("{{"))
        #expect(!TemplateSet.isPlainText(" a"))
        #expect(!TemplateSet.isPlainText("\na"))
        #expect(!TemplateSet.isPlainText(""))
        #expect(!TemplateSet.isPlainText("a {"))
    }

    @Test func theEmbeddedStyleSheetIsTakenAsItIs() throws {
        let style = try #require(try TemplateSet().sources["style.html"])
        #expect(TemplateSet.isPlainText(style), "the style sheet is what this path is for")
    }
}
