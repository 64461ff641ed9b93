import Foundation
import Mustache

/// The report templates: the ones embedded in the binary, each optionally overridden by a file of the
/// same name in a user's `--templates` directory.
///
/// A template named `x.md.mustache` renders with Markdown escaping and `x.html.mustache` with HTML
/// escaping, whatever the file says: the content type is forced at the top of every template, so an
/// override (or a partial, which mustache would otherwise reset to its own HTML escaping) cannot
/// leave a value unescaped. Other files in the directory are ignored.
public struct TemplateSet: Sendable {
    /// Template source text by name (`report.md`, `findings.html`, …).
    public let sources: [String: String]
    /// Where each overriding template came from, by name.
    public let overrides: [String: String]
    private let library: MustacheLibrary
    /// Every template's streaming form by name; nil when one of them has none, and swift-mustache renders the set.
    private let streaming: [String: StreamingTemplate]?

    /// Whether the set renders by streaming: every template in it has a streaming form (the embedded ones do).
    public var isStreaming: Bool { streaming != nil }

    /// Loads the embedded templates, then the overrides in `directory` when one is given; with a `format` (`md`,
    /// `html`), only that format's templates, which are all a renderer of it reads: parsing the other format's would
    /// double the set's load time, and a broken override of the other format would fail it.
    public init(overridesIn directory: URL? = nil, format: String? = nil) throws {
        let isIncluded = { (name: String) in format.map { name.hasSuffix(".\($0)") } ?? true }
        var sources = EmbeddedTemplates.all.filter { isIncluded($0.key) }
        var overrides: [String: String] = [:]
        if let directory {
            for (name, path) in try Self.templateFiles(in: directory) where isIncluded(name) {
                guard let data = FileManager.default.contents(atPath: path),
                    let text = String(data: data, encoding: .utf8)
                else { throw RenderingError.templateUnreadable(path: path) }
                sources[name] = text
                overrides[name] = path
            }
        }
        try self.init(sources: sources, overrides: overrides)
    }

    /// Parses the given template sources (name → text); `overrides` names the file each came from.
    ///
    /// A template without tags (the style sheet, 6.8 KB of the HTML set) streams as its text without being parsed:
    /// swift-mustache reads a template character by character, and parsing that one was a third of loading the set,
    /// which every report pays. One that ``TemplateScanner`` reads as swift-mustache does (every embedded one) streams
    /// as the scanner reads it: parsing the rest and reading the parse back by reflection was most of the remainder.
    /// Either is parsed only if the set falls back to swift-mustache.
    public init(sources: [String: String], overrides: [String: String] = [:]) throws {
        _ = Self.registerContentTypes
        var library = MustacheLibrary()
        var streaming: [String: StreamingTemplate]? = [:]
        /// Templates taken as their text or as the scanner read them, parsed below only if the set falls back.
        var unparsed: [(name: String, text: String, contentType: String)] = []
        for name in sources.keys.sorted() {
            guard let text = sources[name], let contentType = Self.contentTypeName(forTemplate: name) else { continue }
            if streaming != nil, let escaper = Self.escaper(forContentType: contentType),
                let form = Self.isPlainText(text)
                    ? StreamingTemplate(plainText: text, escaper: escaper)
                    : TemplateScanner.template(text, escaper: escaper)
            {
                streaming?[name] = form
                unparsed.append((name, text, contentType))
                continue
            }
            let template = try Self.parse(text, named: name, contentType: contentType, overrides: overrides)
            library.register(template, named: name)
            if let form = StreamingTemplate(template) { streaming?[name] = form } else { streaming = nil }
        }
        if streaming == nil {
            for (name, text, contentType) in unparsed {
                library.register(
                    try Self.parse(text, named: name, contentType: contentType, overrides: overrides), named: name)
            }
        }
        self.sources = sources
        self.overrides = overrides
        self.library = library
        self.streaming = streaming
    }

