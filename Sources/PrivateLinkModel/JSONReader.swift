/// The one JSON reader of plinv: strict RFC 8259, single pass over UTF-8 bytes, with the line and column of
/// every value for callers that need them (templates, parameters files) and none of that cost for those that
/// do not (`JSONValue.parse`, behind every stored record).
///
/// Refused: numbers outside the grammar (`01`, `+1`, `.5`, `1.`) or beyond `Double`, raw control characters
/// and invalid UTF-8 in strings, lone surrogates, duplicate object keys (reported at the duplicate), a byte
/// order mark, and anything after the value. Numbers without a fraction or exponent that fit `Int` read as
/// `.integer`, all others as `.double`, which is how `JSONValue.canonicalData()` writes them.
///
/// A stored record is first offered to ``RecordScanner``, which takes only canonical records (and only what this
/// reader takes); everything else comes here.
public struct JSONReader<Builder: JSONTreeBuilder> {
    /// No JSON plinv reads nests anywhere near this deep; recursion past it could exhaust the stack.
    public static var maxDepth: Int { 512 }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let builder: Builder
    private var index = 0
    private var depth = 0
    /// The elements and members of the arrays and objects being read, innermost last: each container is made
    /// once, at its full size, when it ends.
    private var elements: [Builder.Node] = []
    private var members: [JSONMember<Builder.Node>] = []
    /// The current line (1-based) and the offset it starts at: newlines occur only between tokens.
    private var line = 1
    private var lineStart = 0
    /// The last column worked out on the current line, so columns cost O(1) amortised on long lines.
    private var cachedOffset = 0
    private var cachedColumn = 1
    /// Strings read before, shared with the caller's earlier reads; nil makes every string anew.
    private var strings: JSONStringCache?

    private init(_ bytes: UnsafeBufferPointer<UInt8>, builder: Builder) {
        self.bytes = bytes
        self.builder = builder
    }

