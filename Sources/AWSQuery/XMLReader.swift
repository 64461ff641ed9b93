import Foundation

/// A strict, iterative XML reader for AWS Query responses, behind `XMLNode.parse`.
///
/// Written because FoundationXML's `XMLParser` on Linux crashes on hostile bodies (invalid UTF-8 in a name, a
/// processing instruction without data, very deep nesting — found by the fuzz tests). It reads what AWS sends:
/// elements, attributes (ignored), character data, the five predefined entities and character references, CDATA,
/// comments and processing instructions (skipped). It refuses DTDs (so no entity expansion), unknown entities,
/// nesting deeper than `maxDepth`, and anything that is not well-formed UTF-8 XML — each with a line and column.
///
/// It reads the response body where it lies (no copy of the document): names and texts become `String`s straight
/// from their bytes, and only text that needs decoding (references, CDATA, text split by comments) is gathered in
/// a buffer first.
struct XMLReader: ~Copyable {
    /// AWS responses nest fewer than 20 levels; anything far deeper is refused rather than trusted.
    static let maxDepth = 256

    /// The document; valid for the reader's whole life (`parse` reads inside `withUnsafeBytes`).
    private let bytes: UnsafeRawBufferPointer
    private var index = 0
    /// Element names already made into `String`s.
    private var names: XMLNameTable
    /// The list items to leave as bytes, if any.
    private let deferring: XMLItemPath?
    /// Where the items left as bytes lie, in document order.
    private var deferred: [Range<Int>] = []

    private init(_ bytes: UnsafeRawBufferPointer, deferring: XMLItemPath? = nil, names: XMLNameTable = XMLNameTable()) {
        self.bytes = bytes
        self.deferring = deferring
        self.names = names
    }

    /// The root element of a document.
    static func parse(_ data: Data) throws -> XMLNode {
        try parsePage(data, deferring: nil).root
    }

    /// A document with the items at `deferring` left as bytes: each is checked to be balanced (every end tag
    /// matching its start tag, markup terminated) but not read into nodes. A caller that needs an item's values
    /// reads it with `XMLElementBytes.node()`, which is as strict as `parse`.
    static func parsePage(_ data: Data, deferring: XMLItemPath?) throws -> XMLPage {
        if let invalid = firstInvalidUTF8(data) {
            throw data.withUnsafeBytes { XMLReader($0).failure("the document is not valid UTF-8", at: invalid) }
        }
        return try data.withUnsafeBytes { buffer in
            var reader = XMLReader(buffer, deferring: deferring)
            let root = try reader.document()
            return XMLPage(body: reader.deferred.isEmpty ? Data() : data, root: root, items: reader.deferred)
        }
    }

    /// The element at `range` of `bytes` (a document already known to be valid UTF-8), read strictly; an error's
    /// line and column are the document's.
    static func parseElement(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, names: inout XMLNameTable
    ) throws -> XMLNode {
        // The table moves into the reader and back, so that its arrays are never shared while it adds a name.
        var reader = XMLReader(UnsafeRawBufferPointer(rebasing: bytes[range]), names: names)
        names = XMLNameTable()
        defer { swap(&names, &reader.names) }
        do {
            return try reader.document()
        } catch let error as XMLNode.ParseError {
            throw placed(error, inElementAt: range.lowerBound, of: bytes)
        }
    }

    /// Checks the reference whose `&` is at `offset` of the element at `range` of `bytes` exactly as `parseElement`
    /// reads it there (the reader sees the element's bytes only); an error's line and column are the document's.
    static func checkReference(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, at offset: Int) throws {
        // The five predefined entities, which are nearly all AWS sends (a policy's quotes), need no reader.
        for entity in predefinedEntities where offset + entity.count <= range.upperBound {
            if memcmp(bytes.baseAddress! + offset, entity, entity.count) == 0 { return }
        }
        var reader = XMLReader(UnsafeRawBufferPointer(rebasing: bytes[range]))
        reader.index = offset - range.lowerBound
        var decoded: [UInt8] = []
        do {
            try reader.readReference(into: &decoded)
        } catch let error as XMLNode.ParseError {
            throw placed(error, inElementAt: range.lowerBound, of: bytes)
        }
    }

