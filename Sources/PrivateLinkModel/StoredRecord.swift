import Foundation

/// A record as the store holds it: its compact JSON bytes, checked once, with where each top-level member is; a
/// member is read from the bytes when it is asked for.
///
/// Reading every record of a snapshot into a `JSONValue` tree was most of an audit's cost (a third of its time: every
/// string, array and object of every record made, then freed), though the rules and reports read a handful of
/// members per record. The store writes records canonically (compact, keys in order, ASCII escapes), and
/// ``RecordScanner`` checks such bytes several times faster than a tree is built. Whatever it does not take (space
/// between tokens, non-ASCII text, fractions, keys out of order…) is read into a tree by the one JSON reader, which
/// also reports any fault: a record is a stored record only when the reader would take it.
public struct StoredRecord: Sendable {
    /// One top-level member: where its key's text (between the quotes) and its value are in `bytes`, and the value
    /// when it is a string (made when the record is read, shared with the other records' equal strings: they are
    /// what the rules read most).
    struct Member: Sendable, Equatable {
        let keyStart: Int32
        let keyEnd: Int32
        let valueStart: Int32
        let valueEnd: Int32
        let text: String?
    }

    /// The record's UTF-8 bytes.
    let bytes: [UInt8]
    /// The members by ascending key bytes, no two alike.
    let members: [Member]

    /// The record `bytes` hold: a stored record when ``RecordScanner`` takes them, else the value the JSON reader
    /// reads (with `strings`). Throws ``JSONSyntaxError`` as `JSONValue.parse` does.
    public static func read(utf8 bytes: UnsafeRawBufferPointer, strings: inout JSONStringCache) throws
        -> ResourceRecord
    {
        var sizing = Sizing()
        return try read(utf8: bytes, strings: &strings, sizing: &sizing)
    }

    /// ``read(utf8:strings:)``, sizing the member list by the record read before: a reader of many records passes
    /// the same `sizing` to each.
    public static func read(utf8 bytes: UnsafeRawBufferPointer, strings: inout JSONStringCache, sizing: inout Sizing)
        throws -> ResourceRecord
    {
        let utf8 = bytes.bindMemory(to: UInt8.self)
        if let members = RecordScanner.members(of: utf8, strings: &strings, sizing: &sizing) {
            return .stored(StoredRecord(bytes: Array(bytes), members: members))
        }
        return .value(try JSONValue.parse(utf8: bytes, strings: &strings))
    }

    /// How many members the record read before had: the room reserved for the next one's.
    public struct Sizing: Sendable {
        var lastCount = 16

        /// Sizing for a first record.
        public init() {}
    }

    /// The value of the member whose key is `key`, compared byte for byte; nil when there is none.
    public subscript(key: String) -> JSONValue? {
        withMember(key) { buffer, member in
            member.text.map(JSONValue.string)
                ?? Self.value(buffer, from: Int(member.valueStart), to: Int(member.valueEnd))
        } ?? (Self.isASCII(key) ? nil : value[key])
    }

    /// The member `key` when it is a string, as `self[key]?.stringValue` answers, without making a `JSONValue`.
    public func string(_ key: String) -> String? {
        withMember(key) { _, member in member.text } ?? (Self.isASCII(key) ? nil : value[key]?.stringValue)
    }

    /// The string elements of the array member `key` (empty when there is none), as
    /// `self[key]?.arrayValue ?? []).compactMap(\.stringValue)` answers, without making the array.
    public func strings(_ key: String) -> [String] {
        withMember(key) { buffer, member in
            var decoder = CheckedJSONDecoder(bytes: buffer, index: Int(member.valueStart))
            return decoder.strings()
        } ?? (Self.isASCII(key) ? [] : ResourceRecord.value(value).strings(key))
    }

    /// The string element of the array member `key` when it has exactly one, as `strings(key)` would answer with
    /// a list of one; nil otherwise. Only that string is made.
    public func soleString(_ key: String) -> String? {
        withMember(key) { buffer, member in
            var decoder = CheckedJSONDecoder(bytes: buffer, index: Int(member.valueStart))
            return decoder.soleString()
        } ?? (Self.isASCII(key) ? nil : ResourceRecord.value(value).soleString(key))
    }

