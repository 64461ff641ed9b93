import Foundation
import Testing

@testable import PrivateLinkModel

/// Records read through one string cache are the records read alone: the cache only ever hands back a string with
/// exactly the bytes read.
@Suite struct JSONStringCacheTests {
    /// Strings that share their length and their first, middle and last eight bytes, so they hash to the same slot,
    /// and differ only in between.
    static let twins = [
        "aaaaaaaaXbbbbbbbbbbbbbbbbbbbbbbbXcccccccc",
        "aaaaaaaaYbbbbbbbbbbbbbbbbbbbbbbbYcccccccc",
        "aaaaaaaaZbbbbbbbbbbbbbbbbbbbbbbbZcccccccc",
    ]

    /// String bodies with escapes, as written between the quotes: equally long and alike at the ends and the
    /// middle (the same slot), a `\\` right before the closing quote, `\u` escapes and a surrogate pair.
    static let escapedTwins = [
        #"aaaaaaaa\"X\u00e9bbbbbbbbbbbbbbbbbbbbbX\\cccccccc\\"#,
        #"aaaaaaaa\"Y\u00e9bbbbbbbbbbbbbbbbbbbbbY\\cccccccc\\"#,
        #"aaaaaaaa\"Z\ud83d\ude00bbbbbbbbbbbbbbbbZ\\cccccccc\\"#,
        #"\/\/ a path\tand a tab, then \"quoted\" \\ text"#,
    ]

    /// Records with repeated long keys and values, strings at the 15/16-byte edge, escapes, non-ASCII and the twins.
    static func records() -> [String] {
        (0..<300).map { index in
            let twin = twins[index % twins.count]
            return """
                {"NetworkInterfaceIds":["eni-\(String(format: "%017x", index))"],"PrivateDnsEnabled":true,\
                "ServiceName":"com.amazonaws.us-east-1.ec2","Fifteen-bytes-x":"\(index % 2 == 0 ? "sixteen-bytes-xx" : "sixteen-bytes-xy")",\
                "Policy":"{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\"}]}",\
                "Name":"Zürich — endpoint \(index % 3) ✓ ✓ ✓","Twin":"\(twin)","Same":"\(twins[(index + 1) % twins.count])",\
                "Escaped":"\(escapedTwins[index % escapedTwins.count])","Other":"\(escapedTwins[(index + 2) % escapedTwins.count])"}
                """
        }
    }

    /// The UTF-8 of every key and string of `value`, in order: compared as bytes, since Swift's `==` takes two
    /// spellings of an accented letter as one string.
    static func strings(of value: JSONValue) -> [[UInt8]] {
        switch value {
        case .string(let text): [Array(text.utf8)]
        case .array(let elements): elements.flatMap(strings)
        case .object(let object): object.flatMap { [Array($0.key.utf8)] + strings(of: $0.value) }
        default: []
        }
    }

    @Test func recordsReadThroughOneCacheAreTheRecordsReadAlone() throws {
        for capacity in [16, 4096] {
            var strings = JSONStringCache(capacity: capacity)
            for record in Self.records() {
                let alone = try JSONValue.parse(Data(record.utf8))
                let cached = try JSONValue.parse(Data(record.utf8), strings: &strings)
                #expect(cached == alone, "\(capacity) slots")
                #expect(Self.strings(of: cached) == Self.strings(of: alone), "\(capacity) slots")
            }
            #expect(strings.hits > 0, "repeated keys and values come from the cache")
        }
    }

    @Test func equalTextsSpeltDifferentlyKeepTheirOwnBytes() throws {
        // "éé" precomposed-then-decomposed and the other way round: as long in bytes, equal as Swift strings, and
        // placed (bytes 8 to 12 of 40) where the slot's hash does not look, so both land in the same slot.
        let filler = "-padding-padding-padding-xx"
        let first = "padding-\u{E9}e\u{301}" + filler
        let second = "padding-e\u{301}\u{E9}" + filler
        #expect(first == second && Array(first.utf8) != Array(second.utf8) && first.utf8.count == 40)
        var strings = JSONStringCache(capacity: 16)
        for text in [first, second, second, first] {
            let value = try JSONValue.parse(Data("[\"\(text)\"]".utf8), strings: &strings)
            #expect(Self.strings(of: value) == [Array(text.utf8)])
        }
    }

