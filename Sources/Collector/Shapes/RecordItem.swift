import AWSQuery

/// An item the canonical writer reads a record from: its elements, their children, names and texts. The writer's
/// rules are written once, over this. A collect writes from an item indexed where its bytes lie
/// (`XMLElementIndex`); an item holding markup the index does not read is read into nodes (`XMLNode`) instead.
protocol RecordItem {
    /// How the item names one of its elements.
    associatedtype Element
    /// The item's own element.
    var root: Element { get }
    /// Calls `body` with each child element of `element`, in order.
    func forEachChild(of element: Element, _ body: (Element) throws -> Void) rethrows
    /// The members of `structure` that `element` fills by its name, as a range of the structure's `targetList`; nil
    /// for none. `hint` is where to look first (``ListingShape/Structure/targets(forWireName:hint:)``): 0 for a
    /// structure's first child, then as left.
    func targets(of element: Element, in structure: ListingShape.Structure, hint: inout Int) -> Range<Int>?
    /// Whether `element`'s name is `wireName`, as `String`s compare (canonical equivalence).
    func element(_ element: Element, isNamed wireName: String) -> Bool
    /// `element`'s text as bytes when it needs no decoding; nil when ``text(of:)`` must be read.
    func plainText(of element: Element) -> UnsafeRawBufferPointer?
    /// `element`'s text as its `XMLNode` has it: a leaf's exactly as written, a container's trimmed.
    func text(of element: Element) throws -> String
}

extension XMLNode: RecordItem {
    var root: XMLNode { self }

    func forEachChild(of element: XMLNode, _ body: (XMLNode) throws -> Void) rethrows {
        for child in element.children { try body(child) }
    }

    func targets(of element: XMLNode, in structure: ListingShape.Structure, hint: inout Int) -> Range<Int>? {
        structure.targetSlots(forWireName: element.name)
    }

    func element(_ element: XMLNode, isNamed wireName: String) -> Bool { element.name == wireName }

    func plainText(of element: XMLNode) -> UnsafeRawBufferPointer? { nil }

    func text(of element: XMLNode) -> String { element.text }
}

extension XMLElementIndex: RecordItem {
    func targets(of element: Int, in structure: ListingShape.Structure, hint: inout Int) -> Range<Int>? {
        structure.targetSlots(forWireName: name(of: element), hint: &hint)
    }

    func element(_ element: Int, isNamed wireName: String) -> Bool {
        ListingShape.Structure.name(name(of: element), is: wireName)
    }
}
