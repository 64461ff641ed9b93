import Foundation

/// An XML element read into a small immutable tree: name (namespace prefix dropped), text and children.
public struct XMLNode: Sendable, Hashable {
    /// The local name of the element.
    public var name: String
    /// The element's own text, entities decoded: a leaf's exactly as written (spaces kept), a container's trimmed
    /// of the whitespace around its children.
    public var text: String
    public var children: [XMLNode]

    public init(name: String, text: String = "", children: [XMLNode] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child element named `name`.
    public func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// All child elements named `name`.
    public func children(named name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The element reached by following `path` (child names) from here.
    public func descendant(_ path: String...) -> XMLNode? {
        var node: XMLNode? = self
        for name in path { node = node?.child(name) }
        return node
    }

    /// The first element named `name` anywhere below this one, depth first.
    public func firstDescendant(named name: String) -> XMLNode? {
        let length = name.utf8.count
        for index in children.indices {
            // The length first: most names differ in it, and it is stored, while `==` compares bytes.
            if children[index].name.utf8.count == length, children[index].name == name { return children[index] }
            if !children[index].children.isEmpty, let found = children[index].firstDescendant(named: name) {
                return found
            }
        }
        return nil
    }

    /// Parses a whole document and returns its root element.
    /// - Throws: `XMLNode.ParseError` with the line and column where the document stops being well-formed.
    public static func parse(_ data: Data) throws -> XMLNode {
        try XMLReader.parse(data)
    }

    /// A document that is not well-formed XML.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var reason: String
        public var description: String { "malformed XML at line \(line), column \(column): \(reason)" }
    }
}
