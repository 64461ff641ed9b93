import PrivateLinkModel
import Testing
@testable import Templates

/// JSON templates through the one strict reader, with the position of every value.
@Suite struct JSONTemplateReaderTests {
    func read(_ text: String) throws -> TemplateNode {
        try JSONTemplateReader.read(text, file: "t.json")
    }

    @Test func decodesEveryEscape() throws {
        let node = try read(#"{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"}"#)
        #expect(node["s"]?.value.scalar == .string("a\"b\\c/d\u{08}\u{0C}\n\r\té😀"))
    }

    @Test func keepsLinesAndColumnsAcrossTabsAndUnicode() throws {
        let node = try read("{\n\t\"é\": [1, 2.5, true, null,\n\t\t\"x\"]\n}")
        let entry = try #require(node["é"])
        #expect(entry.keyLocation == TemplateLocation(file: "t.json", line: 2, column: 2))
        let elements = try #require(entry.value.elements)
        #expect(elements.map(\.literalValue) == [.integer(1), .double(2.5), .bool(true), .null, .string("x")])
        #expect(elements[1].location.column == 11)
        #expect(elements[4].location == TemplateLocation(file: "t.json", line: 3, column: 3))
    }

    @Test func aByteOrderMarkIsSkippedWithoutShiftingColumns() throws {
        let node = try read("\u{FEFF}{\"a\": 1}")
        #expect(node["a"]?.keyLocation == TemplateLocation(file: "t.json", line: 1, column: 2))
    }

    @Test func aLongSingleLineKeepsColumns() throws {
        let members = (0..<2_000).map { "\"k\($0)\": \"é\($0)\"" }.joined(separator: ", ")
        let node = try read("{" + members + "}")
        let last = try #require(node["k1999"])
        let prefix = "{" + (0..<1_999).map { "\"k\($0)\": \"é\($0)\"" }.joined(separator: ", ") + ", "
        #expect(last.keyLocation.column == prefix.unicodeScalars.count + 1)
    }

    @Test(arguments: [
        ("{\"a\": 1,}", "expected a quoted key, found character '}'", 1, 9),
        ("{\"a\": 1} x", "unexpected character 'x' after the end of the JSON value", 1, 10),
        ("{\"a\": \"\\q\"}", "invalid escape \\q", 1, 8),
        ("{\"a\": 1, \"a\": 2}", "duplicate key a", 1, 10),
        ("{\"a\": 1,\n \"b\": 2,\n   \"a\": 3}", "duplicate key a", 3, 4),
        ("[1, 2", "unexpected end of input, expected ',' or ']'", 1, 6),
        ("{\"a\": tru}", "invalid literal, expected true", 1, 7),
        ("{\"a\": -}", "invalid number -", 1, 7),
        ("{\"a\": 01}", "invalid number 01", 1, 7),
        ("{\"a\": .5}", "unexpected character '.', expected a value", 1, 7),
        ("{\"a\": \"x\ty\"}", "control character U+0009 in a string", 1, 9),
        ("{\"a\": \"\\ud800\"}", "unpaired surrogate in \\u escape", 1, 8),
    ])
    func rejectsMalformedJSONWithAPosition(text: String, message: String, line: Int, column: Int) {
        #expect(
            throws: TemplateError.syntax(
                message: message, at: TemplateLocation(file: "t.json", line: line, column: column))
        ) {
            try read(text)
        }
    }
}
