import Foundation

/// Checks a stored record written as the store writes them, and finds its top-level members, without making any
/// value: compact JSON (no space between tokens) whose object keys are ASCII without escapes and in ascending order
/// of their bytes, whose strings are ASCII (escapes allowed, but no surrogate), and whose numbers are integers that
/// fit `Int`, nested at most 64 deep.
///
/// It answers nil for anything else, valid or not, and the caller reads such text with ``JSONReader``, which takes
/// or refuses it with its own message. So it may refuse more than the reader does, never less: everything it takes
/// reads as JSON, with no key repeated.
enum RecordScanner {
    /// Deeper records are left to the reader.
    static let maxDepth = 64

    /// The top-level members of the record, in key order, each string value made (through `strings`, which shares
    /// the ones read before); nil when the bytes are not such a record.
    ///
    /// The list is reserved for as many members as the record before had (`sizing`): records are read kind by kind,
    /// and a kind's records mostly have the same members, so each list is allocated once, at its exact count. A list
    /// grown member by member, or reserved for the most a record has, held up to twice the memory, and a snapshot
    /// keeps one list per record.
    static func members(
        of bytes: UnsafeBufferPointer<UInt8>, strings: inout JSONStringCache, sizing: inout StoredRecord.Sizing
    ) -> [StoredRecord.Member]? {
        guard bytes.count < Int(Int32.max), bytes.first == UInt8(ascii: "{") else { return nil }
        var cursor = Cursor(bytes: bytes)
        // Moved in and back out, never copied (as the reader does).
        swap(&cursor.strings, &strings)
        defer { swap(&cursor.strings, &strings) }
        var members: [StoredRecord.Member] = []
        members.reserveCapacity(sizing.lastCount)
        guard cursor.object(depth: 1, members: &members, collecting: true), cursor.index == bytes.count else {
            return nil
        }
        sizing.lastCount = members.count
        return members
    }

    /// ``members(of:strings:sizing:)`` for a record read alone.
    static func members(of bytes: UnsafeBufferPointer<UInt8>, strings: inout JSONStringCache) -> [StoredRecord.Member]?
    {
        var sizing = StoredRecord.Sizing()
        return members(of: bytes, strings: &strings, sizing: &sizing)
    }

    /// A position in the bytes, moved on as they are checked.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// Strings read before, for the top-level string values.
        var strings = JSONStringCache(capacity: 0)

        /// Whether the byte at `index` is `byte`.
        @inline(__always)
        private func at(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        /// Checks one value at `index` and moves past it.
        mutating func value(depth: Int) -> Bool {
            guard index < bytes.count else { return false }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                var none: [StoredRecord.Member] = []
                return depth < RecordScanner.maxDepth && object(depth: depth + 1, members: &none, collecting: false)
            case UInt8(ascii: "["): return depth < RecordScanner.maxDepth && array(depth: depth + 1)
            case UInt8(ascii: "\""): return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer()
            default: return false
            }
        }

        /// Checks an object; when `collecting`, its members are appended to `members`.
        mutating func object(depth: Int, members: inout [StoredRecord.Member], collecting: Bool) -> Bool {
            index += 1  // the brace
            if at(UInt8(ascii: "}")) {
                index += 1
                return true
            }
            var previous: Range<Int>?
            while true {
                guard at(UInt8(ascii: "\"")), let key = string(), !key.escaped else { return false }
                if let previous, !Self.precedes(previous, key.body, in: bytes) { return false }
                previous = key.body
                guard at(UInt8(ascii: ":")) else { return false }
                index += 1
                let valueStart = index
                var text: String?
                if collecting, at(UInt8(ascii: "\"")) {
                    guard let string = memberString() else { return false }
                    text = string
                } else {
                    guard value(depth: depth) else { return false }
                }
                if collecting {
                    members.append(
                        StoredRecord.Member(
                            keyStart: Int32(key.body.lowerBound), keyEnd: Int32(key.body.upperBound),
                            valueStart: Int32(valueStart), valueEnd: Int32(index), text: text))
                }
                guard index < bytes.count else { return false }
                let next = bytes[index]
                index += 1
                if next == UInt8(ascii: ",") { continue }
                return next == UInt8(ascii: "}")
            }
        }

