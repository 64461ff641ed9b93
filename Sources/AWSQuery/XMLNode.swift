import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML element read into a small immutable tree: name (namespace prefix dropped), text and children.
public struct XMLNode: Sendable, Hashable {
    /// The local name of the element.
    public var name: String
    /// The element's own text, trimmed of surrounding whitespace.
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
        for child in children {
            if child.name == name { return child }
            if let found = child.firstDescendant(named: name) { return found }
        }
        return nil
    }

    /// Parses a whole document and returns its root element.
    /// - Throws: `XMLNode.ParseError` with the line and column where the document stops being well-formed.
    public static func parse(_ data: Data) throws -> XMLNode {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let ok = parser.parse()
        if !ok || builder.root == nil {
            throw ParseError(
                line: parser.lineNumber, column: parser.columnNumber,
                reason: parser.parserError.map { "\($0.localizedDescription)" } ?? "document has no root element"
            )
        }
        return builder.root!
    }

    /// A document that is not well-formed XML.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var reason: String
        public var description: String { "malformed XML at line \(line), column \(column): \(reason)" }
    }
}

/// Builds the tree from XMLParser's callbacks. Used on one thread only, inside `XMLNode.parse`.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    private var stack: [(name: String, text: String, children: [XMLNode])] = []
    var root: XMLNode?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append((local, "", []))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    func parser(
        _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
        guard let top = stack.popLast() else { return }
        let text = top.children.isEmpty ? top.text : top.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let node = XMLNode(name: top.name, text: text, children: top.children)
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
        }
    }
}
