import AWSQuery
import Foundation
import PrivateLinkModel

/// Digests listing items as received and writes them as the canonical JSON the store keeps, straight from XML.
///
/// The canonical JSON is `ShapeDecoder`'s value for the item through `JSONValue.canonicalData()` (sorted keys,
/// compact, the same escapes), written without building the value. The digest is a SHA-256 over the listing's
/// salt and the item's bytes as received, truncated to 128 bits: equal digests mean equal bytes, so equal records,
/// without anyone being able to make a changed record keep its digest. (Bytes that differ only in layout give
/// another digest for the same record: it is written again, and the store keeps its version going.) One writer
/// per listing task: it reuses its buffers.
struct RecordWriter {
    let shape: ListingShape
    /// What is being written.
    private let buffer = ByteBuffer()
    /// The digests' SHA-256 context, reused from item to item.
    private let digester = SHA256Digester()

    init(_ shape: ListingShape) {
        self.shape = shape
    }

    /// A value that does not fit its shape, with the path steps gathered so far (innermost last).
    struct Misfit: Error {
        var type: String
        var text: String
        var steps: [String] = []
    }

    /// The digest of `item`'s bytes as received.
    func digest(_ item: XMLElementBytes) -> UInt128 {
        shape.salt.withUnsafeBytes { salt in
            digester.digest(salt, UnsafeRawBufferPointer(rebasing: item.document[item.range])) { hash in
                var value: UInt128 = 0
                for byte in hash.prefix(16) { value = value << 8 | UInt128(byte) }
                return value
            }
        }
    }

    /// The canonical JSON of `item` as text.
    func canonicalJSON(_ item: XMLNode, index: Int, adding extra: (name: String, value: String)? = nil)
        throws -> String
    {
        String(decoding: try writeCanonicalJSON(item, index: index, adding: extra), as: UTF8.self)
    }

    /// Writes the canonical JSON of `item`, the `index`th of its page (for errors), and returns its UTF-8, valid
    /// until the writer is used again. `adding` gives a string member the record gets when it lacks one (the
    /// `ServiceId` of a permission, which the API may leave out).
    /// - Throws: `CollectorError.malformedValue` naming the value's path, as `ShapeDecoder` does.
    func writeCanonicalJSON(
        _ item: some RecordItem, index: Int, adding extra: (name: String, value: String)? = nil
    ) throws -> UnsafeRawBufferPointer {
        buffer.removeAll()
        do {
            if case .structure(let structure) = shape.item {
                try writeStructure(item.root, of: item, shape.structures[structure], adding: extra)
            } else {
                try write(item.root, of: item, as: shape.item)
            }
        } catch let misfit as Misfit {
            let path = "\(shape.operation.output).\(shape.resultMember)[\(index)]" + misfit.steps.reversed().joined()
            throw CollectorError.malformedValue(
                operation: shape.operation.name, path: path, type: misfit.type, text: misfit.text)
        }
        return UnsafeRawBufferPointer(buffer.bytes)
    }

