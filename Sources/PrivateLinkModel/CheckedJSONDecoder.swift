import Foundation

/// Makes values from JSON text that ``RecordScanner`` took, without checking it again: compact, ASCII, object keys
/// without escapes and in ascending order, integers within `Int`, no surrogate escapes.
///
/// On such text it answers what ``JSONReader`` answers (its tests hold it to that), at a fraction of the cost: a
/// member of a stored record is made each time it is read.
struct CheckedJSONDecoder {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next value starts.
    var index: Int

    /// The value at `index`; `index` moves past it.
    mutating func value() -> JSONValue {
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(object())
        case UInt8(ascii: "["): return .array(array())
        case UInt8(ascii: "\""): return .string(string())
        case UInt8(ascii: "t"):
            index += 4
            return .bool(true)
        case UInt8(ascii: "f"):
            index += 5
            return .bool(false)
        case UInt8(ascii: "n"):
            index += 4
            return .null
        default: return .integer(integer())
        }
    }

    private mutating func object() -> JSONObject {
        index += 1  // the brace
        var members: [JSONObject.Member] = []
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return JSONObject(membersInKeyOrder: members)
        }
        while true {
            let key = string()
            index += 1  // the colon
            members.append(JSONObject.Member(key: key, value: value()))
            let next = bytes[index]
            index += 1
            if next != UInt8(ascii: ",") { return JSONObject(membersInKeyOrder: members) }
        }
    }

    private mutating func array() -> [JSONValue] {
        index += 1  // the bracket
        var elements: [JSONValue] = []
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(value())
            let next = bytes[index]
            index += 1
            if next != UInt8(ascii: ",") { return elements }
        }
    }

    /// The string at `index`, its escapes decoded.
    mutating func string() -> String {
        index += 1  // the quote
        let start = index
        while bytes[index] != UInt8(ascii: "\"") && bytes[index] != UInt8(ascii: "\\") { index += 1 }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), as: UTF8.self)
        }
        var text = Array(bytes[start..<index])
        text.reserveCapacity(2 * (index - start) + 16)
        while true {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: text, as: UTF8.self)
            }
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                index += 1
                continue
            }
            let escaped = bytes[index + 1]
            index += 2
            switch escaped {
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "u"):
                var code: UInt32 = 0
                for _ in 0..<4 {
                    let digit = bytes[index]
                    index += 1
                    code <<= 4
                    switch digit {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): code |= UInt32(digit - UInt8(ascii: "0"))
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): code |= UInt32(digit - UInt8(ascii: "a") + 10)
                    default: code |= UInt32(digit - UInt8(ascii: "A") + 10)
                    }
                }
                // Not a surrogate (the scanner left those to the reader), so a scalar.
                text.append(contentsOf: Array(String(Unicode.Scalar(code)!).utf8))
            default: text.append(escaped)  // \" \\ \/
            }
        }
    }

    /// The integer at `index`: an optional minus and digits, within `Int`'s range.
    private mutating func integer() -> Int {
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        // Counted down from zero, so that `Int.min` fits.
        var value = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value &* 10 &- Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return negative ? value : -value
    }

    /// Moves past the value at `index` without making it.
    mutating func skipValue() {
        switch bytes[index] {
        case UInt8(ascii: "\""): skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
            } while depth > 0
        default:
            while index < bytes.count, !Self.endsScalar(bytes[index]) { index += 1 }
        }
    }

    /// Whether `byte` ends a literal or number: a comma or a closing bracket or brace.
    private static func endsScalar(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}")
    }

    /// Moves past the string at `index`.
    private mutating func skipString() {
        index += 1
        while bytes[index] != UInt8(ascii: "\"") { index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1 }
        index += 1
    }

    /// The string elements of the array at `index` (others skipped); `index` moves past it.
    mutating func strings() -> [String] {
        var texts: [String] = []
        elements { decoder in
            if decoder.bytes[decoder.index] == UInt8(ascii: "\"") {
                texts.append(decoder.string())
            } else {
                decoder.skipValue()
            }
        }
        return texts
    }

    /// The string element of the array at `index` when it has exactly one (others skipped), else nil; `index` moves
    /// past the array. Only that string is made.
    mutating func soleString() -> String? {
        var first = 0
        var count = 0
        elements { decoder in
            if decoder.bytes[decoder.index] == UInt8(ascii: "\"") {
                count += 1
                if count == 1 { first = decoder.index }
            }
            decoder.skipValue()
        }
        guard count == 1 else { return nil }
        var decoder = CheckedJSONDecoder(bytes: bytes, index: first)
        return decoder.string()
    }

    /// The string member `key` of each object element of the array at `index` that has one; `index` moves past it.
    mutating func strings(member key: UnsafeBufferPointer<UInt8>) -> [String] {
        var texts: [String] = []
        objectMembers { name, decoder in
            if Self.same(name, key), decoder.bytes[decoder.index] == UInt8(ascii: "\"") {
                texts.append(decoder.string())
            } else {
                decoder.skipValue()
            }
        }
        return texts
    }

    /// The string members `first` and `second` of each object element of the array at `index` whose `first` is a
    /// string (`second` nil when it is absent or not a string); `index` moves past it.
    mutating func stringPairs(first: UnsafeBufferPointer<UInt8>, second: UnsafeBufferPointer<UInt8>)
        -> [(String, String?)]
    {
        var pairs: [(String, String?)] = []
        var one: String?, two: String?
        objectMembers { name, decoder in
            let isFirst = Self.same(name, first), isSecond = Self.same(name, second)
            if decoder.bytes[decoder.index] == UInt8(ascii: "\""), isFirst || isSecond {
                let text = decoder.string()
                if isFirst { one = text }
                if isSecond { two = text }
            } else {
                decoder.skipValue()
            }
        } objectEnd: {
            if let one { pairs.append((one, two)) }
            (one, two) = (nil, nil)
        }
        return pairs
    }

    /// Calls `member` with the key of each member of each object element of the array at `index` and the decoder at
    /// the member's value, which `member` moves past; `objectEnd` after each object. Elements that are not objects
    /// are skipped; `index` moves past the array.
    @inline(__always)
    private mutating func objectMembers(
        _ member: (UnsafeBufferPointer<UInt8>, inout CheckedJSONDecoder) -> Void, objectEnd: () -> Void = {}
    ) {
        elements { decoder in
            guard decoder.bytes[decoder.index] == UInt8(ascii: "{") else { return decoder.skipValue() }
            decoder.index += 1
            defer { objectEnd() }
            guard decoder.bytes[decoder.index] != UInt8(ascii: "}") else {
                decoder.index += 1
                return
            }
            while true {
                // Keys are ASCII without escapes: the bytes between the quotes are the key.
                let keyStart = decoder.index + 1
                decoder.skipString()
                let key = UnsafeBufferPointer(rebasing: decoder.bytes[keyStart..<(decoder.index - 1)])
                decoder.index += 1  // the colon
                member(key, &decoder)
                let next = decoder.bytes[decoder.index]
                decoder.index += 1
                if next != UInt8(ascii: ",") { return }
            }
        }
    }

    /// Whether two byte runs are the same bytes.
    private static func same(_ one: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        one.count == other.count && memcmp(one.baseAddress!, other.baseAddress!, one.count) == 0
    }

    /// Calls `body` at each element of the array at `index` (at none when the value is not an array); `index`
    /// moves past the value.
    private mutating func elements(_ body: (inout CheckedJSONDecoder) -> Void) {
        guard bytes[index] == UInt8(ascii: "[") else { return skipValue() }
        index += 1
        if bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            body(&self)
            let next = bytes[index]
            index += 1
            if next != UInt8(ascii: ",") { return }
        }
    }
}
