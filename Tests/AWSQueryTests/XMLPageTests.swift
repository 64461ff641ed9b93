@testable import AWSQuery
import Foundation
import Testing

/// Pages with their list items left as bytes, and the scans a collect makes of an item: the same items, names,
/// children and texts the tree has, and no document the tree refuses let through unnoticed.
@Suite struct XMLPageTests {
    static let response = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
            <requestId>r-1</requestId>
            <vpcEndpointSet>
                <item a="1 > 0" b='/>'><vpcEndpointId>vpce-1</vpcEndpointId><!-- <groupSet> -->\
        <policyDocument>{&quot;a&quot;: &lt;1&gt; &amp; &#x263A;}</policyDocument><![CDATA[<x>]]>\
        <?pi <item>?><groupSet><item><groupId>sg-1</groupId></item><item><groupId>sg-2</groupId></item></groupSet></item>
                <item/>
                <x:item xmlns:x="u"><x:vpcEndpointId>vpce-3</x:vpcEndpointId><groupSet/></x:item>
            </vpcEndpointSet>
            <vpcEndpointSet><item><vpcEndpointId>vpce-not-read</vpcEndpointId></item></vpcEndpointSet>
            <nextToken>t</nextToken>
        </DescribeVpcEndpointsResponse>
        """

    @Test func itemsAreTheTreesItemsAndTheRestIsTheTree() throws {
        let data = Data(Self.response.utf8)
        let tree = try XMLNode.parse(data)
        let page = try XMLPage.parse(data, items: XMLItemPath(["vpcEndpointSet"]))
        var nodes: [XMLNode] = []
        try page.forEachItem { index, item in
            #expect(index == nodes.count)
            nodes.append(try item.node())
        }
        #expect(nodes == tree.child("vpcEndpointSet")?.children)
        #expect(nodes.count == 3)
        // Only the first list is the result, as `XMLNode.child` finds it; the rest of the document is kept whole.
        #expect(page.root.child("vpcEndpointSet")?.children.isEmpty == true)
        #expect(page.root.children(named: "vpcEndpointSet").last == tree.children(named: "vpcEndpointSet").last)
        #expect(page.root.child("nextToken")?.text == "t")
        #expect(page.root.child("requestId")?.text == "r-1")
    }

    @Test func scansFindTheTreesChildrenAndTexts() throws {
        let page = try XMLPage.parse(Data(Self.response.utf8), items: XMLItemPath(["vpcEndpointSet"]))
        var ids: [String?] = []
        var groups: [[String]] = []
        var policies: [String?] = []
        try page.forEachItem { _, item in
            ids.append(try item.child("vpcEndpointId")?.text())
            policies.append(try item.child("policyDocument")?.text())
            var found: [String] = []
            try item.child("groupSet")?.forEachChild { group in
                if let id = group.child("groupId") { found.append(try id.text()) }
            }
            groups.append(found)
        }
        #expect(ids == ["vpce-1", nil, "vpce-3"])
        #expect(policies == [#"{"a": <1> & ☺}"#, nil, nil])
        #expect(groups == [["sg-1", "sg-2"], [], []])
    }

    // A child is found past siblings that close themselves, carry attributes holding `>` and `/>`, have a prefix or a
    // digit in their name, or hold an element of the wanted name: the scan ends each sibling where the tree does.
    @Test func childrenAreFoundPastSiblingsOfEveryShape() throws {
        let data = Data(
            """
            <r><list><item><s/><s a="1"/><t a="x>y" b='/>'>text</t><p:u>v</p:u><n1>w</n1><n1 >w2</n1 >\
            <deep><wanted>no</wanted><wanted/></deep><wanted>yes</wanted><after/></item></list></r>
            """.utf8)
        let page = try XMLPage.parse(data, items: XMLItemPath(["list"]))
        try page.forEachItem { (_, item) throws in
            let tree = try item.node()
            var names: [String] = []
            try item.forEachChild { child in names.append(try child.node().name) }
            #expect(names == tree.children.map(\.name))
            #expect(names == ["s", "s", "t", "u", "n1", "n1", "deep", "wanted", "after"])
            #expect(try item.child("wanted")?.text() == "yes")
            #expect(try item.child("t")?.text() == "text")
            #expect(try item.child("u")?.text() == "v")
            #expect(try item.child("n1")?.text() == "w")
            #expect(item.child("after") != nil && item.child("missing") == nil)
            #expect(try item.children(named: "after", "wanted").1?.text() == "yes")
        }
    }

    @Test func twoChildrenFoundInOnePassAreTheOnesChildFinds() throws {
        // Names in either order, a name twice, one only nested (not a child), one only in a comment, one absent.
        let data = Data(
            """
            <r><list><item><b>2</b><x><a>nested</a><c>nested</c></x><!-- <c>no</c> --><a>1</a><b>3</b>\
            <p:a>4</p:a></item></list></r>
            """.utf8)
        let page = try XMLPage.parse(data, items: XMLItemPath(["list"]))
        let names = ["a", "b", "c", "x", "item", ""]
        var pairs = 0
        try page.forEachItem { (_, item) throws in
            for first in names {
                for second in names {
                    let (one, other) = item.children(named: first, second)
                    #expect(try one?.text() == item.child(first)?.text(), "\(first), \(second)")
                    #expect(try other?.text() == item.child(second)?.text(), "\(first), \(second)")
                    #expect(one?.range == item.child(first)?.range)
                    #expect(other?.range == item.child(second)?.range)
                    pairs += 1
                }
            }
            let (a, b) = item.children(named: "a", "b")
            #expect(try a?.text() == "1")
            #expect(try b?.text() == "2")
            #expect(item.children(named: "c", "a").0 == nil)
        }
        #expect(pairs == names.count * names.count)
    }

    @Test func aFlattenedListTakesOnlyItsNamedElements() throws {
        let data = Data(
            "<R><Result><Item><Id>1</Id></Item><Marker>m</Marker><Item><Id>2</Id></Item></Result></R>".utf8)
        let page = try XMLPage.parse(data, items: XMLItemPath(["Result"], name: "Item"))
        var ids: [String] = []
        try page.forEachItem { _, item in ids.append(try item.child("Id")?.text() ?? "") }
        #expect(ids == ["1", "2"])
        #expect(page.root.child("Result")?.child("Marker")?.text == "m")
    }

    @Test func aPageWithoutItemsKeepsNoBody() throws {
        let page = try XMLPage.parse(Data("<R><set/></R>".utf8), items: XMLItemPath(["set"]))
        #expect(page.items.isEmpty && page.body.isEmpty)
    }

    @Test(arguments: [
        ("<R><set><item><a>1</b></item></set></R>", 1, 23, "closing tag </b> does not match <a>"),
        ("<R><set><item><a>1</a>", 1, 23, "unexpected end of document inside <item>"),
        ("<R><set><item><!DOCTYPE x></item></set></R>", 1, 15, "DTDs and declarations are not accepted"),
        ("<R><set><item><!-- open </item></set></R>", 1, 15, "unterminated comment"),
        ("<R><set><item><![CDATA[ open </item></set></R>", 1, 24, "unterminated CDATA section"),
        ("<R><set><item><a/><b x='1'>", 1, 28, "unexpected end of document inside <b>"),
    ])
    func anUnbalancedItemIsRefusedWhereTheTreeRefusesIt(xml: String, line: Int, column: Int, reason: String) {
        let expected = XMLNode.ParseError(line: line, column: column, reason: reason)
        #expect(throws: expected) { try XMLNode.parse(Data(xml.utf8)) }
        #expect(throws: expected) { try XMLPage.parse(Data(xml.utf8), items: XMLItemPath(["set"])) }
    }

    @Test func aBadReferenceInAnItemIsFoundWhenTheItemIsReadAtTheDocumentsPosition() throws {
        let xml = "<R>\n<set>\n  <item><a>fine</a></item>\n  <item><a>x &bogus; y</a></item>\n</set></R>"
        let expected = XMLNode.ParseError(line: 4, column: 14, reason: "unknown entity &bogus;")
        #expect(throws: expected) { try XMLNode.parse(Data(xml.utf8)) }
        let page = try XMLPage.parse(Data(xml.utf8), items: XMLItemPath(["set"]))
        #expect(page.items.count == 2)
        var read = 0
        #expect(throws: expected) {
            try page.forEachItem { _, item in
                _ = try item.child("a")?.text()
                read += 1
            }
        }
        #expect(read == 1)
    }

    // An item's check keeps the elements open in it on the stack, room for as deep as the reader allows: the deepest
    // item accepted is read whole, and one level more is refused as the tree reader refuses it.
    @Test func anItemNestedToTheBoundIsCheckedAndOneLevelMoreIsRefused() throws {
        // The root is at depth 0 and the list at 1, so an item's k nested elements reach depth k + 1.
        func page(_ levels: Int) -> Data {
            Data(
                ("<R><s>" + String(repeating: "<a>", count: levels) + "x" + String(repeating: "</a>", count: levels)
                    + "</s></R>").utf8)
        }
        let deepest = XMLReader.maxDepth - 2
        let accepted = try XMLPage.parse(page(deepest), items: XMLItemPath(["s"]))
        #expect(accepted.items.count == 1)
        try accepted.forEachItem { _, item throws in
            var node = try item.node()
            for _ in 1..<deepest { node = try #require(node.children.first) }
            #expect(node.text == "x")
        }
        #expect(throws: Never.self) { try XMLNode.parse(page(deepest)) }
        var refusals: [String] = []
        for read in [
            { _ = try XMLPage.parse(page(deepest + 1), items: XMLItemPath(["s"])) },
            { _ = try XMLNode.parse(page(deepest + 1)) },
        ] {
            do {
                try read()
                Issue.record("a document one level deeper than the bound was accepted")
            } catch let error as XMLNode.ParseError {
                refusals.append(error.description)
            }
        }
        // The page's check and the tree reader refuse it alike, at the same place.
        #expect(
            refusals.count == 2 && refusals.allSatisfy { $0.contains("nest deeper") } && Set(refusals).count == 1,
            "\(refusals)")
    }
}