    private static let predefinedEntities = ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;"].map { Array($0.utf8) }

    /// `error`, found reading the element that starts at `start` of `bytes` on its own, at its place in `bytes`.
    private static func placed(_ error: XMLNode.ParseError, inElementAt start: Int, of bytes: UnsafeRawBufferPointer)
        -> XMLNode.ParseError
    {
        var error = error
        let origin = XMLReader(bytes).failure("", at: start)
        if error.line == 1 { error.column += origin.column - 1 }
        error.line += origin.line - 1
        return error
    }

    /// An element whose end tag has not been read yet.
    private struct Open {
        var name: String
        /// Where the name (with any prefix) lies in the document, to match the end tag without a `String`.
        var nameRange: Range<Int>
        /// The local part of `nameRange` (after the prefix), which the end tag must repeat.
        var localRange: Range<Int>
        var text = Text()
        var children: [XMLNode] = []
        /// Whether the element is the first of its name on the way from the root to the deferred items.
        var onItemPath = false
        /// Whether its children are the deferred items.
        var holdsItems = false
        /// Whether it has child elements (kept or deferred): its text is then trimmed.
        var isContainer = false
        /// Whether a child on the item path was seen (a later one of that name is not on it).
        var itemPathChildSeen = false
    }

    /// An element's character data as it is read. A leaf keeps its text exactly; a container's text is trimmed, so
    /// whitespace before its first non-space text is dropped as it comes (containers in AWS responses hold nothing
    /// else). One run of plain text is kept as a range of the document; anything more is gathered in `buffer`.
    private struct Text {
        var run: Range<Int>?
        var buffer: [UInt8] = []

        var isEmpty: Bool { run == nil && buffer.isEmpty }

        /// Moves a kept range into the buffer before more text is added after it.
        mutating func spill(_ bytes: UnsafeRawBufferPointer) {
            if let run {
                buffer.append(contentsOf: bytes[run])
                self.run = nil
            }
        }
    }

