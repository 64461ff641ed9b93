import PrivateLinkModel
import Testing
@testable import Templates

/// The position-keeping JSON parser.
@Suite struct JSONReaderTests {
    func read(_ text: String) throws -> TemplateNode {
        var reader = JSONReader(file: "t.json")
        return try reader.read(text)
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

    @Test(arguments: [
        ("{\"a\": 1,}", "expected a quoted key, found character '}'", 1, 9),
        ("{\"a\": 1} x", "unexpected character 'x' after the end of the JSON value", 1, 10),
        ("{\"a\": \"\\q\"}", "invalid escape \\q", 1, 10),
        ("{\"a\": 1, \"a\": 2}", "duplicate key a", 1, 10),
        ("[1, 2", "unexpected end of input, expected ',' or ']'", 1, 6),
        ("{\"a\": tru}", "invalid literal, expected true", 1, 10),
        ("{\"a\": -}", "invalid number -", 1, 8),
    ])
    func rejectsMalformedJSONWithAPosition(text: String, message: String, line: Int, column: Int) {
        #expect(throws: TemplateError.syntax(message: message, at: TemplateLocation(file: "t.json", line: line, column: column))) {
            try read(text)
        }
    }
}
