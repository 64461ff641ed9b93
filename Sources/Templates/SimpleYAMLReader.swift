import PrivateLinkModel

/// Reads the plain YAML most templates are written in straight into a `TemplateNode` tree, several times faster
/// than libyaml's event parser, or steps aside (returns nil) so that `YAMLReader` reads the text with libyaml.
///
/// It accepts only what it reads exactly as libyaml and `YAMLTreeBuilder` would (`SimpleYAMLReaderTests` compares
/// the two trees, positions included): printable ASCII and line feeds; block mappings with plain keys and
/// block sequences, each entry on its own lines at one indentation; single-line plain, quoted and flow values;
/// short-form tags. Anything else (tabs, CR, non-ASCII, anchors, aliases, block or multi-line scalars, complex or
/// quoted keys, document markers, directives, unknown tags, duplicate keys) and every error is libyaml's to read
/// and report.
struct SimpleYAMLReader {
    /// Why the reader stepped aside; never shown.
    struct StepAside: Error {}

    /// No template nests near this deep; past it, libyaml's reader applies its own limits.
    static let maxDepth = 64

    let bytes: UnsafeBufferPointer<UInt8>
    let file: String
    var position = 0
    /// Where the current line starts, and its 1-based number.
    var lineStart = 0
    var line = 1
    /// The indentation of the content line `position` is on (valid after `nextContentLine()`).
    var indent = 0
    /// Whether a key starts with `Fn::ForEach::` (without one, `ForEachExpander` has nothing to expand).
    var sawLoopKey = false

