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
        .object(["PolicyDocument": .string(#"{"Statement":[{"Effect":"Allow"}]}"#),
                 "Groups": .array([.object(["GroupId": .string("sg-1")]), .null]),
                 "Nested": .object(["A": .array([.integer(1), .double(2.5), .bool(false)])])]),
    ]

    @Test(arguments: values)
    func readsBackWhatCanonicalDataWrites(_ value: JSONValue) throws {
        let text = String(decoding: value.canonicalData(), as: UTF8.self)
        #expect(try JSONValue.parse(text) == value)
        #expect(try JSONValue.parse(text) == JSONValue.parse(value.canonicalData()))
    }

    @Test func readsEscapesAndSpacingOfAnyJSON() throws {
        let text = #" { "a" : [ 1 , 2.0e0 , "\u00e9\ud83d\ude80\/" ] , "b" : null } "#
        #expect(try JSONValue.parse(text) == .object([
            "a": .array([.integer(1), .double(2), .string("é🚀/")]), "b": .null,
        ]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"open", "1 2", "{\"a\":1,}", "\"\\ud83d\"", "-"])
    func rejectsMalformedText(_ text: String) {
        #expect(throws: Error.self) { try JSONValue.parse(text) }
    }
}
