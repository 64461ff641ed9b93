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
        // A last line of only blanks, other line ends, and characters that join or break the forced tag.
        "a {}\n  ", "x\r\n\t", "a\n  \nb", "a\n\t\tb\n", "\u{0C}body", "\u{0B}", "a\u{0B}b", "a\u{0C}b\n",
        "a\u{85}b", "a\u{2028}  b", "a\u{2029}\n", "a\rb", "\u{301}x", "\u{200D}x", "}abc", "}", "{abc", "é first",
    ]

    /// The text rendered as `p` on its own and as a partial of `r`, by a set that streams and by one that falls
    /// back to swift-mustache (it has a template with a transform).
    /// What swift-mustache refuses (a text ending in `{`) must be refused the same way: the error, when there is one.
    static func rendered(_ text: String, format: String, streaming: Bool) -> [String] {
        var sources = ["p.\(format)": text, "r.\(format)": "<{{> p.\(format)}}>"]
        // Named to sort after `p` and `r`: they are read while the set still streams, then parsed when it falls back.
        if !streaming { sources["z.\(format)"] = "{{lowercased(title)}}" }
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
        #expect(!TemplateSet.isPlainText("a\n  "))
        #expect(!TemplateSet.isPlainText("\u{301}x"))
        #expect(!TemplateSet.isPlainText("a\u{2028}b"))
        #expect(TemplateSet.isPlainText("a\r\nb\n  c"))
    }

    @Test func theEmbeddedStyleSheetIsTakenAsItIs() throws {
        let style = try #require(try TemplateSet().sources["style.html"])
        #expect(TemplateSet.isPlainText(style), "the style sheet is what this path is for")
    }
}
