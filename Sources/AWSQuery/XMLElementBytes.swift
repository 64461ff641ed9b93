import Foundation

/// One element of a document, read where it lies: its name, child elements and leaf text are found by scanning the
/// bytes, without building `XMLNode`s. The bytes must be a balanced element of valid UTF-8, as `XMLPage` leaves its
/// items; `node()` reads the element strictly. Valid only inside the `withUnsafeBytes` that gave `document`.
public struct XMLElementBytes {
    /// The document the element lies in.
    public let document: UnsafeRawBufferPointer
    /// From the `<` of the start tag to the end of the end tag.
    public let range: Range<Int>
    /// The local part of the element's name (after any namespace prefix).
    private let localName: Range<Int>
    /// What lies between the start tag and the end tag (empty for `<name/>`).
    private let content: Range<Int>

    /// The element at `range` of `document`.
    public init(_ document: UnsafeRawBufferPointer, _ range: Range<Int>) {
        self.document = document
        self.range = range
        localName = Self.localName(document, tagAt: range.lowerBound, limit: range.upperBound)
        let tagEnd = Self.endOfTag(document, from: localName.upperBound, limit: range.upperBound)
        if tagEnd > range.lowerBound, document[tagEnd - 1] == UInt8(ascii: "/") {
            content = tagEnd..<tagEnd
        } else {
            // The end tag holds no `<` but its own: the content ends at the last one.
            var last = range.upperBound - 1
            while last > tagEnd, document[last] != UInt8(ascii: "<") { last -= 1 }
            content = min(tagEnd + 1, last)..<last
        }
    }

    /// Whether the element's local name is `name`.
    public func hasName(_ name: String) -> Bool {
        XMLReader.equals(name, document, localName)
    }

    /// Calls `body` with each child element, in order.
    public func forEachChild(_ body: (XMLElementBytes) throws -> Void) rethrows {
        var position = content.lowerBound
        while let child = firstChild(from: position) {
            try body(child)
            position = child.range.upperBound
        }
    }

    /// The first child element named `name`. A child of another name is passed over by its end alone: its name is
    /// compared where it lies, without working out its content.
    public func child(_ name: String) -> XMLElementBytes? {
        var position = content.lowerBound
        while let start = childStart(from: position) {
            let local = Self.localName(document, tagAt: start, limit: content.upperBound)
            let childEnd = Self.endOfElement(document, at: start, limit: content.upperBound)
            if XMLReader.equals(name, document, local) { return XMLElementBytes(document, start..<childEnd) }
            position = childEnd
        }
        return nil
    }

    /// The first child named `first` and the first named `second`, found in one pass over the children that ends
    /// once both are: what two calls of `child(_:)` give, reading the children before the later of the two once.
    public func children(named first: String, _ second: String) -> (XMLElementBytes?, XMLElementBytes?) {
        var found: (XMLElementBytes?, XMLElementBytes?) = (nil, nil)
        var position = content.lowerBound
        while found.0 == nil || found.1 == nil, let start = childStart(from: position) {
            let local = Self.localName(document, tagAt: start, limit: content.upperBound)
            let childEnd = Self.endOfElement(document, at: start, limit: content.upperBound)
            if found.0 == nil, XMLReader.equals(first, document, local) {
                found.0 = XMLElementBytes(document, start..<childEnd)
            }
            if found.1 == nil, XMLReader.equals(second, document, local) {
                found.1 = XMLElementBytes(document, start..<childEnd)
            }
            position = childEnd
        }
        return found
    }

    /// The first child element starting at or after `position` of the content.
    private func firstChild(from position: Int) -> XMLElementBytes? {
        guard let start = childStart(from: position) else { return nil }
        return XMLElementBytes(document, start..<Self.endOfElement(document, at: start, limit: content.upperBound))
    }

    /// Where the start tag of the first child element at or after `position` of the content begins (comments,
    /// CDATA sections and processing instructions passed over), nil when there is none.
    private func childStart(from position: Int) -> Int? {
        var position = position
        while position < content.upperBound {
            let start = XMLReader.offset(of: UInt8(ascii: "<"), in: document, from: position, to: content.upperBound)
            guard start + 1 < content.upperBound else { return nil }
            switch document[start + 1] {
            case UInt8(ascii: "!"), UInt8(ascii: "?"):
                position = Self.endOfMarkup(document, at: start, limit: content.upperBound)
            case UInt8(ascii: "/"):
                return nil
            default:
                return start
            }
        }
        return nil
    }

