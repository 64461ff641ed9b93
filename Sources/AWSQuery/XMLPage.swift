import Foundation

/// Where a response's list items lie: the children of the element reached from the root by `path` (local names,
/// the first element of each name at every step, as `XMLNode.child` finds it), only those named `name` when given
/// (a flattened list, whose items repeat beside other members).
public struct XMLItemPath: Sendable, Hashable {
    public var path: [String]
    public var name: String?

    public init(_ path: [String], name: String? = nil) {
        self.path = path
        self.name = name
    }
}

/// A response read with its list items left as bytes: the rest of the document as a tree, and where each item lies
/// in the body. A caller digests an item's bytes, scans them for a few values (`XMLElementBytes`) and reads into
/// nodes only the items it needs whole.
public struct XMLPage: Sendable {
    /// The response body (empty when no item was left as bytes).
    public let body: Data
    /// The document without the items.
    public let root: XMLNode
    /// Where each item lies in `body`, from the `<` of its start tag to the end of its end tag, in document order.
    public let items: [Range<Int>]

    /// Reads a whole document, leaving the items at `items` as bytes (none when nil).
    /// - Throws: `XMLNode.ParseError` as `XMLNode.parse` does; an item is only checked to balance (see
    ///   `XMLElementBytes.node()` for reading one strictly).
    public static func parse(_ data: Data, items: XMLItemPath?) throws -> XMLPage {
        try XMLReader.parsePage(data, deferring: items)
    }

    /// Calls `body` with each item and its position among the items, in order.
    public func forEachItem(_ body: (_ index: Int, _ item: XMLElementBytes) throws -> Void) rethrows {
        try self.body.withUnsafeBytes { document in
            for (index, range) in items.enumerated() {
                try body(index, XMLElementBytes(document, range))
            }
        }
    }
}