    /// The string member `member` of each object in the array member `key`, as
    /// `(self[key]?.arrayValue ?? []).compactMap { $0[member]?.stringValue }` answers, without making the objects.
    public func strings(_ key: String, member: String) -> [String] {
        guard Self.isASCII(member) else { return ResourceRecord.value(value).strings(key, member: member) }
        var member = member
        return member.withUTF8 { member in
            withMember(key) { buffer, found in
                var decoder = CheckedJSONDecoder(bytes: buffer, index: Int(found.valueStart))
                return decoder.strings(member: member)
            }
        } ?? (Self.isASCII(key) ? [] : ResourceRecord.value(value).strings(key, member: member))
    }

    /// The string members `first` and `second` of each object in the array member `key` whose `first` is a string,
    /// as `ResourceRecord.value(value).stringPairs(key, first, second)` answers, without making the objects.
    public func stringPairs(_ key: String, _ first: String, _ second: String) -> [(String, String?)] {
        guard Self.isASCII(first), Self.isASCII(second) else {
            return ResourceRecord.value(value).stringPairs(key, first, second)
        }
        var first = first, second = second
        return first.withUTF8 { first in
            second.withUTF8 { second in
                withMember(key) { buffer, found in
                    var decoder = CheckedJSONDecoder(bytes: buffer, index: Int(found.valueStart))
                    return decoder.stringPairs(first: first, second: second)
                }
            }
        } ?? (Self.isASCII(key) ? [] : ResourceRecord.value(value).stringPairs(key, first, second))
    }

    /// What `read` answers with the record's bytes and the member whose key is `key`, compared byte for byte; nil
    /// when there is none.
    ///
    /// Stored keys are ASCII. A key beyond ASCII that the record lacks byte for byte may yet be canonically
    /// equivalent to one (the Kelvin sign to K): the callers ask the tree, whose lookup says.
    private func withMember<T>(_ key: String, _ read: (UnsafeBufferPointer<UInt8>, Member) -> T) -> T? {
        var key = key
        return key.withUTF8 { key in
            bytes.withUnsafeBufferPointer { buffer -> T? in
                guard let index = Self.position(of: key, among: members, in: buffer) else { return nil }
                return read(buffer, members[index])
            }
        }
    }

    /// The whole record as a value: its string members as made when it was read (shared with other records), the
    /// rest made from the bytes.
    public var value: JSONValue {
        bytes.withUnsafeBufferPointer { buffer in
            .object(
                JSONObject(
                    membersInKeyOrder: members.map { member in
                        JSONObject.Member(
                            key: String(
                                decoding: UnsafeBufferPointer(
                                    rebasing: buffer[Int(member.keyStart)..<Int(member.keyEnd)]), as: UTF8.self),
                            value: member.text.map(JSONValue.string)
                                ?? Self.value(buffer, from: Int(member.valueStart), to: Int(member.valueEnd)))
                    }))
        }
    }

    /// Whether every character of `text` is ASCII (asked only of keys a lookup did not find, and of member names).
    private static func isASCII(_ text: String) -> Bool {
        // Over the contiguous bytes: `utf8.allSatisfy` walks the view's iterator, a few dozen instructions a byte.
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } }
            ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// The index of the member whose key is `key`: a lower-bound search by bytes.
    private static func position(
        of key: UnsafeBufferPointer<UInt8>, among members: [Member], in bytes: UnsafeBufferPointer<UInt8>
    )
        -> Int?
    {
        var low = 0
        var high = members.count
        while low < high {
            let middle = (low + high) / 2
            if compare(members[middle], key, in: bytes) < 0 { low = middle + 1 } else { high = middle }
        }
        return low < members.count && compare(members[low], key, in: bytes) == 0 ? low : nil
    }

    /// The order of a member's key against `key`, by bytes: negative, zero or positive.
    private static func compare(
        _ member: Member, _ key: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>
    )
        -> Int
    {
        let count = Int(member.keyEnd - member.keyStart)
        let shared = min(count, key.count)
        let stored = UnsafeRawPointer(bytes.baseAddress! + Int(member.keyStart))
        if shared >= 8 {
            // Most keys differ in their first eight bytes, read as one big-endian number (whose order is theirs).
            let first = UInt64(bigEndian: stored.loadUnaligned(as: UInt64.self))
            let second = UInt64(bigEndian: UnsafeRawPointer(key.baseAddress!).loadUnaligned(as: UInt64.self))
            if first != second { return first < second ? -1 : 1 }
        }
        if shared > 0 {
            let order = memcmp(stored, key.baseAddress!, shared)
            if order != 0 { return Int(order) }
        }
        return count - key.count
    }

    /// The value of `bytes[start..<end]`, which ``RecordScanner`` checked.
    private static func value(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> JSONValue {
        var decoder = CheckedJSONDecoder(bytes: bytes, index: start)
        return decoder.value()
    }
}
