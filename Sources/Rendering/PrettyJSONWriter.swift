import Foundation
import PrivateLinkModel

/// Writes JSON as Foundation's `JSONEncoder` does with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`, byte
/// for byte, but straight into a report buffer: two-space indents, `"key" : value`, keys in UTF-8 byte order, an empty
/// container as `[` blank line `]`, controls as `\n`, `\t`, … or `\u001b`.
///
/// The caller writes an object's keys in that order (`member(_:)` checks it in debug builds).
struct PrettyJSONWriter {
    /// Per open container: how many members or items it has so far, and whether it is an object.
    private var open: [(count: Int, isObject: Bool, lastKey: String)] = []
    /// Whether a key was just written, so the next value follows it on the same line.
    private var afterKey = false

    /// Starts an object where a value goes.
    mutating func beginObject(_ output: inout ReportBuffer) {
        startValue(&output)
        output.append(byte: UInt8(ascii: "{"))
        open.append((0, true, ""))
    }

    /// Starts an array where a value goes.
    mutating func beginArray(_ output: inout ReportBuffer) {
        startValue(&output)
        output.append(byte: UInt8(ascii: "["))
        open.append((0, false, ""))
    }

    /// Ends the innermost object or array.
    mutating func end(_ output: inout ReportBuffer) {
        let container = open.removeLast()
        output.append(byte: UInt8(ascii: "\n"))
        if container.count == 0 { output.append(byte: UInt8(ascii: "\n")) }
        indent(&output)
        output.append(byte: UInt8(ascii: container.isObject ? "}" : "]"))
    }

    /// Writes a key of the innermost object; its value comes next.
    mutating func key(_ key: String, _ output: inout ReportBuffer) {
        let index = open.count - 1
        assert(
            open[index].isObject
                && (open[index].count == 0 || open[index].lastKey.utf8.lexicographicallyPrecedes(key.utf8)))
        if open[index].count > 0 { output.append(byte: UInt8(ascii: ",")) }
        open[index].count += 1
        open[index].lastKey = key
        output.append(byte: UInt8(ascii: "\n"))
        indent(&output)
        quoted(key, &output)
        output.appendLiteral(" : ")
        afterKey = true
    }

    /// Writes a string value.
    mutating func string(_ text: String, _ output: inout ReportBuffer) {
        startValue(&output)
        quoted(text, &output)
    }

    /// Writes a string, or null.
    mutating func string(_ text: String?, _ output: inout ReportBuffer) {
        guard let text else { return null(&output) }
        string(text, &output)
    }

    /// Writes an integer value, or null.
    mutating func integer<I: BinaryInteger>(_ number: I?, _ output: inout ReportBuffer) {
        guard let number else { return null(&output) }
        startValue(&output)
        output.append(String(number))
    }

    /// Writes `true` or `false`.
    mutating func bool(_ flag: Bool, _ output: inout ReportBuffer) {
        startValue(&output)
        output.appendLiteral(flag ? "true" : "false")
    }

    /// Writes `null`.
    mutating func null(_ output: inout ReportBuffer) {
        startValue(&output)
        output.appendLiteral("null")
    }

    /// Writes any JSON value, object members in key order.
    mutating func value(_ value: JSONValue, _ output: inout ReportBuffer) {
        switch value {
        case .null: null(&output)
        case .bool(let flag): bool(flag, &output)
        case .integer(let number): integer(number, &output)
        case .double(let number):
            // Foundation's number spelling (`1e+20`, `1e-07`, `-0`), from Foundation itself.
            startValue(&output)
            output.append((try? Self.numberEncoder.encode(number)).map { Array($0) } ?? Array("null".utf8))
        case .string(let text): string(text, &output)
        case .array(let items):
            beginArray(&output)
            for item in items { self.value(item, &output) }
            end(&output)
        case .object(let members):
            beginObject(&output)
            for name in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                key(name, &output)
                self.value(members[name] ?? .null, &output)
            }
            end(&output)
        }
    }

    /// Foundation's encoder, for the spelling of a floating-point number.
    private static let numberEncoder = JSONEncoder()

    /// What goes before a value: nothing after a key; in an array, a comma after the previous item and a new line.
    private mutating func startValue(_ output: inout ReportBuffer) {
        if afterKey {
            afterKey = false
            return
        }
        guard let index = open.indices.last else { return }
        if open[index].count > 0 { output.append(byte: UInt8(ascii: ",")) }
        open[index].count += 1
        output.append(byte: UInt8(ascii: "\n"))
        indent(&output)
    }

    /// Two spaces per open container.
    private func indent(_ output: inout ReportBuffer) {
        for _ in 0..<open.count { output.appendLiteral("  ") }
    }

    /// A quoted string, escaped as Foundation escapes it.
    private func quoted(_ text: String, _ output: inout ReportBuffer) {
        output.append(byte: UInt8(ascii: "\""))
        text.withUTF8Bytes { bytes in
            var run = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if index > run { output.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<index])) }
                switch byte {
                case UInt8(ascii: "\""): output.appendLiteral(#"\""#)
                case UInt8(ascii: "\\"): output.appendLiteral(#"\\"#)
                case 0x08: output.appendLiteral(#"\b"#)
                case 0x09: output.appendLiteral(#"\t"#)
                case 0x0A: output.appendLiteral(#"\n"#)
                case 0x0C: output.appendLiteral(#"\f"#)
                case 0x0D: output.appendLiteral(#"\r"#)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    output.appendLiteral(#"\u00"#)
                    output.append(byte: hex.utf8Start[Int(byte >> 4)])
                    output.append(byte: hex.utf8Start[Int(byte & 0xF)])
                }
                run = index + 1
            }
            if bytes.count > run { output.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...])) }
        }
        output.append(byte: UInt8(ascii: "\""))
    }
}
