/// A strict, single-pass JSON reader behind `JSONValue.parse` (Foundation's decoder path tries each type in turn
/// and is an order of magnitude slower on large records).
///
/// Numbers without a fraction or exponent that fit `Int` read as `.integer`, all others as `.double`,
/// which is how `JSONValue.canonicalData()` writes them.
struct JSONReader {
    /// Text that is not exactly one JSON value.
    struct SyntaxError: Error, CustomStringConvertible {
        let offset: Int
        let expected: String
        var description: String { "invalid JSON: expected \(expected) at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value `text` holds; throws ``SyntaxError`` unless it is exactly one JSON value.
    static func parse(_ bytes: [UInt8]) throws -> JSONValue {
        var reader = JSONReader(bytes)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw SyntaxError(offset: reader.index, expected: "end of text") }
        return value
    }

    private mutating func value() throws -> JSONValue {
        skipSpace()
        guard index < bytes.count else { throw SyntaxError(offset: index, expected: "a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func object() throws -> JSONValue {
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if consume("}") { return .object(members) }
        repeat {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw SyntaxError(offset: index, expected: "a key") }
            let key = try string()
            skipSpace()
            guard consume(":") else { throw SyntaxError(offset: index, expected: "':'") }
            members[key] = try value()
            skipSpace()
        } while consume(",")
        guard consume("}") else { throw SyntaxError(offset: index, expected: "',' or '}'") }
        return .object(members)
    }

    private mutating func array() throws -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipSpace()
        if consume("]") { return .array(elements) }
        repeat {
            elements.append(try value())
            skipSpace()
        } while consume(",")
        guard consume("]") else { throw SyntaxError(offset: index, expected: "',' or ']'") }
        return .array(elements)
    }

    private mutating func string() throws -> String {
        index += 1  // opening quote
        var scalars: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw SyntaxError(offset: index, expected: "an escape character") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"): scalars.append(contentsOf: try unicodeEscape())
                default: throw SyntaxError(offset: index - 1, expected: "an escape character")
                }
            default:
                scalars.append(byte)
            }
        }
        throw SyntaxError(offset: index, expected: "a closing quote")
    }

    /// The UTF-8 bytes of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair.
    private mutating func unicodeEscape() throws -> [UInt8] {
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw SyntaxError(offset: index, expected: "a low surrogate") }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw SyntaxError(offset: index, expected: "a low surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw SyntaxError(offset: index, expected: "a Unicode scalar") }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count,
              let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw SyntaxError(offset: index, expected: "four hex digits") }
        index += 4
        return code
    }

    private mutating func number() throws -> JSONValue {
        let start = index
        var integral = true
        while index < bytes.count, Self.isNumberByte(bytes[index]) {
            if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) && bytes[index] != UInt8(ascii: "-") {
                integral = false
            }
            index += 1
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int(text) { return .integer(value) }
        guard !text.isEmpty, let value = Double(text), value.isFinite else {
            throw SyntaxError(offset: start, expected: "a value")
        }
        return .double(value)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"):
            true
        default:
            false
        }
    }

    private mutating func literal(_ word: StaticString) throws {
        let expected = word.withUTF8Buffer { Array($0) }
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw SyntaxError(offset: index, expected: "\(word)")
        }
        index += expected.count
    }

    private mutating func consume(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count,
              bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
    }
}
