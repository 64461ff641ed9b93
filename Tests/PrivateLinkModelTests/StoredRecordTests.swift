import Foundation
import Testing
import TestSupport

@testable import PrivateLinkModel

/// A stored record must answer exactly as the value the JSON reader reads from the same bytes, and the scanner behind
/// it may take only what the reader takes.
@Suite struct StoredRecordTests {
    /// Texts the scanner has its own rules for, each next to what it must do with them.
    static let edgeCases: [String] = [
        #"{}"#, #"{"a":{}}"#, #"{"a":[]}"#, #"{"a":""}"#, #"{"":1}"#, #"{"a":"x","b":"y"}"#,
        #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{"a":{"b":1,"b":2}}"#, #"{"a":{"b":1,"a":2}}"#,
        #"{"a":[{"k":1,"k":2}]}"#,
        #"{ "a":1}"#, #"{"a" :1}"#, #"{"a":1 }"#, #"{"a":1}   "#, "\n{\"a\":1}", #"{"a":[1, 2]}"#,
        #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":-0}"#, #"{"a":-}"#, #"{"a":01}"#, #"{"a":123456789012345678}"#,
        #"{"a":1234567890123456789}"#, #"{"a":99999999999999999999}"#, #"{"a":1x}"#, #"{"a":9223372036854775808}"#,
        #"{"a":-9223372036854775809}"#, #"{"a":-01}"#, #"{"a":-a}"#,
        #"{"a":"\u0041\n\t\"\\\/\b\f\r"}"#, #"{"a":"\u00e9"}"#, #"{"a":"\ud83d\ude00"}"#, #"{"a":"\ud83d"}"#,
        #"{"a":"\x"}"#, #"{"a":"\u12"}"#, #"{"\u0061":1}"#, #"{"a\"b":1}"#, "{\"a\":\"caf\u{E9}\"}",
        "{\"caf\u{E9}\":1}", "{\"a\":\"\u{1}\"}", "{\"a\":\"\u{7F}\"}", #"{"a":tru}"#,
        #"{"a":true,"b":false,"c":null}"#,
        #"{"a":nul}"#, #"{"a":[1,]}"#, #"{"a":1,}"#, #"{,}"#, #"{"a"}"#, #"{"a":}"#, #"{"a":1"#, #"{"a":"x"#, #"["a"]"#,
        #""a""#, "", #"{"a":1}}"#, #"{"a":1}x"#, #"{"a":[[[]]]}"#,
        "{\"a\":" + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "}",
        "{\"a\":" + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}",
        "{\"a\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
        "{\"a\":" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
        #"{"Groups":[{"GroupId":"sg-1","GroupName":"n"},{"GroupName":"m"},"sg-x",{"GroupId":7},{"GroupId":"sg-2"}]}"#,
        #"{"SubnetIds":["a",1,null,["b"],{"c":"d"},"e\"f"]}"#,
    ]

    /// Edge cases the scanner must take: what the store writes.
    static let taken: [String] = [
        #"{}"#, #"{"a":{}}"#, #"{"a":[]}"#, #"{"a":""}"#, #"{"":1}"#, #"{"a":-0}"#, #"{"a":123456789012345678}"#,
        #"{"a":"\u0041\n\t\"\\\/\b\f\r"}"#, #"{"a":"\u00e9"}"#, "{\"a\":\"\u{7F}\"}", #"{"a":9223372036854775807}"#,
        #"{"a":-9223372036854775808}"#, #"{"a":true,"b":false,"c":null}"#, #"{"a":[[[]]]}"#,
    ]

    /// Canonical records of random shapes without fractions or keys with escapes (as the store writes AWS's records).
    static func canonicalRecords() -> [String] {
        var generator = SeededGenerator(seed: 0x5EED_34)
        return (0..<200).map { _ in
            var text = ""
            repeat {
                text = String(
                    decoding: JSONValue.object(randomObject(depth: 0, using: &generator)).canonicalData(), as: UTF8.self
                )
            } while text.contains(".") || text.contains("e+") || text.contains(#"b\"q"#) || text.contains(#"z\\"#)
            return text
        }
    }

    /// Canonical records of random shapes (as the store writes them), and those with a byte changed, removed or
    /// added, or cut short.
    static func corpus() -> [String] {
        var generator = SeededGenerator(seed: 0x5EED_12)
        var texts = edgeCases + taken + canonicalRecords()
        for _ in 0..<300 {
            let record = JSONValue.object(randomObject(depth: 0, using: &generator))
            let canonical = Array(record.canonicalData())
            texts.append(String(decoding: canonical, as: UTF8.self))
            for _ in 0..<4 {
                var mutated = canonical
                let position = Int.random(in: 0..<mutated.count, using: &generator)
                let byte = Array(#"{}[]",:\ a0-9.eu"#.utf8).randomElement(using: &generator)!
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: mutated[position] = byte
                case 1: mutated.remove(at: position)
                case 2: mutated.insert(byte, at: position)
                default: mutated.removeLast(mutated.count - position)
                }
                texts.append(String(decoding: mutated, as: UTF8.self))
            }
        }
        return texts
    }

    static func randomObject(depth: Int, using generator: inout SeededGenerator) -> JSONObject {
        let keys = [
            "Groups", "GroupId", "State", "SubnetIds", "Tags", "Key", "Value", "a", "", "b\"q", "z\\", "VpcEndpointId",
            "VpcEndpointType", "VpcEndpointIds", "NetworkInterfaceIds",
        ]
        var object = JSONObject()
        for _ in 0..<Int.random(in: 0..<6, using: &generator) {
            object[keys.randomElement(using: &generator)!] = randomValue(depth: depth + 1, using: &generator)
        }
        return object
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        let texts = [
            "", "sg-1", "vpce-0123456789abcdef0", "line\nbreak", "quote\"d", "tab\t", "\u{1}", "/slash/",
            #"{"Statement":[{"Effect":"Allow","Principal":"*"}]}"#, "ends in a backslash \\",
        ]
        switch Int.random(in: 0..<(depth > 3 ? 5 : 8), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .integer(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 3: return .string(texts.randomElement(using: &generator)!)
        case 4: return .integer([0, Int.max, Int.min, 999_999_999_999_999_999].randomElement(using: &generator)!)
        case 5:
            return .array(
                (0..<Int.random(in: 0..<4, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, using: &generator)
                })
        case 6: return .object(randomObject(depth: depth, using: &generator))
        default: return .double([0.5, -2.25, 1e300].randomElement(using: &generator)!)
        }
    }

    /// The members the scanner finds, as key and value text.
    static func scannedMembers(_ text: String) -> [(key: String, value: String)]? {
        var strings = JSONStringCache()
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            RecordScanner.members(of: buffer, strings: &strings)?.map {
                (
                    String(decoding: buffer[Int($0.keyStart)..<Int($0.keyEnd)], as: UTF8.self),
                    String(decoding: buffer[Int($0.valueStart)..<Int($0.valueEnd)], as: UTF8.self)
                )
            }
        }
    }

    @Test func theScannerTakesOnlyWhatTheReaderTakesAndFindsItsMembers() throws {
        var taken = 0
        for text in Self.corpus() {
            guard let members = Self.scannedMembers(text) else { continue }
            taken += 1
            let value = try #require(try? JSONValue.parse(text), "the scanner took what the reader refuses: \(text)")
            let object = try #require(value.objectValue, "\(text)")
            #expect(members.map(\.key) == object.keys.sorted(), "\(text)")
            for member in members {
                #expect(try JSONValue.parse(member.value) == object[member.key], "\(member.key) in \(text)")
            }
        }
        #expect(taken > 300)
    }

    @Test func theScannerTakesWhatTheStoreWrites() {
        for text in Self.taken + Self.canonicalRecords() {
            #expect(Self.scannedMembers(text) != nil, "\(text)")
        }
    }

    /// Every string of a value, keys included, as bytes: `==` on strings is canonical equivalence.
    static func bytes(of value: JSONValue?) -> [[UInt8]] {
        switch value {
        case .string(let text): [Array(text.utf8)]
        case .array(let elements): elements.flatMap { bytes(of: $0) }
        case .object(let object): object.flatMap { [Array($0.key.utf8)] + bytes(of: $0.value) }
        default: []
        }
    }

    /// Member names asked of each object in a list, two at a time: a tag's key and value, the same name twice, a
    /// name no object has, one beyond ASCII.
    static let memberPairs = [
        ("Key", "Value"), ("Value", "Key"), ("Key", "Key"), ("GroupId", "missing"), ("missing", "a"),
        ("\u{212A}ey", "Value"),
    ]

    /// Pairs as texts a test can compare.
    static func texts(_ pairs: [(String, String?)]) -> [String] { pairs.map { "\($0.0)\u{0}\($0.1 ?? "nil")" } }

    @Test func aStoredRecordAnswersAsItsValue() throws {
        let memberNames = ["GroupId", "Key", "Value", "a", "missing", "", "\u{212A}ey"]
        // One cache and one sizing for every record, as a snapshot is read: repeated strings, escaped ones too, come
        // from the cache, and each member list is reserved for the count of the record before, more or fewer.
        var strings = JSONStringCache()
        var sizing = StoredRecord.Sizing()
        var stored = 0
        var soleStrings = 0
        for text in Self.corpus() + Self.corpus() {
            let bytes = Array(text.utf8)
            let read = try? bytes.withUnsafeBytes {
                try StoredRecord.read(utf8: $0, strings: &strings, sizing: &sizing)
            }
            guard let read, case .stored = read else { continue }
            stored += 1
            let value = try JSONValue.parse(text)
            let plain = ResourceRecord.value(value)
            #expect(read.value == value, "\(text)")
            #expect(Self.bytes(of: read.value) == Self.bytes(of: value), "\(text)")
            let keys =
                (value.objectValue?.keys.map { $0 } ?? []) + ["missing", "", "Groups", "SubnetIds", "\u{212A}ey"]
            for key in keys {
                #expect(read[key] == plain[key], "\(key) in \(text)")
                #expect(Self.bytes(of: read[key]) == Self.bytes(of: plain[key]), "\(key) in \(text)")
                #expect(read.strings(key) == plain.strings(key), "\(key) in \(text)")
                #expect(read.string(key) == plain[key]?.stringValue, "\(key) in \(text)")
                #expect(read.string(key) == plain.string(key), "\(key) in \(text)")
                let strings = plain.strings(key)
                let sole = read.soleString(key)
                #expect(sole == (strings.count == 1 ? strings[0] : nil), "\(key) in \(text)")
                #expect(sole == plain.soleString(key), "\(key) in \(text)")
                if sole != nil { soleStrings += 1 }
                for name in memberNames {
                    #expect(
                        read.strings(key, member: name) == plain.strings(key, member: name), "\(key).\(name) in \(text)"
                    )
                }
                for (first, second) in Self.memberPairs {
                    #expect(
                        Self.texts(read.stringPairs(key, first, second))
                            == Self.texts(plain.stringPairs(key, first, second)),
                        "\(key).\(first)/\(second) in \(text)")
                }
            }
        }
        #expect(stored > 500)
        #expect(soleStrings > 20)
    }

    @Test func aRecordLikeTheOneBeforeHoldsItsMembersInNoMoreRoomThanTheyTake() throws {
        var strings = JSONStringCache()
        var sizing = StoredRecord.Sizing()
        let texts = [
            #"{"a":1,"b":"x","c":[1,2],"d":{"e":"f"},"g":null}"#, #"{"a":2,"b":"y","c":[],"d":{},"g":true}"#,
            #"{"a":3,"b":"z","c":[3],"d":{"h":1},"g":false}"#, #"{"a":1}"#, #"{"b":2}"#,
        ]
        var capacities: [Int] = []
        for text in texts {
            let read = try Array(text.utf8).withUnsafeBytes {
                try StoredRecord.read(utf8: $0, strings: &strings, sizing: &sizing)
            }
            guard case .stored(let record) = read else { throw StoredRecordTestError.notStored(text) }
            capacities.append(record.members.capacity)
            #expect(read.value == (try JSONValue.parse(text)), "\(text)")
        }
        // The first of each shape is reserved for the record before (or, first of all, a default); the rest exactly.
        #expect(capacities[1] == 5 && capacities[2] == 5)
        #expect(capacities[4] == 1)
    }

    /// Keys around the eight bytes a lookup compares at once: shorter, exactly eight, sharing all eight and
    /// differing after, one a prefix of another. Each is found, and each near miss is not.
    @Test func keysThatShareTheirFirstEightBytesAreToldApart() throws {
        let keys = [
            "", "a", "abcdefg", "abcdefgg", "abcdefgh", "abcdefgh1", "abcdefghi", "abcdefghij", "abcdefgi",
            "abcdefgh0123456789", "abcdefgh0123456788", "b", "bbbbbbbbbbbbbbbb",
        ]
        let value = JSONValue.object(
            JSONObject(Dictionary(uniqueKeysWithValues: keys.map { ($0, JSONValue.string("v" + $0)) })))
        let text = String(decoding: value.canonicalData(), as: UTF8.self)
        var strings = JSONStringCache()
        let read = try Array(text.utf8).withUnsafeBytes { try StoredRecord.read(utf8: $0, strings: &strings) }
        guard case .stored = read else { throw StoredRecordTestError.notStored(text) }
        for key in keys { #expect(read.string(key) == "v" + key, "\(key)") }
        let misses = [
            "abcdef", "abcdefgf", "abcdefgha", "abcdefgh2", "abcdefghii", "abcdefgj", "abcdefgh012345678",
            "abcdefgh01234567890", "abcdefgh0123456787", "bbbbbbbb", "bbbbbbbbbbbbbbbbb", "c", "A", "0",
        ]
        for key in misses { #expect(read.string(key) == nil, "\(key)") }
    }

    @Test func aLookupBeyondASCIIAnswersAsTheTreeDoes() throws {
        // The Kelvin sign is canonically equivalent to K: Swift's strings, and so the tree, take one for the other.
        let text = #"{"Groups":[{"Key":"g"}],"Key":"v"}"#
        var strings = JSONStringCache()
        let read = try Array(text.utf8).withUnsafeBytes { try StoredRecord.read(utf8: $0, strings: &strings) }
        guard case .stored = read else { throw StoredRecordTestError.notStored(text) }
        let plain = ResourceRecord.value(try JSONValue.parse(text))
        #expect(plain["\u{212A}ey"] == .string("v"))
        #expect(read["\u{212A}ey"] == plain["\u{212A}ey"])
        #expect(read.strings("Groups", member: "\u{212A}ey") == ["g"])
        #expect(Self.texts(read.stringPairs("Groups", "\u{212A}ey", "Value")) == ["g\u{0}nil"])
        #expect(read.strings("\u{212A}ey") == plain.strings("\u{212A}ey"))
        #expect(read.soleString("\u{212A}ey") == plain.soleString("\u{212A}ey"))
        #expect(read.string("\u{212A}ey") == "v")
    }

    @Test func aRecordTheScannerRefusesIsReadByTheReader() throws {
        for text in Self.corpus() where Self.scannedMembers(text) == nil {
            var strings = JSONStringCache()
            let bytes = Array(text.utf8)
            let read = Result { try bytes.withUnsafeBytes { try StoredRecord.read(utf8: $0, strings: &strings) } }
            let parsed = Result { try JSONValue.parse(text) }
            switch (read, parsed) {
            case (.success(let record), .success(let value)):
                guard case .value(let held) = record else {
                    Issue.record("a record the scanner refused is held as stored: \(text)")
                    continue
                }
                #expect(held == value, "\(text)")
            case (.failure(let error), .failure(let expected)):
                #expect(error as? JSONSyntaxError == expected as? JSONSyntaxError, "\(text)")
            default:
                Issue.record("read \(read) but the reader gives \(parsed): \(text)")
            }
        }
    }
}

/// Why a test could not go on.
enum StoredRecordTestError: Error {
    case notStored(String)
}
