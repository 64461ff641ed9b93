import Foundation
import PrivateLinkModel
import Testing
import TestSupport

/// `JSONObject` behaves as the `[String: JSONValue]` it replaced: same lookups, same equality and hashing whatever
/// order the members came in, repeats refused, and members kept in String's key order.
@Suite struct JSONObjectTests {
    /// Keys that sort differently by bytes and by String's `<`, short and long (heap-allocated) ones, and a prefix.
    static let keyPool = [
        "a", "B", "Z", "_", "é", "e\u{301}", "ä", "aa", "a\u{0}", "VpcEndpointId", "VpcEndpointIds",
        "PrivateDnsOnlyForInboundResolverEndpoint", "Tags", "tags", "10", "9", "",
    ]

    /// A random object's members: keys drawn from the pool (repeats included when `allowRepeats`).
    static func members(_ random: inout SeededGenerator, allowRepeats: Bool) -> [(String, JSONValue)] {
        let count = Int.random(in: 0...12, using: &random)
        let keys =
            allowRepeats
            ? (0..<count).map { _ in keyPool.randomElement(using: &random)! }
            : Array(keyPool.shuffled(using: &random).prefix(count))
        return keys.enumerated().map { ($1, .integer($0)) }
    }

    @Test func matchesADictionaryOnRandomObjects() throws {
        var random = SeededGenerator(seed: 12)
        for _ in 0..<2_000 {
            let members = Self.members(&random, allowRepeats: Bool.random(using: &random))
            let repeats = Set(members.map(\.0)).count != members.count
            let object = JSONObject(uniqueKeysAndValues: members)
            #expect((object == nil) == repeats, "\(members.map(\.0))")
            guard let object else { continue }
            let dictionary = Dictionary(uniqueKeysWithValues: members)
            #expect(object.count == dictionary.count)
            #expect(Array(object.keys) == dictionary.keys.sorted())
            for key in Self.keyPool { #expect(object[key] == dictionary[key], "\(key) in \(members.map(\.0))") }
            #expect(object.dictionary == dictionary)
            // Any other order of the same members is the same object, with the same hash.
            let shuffled = try #require(JSONObject(uniqueKeysAndValues: members.shuffled(using: &random)))
            #expect(shuffled == object)
            #expect(shuffled.hashValue == object.hashValue)
            #expect(JSONObject(dictionary) == object)
        }
    }

    @Test func aLargeObjectInAnyOrderIsSortedAndItsRepeatFound() throws {
        let keys = (0..<3_000).map { "key-\($0)" }
        var random = SeededGenerator(seed: 9)
        for order in [keys, keys.reversed(), keys.shuffled(using: &random)] {
            let object = try #require(JSONObject(uniqueKeysAndValues: order.map { ($0, JSONValue.string($0)) }))
            #expect(Array(object.keys) == keys.sorted())
            #expect(object["key-1234"] == .string("key-1234"))
            #expect(JSONObject(uniqueKeysAndValues: (order + ["key-77"]).map { ($0, JSONValue.null) }) == nil)
        }
    }

    @Test func settingAndRemovingKeepTheOrder() {
        var random = SeededGenerator(seed: 7)
        var object = JSONObject()
        var dictionary: [String: JSONValue] = [:]
        for step in 0..<3_000 {
            let key = Self.keyPool.randomElement(using: &random)!
            if Int.random(in: 0..<3, using: &random) == 0 {
                #expect(object.removeValue(forKey: key) == dictionary.removeValue(forKey: key))
            } else if Bool.random(using: &random) {
                object[key] = nil
                dictionary[key] = nil
            } else {
                object[key] = .integer(step)
                dictionary[key] = .integer(step)
            }
            #expect(Array(object.keys) == dictionary.keys.sorted())
            #expect(object.dictionary == dictionary)
        }
    }

    @Test func aParsedObjectRefusesARepeatInAnyOrder() {
        // é and e + combining acute are one key, as they are one String (and were one key of the dictionary).
        for text in [#"{"b":1,"a":2,"b":3}"#, #"{"c":1,"a":2,"b":3,"a":4}"#, #"{"é":1,"a":2,"e\u0301":3}"#] {
            #expect(throws: JSONSyntaxError.self, "\(text)") { try JSONValue.parse(text) }
        }
        #expect((try? JSONValue.parse(#"{"é":1,"ä":2,"e":3}"#))?.objectValue?.count == 3)
    }

    @Test func canonicalTextIsInStringOrderWhateverTheWrittenOrder() throws {
        let written = try JSONValue.parse(#"{"é":1,"Z":{"b":true,"a":null},"a":[{"y":1,"x":2}],"_":"s","10":0,"9":0}"#)
        let text = String(decoding: written.canonicalData(), as: UTF8.self)
        #expect(text == #"{"10":0,"9":0,"Z":{"a":null,"b":true},"_":"s","a":[{"x":2,"y":1}],"é":1}"#)
        #expect(try JSONValue.parse(text) == written)
    }

    @Test func codableRoundTripThroughFoundation() throws {
        let value = try JSONValue.parse(#"{"b":[1,2.5,"x",null,false],"a":{"d":{},"c":[]}}"#)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(value)
        #expect(String(decoding: data, as: UTF8.self) == #"{"a":{"c":[],"d":{}},"b":[1,2.5,"x",null,false]}"#)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
    }
}