    @Test func stringsThatHashAlikeAreToldApartByTheirBytes() throws {
        var strings = JSONStringCache(capacity: 16)
        for round in 0..<3 {
            for twin in Self.twins {
                let value = try JSONValue.parse(Data("[\"\(twin)\"]".utf8), strings: &strings)
                #expect(value == .array([.string(twin)]), "round \(round)")
            }
        }
    }

    @Test func escapedStringsReadThroughOneCacheAreReadAsAlone() throws {
        var strings = JSONStringCache(capacity: 16)
        for round in 0..<3 {
            for written in Self.escapedTwins + Self.escapedTwins.reversed() {
                let document = Data("[\"\(written)\"]".utf8)
                let alone = try JSONValue.parse(document)
                let cached = try JSONValue.parse(document, strings: &strings)
                #expect(Self.strings(of: cached) == Self.strings(of: alone), "round \(round): \(written)")
            }
        }
        #expect(strings.hits > 0)
    }

    @Test func shortStringsReadThroughOneCacheKeepTheirOwnBytes() throws {
        // Strings of 1 to 15 bytes that share their first or last eight bytes, end in NUL (written as an escape) or
        // differ only in where a NUL falls, and a precomposed/decomposed pair of equal length that Swift's `==` calls
        // equal: each must come back with exactly its own bytes, with 16 slots to make them share slots.
        var texts: [String] = []
        for length in 1...15 {
            texts.append(String(repeating: "a", count: length))
            texts.append(String(repeating: "a", count: length - 1) + "b")
            texts.append("b" + String(repeating: "a", count: length - 1))
            texts.append(String(repeating: "a", count: length - 1) + #"\u0000"#)
            texts.append(#"\u0000"# + String(repeating: "a", count: length - 1))
        }
        // Families that pack to the same words and differ only in their count: a letter then 0 to 14 NULs.
        for letter in "abcdefgh" {
            texts += (0..<15).map { String(letter) + String(repeating: #"\u0000"#, count: $0) }
        }
        texts += ["\u{E9}e\u{301}", "e\u{301}\u{E9}", "Zürich", "Zu\u{308}rich"]
        var strings = JSONStringCache(capacity: 16)
        for round in 0..<3 {
            for text in texts + texts.reversed() {
                let document = Data(#"{"\#(text)":"\#(text)"}"#.utf8)
                let alone = try JSONValue.parse(document)
                let cached = try JSONValue.parse(document, strings: &strings)
                #expect(Self.strings(of: cached) == Self.strings(of: alone), "round \(round): \(text)")
            }
        }
        #expect(strings.hits > 0, "the key and the value of each document are the same string")
    }

    @Test func aBadEscapeIsRefusedEveryTime() throws {
        var strings = JSONStringCache()
        let document = Data(#"["a long string with a \q bad escape in it"]"#.utf8)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(document, strings: &strings) }
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(document, strings: &strings) }
    }

    @Test func invalidUTF8IsRefusedEveryTime() throws {
        var strings = JSONStringCache()
        var bytes = Array("[\"0123456789abcdefghij\"]".utf8)
        bytes[5] = 0xFF
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data(bytes), strings: &strings) }
        // Read again: an invalid string was not cached, so it is refused again, not handed back.
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(Data(bytes), strings: &strings) }
    }

    @Test func aCacheWithoutSlotsCachesNothing() throws {
        var strings = JSONStringCache(capacity: 0)
        for record in Self.records().prefix(10) {
            #expect(try JSONValue.parse(Data(record.utf8), strings: &strings) == JSONValue.parse(Data(record.utf8)))
        }
        #expect(strings.hits == 0)
    }
}