    /// swift-mustache's parse of `text` with its content type forced at the top, or the syntax error in the file's
    /// own lines and columns.
    private static func parse(_ text: String, named name: String, contentType: String, overrides: [String: String])
        throws -> MustacheTemplate
    {
        // No newline after the tag: line numbers in parse errors stay those of the file.
        let prefix = "{{% CONTENT_TYPE: \(contentType)}}"
        do {
            return try MustacheTemplate(string: prefix + text)
        } catch let error as MustacheTemplate.ParserError {
            let prefixLength = error.context.lineNumber == 1 ? prefix.count : 0
            throw RenderingError.templateSyntax(
                file: overrides[name] ?? "\(name).mustache", line: error.context.lineNumber,
                column: max(1, error.context.columnNumber - prefixLength), message: "\(error.error)")
        }
    }

    /// Whether swift-mustache would render `text` exactly as written. Kept narrow; anything else is parsed:
    /// - it has no tag: no `{{` at all;
    /// - it starts with a printable ASCII character other than a space: white space or a newline first could make the
    ///   forced content-type tag a standalone line that mustache removes, and a combining mark first would join the
    ///   tag's closing brace;
    /// - it does not end in `{`, which swift-mustache refuses (it reads on for a second brace and overflows);
    /// - its last line, when it has no newline after it, is not only spaces and tabs, which mustache drops;
    /// - its only line breaks are LF and CRLF: no lone CR, VT, FF, NEL, U+2028 or U+2029, which mustache counts as
    ///   line ends too.
    static func isPlainText(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, (0x21...0x7E).contains(first), bytes.last != UInt8(ascii: "{") else {
            return false
        }
        var lastLineIsBlank = false
        for index in bytes.indices {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            switch byte {
            case UInt8(ascii: "{") where next == UInt8(ascii: "{"): return false
            case 0x0B, 0x0C: return false
            case 0x0D where next != 0x0A: return false
            case 0xC2 where next == 0x85: return false
            case 0xE2 where next == 0x80 && index + 2 < bytes.count && (0xA8...0xA9).contains(bytes[index + 2]):
                return false
            case 0x0A: lastLineIsBlank = true
            case 0x20, 0x09, 0x0D: break
            default: lastLineIsBlank = false
            }
        }
        // A final line of only spaces and tabs (after a newline) is dropped by mustache; a final newline is not.
        return !(lastLineIsBlank && bytes.last != 0x0A)
    }

    /// The streaming escaper of a content type name.
    private static func escaper(forContentType name: String) -> StreamingTemplate.Escaper? {
        if name == HTMLContentType.name { return .html }
        if name == MarkdownContentType.name { return .markdown }
        return nil
    }

    /// Renders `model` with the template `name`.
    func render(_ model: Any, template name: String) throws -> String {
        try ReportBuffer.text { try render(model, template: name, into: &$0) }
    }

    /// Renders `model` with the template `name` into `output`, row by row when the set streams.
    func render(_ model: Any, template name: String, into output: inout ReportBuffer) throws {
        guard let streaming else {
            guard let text = library.render(model, withTemplate: name) else {
                throw RenderingError.templateMissing(name: name)
            }
            output.append(text)
            return
        }
        guard let template = streaming[name] else { throw RenderingError.templateMissing(name: name) }
        var stack = [TemplateValue(any: model)]
        try template.render(&stack, into: &output, partials: streaming)
    }

    /// The `.md.mustache` and `.html.mustache` files directly in `directory`: template name → path.
    private static func templateFiles(in directory: URL) throws -> [(String, String)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw RenderingError.templateDirectoryUnreadable(
                path: directory.path, reason: "\(error.localizedDescription)")
        }
        return names.sorted().compactMap { file in
            guard file.hasSuffix(".mustache") else { return nil }
            let name = String(file.dropLast(".mustache".count))
            guard contentTypeName(forTemplate: name) != nil else { return nil }
            return (name, directory.appendingPathComponent(file).path)
        }
    }

    /// The content type a template renders with, from its name's format suffix.
    private static func contentTypeName(forTemplate name: String) -> String? {
        if name.hasSuffix(".md") { return MarkdownContentType.name }
        if name.hasSuffix(".html") { return HTMLContentType.name }
        return nil
    }

    /// Registers plinv's content types with mustache once per process, before any template parses.
    private static let registerContentTypes: Void = {
        MustacheContentTypes.register(MarkdownContentType(), named: MarkdownContentType.name)
        MustacheContentTypes.register(HTMLContentType(), named: HTMLContentType.name)
    }()
}
