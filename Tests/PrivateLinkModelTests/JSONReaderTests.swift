import Foundation
import PrivateLinkModel
import Testing

@Suite struct JSONReaderTests {
    static let values: [JSONValue] = [
        .null, .bool(true), .bool(false), .integer(0), .integer(-42), .integer(Int.max), .integer(Int.min),
        .double(0.25), .double(-1.5e-7), .double(1e300), .double(123_456.789),
        .string(""), .string("plain"), .string("quote \" backslash \\ slash / tab \t newline \n nul \u{0}"),
        .string("é 日本 🚀 \u{7F} \u{1F}"),
        .array([]), .object([:]),
        .object([
            "PolicyDocument": .string(#"{"Statement":[{"Effect":"Allow"}]}"#),
            "Groups": .array([.object(["GroupId": .string("sg-1")]), .null]),
            "Nested": .object(["A": .array([.integer(1), .double(2.5), .bool(false)])]),
        ]),
    ]

    @Test(arguments: values)
    func readsBackWhatCanonicalDataWrites(_ value: JSONValue) throws {
        let text = String(decoding: value.canonicalData(), as: UTF8.self)
        #expect(try JSONValue.parse(text) == value)
        #expect(try JSONValue.parse(text) == JSONValue.parse(value.canonicalData()))
    }

    @Test func readsEscapesAndSpacingOfAnyJSON() throws {
        let text = #" { "a" : [ 1 , 2.0e0 , "\u00e9\ud83d\ude80\/" ] , "b" : null } "#
        #expect(
            try JSONValue.parse(text)
                == .object([
                    "a": .array([.integer(1), .double(2), .string("é🚀/")]), "b": .null,
                ]))
    }

    /// Every number form RFC 8259's grammar allows, with how it reads.
    @Test(arguments: [
        ("0", JSONValue.integer(0)), ("-0", .integer(0)), ("10", .integer(10)), ("0.5", .double(0.5)),
        ("-0.5", .double(-0.5)),
        ("1e2", .double(100)), ("1E+2", .double(100)), ("1e-2", .double(0.01)), ("0e0", .double(0)),
        ("12.50e1", .double(125)),
        ("9223372036854775807", .integer(Int.max)), ("9223372036854775808", .double(9_223_372_036_854_775_808)),
    ])
    func acceptsEveryNumberTheGrammarAllows(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
        #expect(try JSONValue.parse("[\(text)]") == .array([expected]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", "{\"a\":1,}", "\"\\ud83d\"", "-"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: Error.self) { try JSONValue.parse(text) }
    }

    /// What lenient readers accept and RFC 8259 does not: each is an error, never a value.
    @Test(arguments: [
        "01", "-01", "00", "+1", ".5", "-.5", "1.", "1.e5", "1e", "1e+", "--1", "0x10", "1_000", "Infinity", "NaN",
        "-Infinity",
        "1e400", "[01]", "{\"a\": +1}", "[.5]", "[1.]",
        "\"tab\there\"", "\"new\nline\"", "\"nul\u{0}\"", "\"bell\u{7}\"",
        "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800x\"", "\"\\ud800\\u0041\"", "\"\\udfff\\ud800\"",
        "{} x", "[1] ]", "1 2", "true false", "nullx", "{\"a\": 1}}", "\"a\" \"b\"",
        "{\"a\": 1, \"a\": 2}", "{\"x\": {\"a\": 1, \"b\": 2, \"a\": 3}}", "[{\"k\": 1, \"k\": 1}]",
        "'single'", "[1,,2]", "{,}", "[\"\\x41\"]", "\u{FEFF}{}",
    ])
    func rejectsWhatOnlyLenientReadersAccept(_ text: String) {
        #expect(throws: JSONSyntaxError.self, "\(text.debugDescription) must be refused") { try JSONValue.parse(text) }
    }

    @Test func rejectsInvalidUTF8InAString() {
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data([0x22, 0xC0, 0x80, 0x22])) }
        // An encoded surrogate.
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data([0x22, 0xED, 0xA0, 0x80, 0x22])) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data([0x5B, 0xFF, 0x5D])) }
    }

    /// A duplicate key is reported where the duplicate is, not where the key first appears.
    @Test func aDuplicateKeyIsReportedAtTheDuplicate() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": 2, \"é\": 3, \"é\": 4},\n  \"a\": 5\n}"
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == 3 && error.column == 25 && error.message == "duplicate key é"
        }
        let flat = "{\"a\": 1,\n\"a\": 2}"
        #expect(throws: JSONSyntaxError(message: "duplicate key a", offset: 9, line: 2, column: 1)) {
            try JSONValue.parse(flat)
        }
    }

    @Test func errorsCarryLineAndColumnCountedInCharacters() {
        #expect(throws: JSONSyntaxError(message: "invalid number 01", offset: 17, line: 2, column: 7)) {
            try JSONValue.parse("{\"é\": 1,\n\t\"ü\": 01}")
        }
        #expect(
            throws: JSONSyntaxError(
                message: "unexpected character 'x' after the end of the JSON value", offset: 3, line: 1, column: 4)
        ) {
            try JSONValue.parse("{} x")
        }
    }

    /// Strings are scanned eight bytes at a time: a quote, backslash, control character or non-ASCII byte at any
    /// offset of a word must still be seen.
    @Test func everyOffsetOfALongStringIsRead() throws {
        for length in 0..<20 {
            for offset in 0..<max(length, 1) {
                func text(_ special: String) -> String {
                    "\"" + String(repeating: "a", count: offset) + special
                        + String(repeating: "b", count: max(0, length - offset)) + "\""
                }
                let plain =
                    String(repeating: "a", count: offset) + String(repeating: "b", count: max(0, length - offset))
                #expect(try JSONValue.parse(text("")) == .string(plain))
                #expect(
                    try JSONValue.parse(text("\\\""))
                        == .string(String(plain.prefix(offset)) + "\"" + plain.dropFirst(offset)))
                #expect(
                    try JSONValue.parse(text("é"))
                        == .string(String(plain.prefix(offset)) + "é" + plain.dropFirst(offset)))
                #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text("\u{1}")) }
                #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text("\"")) }
                var bytes = Array(text("x").utf8)
                bytes[1 + offset] = 0xFF
                #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data(bytes)) }
            }
        }
    }

    @Test func nestingIsBoundedNotRecursedWithoutLimit() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(throws: Never.self) { try JSONValue.parse(fine) }
    }
}
