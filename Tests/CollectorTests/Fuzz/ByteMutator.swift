import Foundation
import TestSupport

/// Mutations of an XML document at the byte level, each named for the counts the suite prints.
enum ByteMutation: String, CaseIterable, Sendable {
    case truncate, replaceBytes, duplicateElement, deleteElement, insertEntity, deepNesting, invalidUTF8, splice

    /// Entity and character references, well- and ill-formed.
    static let entities = [
        "&amp;", "&lt;", "&#x41;", "&#65;", "&#x0;", "&#xD800;", "&#1114112;", "&#xFFFE;", "&unknown;", "&",
        "&#;", "&#x;", "&amp", "<![CDATA[&]]>", "]]>", "<!-- - -->", "<?pi x?>", "<!DOCTYPE x>",
    ]
    /// Byte sequences that are not UTF-8.
    static let invalidSequences: [[UInt8]] = [
        [0xFF], [0xC0, 0x80], [0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82],
    ]
    /// The deepest nesting the generator writes.
    static let maxDepth = 2_000

    /// Applies this mutation to `bytes`; `other` is another fixture for splicing.
    func apply(to bytes: [UInt8], other: [UInt8], using rng: inout SeededGenerator) -> [UInt8] {
        guard !bytes.isEmpty else { return bytes }
        var result = bytes
        let position = Int.random(in: 0...bytes.count, using: &rng)
        switch self {
        case .truncate:
            result = Array(bytes.prefix(position))
        case .replaceBytes:
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                result[Int.random(in: 0..<result.count, using: &rng)] = UInt8.random(in: 1...127, using: &rng)
            }
        case .duplicateElement, .deleteElement:
            guard let range = Self.elementRange(in: bytes, using: &rng) else { return Array(bytes.prefix(position)) }
            if self == .deleteElement {
                result.removeSubrange(range)
            } else {
                result.insert(contentsOf: bytes[range], at: range.upperBound)
            }
        case .insertEntity:
            let entity = Self.entities.randomElement(using: &rng)!
            result.insert(contentsOf: Array(entity.utf8), at: position)
        case .deepNesting:
            let depth = Int.random(in: 1...Self.maxDepth, using: &rng)
            let open = Array(String(repeating: "<n>", count: depth).utf8)
            let close = Array(String(repeating: "</n>", count: depth).utf8)
            let at = Self.afterATag(in: bytes, near: position) ?? position
            result.insert(contentsOf: close, at: at)
            result.insert(contentsOf: open, at: at)
        case .invalidUTF8:
            result.insert(contentsOf: Self.invalidSequences.randomElement(using: &rng)!, at: position)
        case .splice:
            let start = Int.random(in: 0...other.count, using: &rng)
            let end = Int.random(in: start...other.count, using: &rng)
            result.insert(contentsOf: other[start..<end], at: position)
        }
        return result
    }

    /// A random `<name …>…</name>` element span, found by its opening tag and the next matching close tag.
    static func elementRange(in bytes: [UInt8], using rng: inout SeededGenerator) -> Range<Int>? {
        let opens = bytes.indices.filter { index in
            bytes[index] == UInt8(ascii: "<") && index + 1 < bytes.count
                && ![UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "!")].contains(bytes[index + 1])
        }
        guard let start = opens.randomElement(using: &rng) else { return nil }
        var nameEnd = start + 1
        while nameEnd < bytes.count,
            ![UInt8(ascii: ">"), UInt8(ascii: " "), UInt8(ascii: "/")].contains(bytes[nameEnd])
        {
            nameEnd += 1
        }
        let close = Array("</".utf8) + bytes[(start + 1)..<nameEnd] + [UInt8(ascii: ">")]
        guard let found = firstRange(of: close, in: bytes, from: nameEnd) else { return nil }
        return start..<found.upperBound
    }

    /// The index just after the first `>` at or after `position`.
    static func afterATag(in bytes: [UInt8], near position: Int) -> Int? {
        bytes[min(position, bytes.count)...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 }
    }

    private static func firstRange(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Range<Int>? {
        guard needle.count <= bytes.count else { return nil }
        var index = from
        while index + needle.count <= bytes.count {
            if bytes[index..<(index + needle.count)].elementsEqual(needle) { return index..<(index + needle.count) }
            index += 1
        }
        return nil
    }
}
