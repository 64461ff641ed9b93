import Foundation

/// The elements of one item, found in one pass over its bytes, for a reader that visits all of them: each element's
/// local name, content and end, and the position after its descendants (where its next sibling is). Walking an item
/// with `XMLElementBytes` scans each element's bytes again at every level above it; this reads them once.
///
/// One per reader: ``read(_:)`` reuses the list. Valid only inside the `withUnsafeBytes` that gave the item.
public struct XMLElementIndex {
    /// One element of the item.
    struct Element {
        /// From the `<` of the start tag to the end of the end tag.
        var range: Range<Int>
        /// The local part of the name (after any namespace prefix).
        var localName: Range<Int>
        /// What lies between the start and end tags.
        var content: Range<Int>
        /// The position in ``elements`` after this element's descendants.
        var next: Int
        /// Whether its own text holds a reference, which ``text(of:)`` decodes.
        var hasReference = false

        /// What fills the room not yet read into.
        static let unused = Element(range: 0..<0, localName: 0..<0, content: 0..<0, next: 0)
    }

    /// The item's elements in document order, the item first; the room after them is unused.
    private var elements: [Element] = []
    /// The document the item lies in.
    private var document = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The positions of the elements whose end tag is still to come, while reading; room reused from item to item.
    private var open: [Int] = []
    /// How many elements the last read indexed. The room past them holds an earlier item's elements, which
    /// ``element(at:)`` refuses to give, as an array's subscript refused a position past its end.
    private var count = 0

    public init() {}

    /// The item read, ``root`` its position.
    public var root: Int { 0 }

    /// Indexes `item`, checking every reference of its text as `XMLElementBytes.node()` checks it (attribute values
    /// are read by neither).
    /// - Returns: false, with nothing usable indexed, when the item holds a comment, CDATA section or processing
    ///   instruction: read it with `node()`, which reads those.
    /// - Throws: the `XMLNode.ParseError` `node()` throws for the first reference that is not well-formed.
    public mutating func read(_ item: XMLElementBytes) throws -> Bool {
        document = item.document
        count = 0
        // Read into room kept from item to item, through pointers: appending to and assigning into the arrays
        // checked their uniqueness and bounds for every element (the read cost 240 instructions an element).
        var elements = self.elements
        var open = self.open
        self.elements = []
        self.open = []
        defer {
            self.elements = elements
            self.open = open
        }
        if elements.isEmpty { elements = Array(repeating: .unused, count: 64) }
        if open.isEmpty { open = Array(repeating: 0, count: 16) }
        var reading = Reading(position: item.range.lowerBound, count: 0, depth: 0)
        while true {
            let outcome = try elements.withUnsafeMutableBufferPointer { elements in
                try open.withUnsafeMutableBufferPointer { open in
                    try Self.index(document, item.range, into: elements, open: open, &reading)
                }
            }
            switch outcome {
            case .done:
                count = reading.count
                return true
            case .markup: return false
            case .noRoom: elements += Array(repeating: .unused, count: elements.count)
            case .tooDeep: open += Array(repeating: 0, count: open.count)
            }
        }
    }

    /// Where a read stands: the next byte to read, how many elements are indexed, how many are open.
    private struct Reading {
        var position: Int
        var count: Int
        var depth: Int
    }

    /// How a read's pass over the bytes ended.
    private enum Outcome {
        /// Every element is indexed.
        case done
        /// The item holds a comment, CDATA section or processing instruction.
        case markup
        /// `elements` is full: the pass stopped before the next start tag.
        case noRoom
        /// `open` is full: the pass stopped before the next start tag.
        case tooDeep
    }

