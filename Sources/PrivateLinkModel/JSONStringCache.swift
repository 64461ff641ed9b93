import Foundation

/// Strings already read from JSON, found again by their bytes, so that a repeat shares the first one's storage.
///
/// A snapshot's records repeat most of their long strings: the keys (`NetworkInterfaceIds`, `PrivateDnsEnabled`), the
/// service names and the default endpoint policy. Read record by record, each repeat was allocated and checked as
/// UTF-8 again. With one cache across the records, a repeat costs a hash of three words and one comparison.
///
/// Strings of up to 15 bytes (most keys: `VpcId`, `State`, `Tags`; values such as `available`) are kept inline by
/// Swift, without allocating, but making one still checks and copies its bytes: about 225 instructions, a fifth of
/// reading a record. They have their own table, found by the bytes themselves packed into two words.
///
/// A slot holds the last string that hashed to it, so two strings sharing a slot replace each other: a miss costs
/// the string that was made anyway, never a wrong answer (a hit compares every byte).
public struct JSONStringCache: Sendable {
    /// The strings by slot; the count is a power of two.
    private var slots: [String?]
    /// Strings of 1 to 15 bytes by slot of their packed bytes; as many slots as `slots`.
    private var shortSlots: [ShortEntry?]
    /// Strings written with escapes, by slot of their bytes as written: those bytes, and the string they decode to.
    private var escaped: [(written: [UInt8], text: String)?]
    /// How many strings were found in the cache.
    private(set) var hits = 0

    /// A cache of `capacity` slots, rounded up to a power of two; with none, it caches nothing and allocates nothing.
    public init(capacity: Int = 4096) {
        var count = capacity > 0 ? 16 : 0
        while count < capacity { count <<= 1 }
        slots = Array(repeating: nil, count: count)
        shortSlots = Array(repeating: nil, count: count)
        escaped = Array(repeating: nil, count: count / 16)
    }

    /// The string whose UTF-8 is `utf8`: the cached one with the same bytes, else the one `make` returns (cached
    /// unless it is nil, which `make` answers for bytes that are not a string).
    mutating func string(_ utf8: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String?) -> String? {
        guard !slots.isEmpty, let base = utf8.baseAddress else { return make(utf8) }
        guard utf8.count > 15 else { return shortString(utf8, make: make) }
        let slot = Self.slot(of: UnsafeRawPointer(base), count: utf8.count, slotCount: slots.count)
        if let cached = slots[slot], Self.has(cached, bytes: utf8) {
            hits += 1
            return cached
        }
        guard let made = make(utf8) else { return nil }
        slots[slot] = made
        return made
    }

    /// `string(_:make:)` for 0 to 15 bytes: two strings with the same packed words and count have the same bytes.
    private mutating func shortString(_ utf8: UnsafeBufferPointer<UInt8>, make: (UnsafeBufferPointer<UInt8>) -> String?)
        -> String?
    {
        guard !utf8.isEmpty else { return make(utf8) }
        let packed = ShortEntry.pack(utf8)
        var hash = (packed.head ^ UInt64(truncatingIfNeeded: utf8.count)) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ packed.tail) &* 0xBF58_476D_1CE4_E5B9
        let slot = Int(truncatingIfNeeded: hash >> 32) & (shortSlots.count - 1)
        if let entry = shortSlots[slot], entry.head == packed.head, entry.tail == packed.tail,
            entry.count == utf8.count
        {
            hits += 1
            return entry.text
        }
        guard let made = make(utf8) else { return nil }
        shortSlots[slot] = ShortEntry(head: packed.head, tail: packed.tail, count: utf8.count, text: made)
        return made
    }

    /// The string that the escaped JSON string body `written` (between its quotes) decoded to when read before; nil
    /// when it was not (or bodies of up to 15 bytes, which are not cached).
    mutating func escapedString(_ written: UnsafeBufferPointer<UInt8>) -> String? {
        guard let slot = escapedSlot(of: written), let entry = escaped[slot], let base = written.baseAddress,
            entry.written.count == written.count,
            entry.written.withUnsafeBytes({ memcmp($0.baseAddress!, base, written.count) == 0 })
        else { return nil }
        hits += 1
        return entry.text
    }

    /// Remembers that the escaped JSON string body `written` decodes to `text`.
    mutating func cacheEscapedString(_ text: String, for written: UnsafeBufferPointer<UInt8>) {
        guard let slot = escapedSlot(of: written) else { return }
        escaped[slot] = (Array(written), text)
    }

    /// The slot of the escaped table for `written`; nil for bodies of up to 15 bytes, or without slots.
    private func escapedSlot(of written: UnsafeBufferPointer<UInt8>) -> Int? {
        guard written.count > 15, !escaped.isEmpty, let base = written.baseAddress else { return nil }
        return Self.slot(of: UnsafeRawPointer(base), count: written.count, slotCount: escaped.count)
    }

    /// The slot for `count` (at least 16) bytes at `base`: a hash of the length and of the first, middle and last eight.
    private static func slot(of base: UnsafeRawPointer, count: Int, slotCount: Int) -> Int {
        let first = base.loadUnaligned(as: UInt64.self)
        let middle = base.loadUnaligned(fromByteOffset: count / 2 - 4, as: UInt64.self)
        let last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        var hash = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ first) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ middle) &* 0x94D0_49BB_1331_11EB
        hash = (hash ^ last) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: hash >> 32) & (slotCount - 1)
    }

    /// A string of 1 to 15 bytes with its bytes packed: with the count, `head` and `tail` hold every byte.
    private struct ShortEntry: Sendable {
        /// The first eight bytes (all of them, zero-filled, when there are fewer).
        let head: UInt64
        /// The last eight bytes when there are more than eight, overlapping `head`; else zero.
        let tail: UInt64
        let count: Int
        let text: String

        /// `head` and `tail` for 1 to 15 bytes, read without touching a byte outside `bytes`.
        static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (head: UInt64, tail: UInt64) {
            let base = UnsafeRawPointer(bytes.baseAddress!)
            if bytes.count >= 8 {
                return (
                    base.loadUnaligned(as: UInt64.self),
                    base.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
                )
            }
            var head: UInt64 = 0
            for index in 0..<bytes.count { head |= UInt64(bytes[index]) << UInt64(8 * index) }
            return (head, 0)
        }
    }

    /// Whether `string`'s UTF-8 is exactly `bytes`.
    private static func has(_ string: String, bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard string.utf8.count == bytes.count, let other = bytes.baseAddress else { return false }
        return string.utf8.withContiguousStorageIfAvailable { stored in
            stored.baseAddress.map { memcmp($0, other, bytes.count) == 0 } ?? false
        } ?? string.utf8.elementsEqual(bytes)
    }
}
