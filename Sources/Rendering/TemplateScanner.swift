/// Reads a template into its streaming form the way swift-mustache's parser reads it, without that parse.
///
/// Loading the report templates through swift-mustache, and reading its tokens back by reflection, was 60 M
/// instructions: two thirds of what a small report costs, paid by every report. This scanner follows the parser's
/// steps for what plinv's templates use, on bytes:
/// - text, `{{name}}`, `{{#name}}`, `{{^name}}`, `{{/name}}` and unindented `{{> name}}`;
/// - the parser's white-space rules: a line's leading spaces and tabs, standalone tags (their line removed), and the
///   forced content-type tag in front of the template.
///
/// It answers nil for anything else, and the template is then parsed by swift-mustache as before, with its errors:
/// - any other tag (comments, triple mustaches, `&`, delimiters, pragmas, blocks, dynamic partials, transforms);
/// - a name with characters outside `[A-Za-z0-9._?*-]`, or white space other than spaces inside a tag;
/// - any line end but LF (CR, VT, FF, NEL, U+2028, U+2029), and a character that joins an ASCII character to others
///   (a combining mark after a brace or a space): swift-mustache reads characters, the scanner bytes;
/// - anything swift-mustache refuses (an unclosed section, a closing tag without its section, a final `{`).
///
/// `TemplateScannerTests` hold it to swift-mustache's parse, node for node, for every embedded template and
/// a few thousand generated ones.
struct TemplateScanner {
    private let bytes: [UInt8]
    private var index = 0
    private var tables = StreamingTemplate.Tables()

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The streaming form of `text`, or nil when the scanner does not read it exactly as swift-mustache does.
    static func template(_ text: String, escaper: StreamingTemplate.Escaper) -> StreamingTemplate? {
        guard readsByteByByte(text) else { return nil }
        var scanner = TemplateScanner(Array(text.utf8))
        // The forced content-type tag comes first: it is standalone when the template's first line is blank.
        let startsOnNewLine = scanner.lineFinished()
        guard let nodes = scanner.nodes(in: nil, startingOnNewLine: startsOnNewLine) else { return nil }
        return StreamingTemplate(escaper: escaper, nodes: nodes, tables: scanner.tables)
    }

    /// Whether every character of `text` that holds an ASCII byte is that byte alone, its first character does not
    /// join the brace before it, and its only line end is LF.
    static func readsByteByByte(_ text: String) -> Bool {
        var isASCII = true
        for byte in text.utf8 {
            if byte == 0x0B || byte == 0x0C || byte == 0x0D { return false }
            if byte >= 0x80 { isASCII = false }
        }
        guard !isASCII else { return true }
        // Parsed after the forced content-type tag, whose closing brace a combining mark first would join.
        guard let first = text.first, ("}" + String(first)).count == 2 else { return false }
        for character in text where character.utf8.count > 1 {
            if character.isNewline || character.unicodeScalars.contains(where: \.isASCII) { return false }
        }
        return true
    }