    /// The tree of `bytes`, and whether a key in it starts with `Fn::ForEach::`; nil when the text is not in the
    /// subset this reader reads.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> (tree: TemplateNode, sawLoopKey: Bool)? {
        guard isPrintableASCII(bytes) else { return nil }
        var reader = SimpleYAMLReader(bytes: bytes, file: file)
        do throws(StepAside) {
            guard try reader.nextContentLine(), reader.indent == 0 else { return nil }
            let root = try reader.blockMapping(indent: 0, depth: 0)
            guard try !reader.nextContentLine() else { return nil }
            return (root, reader.sawLoopKey)
        } catch {
            return nil
        }
    }

    /// Whether every byte is printable ASCII or a line feed: sixteen at a time, then the last few one by one.
    static func isPrintableASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        // Vector against vector: against a scalar, the comparisons are made lane by lane.
        typealias Block = SIMD16<UInt8>
        let space = Block(repeating: 0x20), delete = Block(repeating: 0x7F), lineFeed = Block(repeating: 0x0A)
        var offset = 0
        while offset + 16 <= bytes.count {
            let block = UnsafeRawPointer(base + offset).loadUnaligned(as: Block.self)
            let refused = ((block .< space) .& (block .!= lineFeed)) .| (block .>= delete)
            // A refused byte's lane is all ones.
            let words = unsafeBitCast(refused, to: SIMD2<UInt64>.self)
            guard words[0] | words[1] == 0 else { return false }
            offset += 16
        }
        return bytes[offset...].allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A }
    }

    // MARK: Lines

    func byte(at offset: Int) -> UInt8 { offset < bytes.count ? bytes[offset] : 0x0A }

    var current: UInt8 { byte(at: position) }

    var location: TemplateLocation { location(of: position) }

    func location(of offset: Int) -> TemplateLocation {
        TemplateLocation(file: file, line: line, column: offset - lineStart + 1)
    }

    /// Moves past blank and comment lines to the first character of the next content line, setting `indent`;
    /// false at the end of the text. `position` is at the end of a line (or at the start of the text).
    mutating func nextContentLine() throws(StepAside) -> Bool {
        if position > 0 || lineStart > 0 {
            guard position < bytes.count else { return false }
            guard bytes[position] == 0x0A else { throw StepAside() }
            position += 1
            line += 1
            lineStart = position
        }
        while position < bytes.count {
            while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
            if position < bytes.count, bytes[position] == UInt8(ascii: "#") {
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            }
            guard position < bytes.count else { return false }
            if bytes[position] != 0x0A {
                indent = position - lineStart
                // Directives and document markers start in the first column.
                if indent == 0,
                    current == UInt8(ascii: "%") || startsMarker(UInt8(ascii: "-")) || startsMarker(UInt8(ascii: "."))
                {
                    throw StepAside()
                }
                return true
            }
            position += 1
            line += 1
            lineStart = position
        }
        return false
    }

    private func startsMarker(_ character: UInt8) -> Bool {
        byte(at: position) == character && byte(at: position + 1) == character && byte(at: position + 2) == character
            && (byte(at: position + 3) == UInt8(ascii: " ") || byte(at: position + 3) == 0x0A)
    }

    /// Skips spaces, then a comment, to the end of the line; steps aside if anything else is left on it.
    mutating func finishLine() throws(StepAside) {
        skipSpaces()
        if current == UInt8(ascii: "#"), position > 0, bytes[position - 1] == UInt8(ascii: " ") {
            while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        }
        guard current == 0x0A else { throw StepAside() }
    }

    mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") { position += 1 }
    }

    /// Whether a block sequence entry (`- `) starts at `position`.
    var atSequenceEntry: Bool {
        current == UInt8(ascii: "-") && (byte(at: position + 1) == UInt8(ascii: " ") || byte(at: position + 1) == 0x0A)
    }

    // MARK: Block collections

    /// A block mapping whose keys are at column `indent + 1`, the first at `position`; returns at the next content
    /// line less indented (or the end).
    mutating func blockMapping(indent mappingIndent: Int, depth: Int) throws(StepAside) -> TemplateNode {
        guard depth <= Self.maxDepth else { throw StepAside() }
        let mappingLocation = location
        var entries: [TemplateNode.Entry] = []
        var keys: Set<String>?
        while true {
            let keyLocation = location
            let key = try blockKey()
            // Duplicates are libyaml's reader's to report, at the right place.
            if let known = keys {
                guard !known.contains(key) else { throw StepAside() }
                keys!.insert(key)
            } else {
                guard !entries.contains(where: { $0.key == key }) else { throw StepAside() }
                if entries.count >= 16 { keys = Set(entries.map(\.key) + [key]) }
            }
            let afterColon = location
            skipSpaces()
            let value: TemplateNode
            var more: Bool
            if current == 0x0A || current == UInt8(ascii: "#") {
                try finishLine()
                (value, more) = try nestedBlock(below: mappingIndent, emptyAt: afterColon, depth: depth + 1)
            } else {
                value = try inlineValue(depth: depth + 1)
                try finishLine()
                more = try nextContentLine()
            }
            entries.append(TemplateNode.Entry(key: key, keyLocation: keyLocation, value: value))
            guard more, indent >= mappingIndent else { break }
            // A more indented line would continue a plain scalar or break the structure; an entry of a sequence
            // at the mapping's indentation is an error: libyaml's to read.
            guard indent == mappingIndent, !atSequenceEntry else { throw StepAside() }
        }
        return TemplateNode(content: .mapping(entries), location: mappingLocation)
    }

    /// The value of a key written at the end of its line: a block collection on the next lines, more indented
    /// than the key, or an empty (null) scalar at `emptyAt`. Returns it and whether a content line follows.
    mutating func nestedBlock(
        below parentIndent: Int, emptyAt empty: TemplateLocation, depth: Int
    ) throws(StepAside) -> (TemplateNode, Bool) {
        guard try nextContentLine() else { return (TemplateNode(content: .scalar(.null), location: empty), false) }
        guard indent > parentIndent else {
            // An entry at the key's own indentation would belong to the key (an indentless sequence).
            guard !atSequenceEntry else { throw StepAside() }
            return (TemplateNode(content: .scalar(.null), location: empty), true)
        }
        if atSequenceEntry { return try blockSequence(indent: indent, depth: depth) }
        return (try blockMapping(indent: indent, depth: depth), position < bytes.count)
    }

    /// A block sequence whose `- ` entries are at column `indent + 1`, the first at `position`. Returns it and
    /// whether a content line follows (less indented, or an entry of an enclosing sequence).
    mutating func blockSequence(indent sequenceIndent: Int, depth: Int) throws(StepAside) -> (TemplateNode, Bool) {
        guard depth <= Self.maxDepth else { throw StepAside() }
        let sequenceLocation = location
        var elements: [TemplateNode] = []
        var more = true
        while true {
            guard byte(at: position + 1) == UInt8(ascii: " ") else { throw StepAside() }
            position += 2
            skipSpaces()
            guard current != 0x0A, current != UInt8(ascii: "#"), !atSequenceEntry else { throw StepAside() }
            if isBlockKey() {
                // `- Key: value`: a mapping whose keys line up with this one.
                elements.append(try blockMapping(indent: position - lineStart, depth: depth + 1))
                more = position < bytes.count
            } else {
                elements.append(try inlineValue(depth: depth + 1))
                try finishLine()
                more = try nextContentLine()
            }
            guard more, indent >= sequenceIndent else { break }
            guard indent == sequenceIndent, atSequenceEntry else { throw StepAside() }
        }
        return (TemplateNode(content: .sequence(elements), location: sequenceLocation), more)
    }

    // MARK: Keys

    /// Whether a plain key (`Name:` followed by a space or the end of the line) starts at `position`.
    func isBlockKey() -> Bool {
        var copy = self
        return (try? copy.blockKey()) != nil
    }

    /// A plain key and its colon; steps aside for anything but letters, digits and `_ . / - @ $` (and `::` as in
    /// `Fn::If`), or a key too long for a YAML simple key.
    mutating func blockKey() throws(StepAside) -> String {
        let start = position
        guard Self.isKeyStart(current) else { throw StepAside() }
        while true {
            let byte = current
            if byte == UInt8(ascii: ":") {
                let next = self.byte(at: position + 1)
                if next == UInt8(ascii: " ") || next == 0x0A { break }
                guard next == UInt8(ascii: ":") || Self.isKeyCharacter(next) else { throw StepAside() }
            } else if !Self.isKeyCharacter(byte) {
                throw StepAside()
            }
            position += 1
        }
        guard position - start <= 1_000 else { throw StepAside() }
        let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if bytes[start] == UInt8(ascii: "F"), key.hasPrefix(ForEachExpander.prefix) { sawLoopKey = true }
        position += 1
        return key
    }

    static func isKeyStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
    }

    static func isKeyCharacter(_ byte: UInt8) -> Bool {
        isKeyStart(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "$")
    }
}
