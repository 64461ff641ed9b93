import Foundation
import Testing

@testable import AWSQuery

/// The XML reader behind `XMLNode.parse`: what AWS sends, and a clear error for everything else.
@Suite struct XMLReaderTests {
    func parse(_ text: String) throws -> XMLNode { try XMLNode.parse(Data(text.utf8)) }

    func error(_ bytes: Data) -> XMLNode.ParseError? {
        do {
            _ = try XMLNode.parse(bytes)
            return nil
        } catch {
            return error as? XMLNode.ParseError
        }
    }

    @Test func readsAnAWSResponse() throws {
        let root = try parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <DescribeVpcEndpointsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                <requestId>r-1</requestId>
                <!-- a comment -->
                <vpcEndpointSet>
                    <item><vpcEndpointId>vpce-1</vpcEndpointId><policyDocument>{&quot;a&quot;: &lt;1&gt; &amp; &#x263A; &#65;}</policyDocument></item>
                    <item><vpcEndpointId>vpce-2</vpcEndpointId><tagSet/><x:value xmlns:x="u">  kept  </x:value></item>
                </vpcEndpointSet>
            </DescribeVpcEndpointsResponse>
            """)
        #expect(root.name == "DescribeVpcEndpointsResponse")
        let items = try #require(root.child("vpcEndpointSet")).children(named: "item")
        #expect(items.map { $0.child("vpcEndpointId")?.text } == ["vpce-1", "vpce-2"])
        #expect(items[0].child("policyDocument")?.text == "{\"a\": <1> & ☺ A}")
        #expect(items[1].child("tagSet")?.children.isEmpty == true)
        #expect(items[1].child("value")?.text == "  kept  ", "leaf text is kept exactly")
    }

    /// A container's text is everything between its children trimmed at both ends (Unicode spaces too); a leaf's
    /// is exact, however it was written (runs split by comments, references, CDATA).
    @Test(arguments: [
        ("<a>\n  <b/>\n  </a>", ""),
        ("<a>  x  <b/>  y  </a>", "x    y"),
        ("<a><b/><![CDATA[ x ]]> </a>", "x"),
        ("<a><![CDATA[  ]]><b/></a>", ""),
        ("<a>&#32;&#160;x<b/>&#160;</a>", "x"),
        ("<a> \u{A0}x\u{2028} <b/></a>", "x"),
        ("<a>x&amp;y<b/>z&amp;</a>", "x&yz&"),
    ])
    func containerTextIsTrimmed(document: String, text: String) throws {
        #expect(try parse(document).text == text)
    }

    @Test func leafTextIsExact() throws {
        #expect(try parse("<a> t<!--c--> u <?p?>&#32;<![CDATA[ v ]]> </a>").text == " t u   v  ")
        #expect(try parse("<a>\u{A0}</a>").text == "\u{A0}")
    }

    // The word-at-a-time search for the next `<` (or `<` and `&`) finds what a byte loop finds, for every start and
    // end of every span of seeded bytes dense in both or rare in long runs, and the bytes equal to them but one bit (`=`, `>`, `$`, `'`,
    // and the same with the high bit set).
    @Test func theWordSearchFindsTheFirstByteTheByteLoopFinds() {
        var generator = XMLPageMutationTests.SeededGenerator(state: 0x5EED)
        let alphabet: [UInt8] = Array("<&=>$'ab".utf8) + [0xBC, 0xA6, 0x00, 0xFF]
        for round in 0..<400 {
            // Half the spans are dense in both bytes; in the other half they are rare, so that spans run clean past
            // the first 32 bytes to where `memchr` takes over.
            let count = Int.random(in: 0...(round.isMultiple(of: 2) ? 40 : 90), using: &generator)
            let bytes = (0..<count).map { _ in
                round.isMultiple(of: 2) || Int.random(in: 0..<40, using: &generator) == 0
                    ? alphabet.randomElement(using: &generator)! : UInt8(ascii: "a")
            }
            bytes.withUnsafeBytes { buffer in
                for from in 0...count {
                    for to in from...count {
                        for (first, second) in [
                            (UInt8(ascii: "<"), UInt8(ascii: "&")), (UInt8(ascii: "<"), UInt8(ascii: "<")),
                        ] {
                            let expected = (from..<to).first { bytes[$0] == first || bytes[$0] == second } ?? to
                            let found = XMLReader.offset(of: first, or: second, in: buffer, from: from, to: to)
                            #expect(found == expected, "\(bytes) \(from)..<\(to)")
                        }
                    }
                }
            }
        }
    }

    /// Names are read eight bytes at a time until a byte below 0x40 (`:`, a digit, `-`, `.` or what ends a name):
    /// wherever such a byte falls in a name of any length, the name, its local part and its end are the same.
    @Test(arguments: 1...19)
    func namesOfEveryLengthAreReadWhole(length: Int) throws {
        let letters = Array("abcdefghijklmnopqrs")
        for special in [nil, ":", "1", "-", "."] as [Character?] {
            for position in 0..<length {
                var name = String(letters.prefix(length))
                if let special, position > 0, position < length - 1 {
                    name = String(name.prefix(position)) + String(special) + String(name.dropFirst(position + 1))
                }
                let local = name.split(separator: ":").last.map(String.init) ?? name
                let root = try parse("<\(name) a='1'><\(name)>t</\(name)><\(name)/></\(name)>")
                #expect(root.name == local && root.children.map(\.name) == [local, local], "\(name)")
                #expect(root.children.first?.text == "t", "\(name)")
                let page = try XMLPage.parse(
                    Data("<R><s><\(name)><\(name)>t</\(name)></\(name)><\(name)/></s></R>".utf8),
                    items: XMLItemPath(["s"]))
                #expect(page.items.count == 2, "\(name)")
                var index = XMLElementIndex()
                try page.forEachItem { _, item throws in
                    #expect(item.hasName(local), "\(name)")
                    #expect(try index.read(item), "\(name)")
                    #expect(String(decoding: index.name(of: index.root), as: UTF8.self) == local, "\(name)")
                }
                let first = try #require(page.items.first)
                try page.body.withUnsafeBytes { document throws in
                    let item = XMLElementBytes(document, first)
                    #expect(try item.child(local)?.text() == "t", "\(name)")
                }
                #expect(error(Data("<\(name)></\(name)x>".utf8))?.reason.contains("does not match") == true)
            }
        }
    }

    // An end tag of the same length as its start tag's name but one byte different, at any position of a name of any
    // length, is refused by the tree reader and by a page's check of its items (which compare names a word at a time).
    @Test(arguments: 1...19)
    func anEndTagOneByteOffIsRefused(length: Int) throws {
        let name = Array("abcdefghijklmnopqrs".utf8.prefix(length))
        for position in 0..<length {
            var other = name
            other[position] = UInt8(ascii: "z")
            let (open, close) = (String(decoding: name, as: UTF8.self), String(decoding: other, as: UTF8.self))
            #expect(error(Data("<\(open)>t</\(close)>".utf8))?.reason.contains("does not match") == true, "\(close)")
            #expect(error(Data("<R><\(open)>t</\(close)></R>".utf8))?.reason.contains("does not match") == true)
            let page = Data("<R><s><i><\(open)>t</\(close)></i></s></R>".utf8)
            #expect(throws: XMLNode.ParseError.self, "\(close)") {
                try XMLPage.parse(page, items: XMLItemPath(["s"]))
            }
            // At the document's end too, where fewer than eight bytes follow the name.
            #expect(error(Data("<\(open)></\(close)>".utf8))?.reason.contains("does not match") == true)
        }
    }

    @Test func closingTagsMatchByLocalName() throws {
        #expect(try parse("<x:a><b/></y:a>").name == "a")
        #expect(error(Data("<x:a></x:ab>".utf8))?.reason.contains("does not match") == true)
    }

    @Test func cdataIsText() throws {
        #expect(try parse("<a><![CDATA[<not> & markup]]></a>").text == "<not> & markup")
    }

    @Test(arguments: [
        ("<a><b></a>", "does not match"),
        ("<a>", "unexpected end of document"),
        ("<a><b>text", "unexpected end of document"),
        ("", "no root element"),
        ("<a/><b/>", "content after the root element"),
        ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "DTDs"),
        ("<a>&bogus;</a>", "unknown entity"),
        ("<a>&#xD800;</a>", "not an XML character"),
        ("<a>&#1114112;</a>", "not an XML character"),
        ("<a b=c/>", "quoted"),
        ("<a><![CDATA[x</a>", "unterminated CDATA"),
    ])
    func malformedDocumentsAreDescribedErrors(text: String, reason: String) {
        let failure = error(Data(text.utf8))
        #expect(failure?.reason.contains(reason) == true, "\(text): \(String(describing: failure))")
        #expect(failure?.description.hasPrefix("malformed XML at line") == true)
    }

    @Test func errorsCarryLineAndColumn() throws {
        let failure = try #require(error(Data("<a>\n  <b>\n  </c>\n</a>".utf8)))
        #expect(failure.line == 3)
        #expect(failure.column == 7)
    }

    // A byte that cannot start UTF-8 is found wherever it lies in an ASCII text (the check reads 32, then 8 bytes at a
    // time), and a two-byte character anywhere is accepted.
    @Test func invalidUTF8IsFoundAtEveryOffset() throws {
        for offset in 0..<80 {
            var text = Array(("<r>" + String(repeating: "a", count: 81) + "</r>").utf8)
            text[3 + offset] = 0xFF
            let failure = try #require(error(Data(text)), "offset \(offset)")
            #expect(failure.reason.contains("UTF-8") && failure.line == 1 && failure.column == 4 + offset)
            text[3 + offset] = 0xC3
            text[4 + offset] = 0xA9  // é
            #expect(try XMLNode.parse(Data(text)).text.utf8.count == 81, "offset \(offset)")
        }
    }

    /// Inputs that crashed Foundation's XMLParser on Linux (found by the fuzz tests).
    @Test func inputsThatCrashedFoundationAreErrors() {
        #expect(error(Data([0x3C, 0x70, 0xC0, 0x80, 0x71, 0x2F, 0x3E]))?.reason.contains("UTF-8") == true)
        let depth = 100_000
        let deep = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        #expect(error(Data(deep.utf8))?.reason.contains("nest deeper") == true)
        #expect((try? parse("<r><?x?></r>"))?.name == "r", "a processing instruction is skipped")
    }

    @Test func nestingUpToTheBoundIsRead() throws {
        let depth = 200
        let text = String(repeating: "<a>", count: depth) + "x" + String(repeating: "</a>", count: depth)
        var node = try parse(text)
        for _ in 1..<depth { node = try #require(node.children.first) }
        #expect(node.text == "x")
    }
}
