import Foundation

/// A JSON value: the raw AWS record of a resource, a policy document, a finding's expected/actual value.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode(JSONObject.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean payload, if this is a Boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The integer payload, if this is an integer.
    public var intValue: Int? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Canonical, compact, key-sorted JSON bytes: equal values always give equal bytes.
    ///
    /// The same text as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`, written directly: it is on
    /// the collector's hot path (every stored record) and Foundation's encoder cost most of a collect's CPU.
    /// A whole-number `.double` keeps its fraction (`1.0`) so that it reads back as a double.
    public func canonicalData() -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        writeCanonical(into: &bytes)
        return Data(bytes)
    }

    /// Appends the canonical JSON text of this value.
    public func writeCanonical(into bytes: inout [UInt8]) {
        switch self {
        case .null: bytes += Array("null".utf8)
        case .bool(let value): bytes += Array((value ? "true" : "false").utf8)
        case .integer(let value): bytes += Array(String(value).utf8)
        case .double(let value): bytes += Array((value.isFinite ? String(value) : "null").utf8)
        case .string(let value): Self.writeString(value, into: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.writeCanonical(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {  // in key order already
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.writeString(member.key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.value.writeCanonical(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string literal: quote, backslash and control characters escaped; everything else as UTF-8.
    private static func writeString(_ text: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C: bytes += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Parses JSON bytes into a value (strict: exactly one JSON value, RFC 8259).
    public static func parse(_ data: Data) throws -> JSONValue {
        try data.withUnsafeBytes { try JSONReader.parse(utf8: $0.bindMemory(to: UInt8.self)) }
    }

    /// Parses JSON bytes into a value, sharing repeated strings with the earlier parses that used `strings`: for
    /// reading many records, which repeat their keys and many values.
    public static func parse(_ data: Data, strings: inout JSONStringCache) throws -> JSONValue {
        try data.withUnsafeBytes { try parse(utf8: $0, strings: &strings) }
    }

    /// As `parse(_:strings:)`, for bytes held elsewhere (a column of a SQLite row), read in place.
    public static func parse(utf8 bytes: UnsafeRawBufferPointer, strings: inout JSONStringCache) throws -> JSONValue {
        try JSONReader.parse(utf8: bytes.bindMemory(to: UInt8.self), strings: &strings)
    }

    /// Parses JSON text into a value, reading its UTF-8 in place.
    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { try JSONReader.parse(utf8: $0) }
    }
}