    /// The tree `builder` makes of the one JSON value in `bytes`; throws ``JSONSyntaxError`` at the first fault.
    public static func read(_ bytes: [UInt8], into builder: Builder) throws(JSONSyntaxError) -> Builder.Node {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try read(utf8: buffer, into: builder) }
    }

    /// The tree `builder` makes of the one JSON value in the UTF-8 `bytes`; throws ``JSONSyntaxError`` at the first fault.
    public static func read(utf8 bytes: UnsafeBufferPointer<UInt8>, into builder: Builder) throws(JSONSyntaxError)
        -> Builder.Node
    {
        var reader = JSONReader(bytes, builder: builder)
        return try reader.readDocument()
    }

    /// As `read(utf8:into:)`, sharing strings with the earlier reads that used `strings`.
    public static func read(
        utf8 bytes: UnsafeBufferPointer<UInt8>, into builder: Builder, strings: inout JSONStringCache
    ) throws(JSONSyntaxError) -> Builder.Node {
        var reader = JSONReader(bytes, builder: builder)
        // A stored record holds a few dozen members and elements at most: one allocation each instead of growing by
        // doubling, five or six times per record. (A single value read alone, such as a member of a stored record,
        // needs neither.)
        reader.members.reserveCapacity(64)
        reader.elements.reserveCapacity(32)
        // Moved in and back out, never copied: a copy of its slots would be made on the first write.
        reader.strings = JSONStringCache(capacity: 0)
        swap(&reader.strings!, &strings)
        defer { swap(&reader.strings!, &strings) }
        return try reader.readDocument()
    }

    /// The one value of the text, with nothing but space after it.
    private mutating func readDocument() throws(JSONSyntaxError) -> Builder.Node {
        skipSpace()
        let value = try value()
        skipSpace()
        guard index == bytes.count else {
            throw error("unexpected \(describe(at: index)) after the end of the JSON value")
        }
        return value
    }

    // MARK: Positions

    /// Line and column (counted in Unicode scalars) of byte `offset`, which is on the current line or after
    /// its start; any earlier offset is counted from the start of the text (error paths only).
    private mutating func position(at offset: Int) -> JSONPosition {
        guard offset >= lineStart else { return Self.slowPosition(of: offset, in: bytes) }
        if cachedOffset < lineStart || cachedOffset > offset {
            cachedOffset = lineStart
            cachedColumn = 1
        }
        var column = cachedColumn
        var cursor = cachedOffset
        while cursor < offset {
            if bytes[cursor] & 0xC0 != 0x80 { column += 1 }
            cursor += 1
        }
        cachedOffset = offset
        cachedColumn = column
        return JSONPosition(offset: offset, line: line, column: column)
    }

    private static func slowPosition(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> JSONPosition {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return JSONPosition(offset: offset, line: line, column: column)
    }

    /// The position handed to the builder: real when it asks for positions, else only the offset.
    private mutating func builderPosition(at offset: Int) -> JSONPosition {
        Builder.needsPositions ? position(at: offset) : JSONPosition(offset: offset, line: 0, column: 0)
    }

    private mutating func error(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
        let where_ = position(at: offset ?? index)
        return JSONSyntaxError(message: message, offset: where_.offset, line: where_.line, column: where_.column)
    }

    /// "character 'x'" for the scalar starting at `offset`, or "end of input".
    private func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        var end = offset + 1
        while end < bytes.count, end - offset < 4, bytes[end] & 0xC0 == 0x80 { end += 1 }
        guard let text = String(validating: bytes[offset..<end], as: UTF8.self), let scalar = text.unicodeScalars.first
        else {
            return "byte 0x" + String(bytes[offset], radix: 16, uppercase: true)
        }
        return scalar.value < 0x20
            ? "control character \(Self.codePoint(scalar.value))" : "character '\(Character(scalar))'"
    }

    private static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: Values

    private mutating func value() throws(JSONSyntaxError) -> Builder.Node {
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maxDepth else {
                throw error("arrays and objects nest deeper than \(Self.maxDepth) levels")
            }
            depth += 1
            defer { depth -= 1 }
            return bytes[index] == UInt8(ascii: "{") ? try object() : try array()
        case UInt8(ascii: "\""):
            let at = builderPosition(at: start)
            return builder.scalar(.string(try string()), at: at)
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let at = builderPosition(at: start)
            return builder.scalar(try number(), at: at)
        default:
            throw error("unexpected \(describe(at: index)), expected a value")
        }
    }

    private mutating func object() throws(JSONSyntaxError) -> Builder.Node {
        let at = builderPosition(at: index)
        index += 1
        let base = members.count
        defer { members.removeLast(members.count - base) }
        skipSpace()
        if !consume(UInt8(ascii: "}")) {
            do throws(JSONSyntaxError) {
                try readMembers()
            } catch {
                // A key repeated before the fault came first in the text: that is the error.
                if let duplicate = firstDuplicate(from: base) { throw duplicateKey(duplicate) }
                throw error
            }
        }
        guard let object = builder.object(&members, from: base, at: at) else {
            throw duplicateKey(firstDuplicate(from: base) ?? members[base])
        }
        return object
    }

    /// The members of an object up to and including its closing brace, onto `members`.
    private mutating func readMembers() throws(JSONSyntaxError) {
        while true {
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input, expected a key") }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a quoted key, found \(describe(at: index))")
            }
            let keyAt = builderPosition(at: index)
            let key = try string()
            skipSpace()
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':', found \(describe(at: index))") }
            skipSpace()
            let member = try value()
            members.append(JSONMember(key: consume key, position: keyAt, value: consume member))
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or '}'") }
            if consume(UInt8(ascii: "}")) { return }
            guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or '}', found \(describe(at: index))") }
        }
    }

    /// The first member of the innermost object whose key an earlier member has.
    private func firstDuplicate(from base: Int) -> JSONMember<Builder.Node>? {
        var seen = Set<String>()
        return members[base...].first { !seen.insert($0.key).inserted }
    }

    private mutating func duplicateKey(_ member: JSONMember<Builder.Node>) -> JSONSyntaxError {
        error("duplicate key \(member.key)", at: member.position.offset)
    }

    private mutating func array() throws(JSONSyntaxError) -> Builder.Node {
        let at = builderPosition(at: index)
        index += 1
        let base = elements.count
        defer { elements.removeLast(elements.count - base) }
        skipSpace()
        if consume(UInt8(ascii: "]")) { return builder.array(&elements, from: base, at: at) }
        while true {
            skipSpace()
            elements.append(try value())
            skipSpace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or ']'") }
            if consume(UInt8(ascii: "]")) { return builder.array(&elements, from: base, at: at) }
            guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or ']', found \(describe(at: index))") }
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws(JSONSyntaxError) -> Builder.Node {
        let start = index
        let count = word.utf8CodeUnitCount
        let bytes = self.bytes
        let matches =
            index + count <= bytes.count
            && word.withUTF8Buffer { expected in
                expected.indices.allSatisfy { bytes[start + $0] == expected[$0] }
            }
        guard matches else { throw error("invalid literal, expected \(word)", at: start) }
        index += count
        return builder.scalar(value, at: builderPosition(at: start))
    }

    // MARK: Strings

    private mutating func string() throws(JSONSyntaxError) -> String {
        index += 1  // the opening quote
        let start = index
        // Fast path: no escapes, so the text is the bytes between the quotes (scanned with locals, not `self`).
        var end = start
        var highBits: UInt8 = Self.skipPlainWords(in: bytes, from: &end)
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            highBits |= byte
            end += 1
        }
        index = end
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            index += 1
            return try text(UnsafeBufferPointer(rebasing: bytes[start..<end]), isASCII: highBits < 0x80, at: start)
        }
        if end < bytes.count, bytes[end] < 0x20 { throw error("\(describe(at: end)) in a string") }
        // A string with escapes (an endpoint's policy is JSON in a JSON string) that an earlier read decoded from the
        // same bytes is taken from the cache; otherwise it is decoded below, then cached.
        let escapedEnd = strings == nil ? nil : Self.endOfEscapedString(in: bytes, from: end)
        if let escapedEnd, let cached = strings!.escapedString(UnsafeBufferPointer(rebasing: bytes[start..<escapedEnd]))
        {
            index = escapedEnd + 1
            return cached
        }
        let decoded = try escapedString(from: start, highBits: highBits)
        if let escapedEnd {
            strings!.cacheEscapedString(decoded, for: UnsafeBufferPointer(rebasing: bytes[start..<escapedEnd]))
        }
        return decoded
    }

    /// The offset of the quote that closes the string whose body continues at `offset` (an escape's next byte is
    /// never taken for a quote); nil at the end of the input or at a raw control character, which the decoder reports.
    private static func endOfEscapedString(in bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
        var position = offset
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""): return position
            case UInt8(ascii: "\\"): position += 2
            case ..<0x20: return nil
            default: position += 1
            }
        }
        return nil
    }

    /// Decodes the rest of a string with escapes: its body starts at `start`, and `index` is at its first escape (or
    /// at the end of the input); `highBits` has the high bits of the bytes before it.
    private mutating func escapedString(from start: Int, highBits: UInt8) throws(JSONSyntaxError) -> String {
        var isASCII = highBits < 0x80
        var buffer = Array(bytes[start..<index])
        buffer.reserveCapacity(2 * (index - start) + 16)
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try buffer.withUnsafeBufferPointer { text throws(JSONSyntaxError) in
                    try self.text(text, isASCII: isASCII, at: start)
                }
            case UInt8(ascii: "\\"):
                let escapeStart = index
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input inside a string") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escaped)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    buffer.append(contentsOf: try unicodeEscape(from: escapeStart))
                    isASCII = false
                default:
                    let shown = escaped < 0x80 ? String(Character(Unicode.Scalar(escaped))) : describe(at: index - 1)
                    throw error("invalid escape \\\(shown)", at: escapeStart)
                }
            default:
                if byte < 0x20 { throw error("\(describe(at: index)) in a string") }
                // The run up to the next quote, escape or control character, appended at once.
                var end = index + 1
                var highBits = byte
                while end < bytes.count {
                    let next = bytes[end]
                    if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next < 0x20 { break }
                    highBits |= next
                    end += 1
                }
                if highBits >= 0x80 { isASCII = false }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
            }
        }
        throw error("unexpected end of input inside a string")
    }

    /// Moves `offset` past whole 8-byte words holding no quote, backslash or control character; returns 0x80
    /// when a skipped byte is not ASCII, else 0. The caller reads the rest byte by byte.
    private static func skipPlainWords(in bytes: UnsafeBufferPointer<UInt8>, from offset: inout Int) -> UInt8 {
        guard let base = bytes.baseAddress else { return 0 }
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var seen: UInt64 = 0
        while offset + 8 <= bytes.count {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            // A byte is zero, or below 0x20, when its high bit survives these (exact for "any byte", per word).
            let special =
                ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { break }
            seen |= word
            offset += 8
        }
        return seen & highs == 0 ? 0 : 0x80
    }

    private mutating func text(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool, at start: Int) throws(JSONSyntaxError)
        -> String
    {
        let make = { (bytes: UnsafeBufferPointer<UInt8>) -> String? in
            isASCII ? String(decoding: bytes, as: UTF8.self) : String(validating: bytes, as: UTF8.self)
        }
        guard let text = strings == nil ? make(utf8) : strings!.string(utf8, make: make) else {
            throw error("invalid UTF-8 in a string", at: start)
        }
        return text
    }

    /// The UTF-8 bytes of a `\uXXXX` escape (the `\u` already read), joining a surrogate pair.
    private mutating func unicodeEscape(from start: Int) throws(JSONSyntaxError) -> [UInt8] {
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw error("unpaired surrogate in \\u escape", at: start)
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape", at: start) }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate in \\u escape", at: start) }
        return Array(String(Character(scalar)).utf8)
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                throw error("invalid \\u escape, expected four hex digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, nothing more.
    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = index
        var valid = true
        var integral = true
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if index < bytes.count, Self.isDigit(bytes[index]) { valid = false }
        } else if !digits() {
            valid = false
        }
        if valid, consume(UInt8(ascii: ".")) {
            integral = false
            valid = digits()
        }
        if valid, index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            integral = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            valid = digits()
        }
        guard valid, index == bytes.count || !Self.continuesNumber(bytes[index]) else {
            while index < bytes.count, Self.continuesNumber(bytes[index]) { index += 1 }
            throw error("invalid number \(String(decoding: bytes[start..<index], as: UTF8.self))", at: start)
        }
        if integral, let value = integer(from: start) { return .integer(value) }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("number \(text) is out of range", at: start) }
        return .double(value)
    }

    /// The value of the integer just read (`-?[0-9]+` from `start`); nil when it does not fit `Int`.
    private func integer(from start: Int) -> Int? {
        let isNegative = bytes[start] == UInt8(ascii: "-")
        var value = 0
        // Accumulated negatively so that `Int.min` fits.
        for digit in bytes[(isNegative ? start + 1 : start)..<index] {
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = shifted.subtractingReportingOverflow(Int(digit &- UInt8(ascii: "0")))
            guard !overflowShift, !overflowAdd else { return nil }
            value = next
        }
        if isNegative { return value }
        return value == Int.min ? nil : -value
    }

    /// Consumes one or more digits; false if there is none.
    private mutating func digits() -> Bool {
        let start = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        return index > start
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// Bytes that would make a number token longer in a lenient reader: shown in the error, never accepted.
    private static func continuesNumber(_ byte: UInt8) -> Bool {
        isDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "x")
            || byte == UInt8(ascii: "_")
    }

    // MARK: Whitespace

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        var cursor = index
        while cursor < bytes.count {
            switch bytes[cursor] {
            case 0x20, 0x09, 0x0D: cursor += 1
            case 0x0A:
                cursor += 1
                line += 1
                lineStart = cursor
            default:
                index = cursor
                return
            }
        }
        index = cursor
    }
}