    private func write<Item: RecordItem>(_ element: Item.Element, of item: Item, as value: ListingShape.Value) throws {
        switch value {
        case .string:
            if let text = item.plainText(of: element) {
                Self.writeString(utf8: text.assumingMemoryBound(to: UInt8.self), into: buffer)
            } else {
                Self.writeString(try item.text(of: element), into: buffer)
            }
        case .boolean:
            let isTrue =
                if let text = item.plainText(of: element) {
                    text.elementsEqual(Self.trueBytes)
                } else {
                    try item.text(of: element) == "true"
                }
            buffer.append(isTrue ? Self.trueBytes : Self.falseBytes)
        case .integer, .long:
            let text = try item.text(of: element)
            guard let number = Int(text) ?? Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw Misfit(type: value == .integer ? "integer" : "long", text: text)
            }
            buffer.append(utf8: String(number))
        case .double:
            // JSON has no NaN or infinity: such a value could not be stored as read, so it does not fit.
            let text = try item.text(of: element)
            guard let number = Double(text) ?? Double(text.trimmingCharacters(in: .whitespacesAndNewlines)),
                number.isFinite
            else { throw Misfit(type: "double", text: text) }
            buffer.append(utf8: String(number))
        case .structure(let index):
            try writeStructure(element, of: item, shape.structures[index], adding: nil)
        case .list(let index):
            try writeItems(of: item, as: shape.lists[index]) { body in try item.forEachChild(of: element, body) }
        }
    }

    /// The elements `forEach` gives, each as `value`, as a JSON array; a failure adds `[index]` to its path.
    private func writeItems<Item: RecordItem>(
        of item: Item, as value: ListingShape.Value, _ forEach: ((Item.Element) throws -> Void) throws -> Void
    ) throws {
        buffer.append(UInt8(ascii: "["))
        var index = 0
        try forEach { element in
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            do {
                try write(element, of: item, as: value)
            } catch var misfit as Misfit {
                misfit.steps.append("[\(index)]")
                throw misfit
            }
            index += 1
        }
        buffer.append(UInt8(ascii: "]"))
    }

    /// The members present (the first element of each; every one of a flattened list), keys in sorted order.
    private func writeStructure<Item: RecordItem>(
        _ element: Item.Element, of item: Item, _ structure: ListingShape.Structure,
        adding extra: (name: String, value: String)?
    ) throws {
        let members = structure.members
        try withUnsafeTemporaryAllocation(of: Item.Element?.self, capacity: max(members.count, 1)) { first in
            first.initialize(repeating: nil)
            defer { _ = first.deinitialize() }
            var hint = 0
            item.forEachChild(of: element) { child in
                guard let slots = item.targets(of: child, in: structure, hint: &hint) else { return }
                for slot in slots {
                    let target = structure.targetList[slot]
                    if first[target] == nil { first[target] = child }
                }
            }
            var pending = extra
            if let name = extra?.name, let present = members.firstIndex(where: { $0.name == name }),
                first[present] != nil
            {
                pending = nil
            }
            var separator = false
            buffer.append(UInt8(ascii: "{"))
            let keyRanges = structure.keyRanges
            try structure.keyBytes.withUnsafeBufferPointer { keys in
                for position in members.indices {
                    guard let found = first[position] else { continue }
                    // Not retained: `members` holds it for the loop (enumerated() retained every member, present
                    // or not).
                    unowned(unsafe) let member = members[position]
                    if let added = pending, added.name < member.name {
                        writeMember(added, separator: separator)
                        separator = true
                        pending = nil
                    }
                    if separator { buffer.append(UInt8(ascii: ",")) }
                    separator = true
                    buffer.append(UnsafeBufferPointer(rebasing: keys[keyRanges[position]]))
                    do {
                        if member.flattened, case .list(let list) = member.value {
                            // Every child of the name: none comes before the first one found.
                            try writeItems(of: item, as: shape.lists[list]) { body in
                                try item.forEachChild(of: element) { child in
                                    if item.element(child, isNamed: member.wireName) { try body(child) }
                                }
                            }
                        } else {
                            try write(found, of: item, as: member.value)
                        }
                    } catch var misfit as Misfit {
                        misfit.steps.append(".\(member.name)")
                        throw misfit
                    }
                }
            }
            if let added = pending { writeMember(added, separator: separator) }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    private func writeMember(_ member: (name: String, value: String), separator: Bool) {
        if separator { buffer.append(UInt8(ascii: ",")) }
        Self.writeString(member.name, into: buffer)
        buffer.append(UInt8(ascii: ":"))
        Self.writeString(member.value, into: buffer)
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string literal exactly as `JSONValue` writes one: quote, backslash and control characters escaped
    /// (`\n`, `\r`, `\t`, `\b`, `\f`, else `\u00xx`), everything else as its UTF-8 bytes.
    static func writeString(_ text: String, into buffer: ByteBuffer) {
        if text.utf8.withContiguousStorageIfAvailable({ writeString(utf8: $0, into: buffer) }) == nil {
            var text = text
            text.withUTF8 { writeString(utf8: $0, into: buffer) }
        }
    }

    /// ``writeString(_:into:)`` for text given as UTF-8 bytes.
    static func writeString(utf8: UnsafeBufferPointer<UInt8>, into buffer: ByteBuffer) {
        buffer.append(UInt8(ascii: "\""))
        escape(utf8, into: buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal, as bytes.
    static func jsonString(_ text: String) -> [UInt8] {
        let buffer = ByteBuffer(capacity: text.utf8.count + 2)
        writeString(text, into: buffer)
        return Array(buffer.bytes)
    }

    /// UTF-8 bytes with the characters JSON strings cannot hold escaped; unchanged runs are copied whole. Sixteen bytes
    /// are checked at once, then eight; in a block that holds characters to escape, only those are visited, by the
    /// bits of a mask (a policy document's quotes made the byte loop over such blocks most of the escaping's cost).
    private static func escape(_ utf8: UnsafeBufferPointer<UInt8>, into buffer: ByteBuffer) {
        guard let base = utf8.baseAddress else { return }
        // Vector against vector: against a scalar, the comparisons are made lane by lane.
        typealias Block = SIMD16<UInt8>
        let space = Block(repeating: 0x20), quote = Block(repeating: 0x22), backslash = Block(repeating: 0x5C)
        let count = utf8.count
        var start = 0
        var position = 0
        /// Escapes the bytes of the block at `position` whose bits are set in `mask` (bit `i`: byte `position + i`).
        func escapeMarked(_ mask: UInt64) {
            var mask = mask
            while mask != 0 {
                let special = position + mask.trailingZeroBitCount
                buffer.append(UnsafeBufferPointer(start: base + start, count: special - start))
                start = special + 1
                writeEscape(of: base[special], into: buffer)
                mask &= mask - 1
            }
        }
        while count - position >= 16 {
            let block = UnsafeRawPointer(base + position).loadUnaligned(as: Block.self)
            let special = (block .< space) .| (block .== quote) .| (block .== backslash)
            // A special byte's lane is all ones.
            let words = unsafeBitCast(special, to: SIMD2<UInt64>.self)
            if words[0] | words[1] != 0 {
                escapeMarked(Self.laneBits(words[0]) | Self.laneBits(words[1]) << 8)
            }
            position += 16
        }
        if count - position >= 8 {
            escapeMarked(Self.specialBits(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)))
            position += 8
        }
        while position < count {
            let byte = base[position]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                escapeMarked(1)
            }
            position += 1
        }
        buffer.append(UnsafeBufferPointer(start: base + start, count: count - start))
    }

    /// One bit per byte of `lanes`, each byte 0xFF or 0 (a SIMD comparison's lanes): bit `i` for byte `i`.
    @inline(__always)
    static func laneBits(_ lanes: UInt64) -> UInt64 {
        // The high bits of the bytes, gathered into the top byte by a multiplication, as a movemask does.
        ((UInt64(littleEndian: lanes) & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
    }

    /// One bit per byte of the eight bytes `word` (in memory order) that a JSON string must escape: a control
    /// character, a quote or a backslash.
    @inline(__always)
    static func specialBits(_ word: UInt64) -> UInt64 {
        // Byte for byte, so in the word's native order; `laneBits` puts the bits in memory order.
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // Exact per byte (no borrow crosses a byte): a byte below 0x20 has its high bit clear and stays below 0x80
        // after 0x60 is added; a byte equal to a quote or a backslash is zero after the xor, and 0x7F + 0 keeps the
        // high bit clear only for zero.
        let control = ~((word & ~highs) &+ ones &* 0x60) & ~word & highs
        let quotes = ~(((word ^ ones &* 0x22) & ~highs) &+ ~highs) & ~(word ^ ones &* 0x22) & highs
        let backslashes = ~(((word ^ ones &* 0x5C) & ~highs) &+ ~highs) & ~(word ^ ones &* 0x5C) & highs
        return laneBits(control | quotes | backslashes)
    }

    /// The escape of `byte` (a quote, a backslash or a control character), without the text around it.
    private static func writeEscape(of byte: UInt8, into buffer: ByteBuffer) {
        buffer.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): buffer.append(byte)
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        default:
            buffer.append(hexPrefix)
            buffer.append(hexDigits[Int(byte >> 4)])
            buffer.append(hexDigits[Int(byte & 0x0F)])
        }
    }

    private static let hexPrefix = Array("u00".utf8)
}
