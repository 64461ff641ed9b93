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

/// Makes the caller's tree from what a `JSONReader` reads, bottom-up.
public protocol JSONTreeBuilder {
    /// One value of the tree.
    associatedtype Node
    /// The members of an object being read.
    associatedtype Members
    /// Whether the reader works out the line and column of each value (they cost a little).
    static var needsPositions: Bool { get }
    /// A string, number, Boolean or null.
    func scalar(_ value: JSONValue, at position: JSONPosition) -> Node
    /// An array of values already built.
    func array(_ elements: [Node], at position: JSONPosition) -> Node
    /// The members of an object about to be read.
    func emptyMembers() -> Members
    /// Adds one member; false when `key` is already a member (the reader reports the duplicate there).
    func add(_ key: String, at position: JSONPosition, value: Node, to members: inout Members) -> Bool
    /// An object whose members were all added.
    func object(_ members: Members, at position: JSONPosition) -> Node
}

extension JSONReader where Builder == JSONValueBuilder {
    /// The value `bytes` hold; throws ``JSONSyntaxError`` unless they are exactly one JSON value.
    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try read(bytes, into: JSONValueBuilder())
    }
}

/// Builds plain `JSONValue`s, without positions.
struct JSONValueBuilder: JSONTreeBuilder {
    static var needsPositions: Bool { false }
    func scalar(_ value: JSONValue, at position: JSONPosition) -> JSONValue { value }
    func array(_ elements: [JSONValue], at position: JSONPosition) -> JSONValue { .array(elements) }
    func emptyMembers() -> [String: JSONValue] { [:] }
    func add(_ key: String, at position: JSONPosition, value: JSONValue, to members: inout [String: JSONValue]) -> Bool {
        members.updateValue(value, forKey: key) == nil
    }
    func object(_ members: [String: JSONValue], at position: JSONPosition) -> JSONValue { .object(members) }
}