    private mutating func document() throws -> XMLNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipMisc()
        guard index < bytes.count else { throw failure("document has no root element") }
        guard bytes[index] == UInt8(ascii: "<") else { throw failure("text before the root element") }
        var stack: [Open] = []
        stack.reserveCapacity(16)
        var root: XMLNode?
        while root == nil {
            guard index < bytes.count else {
                throw failure("unexpected end of document inside <\(stack.last?.name ?? "")>")
            }
            if bytes[index] != UInt8(ascii: "<") {
                try readText(into: &stack[stack.count - 1])
                continue
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "/") {
                index += 2
                let (nameRange, matchesOpen) = try readEndTagName(
                    of: stack.isEmpty
                        ? nil : (stack[stack.count - 1].nameRange, stack[stack.count - 1].localRange.count))
                skipSpace()
                try expect(">")
                guard let last = stack.indices.last, matchesOpen || sameBytes(stack[last].localRange, nameRange)
                else {
                    // The element left open is named (not its parent, as a pop before the check would name).
                    throw failure(
                        "closing tag </\(String(decoding: bytes[nameRange], as: UTF8.self))> does not match "
                            + "<\(stack.last?.name ?? "")>")
                }
                let open = stack.removeLast()
                let node = close(open)
                if stack.isEmpty { root = node } else { adopt(node, into: &stack[stack.count - 1]) }
            } else if next == UInt8(ascii: "!") {
                if stack.isEmpty, starts(with: "<![CDATA[") { throw failure("CDATA outside the root element") }
                if let cdata = try skipMarkup() { append(cdata, plain: false, to: &stack[stack.count - 1]) }
            } else if next == UInt8(ascii: "?") {
                try skipProcessingInstruction()
            } else {
                let tagStart = index
                let (fullRange, nameRange, selfClosing) = try readStartTag(depth: stack.count)
                if let last = stack.indices.last, stack[last].holdsItems, isDeferredItem(nameRange) {
                    if !stack[last].isContainer {
                        dropLeadingSpace(&stack[last].text)
                        stack[last].isContainer = true
                    }
                    if !selfClosing { try skipElement(fullRange, nameRange, depth: stack.count + 1) }
                    deferred.append(tagStart..<index)
                    continue
                }
                let name = names.name(bytes, nameRange)
                if selfClosing {
                    let node = XMLNode(name: name)
                    if stack.isEmpty { root = node } else { adopt(node, into: &stack[stack.count - 1]) }
                } else {
                    var open = Open(name: name, nameRange: fullRange, localRange: nameRange)
                    if let deferring {
                        markItemPath(&open, in: &stack, path: deferring.path)
                    }
                    stack.append(open)
                }
            }
        }
        try skipMisc()
        guard index == bytes.count else { throw failure("content after the root element") }
        return root!
    }

    /// Whether the element opened in `stack` (the root when `stack` is empty) is on the way to the deferred items
    /// (the first child of its name at each step, as `XMLNode.child` finds it) and whether it holds them.
    private func markItemPath(_ open: inout Open, in stack: inout [Open], path: [String]) {
        guard let parent = stack.indices.last else {
            open.onItemPath = true
            open.holdsItems = path.isEmpty
            return
        }
        let depth = stack.count  // the element's depth below the root: its name is path[depth - 1]
        guard stack[parent].onItemPath, !stack[parent].itemPathChildSeen, depth <= path.count,
            open.name == path[depth - 1]
        else { return }
        stack[parent].itemPathChildSeen = true
        open.onItemPath = true
        open.holdsItems = depth == path.count
    }

    /// Whether a child named `local` of the element holding the items is an item.
    private func isDeferredItem(_ local: Range<Int>) -> Bool {
        guard let name = deferring?.name else { return true }
        return Self.equals(name, bytes, local)
    }

    /// Reads past the rest of an element whose start tag (`name`, local part `local`) was just read, at `depth`
    /// from the root, without keeping anything: every end tag must match its start tag, comments, CDATA and
    /// processing instructions must end, nothing may nest deeper than `maxDepth`, and DTDs are refused.
    private mutating func skipElement(_ name: Range<Int>, _ local: Range<Int>, depth: Int) throws {
        // The elements open inside the item, on the stack: a start tag nesting `maxDepth` levels deep is refused before
        // it is kept, so there is always room. (An array checked its uniqueness at each of a collect's 330,000 pushes
        // and pops.)
        typealias Started = (name: Range<Int>, local: Range<Int>)
        try withUnsafeTemporaryAllocation(of: Started.self, capacity: Self.maxDepth + 1) { skipping in
            skipping.initializeElement(at: 0, to: (name, local))
            var count = 1
            while count > 0 {
                let open = skipping[count - 1]
                index = Self.offset(
                    of: UInt8(ascii: "<"), or: UInt8(ascii: "<"), in: bytes, from: index, to: bytes.count)
                guard index < bytes.count else {
                    throw failure(
                        "unexpected end of document inside <\(String(decoding: bytes[open.local], as: UTF8.self))>")
                }
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if next == UInt8(ascii: "/") {
                    index += 2
                    let (endName, matchesOpen) = try readEndTagName(of: (open.name, open.local.count))
                    if index < bytes.count, bytes[index] == UInt8(ascii: ">") {
                        index += 1  // the usual `</name>`: no spaces to skip
                    } else {
                        skipSpace()
                        try expect(">")
                    }
                    guard matchesOpen || sameBytes(open.local, endName) else {
                        throw failure(
                            "closing tag </\(String(decoding: bytes[endName], as: UTF8.self))> does not match "
                                + "<\(String(decoding: bytes[open.local], as: UTF8.self))>")
                    }
                    count -= 1
                } else if next == UInt8(ascii: "!") {
                    _ = try skipMarkup()
                } else if next == UInt8(ascii: "?") {
                    try skipProcessingInstruction()
                } else {
                    // The new element's depth below the root: the skipped item's (depth - 1) plus the ones open in it.
                    let (fullRange, nameRange, selfClosing) = try readStartTag(depth: depth - 1 + count)
                    if !selfClosing {
                        skipping.initializeElement(at: count, to: (fullRange, nameRange))
                        count += 1
                    }
                }
            }
        }
    }

    /// Reads the start tag whose `<` is at `index`, for an element `depth` levels below the root: its whole and
    /// local name, and whether it closes itself (`/>`). Attributes are checked and skipped.
    /// - Throws: a parse error for a malformed tag, or one nesting `maxDepth` levels or deeper.
    private mutating func readStartTag(depth: Int) throws -> (name: Range<Int>, local: Range<Int>, selfClosing: Bool) {
        index += 1
        let (name, local) = try readName()
        let selfClosing: Bool
        if index < bytes.count, bytes[index] == UInt8(ascii: ">") {
            index += 1  // the usual `<name>`: no attributes to skip
            selfClosing = false
        } else {
            selfClosing = try skipAttributes()
        }
        guard depth < Self.maxDepth else { throw failure("elements nest deeper than \(Self.maxDepth) levels") }
        return (name, local, selfClosing)
    }

    /// Reads past the comment or CDATA section whose `<!` is at `index`; returns a CDATA section's text.
    /// - Throws: a parse error when it does not end, or for any other `<!` (DTDs and declarations are refused).
    private mutating func skipMarkup() throws -> Range<Int>? {
        if starts(with: "<!--") {
            try skipComment()
            return nil
        }
        guard starts(with: "<![CDATA[") else { throw failure("DTDs and declarations are not accepted") }
        index += 9
        let start = index
        guard let end = find("]]>") else { throw failure("unterminated CDATA section") }
        index = end + 3
        return start..<end
    }

    /// Adds a finished child; an element's first child makes it a container, whose leading whitespace is dropped.
    private func adopt(_ child: XMLNode, into parent: inout Open) {
        if parent.children.isEmpty {
            if !parent.isContainer { dropLeadingSpace(&parent.text) }
            parent.isContainer = true
            parent.children.reserveCapacity(8)  // AWS items have a handful of members: one allocation, not four
        }
        parent.children.append(child)
    }

    /// A finished element: a leaf keeps its text exactly; a container's text is trimmed.
    private func close(_ open: Open) -> XMLNode {
        guard open.isContainer else {
            let text: String
            if let run = open.text.run {
                text = String(decoding: bytes[run], as: UTF8.self)
            } else {
                text = String(decoding: open.text.buffer, as: UTF8.self)
            }
            return XMLNode(name: open.name, text: text, children: open.children)
        }
        var text = open.text
        dropLeadingSpace(&text)
        guard !text.isEmpty else { return XMLNode(name: open.name, children: open.children) }
        text.spill(bytes)
        while let last = text.buffer.last, Self.isSpace(last) { text.buffer.removeLast() }
        var string = String(decoding: text.buffer, as: UTF8.self)
        if string.utf8.first.map({ $0 >= 0x80 }) == true || string.utf8.last.map({ $0 >= 0x80 }) == true {
            // Foundation also trims Unicode spaces (no-break space, line separator…) at the ends.
            string = string.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return XMLNode(name: open.name, text: string, children: open.children)
    }

    /// Drops whitespace at the start of a container's text (all of it, while nothing else came yet).
    private func dropLeadingSpace(_ text: inout Text) {
        if let run = text.run {
            var lower = run.lowerBound
            while lower < run.upperBound, Self.isSpace(bytes[lower]) { lower += 1 }
            text.run = lower < run.upperBound ? lower..<run.upperBound : nil
        } else if !text.buffer.isEmpty {
            let firstText = text.buffer.firstIndex { !Self.isSpace($0) } ?? text.buffer.endIndex
            text.buffer.removeSubrange(0..<firstText)
        }
    }

    /// Adds document bytes `range` to the element's text; `plain` when they need no decoding and may stay a range.
    private func append(_ range: Range<Int>, plain: Bool, to open: inout Open) {
        var lower = range.lowerBound
        if open.isContainer && open.text.isEmpty {
            // A container's whitespace before any text of its own is trimmed away anyway.
            while lower < range.upperBound, Self.isSpace(bytes[lower]) { lower += 1 }
        }
        guard lower < range.upperBound else { return }
        if plain && open.text.isEmpty {
            open.text.run = lower..<range.upperBound
        } else {
            open.text.spill(bytes)
            open.text.buffer.append(contentsOf: bytes[lower..<range.upperBound])
        }
    }

    /// Character data up to the next `<`, with entities and character references decoded.
    private mutating func readText(into open: inout Open) throws {
        let start = index
        index = offset(of: UInt8(ascii: "<"), from: index)
        let ampersand = offset(of: UInt8(ascii: "&"), from: start, to: index)
        if ampersand < index { index = ampersand }
        append(start..<index, plain: true, to: &open)
        while index < bytes.count, bytes[index] == UInt8(ascii: "&") {
            var decoded: [UInt8] = []
            try readReference(into: &decoded)
            appendDecoded(decoded, to: &open)
            let runStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: "&") {
                index += 1
            }
            append(runStart..<index, plain: false, to: &open)
        }
    }

    /// Adds decoded text (a reference's character) to the element's text.
    private func appendDecoded(_ decoded: [UInt8], to open: inout Open) {
        if open.isContainer && open.text.isEmpty && decoded.allSatisfy(Self.isSpace) { return }
        open.text.spill(bytes)
        open.text.buffer.append(contentsOf: decoded)
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

    /// The bytes of an element or attribute name (namespace prefix included), and of its local part (after the
    /// last `:`).
    private mutating func readName() throws -> (name: Range<Int>, local: Range<Int>) {
        let start = index
        var localStart = index
        index = Self.lettersEnd(bytes, from: index, limit: bytes.count)
        while index < bytes.count {
            let byte = bytes[index]
            if Self.endsName(byte) { break }
            index += 1
            if byte == UInt8(ascii: ":") { localStart = index }
        }
        guard index > start else { throw failure("expected a name") }
        return (start..<index, localStart..<index)
    }

    /// The local part of an end tag's name. When the tag repeats the open element's name byte for byte (as it does in
    /// anything well-formed) that is known without scanning it, and `matchesOpen` says so: the caller need not compare
    /// the local names again (a second `memcmp` for each of the 330,000 end tags of a 10,000-endpoint collect).
    /// - Parameter open: the open element's name and the length of its local part.
    private mutating func readEndTagName(
        of open: (name: Range<Int>, localCount: Int)?
    ) throws -> (local: Range<Int>, matchesOpen: Bool) {
        if let open {
            let end = index + open.name.count
            if end < bytes.count, Self.endsName(bytes[end]), sameBytes(open.name, index..<end) {
                index = end
                return ((end - open.localCount)..<end, true)
            }
        }
        return (try readName().local, false)
    }

    /// Whether the document holds the same bytes at two ranges.
    private func sameBytes(_ lhs: Range<Int>, _ rhs: Range<Int>) -> Bool {
        lhs.count == rhs.count
            && memcmp(bytes.baseAddress! + lhs.lowerBound, bytes.baseAddress! + rhs.lowerBound, lhs.count) == 0
    }

    /// Where a caller's byte loop over a name may start: the first byte below 0x40 at or after `from`, found eight
    /// bytes at a time, or where fewer than eight bytes remain before `limit`. Every byte that ends a name is below
    /// 0x40, and so are `:`, digits, `-` and `.`, which the byte loop then reads; names in AWS responses are mostly
    /// letters, so the loop starts near the name's end.
    @inline(__always)
    static func lettersEnd(_ bytes: UnsafeRawBufferPointer, from: Int, limit: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        var position = from
        while position + 8 <= limit {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            // The high bit of each byte below 0x40 ("hasless" of Bit Twiddling Hacks: the lowest one is exact).
            let below = (word &- 0x4040_4040_4040_4040) & ~word & 0x8080_8080_8080_8080
            if below != 0 { return position + below.trailingZeroBitCount / 8 }
            position += 8
        }
        return position
    }

    /// The offset of the `>` of the end tag whose name starts at `nameStart`, or `limit`: the usual `</name>` ends
    /// right after its name's letters (which hold no `>`); else (a prefix, a digit, spaces) the `>` is looked for.
    static func endOfEndTag(_ bytes: UnsafeRawBufferPointer, nameStart: Int, limit: Int) -> Int {
        let nameEnd = lettersEnd(bytes, from: nameStart, limit: limit)
        if nameEnd < limit, bytes[nameEnd] == UInt8(ascii: ">") { return nameEnd }
        return offset(of: UInt8(ascii: ">"), in: bytes, from: nameEnd, to: limit)
    }

    /// Whether `byte` ends a name: whitespace or one of `> / = < " ' &` (all below 64, so one bit of a mask each).
    static func endsName(_ byte: UInt8) -> Bool {
        let mask: UInt64 =
            1 << 0x20 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0D | 1 << 0x3E | 1 << 0x2F | 1 << 0x3D | 1 << 0x3C | 1 << 0x22
            | 1 << 0x27 | 1 << 0x26
        return byte < 64 && mask & (1 << UInt64(byte)) != 0
    }

    /// XML's whitespace characters.
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
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
            guard let end = bytes[(index + 1)...].firstIndex(of: quote) else {
                throw failure("unterminated attribute value")
            }
            guard !bytes[(index + 1)..<end].contains(UInt8(ascii: "<")) else {
                throw failure("'<' in an attribute value")
            }
            index = end + 1
        }
    }

    /// Whitespace, comments and processing instructions (the XML declaration among them).
    private mutating func skipMisc() throws {
        while true {
            skipSpace()
            if starts(with: "<?") {
                try skipProcessingInstruction()
            } else if starts(with: "<!--") {
                try skipComment()
            } else {
                return
            }
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

    /// The offset of the first `byte` in `from..<to` (the document's end by default), or `to` when there is none.
    private func offset(of byte: UInt8, from: Int, to: Int? = nil) -> Int {
        Self.offset(of: byte, in: bytes, from: from, to: to ?? bytes.count)
    }

    /// The offset of the first `byte` in `from..<to` of `bytes`, or `to` when there is none.
    static func offset(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        guard from < to, let found = memchr(bytes.baseAddress! + from, Int32(byte), to - from) else { return to }
        return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
    }

    /// The offset of the first `first` or `second` in `from..<to` of `bytes`, or `to` when there is neither: eight
    /// bytes at a time, inline, for the first 32 bytes, then by `memchr`. Text between tags is mostly a few bytes long,
    /// where calling `memchr` cost more than the scan (a page's balance check and an item's index look for the next
    /// `<`, or `<` and `&`, after every tag).
    static func offset(of first: UInt8, or second: UInt8, in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        guard let base = bytes.baseAddress else { return to }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let (firsts, seconds) = (ones &* UInt64(first), ones &* UInt64(second))
        var position = from
        while position + 8 <= to {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            // The high bit of each byte equal to either ("haszero" of Bit Twiddling Hacks: the lowest one is exact).
            let found = zeroBytes(word ^ firsts) | zeroBytes(word ^ seconds)
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
            if position - from >= 32 {
                // Longer text (a policy, a DNS name): `memchr` reads it a vector at a time.
                let end = offset(of: first, in: bytes, from: position, to: to)
                return first == second ? end : offset(of: second, in: bytes, from: position, to: end)
            }
        }
        while position < to {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            if byte == first || byte == second { return position }
            position += 1
        }
        return to
    }

    /// The high bit of each zero byte of `word`, and perhaps of bytes above the lowest one (never below it).
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
    }

    private mutating func skipSpace() {
        while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
    }

    private mutating func expect(_ text: StaticString) throws {
        if text.utf8CodeUnitCount == 1, index < bytes.count, bytes[index] == text.utf8Start.pointee {
            index += 1
            return
        }
        guard starts(with: text) else { throw failure("expected '\(text)'") }
        index += text.utf8CodeUnitCount
    }

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return memcmp(bytes.baseAddress! + index, text.utf8Start, count) == 0
    }

    /// The offset of the next `text` at or after `from`.
    private func find(_ text: StaticString, from: Int? = nil) -> Int? {
        let count = text.utf8CodeUnitCount
        let first = text.utf8Start.pointee
        var position = from ?? index
        while position + count <= bytes.count {
            if bytes[position] == first, memcmp(bytes.baseAddress! + position, text.utf8Start, count) == 0 {
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

    /// The offset of the first byte that is not part of well-formed UTF-8, if any. ASCII, what AWS sends almost
    /// always, is skipped 32 bytes at a time, then eight, then one; from the first other byte the standard library
    /// validates.
    static func firstInvalidUTF8(_ data: Data) -> Int? {
        let asciiPrefix = data.withUnsafeBytes { bytes -> Int in
            var offset = 0
            // Thirty-two bytes a step while they are all ASCII (a response nearly always is), then eight, then one.
            while offset + 32 <= bytes.count {
                let words =
                    bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    | bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self)
                    | bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)
                    | bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self)
                guard words & 0x8080_8080_8080_8080 == 0 else { break }
                offset += 32
            }
            while offset + 8 <= bytes.count,
                bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                offset += 8
            }
            while offset < bytes.count, bytes[offset] < 0x80 { offset += 1 }
            return offset
        }
        guard asciiPrefix < data.count else { return nil }
        do {
            _ = try UTF8Span(validating: data.span.extracting(asciiPrefix...))
            return nil
        } catch {
            return asciiPrefix + error.byteOffsets.lowerBound
        }
    }
}