        /// The text of the string at `index`, checked, with `index` moved past it; nil when it is not a string the
        /// scanner takes.
        ///
        /// A string with an escape that a record read before held with the same bytes is taken from the string cache
        /// without checking its escapes one by one (the cache keeps only strings that were checked and decoded): an
        /// endpoint's policy is JSON in a JSON string, with dozens of escapes, and most endpoints share their policy.
        private mutating func memberString() -> String? {
            let quote = index
            index += 1
            nextSpecialByte()
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return made((quote + 1)..<(index - 1), escaped: false)
            }
            if bytes[index] == UInt8(ascii: "\\") {
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                    end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
                }
                if end < bytes.count,
                    let text = strings.escapedString(UnsafeBufferPointer(rebasing: bytes[(quote + 1)..<end]))
                {
                    index = end + 1
                    return text
                }
            }
            index = quote
            guard let string = string() else { return nil }
            return made(string.body, escaped: string.escaped)
        }

        /// The text of the checked string whose body is `body`: one read before with the same bytes, else made.
        private mutating func made(_ body: Range<Int>, escaped: Bool) -> String {
            let utf8 = UnsafeBufferPointer(rebasing: bytes[body])
            guard escaped else {
                return strings.string(utf8) { String(decoding: $0, as: UTF8.self) } ?? ""  // ASCII: always made
            }
            if let text = strings.escapedString(utf8) { return text }
            var decoder = CheckedJSONDecoder(bytes: bytes, index: body.lowerBound - 1)
            let text = decoder.string()
            strings.cacheEscapedString(text, for: utf8)
            return text
        }

        /// Whether the bytes of `first` sort strictly before those of `second`.
        private static func precedes(_ first: Range<Int>, _ second: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>)
            -> Bool
        {
            let shared = min(first.count, second.count)
            let base = UnsafeRawPointer(bytes.baseAddress!)
            if shared >= 8 {
                // Most keys differ in their first eight bytes, read as one big-endian number (whose order is theirs).
                let one = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: first.lowerBound, as: UInt64.self))
                let other = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: second.lowerBound, as: UInt64.self))
                if one != other { return one < other }
            }
            if shared > 0 {
                let order = memcmp(base + first.lowerBound, base + second.lowerBound, shared)
                if order != 0 { return order < 0 }
            }
            return first.count < second.count
        }

        /// Checks an array.
        mutating func array(depth: Int) -> Bool {
            index += 1  // the bracket
            if at(UInt8(ascii: "]")) {
                index += 1
                return true
            }
            while true {
                guard value(depth: depth), index < bytes.count else { return false }
                let next = bytes[index]
                index += 1
                if next == UInt8(ascii: ",") { continue }
                return next == UInt8(ascii: "]")
            }
        }

        /// Checks a string of ASCII text; its body (between the quotes) and whether it holds an escape.
        mutating func string() -> (body: Range<Int>, escaped: Bool)? {
            index += 1  // the quote
            let start = index
            var escaped = false
            while true {
                nextSpecialByte()
                guard index < bytes.count else { return nil }
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    index += 1
                    return (start..<(index - 1), escaped)
                case UInt8(ascii: "\\"):
                    escaped = true
                    guard escape() else { return nil }
                default: return nil  // a control character, or text that is not ASCII: the reader's
                }
            }
        }

        /// Moves `index` to the next quote, backslash, control character or byte that is not ASCII (or to the end),
        /// eight bytes at a time.
        @inline(__always)
        private mutating func nextSpecialByte() {
            let base = bytes.baseAddress!
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= bytes.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
                let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
                let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
                // The high bit of a byte survives when it is a quote, a backslash, below 0x20, or not ASCII; the
                // lowest such bit is exact (a borrow only runs upwards).
                let special =
                    (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                        | ((word &- ones &* 0x20) & ~word) | word) & highs
                if special != 0 {
                    index += special.trailingZeroBitCount / 8
                    return
                }
                index += 8
            }
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return }
                index += 1
            }
        }

        /// Checks the escape at `index` and moves past it; a surrogate is left to the reader.
        private mutating func escape() -> Bool {
            guard index + 1 < bytes.count else { return false }
            switch bytes[index + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                index += 2
                return true
            case UInt8(ascii: "u"):
                guard index + 6 <= bytes.count else { return false }
                var code: UInt32 = 0
                for offset in 2..<6 {
                    guard let digit = Self.hexDigit(bytes[index + offset]) else { return false }
                    code = code << 4 | digit
                }
                guard !(0xD800...0xDFFF).contains(code) else { return false }
                index += 6
                return true
            default: return false
            }
        }

        /// The value of a hexadecimal digit.
        private static func hexDigit(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
            default: nil
            }
        }

        /// Checks `word` at `index` and moves past it.
        private mutating func literal(_ word: StaticString) -> Bool {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count,
                memcmp(bytes.baseAddress! + index, word.utf8Start, count) == 0
            else { return false }
            index += count
            return true
        }

        /// Checks an integer that fits `Int`, with an optional minus and no leading zero.
        private mutating func integer() -> Bool {
            let negative = at(UInt8(ascii: "-"))
            if negative { index += 1 }
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            let digits = UnsafeBufferPointer(rebasing: bytes[start..<index])
            guard (1...19).contains(digits.count), digits.count == 1 || digits[0] != UInt8(ascii: "0") else {
                return false
            }
            if digits.count == 19 {
                // Beyond Int's range is the reader's (it reads such a number as a double).
                let limit: StaticString = negative ? "9223372036854775808" : "9223372036854775807"
                guard memcmp(digits.baseAddress!, limit.utf8Start, 19) <= 0 else { return false }
            }
            // A fraction or an exponent is the reader's; so is anything else that would continue the number.
            return index < bytes.count
                && [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[index])
        }
    }
}
