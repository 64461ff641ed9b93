import Foundation
import Testing

@testable import AWSQuery

/// The index of an item is read into room kept from item to item, grown when an item needs more: whatever the item's
/// size and depth, and in whatever order items come, it finds the tree `node()` reads.
@Suite struct XMLElementIndexTests {
    /// An item holding `width` leaves, one of them with references, and a chain of elements `depth` deep.
    static func item(width: Int, depth: Int) -> String {
        let leaves = (0..<width).map { "<leaf>value \($0)</leaf>" }.joined()
        let chain =
            String(repeating: "<deep>", count: depth) + "bottom &amp; &#65;"
            + String(repeating: "</deep>", count: depth)
        return "<item><list>\(leaves)</list><other a=\"1\">x &lt; y</other>\(chain)<empty/></item>"
    }

    /// The tree the index gives from `element`, as `XMLNode`s: a leaf's text, a container's children.
    static func tree(_ index: XMLElementIndex, _ element: Int) throws -> XMLNode {
        var children: [XMLNode] = []
        try index.forEachChild(of: element) { children.append(try tree(index, $0)) }
        let name = String(decoding: index.name(of: element), as: UTF8.self)
        return XMLNode(name: name, text: children.isEmpty ? try index.text(of: element) : "", children: children)
    }

    /// `node()` with containers' text left out, as the index gives none for them.
    static func withoutContainerText(_ node: XMLNode) -> XMLNode {
        XMLNode(
            name: node.name, text: node.children.isEmpty ? node.text : "",
            children: node.children.map(withoutContainerText))
    }

    @Test func itemsOfEverySizeAndDepthInAnyOrderGiveTheTreeTheNodeReaderGives() throws {
        // Small, then far wider and deeper than the room a new index starts with, then small again, then larger still.
        let shapes = [(1, 1), (300, 50), (2, 0), (1_000, 3), (0, 200), (5, 5)]
        let xml = "<R><items>" + shapes.map { Self.item(width: $0.0, depth: $0.1) }.joined() + "</items></R>"
        let page = try XMLPage.parse(Data(xml.utf8), items: XMLItemPath(["items"]))
        #expect(page.items.count == shapes.count)
        var index = XMLElementIndex()
        var compared = 0
        try page.forEachItem { position, item throws in
            #expect(try index.read(item))
            let expected = Self.withoutContainerText(try item.node())
            #expect(try Self.tree(index, index.root) == expected, "item \(position)")
            let list = try #require(index.firstChild(of: index.root, named: "list"))
            var leaves = 0
            index.forEachChild(of: list) { _ in leaves += 1 }
            #expect(leaves == shapes[position].0, "item \(position)")
            compared += 1
        }
        #expect(compared == shapes.count)
    }

    // A bad reference deep inside a large item is found after the room has grown, at its place in the document.
    @Test func aBadReferenceAfterTheRoomGrewIsRefusedWhereItIs() throws {
        let xml =
            "<R><items>"
            + Self.item(width: 200, depth: 40).replacingOccurrences(of: "bottom &amp;", with: "bottom &bad;")
            + "</items></R>"
        let page = try XMLPage.parse(Data(xml.utf8), items: XMLItemPath(["items"]))
        var index = XMLElementIndex()
        var nodeError: XMLNode.ParseError?
        var indexError: XMLNode.ParseError?
        try page.forEachItem { _, item throws in
            do { _ = try item.node() } catch let error as XMLNode.ParseError { nodeError = error }
            do { _ = try index.read(item) } catch let error as XMLNode.ParseError { indexError = error }
        }
        #expect(nodeError != nil)
        #expect(indexError == nodeError)
    }

    // The room kept from an earlier item still holds its elements: after a smaller item, a position past the ones it
    // has is not one of them (it would be read against this item's document). Within the item, all are given.
    @Test func positionsPastTheItemsElementsAreNotGiven() async throws {
        let page = try XMLPage.parse(
            Data(("<R><items>" + Self.item(width: 100, depth: 3) + "<item><x/></item></items></R>").utf8),
            items: XMLItemPath(["items"]))
        var index = XMLElementIndex()
        var names: [[String]] = []
        try page.forEachItem { _, item throws in
            #expect(try index.read(item))
            var children: [String] = []
            index.forEachChild(of: index.root) { children.append(String(decoding: index.name(of: $0), as: UTF8.self)) }
            names.append(children)
        }
        #expect(names.last == ["x"])
        await #expect(processExitsWith: .failure) {
            let page = try! XMLPage.parse(
                Data(
                    ("<R><items>" + XMLElementIndexTests.item(width: 100, depth: 3) + "<item><x/></item></items></R>")
                        .utf8),
                items: XMLItemPath(["items"]))
            var index = XMLElementIndex()
            page.forEachItem { _, item in _ = try! index.read(item) }
            // The last item, `<item><x/></item>`, has two elements; the first item had hundreds.
            _ = index.name(of: 2)
        }
    }
}
