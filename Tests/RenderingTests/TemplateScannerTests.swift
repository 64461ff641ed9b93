import Mustache
import Testing
import TestSupport

@testable import Rendering

/// The scanner must read a template exactly as swift-mustache's parse reads it, node for node, or not at all.
@Suite struct TemplateScannerTests {
    /// swift-mustache's parse of `text` with the content type forced, as `TemplateSet` parses it, in streaming form.
    static func parsed(_ text: String, escaper: StreamingTemplate.Escaper) -> StreamingTemplate? {
        _ = try? TemplateSet(sources: [:])  // registers plinv's content types
        let contentType = escaper == .html ? HTMLContentType.name : MarkdownContentType.name
        return (try? MustacheTemplate(string: "{{% CONTENT_TYPE: \(contentType)}}" + text)).flatMap(
            StreamingTemplate.init)
    }

    /// Whether two streaming forms are the same, table for table.
    static func same(_ one: StreamingTemplate, _ other: StreamingTemplate) -> Bool {
        one.escaper == other.escaper && one.nodes == other.nodes && one.bodies == other.bodies
            && one.keys == other.keys && one.partialNames == other.partialNames && one.text == other.text
    }

    /// Pieces of templates: the tags plinv's templates use, the ones only swift-mustache reads, broken ones, and text
    /// with the white space, braces and characters the parser has rules for.
    static let pieces = [
        "{{a}}", "{{ a }}", "{{a.b}}", "{{.}}", "{{.x}}", "{{#s}}", "{{/s}}", "{{^s}}", "{{#t.u}}", "{{/t.u}}",
        "{{> p}}", "{{>p}}", "{{> p.html }}", "{{{u}}}", "{{&u}}", "{{! c }}", "{{=<% %>=}}", "{{a(b)}}", "{{}}",
        "{{/s }}", "{{*d}}", "{{> *d}}", "{{\ta}}", "{{a", "{{", "}}", "{", "}", "{{$b}}", "{{<q}}", "{{%x}}",
        "x", "text", "é", "\u{301}", "·", " ", "  ", "\t", "\n", "\n", "\n\n", "\r\n", "\u{85}", "{ }", "a{b",
        "{{#s}}\n", "{{/s}}\n", "  {{#s}}\n", "  {{/s}}\n", "{{> p}}\n", "  {{> p}}\n", "\n{{^s}}\n", "{{a}}\n",
    ]

    /// Templates made of random pieces.
    static func generated(count: Int) -> [String] {
        var generator = SeededGenerator(seed: 0x7E3_A1)
        return (0..<count).map { _ in
            (0..<Int.random(in: 1...14, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }
                .joined()
        }
    }

    /// Templates as plinv writes them, at random: text, variables, partials and balanced sections, with spaces, tabs
    /// and line ends around their tags, so that some tags stand alone on their lines and some do not.
    static func wellFormed(count: Int) -> [String] {
        var generator = SeededGenerator(seed: 0x7E3_B2)
        let blanks = ["", "", " ", "  ", "\t", "\n", "\n", " \n", "\n  ", "\n\t"]
        let texts = ["x", "a b", "<p>", "é", "·", "{ }", "a{b", "}"]
        func items(depth: Int) -> String {
            (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                let blank = blanks.randomElement(using: &generator)!
                switch Int.random(in: 0..<5, using: &generator) {
                case 0: return blank + texts.randomElement(using: &generator)!
                case 1: return blank + ["{{a}}", "{{ a.b }}", "{{.}}", "{{.x}}"].randomElement(using: &generator)!
                case 2: return blank + ["{{> p}}", "{{>p}}"].randomElement(using: &generator)!
                default:
                    guard depth < 3 else { return blank }
                    let name = ["s", "t.u", ".v"].randomElement(using: &generator)!
                    let open = Bool.random(using: &generator) ? "#" : "^"
                    return blank + "{{\(open)\(name)}}" + blanks.randomElement(using: &generator)!
                        + items(depth: depth + 1) + blanks.randomElement(using: &generator)! + "{{/\(name)}}"
                }
            }.joined() + blanks.randomElement(using: &generator)!
        }
        return (0..<count).map { _ in items(depth: 0) }
    }

    /// The parser's white-space quirks, each on its own.
    static let edgeCases = [
        "", "\n", " \n", "  x\n", "x\n  ", "x\n  \n", "{{#s}}\n{{/s}}  {{#t}}\n{{/t}}\n", "  {{#s}}\n  x\n  {{/s}}\n",
        "{{> p}}\n", "  {{> p}}\n", "a {{> p}}\n", "{{#s}}x{{/s}}\n", "{{#s}} \n{{/s}}", "{{a}}\n", "{{#s}}\n{{/s}}",
        "{{/s}}", "{{#s}}", "{{a}}{{", "{{\n", "x {{", "a{", "{{#a}}{{#b}}{{/a}}{{/b}}", "\t{{^s}}\t\n\t{{/s}}\t\n",
        "{{#s}}\n  {{a}}\n{{/s}}", " {{#s}}x\n{{/s}} y\n", "{{#s}}{{/s}}\n\n", "x{{#s}}\n{{/s}}\n",
        "{{>a/b}}", "{{>a*}}", "{{a?-_*}}", "\u{212A}{{a}}", "\t\u{301}x", "  x", "\nx",
        // Ten deep: the model's two-item list renders the innermost tag 2¹⁰ times; deeper is only scanned, below.
        String(repeating: "{{#s}}\n", count: 10) + "{{a}}" + String(repeating: "{{/s}}\n", count: 10),
    ]

    @Test func everyEmbeddedTemplateIsScannedAsSwiftMustacheParsesIt() throws {
        for (name, text) in try TemplateSet().sources where !TemplateSet.isPlainText(text) {
            let escaper: StreamingTemplate.Escaper = name.hasSuffix(".html") ? .html : .markdown
            let scanned = try #require(TemplateScanner.template(text, escaper: escaper), "\(name) is not scanned")
            let parsed = try #require(Self.parsed(text, escaper: escaper), "\(name) has no streaming form")
            #expect(Self.same(scanned, parsed), "\(name)")
        }
    }

    @Test func whatTheScannerReadsIsWhatSwiftMustacheParses() throws {
        let wellFormed = Self.wellFormed(count: 2_000)
        var scanned = (wellFormed: 0, all: 0)
        for (index, text) in (wellFormed + Self.edgeCases + Self.generated(count: 4_000)).enumerated() {
            for escaper in [StreamingTemplate.Escaper.html, .markdown] {
                guard let form = TemplateScanner.template(text, escaper: escaper) else { continue }
                scanned.all += 1
                if index < wellFormed.count { scanned.wellFormed += 1 }
                let parsed = try #require(
                    Self.parsed(text, escaper: escaper), "scanned, not parsed: \(text.debugDescription)")
                #expect(Self.same(form, parsed), "\(text.debugDescription)")
            }
        }
        // Enough of them to mean something. A well-formed one is refused for an indented partial alone on its line
        // (swift-mustache indents the partial's lines), which the generator often writes.
        #expect(scanned.wellFormed * 10 > 2 * wellFormed.count * 6)
        #expect(scanned.all > scanned.wellFormed + 300)
    }