    /// The element's text as its `XMLNode` has it: a leaf's exactly as written, references decoded.
    /// - Throws: `XMLNode.ParseError` when text that needs decoding is not well-formed.
    public func text() throws -> String {
        let (lower, upper) = (content.lowerBound, content.upperBound)
        guard
            XMLReader.offset(of: UInt8(ascii: "<"), in: document, from: lower, to: upper) < upper
                || XMLReader.offset(of: UInt8(ascii: "&"), in: document, from: lower, to: upper) < upper
        else {
            return String(decoding: document[content], as: UTF8.self)
        }
        return try node().text
    }

    /// The element read strictly into a node, as `XMLNode.parse` reads a document.
    /// - Throws: `XMLNode.ParseError` with the line and column in `document`.
    public func node() throws -> XMLNode {
        var names = XMLNameTable()
        return try node(names: &names)
    }

    /// ``node()`` with the element names made into `String`s by an earlier read looked up in `names`, and new ones
    /// added to it.
    public func node(names: inout XMLNameTable) throws -> XMLNode {
        try XMLReader.parseElement(document, range, names: &names)
    }

    /// The local part (after the last `:`) of the name of the start tag whose `<` is at `start`; it ends where the
    /// name does, before `limit`.
    static func localName(_ bytes: UnsafeRawBufferPointer, tagAt start: Int, limit: Int) -> Range<Int> {
        var position = XMLReader.lettersEnd(bytes, from: start + 1, limit: limit)
        var local = start + 1
        while position < limit, !XMLReader.endsName(bytes[position]) {
            if bytes[position] == UInt8(ascii: ":") { local = position + 1 }
            position += 1
        }
        return local..<position
    }

    /// The offset of the `>` ending the tag whose name's first bytes lie before `from` (the rest of the name, holding
    /// no `>` or quote, may follow; quoted attribute values may hold `>`), or `limit`.
    static func endOfTag(_ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int {
        var position = from
        while position < limit {
            let byte = bytes[position]
            if byte == UInt8(ascii: ">") { return position }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                position = XMLReader.offset(of: byte, in: bytes, from: position + 1, to: limit)
            }
            position += 1
        }
        return limit
    }

    /// The end of the comment, CDATA section or processing instruction starting at `start`, or `limit`.
    private static func endOfMarkup(_ bytes: UnsafeRawBufferPointer, at start: Int, limit: Int) -> Int {
        let terminator: [UInt8]
        if bytes[start + 1] == UInt8(ascii: "?") {
            terminator = Array("?>".utf8)
        } else if start + 3 < limit, bytes[start + 2] == UInt8(ascii: "-") {
            terminator = Array("-->".utf8)
        } else {
            terminator = Array("]]>".utf8)
        }
        var position = start + 2
        while position < limit {
            position = XMLReader.offset(of: terminator[0], in: bytes, from: position, to: limit)
            if position + terminator.count <= limit,
                bytes[position..<(position + terminator.count)].elementsEqual(terminator)
            {
                return position + terminator.count
            }
            position += 1
        }
        return limit
    }

    /// The end of the element whose start tag begins at `start`, or `limit`.
    private static func endOfElement(_ bytes: UnsafeRawBufferPointer, at start: Int, limit: Int) -> Int {
        var depth = 0
        var position = start
        while position < limit {
            let open = XMLReader.offset(of: UInt8(ascii: "<"), in: bytes, from: position, to: limit)
            guard open + 1 < limit else { return limit }
            switch bytes[open + 1] {
            case UInt8(ascii: "/"):
                position = XMLReader.endOfEndTag(bytes, nameStart: open + 2, limit: limit) + 1
                depth -= 1
                if depth == 0 { return min(position, limit) }
            case UInt8(ascii: "!"), UInt8(ascii: "?"):
                position = endOfMarkup(bytes, at: open, limit: limit)
            default:
                // A name's letters hold no `>` or quote: the tag's end is looked for after them.
                let tagEnd = endOfTag(
                    bytes, from: XMLReader.lettersEnd(bytes, from: open + 1, limit: limit), limit: limit)
                position = tagEnd + 1
                if bytes[tagEnd - 1] == UInt8(ascii: "/") {
                    if depth == 0 { return min(position, limit) }
                } else {
                    depth += 1
                }
            }
        }
        return limit
    }
}