    /// Indexes the elements of the item at `range` of `document` from `reading.position` into `elements`, until the
    /// item's end, markup, or a start tag there is no room for (`reading` then says where to go on from with more
    /// room).
    private static func index(
        _ document: UnsafeRawBufferPointer, _ range: Range<Int>, into elements: UnsafeMutableBufferPointer<Element>,
        open: UnsafeMutableBufferPointer<Int>, _ reading: inout Reading
    ) throws -> Outcome {
        let limit = range.upperBound
        var position = reading.position
        var count = reading.count
        var depth = reading.depth
        defer { reading = Reading(position: position, count: count, depth: depth) }
        // The page found the item's tags well-formed and balanced, and the document valid UTF-8: what else `node()`
        // refuses lies in the references of its text.
        while position < limit {
            let marker = document[position + 1]
            if marker == UInt8(ascii: "!") || marker == UInt8(ascii: "?") { return .markup }
            if marker == UInt8(ascii: "/") {
                precondition(depth > 0, "an end tag without its start tag: the item was not checked to balance")
                depth -= 1
                let closed = open[depth]
                let tagEnd = XMLReader.endOfEndTag(document, nameStart: position + 2, limit: limit)
                elements[closed].content = elements[closed].content.lowerBound..<position
                elements[closed].range = elements[closed].range.lowerBound..<(tagEnd + 1)
                elements[closed].next = count
                position = tagEnd + 1
            } else {
                if count == elements.count { return .noRoom }
                if depth == open.count { return .tooDeep }
                let local = XMLElementBytes.localName(document, tagAt: position, limit: limit)
                // Most start tags end right after the name: no attributes to pass over.
                let tagEnd =
                    local.upperBound < limit && document[local.upperBound] == UInt8(ascii: ">")
                    ? local.upperBound
                    : XMLElementBytes.endOfTag(document, from: local.upperBound, limit: limit)
                let selfClosing = document[tagEnd - 1] == UInt8(ascii: "/")
                if !selfClosing {
                    open[depth] = count
                    depth += 1
                }
                elements[count] = Element(
                    range: position..<(tagEnd + 1), localName: local, content: (tagEnd + 1)..<(tagEnd + 1),
                    next: count + 1)
                count += 1
                position = tagEnd + 1
            }
            // The text up to the next tag belongs to the element still open: its references are checked as found.
            position = XMLReader.offset(
                of: UInt8(ascii: "<"), or: UInt8(ascii: "&"), in: document, from: position, to: limit)
            if position < limit, document[position] == UInt8(ascii: "&"), depth > 0 {
                elements[open[depth - 1]].hasReference = true
            }
            while position < limit, document[position] == UInt8(ascii: "&") {
                try XMLReader.checkReference(document, range, at: position)
                position = XMLReader.offset(
                    of: UInt8(ascii: "<"), or: UInt8(ascii: "&"), in: document, from: position + 1, to: limit)
            }
        }
        return .done
    }

    /// Element `position` of the item last read. (The positions its elements link to are all below ``count``.)
    private func element(at position: Int) -> Element {
        precondition(position >= 0 && position < count, "no element \(position) in an item of \(count)")
        return elements[position]
    }

    /// The bytes of the local part of element `element`'s name.
    public func name(of element: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: document[self.element(at: element).localName])
    }

    /// Whether the local name of element `element` is `name`, byte for byte (as `XMLElementBytes.hasName`).
    public func element(_ element: Int, hasName name: String) -> Bool {
        XMLReader.equals(name, document, self.element(at: element).localName)
    }

    /// The first child of `element` whose local name is `name` byte for byte, nil for none (as
    /// `XMLElementBytes.child`): found by the positions indexed, without reading the item's bytes again.
    public func firstChild(of element: Int, named name: String) -> Int? {
        let end = self.element(at: element).next
        var child = element + 1
        while child < end {
            if XMLReader.equals(name, document, elements[child].localName) { return child }
            child = elements[child].next
        }
        return nil
    }

    /// Calls `body` with the position of each child element of `element`, in order.
    public func forEachChild(of element: Int, _ body: (Int) throws -> Void) rethrows {
        let end = self.element(at: element).next
        var child = element + 1
        while child < end {
            try body(child)
            child = elements[child].next
        }
    }

    /// The text of `element` as bytes when it is a leaf without references: what ``text(of:)`` returns, without
    /// making a `String`. Nil when ``text(of:)`` must decode it.
    public func plainText(of element: Int) -> UnsafeRawBufferPointer? {
        let found = self.element(at: element)
        guard found.next == element + 1, !found.hasReference else { return nil }
        return UnsafeRawBufferPointer(rebasing: document[found.content])
    }

    /// The text of `element` as its `XMLNode` has it: a leaf's exactly as written, references decoded; a
    /// container's trimmed.
    public func text(of element: Int) throws -> String {
        if let plain = plainText(of: element) { return String(decoding: plain, as: UTF8.self) }
        return try XMLElementBytes(document, self.element(at: element).range).text()
    }
}