/// The `String`s of the element names already read, found again by their bytes: a response repeats a few dozen names
/// thousands of times, and a repeated one costs a hash and a comparison instead of a new `String` (the nodes then
/// share one storage for it, which also makes later name comparisons fast). A table keeps `String`s, not positions,
/// so one serves many items and documents in turn: a collect keeps one per listing.
public struct XMLNameTable {
    /// A slot's name and the hash of its bytes (0 for an empty slot: a name's hash is never 0 in practice, and a
    /// false match is still checked byte for byte). Empty until the first name, so an unused table costs nothing.
    private var hashes: [UInt64] = []
    private var names: [String] = []

    public init() {}

    /// The name whose bytes lie at `range` of `bytes`.
    mutating func name(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        if hashes.isEmpty {
            hashes = [UInt64](repeating: 0, count: 64)
            names = [String](repeating: "", count: 64)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes[range] { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (hashes.count - 1)
        if hashes[slot] == hash, XMLReader.equals(names[slot], bytes, range) { return names[slot] }
        let name = String(decoding: bytes[range], as: UTF8.self)
        hashes[slot] = hash
        names[slot] = name
        return name
    }

}

extension XMLReader {
    /// Whether `name`'s UTF-8 is exactly the bytes at `range` of `bytes`.
    static func equals(_ name: String, _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return name.isEmpty }
        return name.utf8.count == range.count
            && name.utf8.withContiguousStorageIfAvailable({ stored in
                memcmp(stored.baseAddress!, bytes.baseAddress! + range.lowerBound, range.count) == 0
            }) ?? name.utf8.elementsEqual(bytes[range])
    }
}