    /// The nodes up to the closing tag of section `section` (nil: to the end), as the parser's loop makes them.
    private mutating func nodes(in section: [UInt8]?, startingOnNewLine: Bool) -> [StreamingTemplate.Node]? {
        var nodes: [StreamingTemplate.Node] = []
        var newLine = startingOnNewLine
        var whiteSpaceBefore: Range<Int> = index..<index
        while index < bytes.count {
            if newLine {
                let start = index
                while index < bytes.count, bytes[index] == .space || bytes[index] == .tab { index += 1 }
                whiteSpaceBefore = start..<index
            }
            guard let (text, isTag) = textBeforeTagOrNewline() else { return nil }
            if !isTag, index < bytes.count {  // at an LF
                index += 1
                nodes.append(textNode(whiteSpaceBefore, text.lowerBound..<index))
                newLine = true
                continue
            }
            if !text.isEmpty {
                nodes.append(textNode(whiteSpaceBefore, text))
                whiteSpaceBefore = index..<index
                newLine = false
            }
            guard isTag else { break }
            // The parser drops braces at the end, or before an LF, without an error: left to it.
            guard index < bytes.count, bytes[index] != .newline else { return nil }
            var setNewLine = false
            switch bytes[index] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let isInverted = bytes[index] == UInt8(ascii: "^")
                index += 1
                guard let name = name() else { return nil }
                if newLine && lineFinished() {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(textNode(whiteSpaceBefore))
                    whiteSpaceBefore = index..<index
                }
                guard let body = self.nodes(in: name, startingOnNewLine: setNewLine) else { return nil }
                tables.keys.append(StreamingTemplate.Key(String(decoding: name, as: UTF8.self)))
                tables.bodies.append(body)
                nodes.append(
                    .section(key: tables.keys.count - 1, body: tables.bodies.count - 1, isInverted: isInverted))
            case UInt8(ascii: "/"):
                index += 1
                guard let name = name(), let section, name == section else { return nil }
                if !(newLine && lineFinished()), !whiteSpaceBefore.isEmpty {
                    nodes.append(textNode(whiteSpaceBefore))
                }
                return nodes
            case UInt8(ascii: ">"):
                index += 1
                guard let name = partialName() else { return nil }
                if newLine && lineFinished() {
                    // Standalone: indented, the partial's lines are indented too, which only swift-mustache does.
                    guard whiteSpaceBefore.isEmpty else { return nil }
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    nodes.append(textNode(whiteSpaceBefore))
                }
                whiteSpaceBefore = index..<index
                tables.partialNames.append(String(decoding: name, as: UTF8.self))
                nodes.append(.partial(name: tables.partialNames.count - 1))
            case UInt8(ascii: "!"), UInt8(ascii: "{"), UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: "$"),
                UInt8(ascii: "="), UInt8(ascii: "%"):
                return nil
            default:
                if !whiteSpaceBefore.isEmpty {
                    nodes.append(textNode(whiteSpaceBefore))
                    whiteSpaceBefore = index..<index
                }
                guard let name = name() else { return nil }
                tables.keys.append(StreamingTemplate.Key(String(decoding: name, as: UTF8.self)))
                nodes.append(.variable(key: tables.keys.count - 1, isEscaped: true))
            }
            newLine = setNewLine
        }
        return section == nil ? nodes : nil
    }

    /// The text up to the next `{{` (then moved past it, and `isTag`) or LF or the end (not moved past); nil where
    /// the parser would overflow (a final `{`).
    private mutating func textBeforeTagOrNewline() -> (text: Range<Int>, isTag: Bool)? {
        let start = index
        while index < bytes.count, bytes[index] != .newline {
            if bytes[index] == .openBrace {
                guard index + 1 < bytes.count else { return nil }
                if bytes[index + 1] == .openBrace {
                    index += 2
                    return (start..<(index - 2), true)
                }
            }
            index += 1
        }
        return (start..<index, false)
    }

    /// Whether the rest of the line after a tag is spaces and tabs: then moved past it and its LF. True at the end.
    private mutating func lineFinished() -> Bool {
        guard index < bytes.count else { return true }
        var end = index
        while end < bytes.count, bytes[end] == .space || bytes[end] == .tab { end += 1 }
        guard end < bytes.count, bytes[end] == .newline else { return false }
        index = end + 1
        return true
    }

    /// A tag's name, between spaces, and the closing braces; nil for an empty name or anything else.
    private mutating func name() -> [UInt8]? { tagContent(Self.isNameByte) }

    /// A partial's name, which may also hold `/`; nil for a dynamic partial (`*` first) or one `name()` refuses.
    private mutating func partialName() -> [UInt8]? {
        guard let name = tagContent({ byte in byte == UInt8(ascii: "/") || Self.isNameByte(byte) }),
            name.first != UInt8(ascii: "*")
        else { return nil }
        return name
    }

    /// Whether `byte` may be in a name.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "?"), UInt8(ascii: "*"):
            true
        default: false
        }
    }

    /// The bytes `isPart` takes between optional spaces, then `}}`, moved past; nil when that is not what follows.
    private mutating func tagContent(_ isPart: (UInt8) -> Bool) -> [UInt8]? {
        while index < bytes.count, bytes[index] == .space { index += 1 }
        let start = index
        while index < bytes.count, isPart(bytes[index]) { index += 1 }
        let name = Array(bytes[start..<index])
        while index < bytes.count, bytes[index] == .space { index += 1 }
        guard !name.isEmpty, index + 1 < bytes.count, bytes[index] == .closeBrace, bytes[index + 1] == .closeBrace
        else { return nil }
        index += 2
        return name
    }

    /// A text node of the bytes in `parts`, one after another.
    private mutating func textNode(_ parts: Range<Int>...) -> StreamingTemplate.Node {
        let start = tables.text.count
        for part in parts { tables.text.append(contentsOf: bytes[part]) }
        return .text(start..<tables.text.count)
    }
}

extension UInt8 {
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
}
