import Foundation

/// A strict, iterative XML reader for AWS Query responses, behind `XMLNode.parse`.
///
/// Written because FoundationXML's `XMLParser` on Linux crashes on hostile bodies (invalid UTF-8 in a name, a
/// processing instruction without data, very deep nesting — found by the fuzz tests). It reads what AWS sends:
/// elements, attributes (ignored), character data, the five predefined entities and character references, CDATA,
/// comments and processing instructions (skipped). It refuses DTDs (so no entity expansion), unknown entities,
/// nesting deeper than `maxDepth`, and anything that is not well-formed UTF-8 XML — each with a line and column.
struct XMLReader {
    /// AWS responses nest fewer than 20 levels; anything far deeper is refused rather than trusted.
    static let maxDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The root element of a document.
    static func parse(_ data: Data) throws -> XMLNode {
        let bytes = [UInt8](data)
        if String(validating: bytes, as: UTF8.self) == nil, let invalid = firstInvalidUTF8(bytes) {
            throw XMLReader(bytes).failure("the document is not valid UTF-8", at: invalid)
        }
        var reader = XMLReader(bytes)
        return try reader.document()
    }

    private struct Open {
        var name: String
        var text: [UInt8] = []
        var children: [XMLNode] = []
    }

    private mutating func document() throws -> XMLNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipMisc()
        guard index < bytes.count else { throw failure("document has no root element") }
        guard bytes[index] == UInt8(ascii: "<") else { throw failure("text before the root element") }
        var stack: [Open] = []
        var root: XMLNode?
        while root == nil {
            guard index < bytes.count else { throw failure("unexpected end of document inside <\(stack.last?.name ?? "")>") }
            if bytes[index] != UInt8(ascii: "<") {
                try readText(into: &stack[stack.count - 1].text)
                continue
            }
            if starts(with: "</") {
                index += 2
                let name = try readName()
                skipSpace()
                try expect(">")
                guard let open = stack.popLast(), open.name == name else {
                    throw failure("closing tag </\(name)> does not match <\(stack.last?.name ?? "")>")
                }
                let node = Self.close(open)
                if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
            } else if starts(with: "<!--") {
                try skipComment()
            } else if starts(with: "<![CDATA[") {
                guard !stack.isEmpty else { throw failure("CDATA outside the root element") }
                index += 9
                let start = index
                guard let end = find("]]>") else { throw failure("unterminated CDATA section") }
                stack[stack.count - 1].text += bytes[start..<end]
                index = end + 3
            } else if starts(with: "<?") {
                try skipProcessingInstruction()
            } else if starts(with: "<!") {
                throw failure("DTDs and declarations are not accepted")
            } else {
                index += 1
                let name = try readName()
                let selfClosing = try skipAttributes()
                guard stack.count < Self.maxDepth else { throw failure("elements nest deeper than \(Self.maxDepth) levels") }
                if selfClosing {
                    let node = XMLNode(name: name)
                    if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
                } else {
                    stack.append(Open(name: name))
                }
            }
        }
        try skipMisc()
        guard index == bytes.count else { throw failure("content after the root element") }
        return root!
    }

    /// A finished element: a leaf keeps its text exactly; a container's text is trimmed.
    private static func close(_ open: Open) -> XMLNode {
        let text = String(decoding: open.text, as: UTF8.self)
        return XMLNode(
            name: open.name,
            text: open.children.isEmpty ? text : text.trimmingCharacters(in: .whitespacesAndNewlines),
            children: open.children)
    }

    /// Character data up to the next `<`, with entities and character references decoded.
    private mutating func readText(into text: inout [UInt8]) throws {
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                try readReference(into: &text)
            } else {
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func readReference(into text: inout [UInt8]) throws {
        let start = index
        index += 1
        guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
            throw failure("an '&' that starts no entity", at: start)
        }
        let name = String(decoding: bytes[index..<semicolon], as: UTF8.self)
        index = semicolon + 1
        let scalar: Unicode.Scalar?
        switch name {
        case "lt": scalar = "<"
        case "gt": scalar = ">"
        case "amp": scalar = "&"
        case "quot": scalar = "\""
        case "apos": scalar = "'"
        default:
            if name.hasPrefix("#x") {
                scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Self.allowedScalar)
            } else if name.hasPrefix("#") {
                scalar = UInt32(name.dropFirst(1), radix: 10).flatMap(Self.allowedScalar)
            } else {
                throw failure("unknown entity &\(name);", at: start)
            }
        }
        guard let scalar else { throw failure("character reference &\(name); is not an XML character", at: start) }
        text += Array(String(scalar).utf8)
    }

    /// A code point XML 1.0 allows in a document.
    private static func allowedScalar(_ value: UInt32) -> Unicode.Scalar? {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: Unicode.Scalar(value)
        default: nil
        }
    }

    /// An element or attribute name; the namespace prefix is dropped.
    private mutating func readName() throws -> String {
        let start = index
        while index < bytes.count, !Self.endsName(bytes[index]) { index += 1 }
        guard index > start else { throw failure("expected a name") }
        let name = bytes[start..<index]
        if let colon = name.lastIndex(of: UInt8(ascii: ":")) {
            return String(decoding: name[(colon + 1)...], as: UTF8.self)
        }
        return String(decoding: name, as: UTF8.self)
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ">"),
             UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"),
             UInt8(ascii: "&"):
            true
        default:
            false
        }
    }

    /// Skips `name="value"` pairs; returns whether the tag closed with `/>`.
    private mutating func skipAttributes() throws -> Bool {
        while true {
            skipSpace()
            guard index < bytes.count else { throw failure("unexpected end of document inside a tag") }
            if bytes[index] == UInt8(ascii: ">") { index += 1; return false }
            if starts(with: "/>") { index += 2; return true }
            _ = try readName()
            skipSpace()
            try expect("=")
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                throw failure("an attribute value must be quoted")
            }
            let quote = bytes[index]
            guard let end = bytes[(index + 1)...].firstIndex(of: quote) else { throw failure("unterminated attribute value") }
            guard !bytes[(index + 1)..<end].contains(UInt8(ascii: "<")) else { throw failure("'<' in an attribute value") }
            index = end + 1
        }
    }

    /// Whitespace, comments and processing instructions (the XML declaration among them).
    private mutating func skipMisc() throws {
        while true {
            skipSpace()
            if starts(with: "<?") { try skipProcessingInstruction() } else if starts(with: "<!--") { try skipComment() } else { return }
        }
    }

    private mutating func skipProcessingInstruction() throws {
        guard let end = find("?>", from: index + 2) else { throw failure("unterminated processing instruction") }
        index = end + 2
    }

    private mutating func skipComment() throws {
        guard let end = find("-->", from: index + 4) else { throw failure("unterminated comment") }
        index = end + 3
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ text: StaticString) throws {
        guard starts(with: text) else { throw failure("expected '\(text)'") }
        index += text.utf8CodeUnitCount
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { pattern in
            (0..<count).allSatisfy { bytes[index + $0] == pattern[$0] }
        }
    }

    /// The offset of the next `text` at or after `from`.
    private func find(_ text: StaticString, from: Int? = nil) -> Int? {
        let pattern = text.withUTF8Buffer { Array($0) }
        var position = from ?? index
        while position + pattern.count <= bytes.count {
            if bytes[position] == pattern[0], bytes[position..<(position + pattern.count)].elementsEqual(pattern) {
                return position
            }
            position += 1
        }
        return nil
    }

    /// A parse error at `offset` (default: the current position), with its 1-based line and column.
    private func failure(_ reason: String, at offset: Int? = nil) -> XMLNode.ParseError {
        let end = min(offset ?? index, bytes.count)
        var line = 1, column = 1
        for byte in bytes[..<end] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return XMLNode.ParseError(line: line, column: column, reason: reason)
    }

    /// The offset of the first byte that is not part of well-formed UTF-8, if any.
    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