    @Test func theScannerLeavesToSwiftMustacheWhatItDoesNotReadAsItDoes() {
        for text in [
            "{{{u}}}", "{{&u}}", "{{! c }}", "{{=<% %>=}}", "{{a(b)}}", "{{}}", "{{> *d}}", "{{\ta}}", "x\n  {{> p}}\n",
            "a\r\nb", "a\u{85}b", "{{a}}\u{301}", "\u{301}x", "\u{200D}{{a}}", "}\u{301}", "{{#s}}", "{{/s}}", "a{",
            "{{\n", "x {{",
            // A Kelvin sign is canonically K: swift-mustache takes it in a name, the scanner takes only ASCII there.
            "{{\u{212A}}}", "{{#K}}{{/\u{212A}}}", "a\u{2028}b", "a\u{2029}b", "a\u{0B}b", "a\u{0C}b", "a\rb",
            "\u{600}{{a}}", "{{a\u{A0}}}", "{{>\tp}}", "{{>\np}}", "{{>}}", "{{#}}{{/}}", "{{>*}}", "{{a}",
            "{{#a}}{{/b}}",
        ] {
            #expect(TemplateScanner.template(text, escaper: .html) == nil, "\(text.debugDescription)")
        }
    }

    @Test func theEdgeCasesThatShouldScanDo() {
        let deep = String(repeating: "{{#s}}\n", count: 200) + "{{a}}" + String(repeating: "{{/s}}\n", count: 200)
        for text in ["{{>a/b}}", "{{>a*}}", "{{a?-_*}}", "\u{212A}{{a}}", "  x", "\nx", "x\n  {{#s}}\n{{/s}}\n", deep] {
            #expect(TemplateScanner.template(text, escaper: .html) != nil, "\(text.debugDescription)")
        }
    }

    @Test func aBrokenOverrideTheScannerRefusesStillFailsWithItsFile() {
        // Beside a template the scanner reads, in a set that falls back to swift-mustache for another.
        let sources = ["a.html": "<p>{{a}}</p>\n", "b.html": "x\n{{#s}}\n", "c.html": "{{lowercased(a)}}"]
        #expect {
            try TemplateSet(sources: sources, overrides: ["b.html": "/tmp/b.html.mustache"])
        } throws: { error in
            "\(error)".contains("/tmp/b.html.mustache")
        }
    }

    @Test func aSetOfScannedTemplatesRendersAsSwiftMustacheRendersIt() throws {
        let model: [String: Any] = ["a": "<x>", "s": [["a": "1"], ["a": "2"]], "t": ["u": true], "p": "&"]
        for text in Self.edgeCases + Self.wellFormed(count: 300) + Self.generated(count: 300)
        where TemplateScanner.template(text, escaper: .html) != nil {
            let scanned = try TemplateSet(sources: ["r.html": text, "p.html": "[{{a}}]"])
            let parsed = try TemplateSet(sources: ["r.html": text, "p.html": "[{{a}}]", "z.html": "{{lowercased(a)}}"])
            #expect(scanned.isStreaming && !parsed.isStreaming)
            #expect(
                try scanned.render(model, template: "r.html") == parsed.render(model, template: "r.html"),
                "\(text.debugDescription)")
        }
    }
}
