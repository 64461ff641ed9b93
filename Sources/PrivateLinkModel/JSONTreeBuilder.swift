/// Where a JSON value or error is: byte offset, 1-based line, and 1-based column counted in Unicode scalars.
public struct JSONPosition: Sendable, Hashable {
    /// Bytes from the start of the text.
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }
}

/// Text that is not exactly one JSON value: what is wrong, and where.
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, e.g. "duplicate key a" or "invalid number 01".
    public var message: String
    /// The byte offset of the culprit.
    public var offset: Int
    /// The 1-based line and column (in Unicode scalars) of the culprit.
    public var line: Int
    public var column: Int

    public init(message: String, offset: Int, line: Int, column: Int) {
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "invalid JSON at line \(line), column \(column): \(message)" }
}

/// One member of an object as read: its key, where the key is, and its value.
public struct JSONMember<Node> {
    public var key: String
    /// The key's position (its offset always; line and column when the builder asks for positions).
    public var position: JSONPosition
    public var value: Node

    public init(key: String, position: JSONPosition, value: Node) {
        self.key = key
        self.position = position
        self.value = value
    }
}

/// Makes the caller's tree from what a `JSONReader` reads, bottom-up.
public protocol JSONTreeBuilder {
    /// One value of the tree.
    associatedtype Node
    /// Whether the reader works out the line and column of each value (they cost a little).
    static var needsPositions: Bool { get }
    /// A string, number, Boolean or null.
    func scalar(_ value: JSONValue, at position: JSONPosition) -> Node
    /// An array of `elements[start...]`, the values already built. The builder may move them out (swapping in
    /// values that own nothing): the reader drops them next.
    func array(_ elements: inout [Node], from start: Int, at position: JSONPosition) -> Node
    /// An object of `members[start...]` in the order written, whose values the builder may move out as above;
    /// nil when a key repeats (the keys are left in place: the reader reports the repeat).
    func object(_ members: inout [JSONMember<Node>], from start: Int, at position: JSONPosition) -> Node?
}

extension JSONReader where Builder == JSONValueBuilder {
    /// The value the UTF-8 `bytes` hold; throws ``JSONSyntaxError`` unless they are exactly one JSON value.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        try read(utf8: bytes, into: JSONValueBuilder())
    }

    /// As `parse(utf8:)`, sharing strings with the earlier parses that used `strings`.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, strings: inout JSONStringCache) throws(JSONSyntaxError)
        -> JSONValue
    {
        try read(utf8: bytes, into: JSONValueBuilder(), strings: &strings)
    }
}

/// Builds plain `JSONValue`s, without positions.
struct JSONValueBuilder: JSONTreeBuilder {
    static var needsPositions: Bool { false }
    func scalar(_ value: JSONValue, at position: JSONPosition) -> JSONValue { value }
    // Values are moved out of the reader's stacks (a `null` swapped in): copying them would retain and then release
    // every string, array and object once more.
    func array(_ elements: inout [JSONValue], from start: Int, at position: JSONPosition) -> JSONValue {
        var array: [JSONValue] = []
        array.reserveCapacity(elements.count - start)
        for index in start..<elements.count {
            var element = JSONValue.null
            swap(&element, &elements[index])
            array.append(element)
        }
        return .array(array)
    }

    func object(_ members: inout [JSONMember<JSONValue>], from start: Int, at position: JSONPosition) -> JSONValue? {
        JSONObject(moving: &members, from: start).map(JSONValue.object)
    }
}
