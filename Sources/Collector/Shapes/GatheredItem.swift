import AWSQuery

/// An item ``ListingShape/forEachString(_:in:_:)`` reads values from: its bytes as received (`XMLElementBytes`), or
/// the index a recorder made of them when it wrote the item's record (`XMLElementIndex`), which finds the same elements
/// without scanning the bytes again. Names compare byte for byte, as `XMLElementBytes.child(_:)` compares them.
protocol GatheredItem {
    /// How the item names one of its elements.
    associatedtype Element
    /// The item's own element.
    var root: Element { get }
    /// Calls `body` with each child element of `element`, in order.
    func forEachChild(of element: Element, _ body: (Element) throws -> Void) rethrows
    /// The first child of `element` whose local name is `name`, nil for none.
    func firstChild(of element: Element, named name: String) -> Element?
    /// Whether `element`'s local name is `name`.
    func element(_ element: Element, hasName name: String) -> Bool
    /// `element`'s text as its `XMLNode` has it: a leaf's exactly as written, a container's trimmed.
    func text(of element: Element) throws -> String
}

extension XMLElementBytes: GatheredItem {
    var root: XMLElementBytes { self }

    func forEachChild(of element: XMLElementBytes, _ body: (XMLElementBytes) throws -> Void) rethrows {
        try element.forEachChild(body)
    }

    func firstChild(of element: XMLElementBytes, named name: String) -> XMLElementBytes? { element.child(name) }

    func element(_ element: XMLElementBytes, hasName name: String) -> Bool { element.hasName(name) }

    func text(of element: XMLElementBytes) throws -> String { try element.text() }
}

extension XMLElementIndex: GatheredItem {}
