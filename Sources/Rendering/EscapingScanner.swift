/// The byte scans behind `Escaping`: each walks a string's UTF-8 bytes once and appends runs that need no change
/// whole, and a replacement where a byte sequence needs one.
///
/// Hidden characters (see `Escaping`) are recognised by their UTF-8 form: bytes 0x00–0x1F (but tab, LF, CR) and
/// 0x7F; `C2 80…C2 9F` (U+0080…U+009F); `D8 9C` (U+061C); `E2 80 8E`, `E2 80 8F` (U+200E, U+200F);
/// `E2 80 AA…E2 80 AE` (U+202A…U+202E); `E2 81 A6…E2 81 A9` (U+2066…U+2069).
enum EscapingScanner {
    typealias Bytes = UnsafeBufferPointer<UInt8>

    /// The length in bytes of the hidden character at `index` and its code point, or nil when none starts there.
    @inline(__always)
    static func hidden(_ bytes: Bytes, at index: Int) -> (length: Int, value: UInt32)? {
        let byte = bytes[index]
        switch byte {
        case 0x09, 0x0A, 0x0D: return nil
        case 0x00...0x1F, 0x7F: return (1, UInt32(byte))
        case 0xC2:
            guard index + 1 < bytes.count, (0x80...0x9F).contains(bytes[index + 1]) else { return nil }
            return (2, UInt32(bytes[index + 1]))
        case 0xD8:
            guard index + 1 < bytes.count, bytes[index + 1] == 0x9C else { return nil }
            return (2, 0x061C)
        case 0xE2:
            guard index + 2 < bytes.count else { return nil }
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            let value = 0x2000 | (UInt32(second & 0x3F) << 6) | UInt32(third & 0x3F)
            switch (second, third) {
            case (0x80, 0x8E...0x8F), (0x80, 0xAA...0xAE), (0x81, 0xA6...0xA9): return (3, value)
            default: return nil
            }
        default: return nil
        }
    }

    /// Appends `<U+XXXX>` (at least four upper-case hex digits), with `open` and `close` for the angle brackets.
    static func appendCodePoint(
        _ value: UInt32, open: StaticString, close: StaticString, to output: inout some ByteOutput
    ) {
        append(open, to: &output)
        output.append(UInt8(ascii: "U"))
        output.append(UInt8(ascii: "+"))
        let digits: [UInt8] = Array("0123456789ABCDEF".utf8)
        var shift = value > 0xFFFF ? (value > 0xFFFFF ? 20 : 16) : 12
        while shift >= 0 {
            output.append(digits[Int((value >> UInt32(shift)) & 0xF)])
            shift -= 4
        }
        append(close, to: &output)
    }

    /// Appends the bytes of a literal.
    @inline(__always)
    static func append(_ literal: StaticString, to output: inout some ByteOutput) {
        output.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Appends `bytes[start..<end]`.
    @inline(__always)
    static func appendRun(_ bytes: Bytes, _ start: Int, _ end: Int, to output: inout some ByteOutput) {
        if end > start { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end])) }
    }

    /// `Escaping.visible`.
    static func appendVisible(_ bytes: Bytes, to output: inout [UInt8]) {
        var run = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // Printable ASCII and bytes that start no hidden character are copied as part of the run.
            if (byte >= 0x20 && byte != 0x7F && byte < 0xC2) || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            guard let (length, value) = hidden(bytes, at: index) else {
                index += 1
                continue
            }
            appendRun(bytes, run, index, to: &output)
            appendCodePoint(value, open: "<", close: ">", to: &output)
            index += length
            run = index
        }
        appendRun(bytes, run, bytes.count, to: &output)
    }

    /// The length of the line break at `index` (LF, VT, FF, CR, CRLF, NEL, U+2028, U+2029) or tab; 0 when none.
    @inline(__always)
    static func lineBreak(_ bytes: Bytes, at index: Int) -> Int {
        switch bytes[index] {
        case 0x09, 0x0A, 0x0B, 0x0C: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            guard index + 2 < bytes.count, bytes[index + 1] == 0x80,
                bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
            else { return 0 }
            return 3
        default: return 0
        }
    }

    /// `Escaping.singleLine`: a CRLF is one character, so it becomes one space.
    static func appendSingleLine(_ bytes: Bytes, to output: inout [UInt8]) {
        var run = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte > 0x0D && byte != 0xC2 && byte != 0xE2 {
                index += 1
                continue
            }
            let length = lineBreak(bytes, at: index)
            guard length > 0 else {
                index += 1
                continue
            }
            appendRun(bytes, run, index, to: &output)
            output.append(UInt8(ascii: " "))
            index += length
            run = index
        }
        appendRun(bytes, run, bytes.count, to: &output)
    }

    /// `Escaping.terminal`: hidden characters made visible, then line breaks and tabs made spaces.
    static func appendTerminal(_ bytes: Bytes, to output: inout [UInt8]) {
        var run = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x20 && byte != 0x7F && byte < 0xC2 {
                index += 1
                continue
            }
            if let (length, value) = hidden(bytes, at: index) {
                appendRun(bytes, run, index, to: &output)
                appendCodePoint(value, open: "<", close: ">", to: &output)
                index += length
                run = index
                continue
            }
            // What is left of VT, FF and NEL was hidden above; tab, LF, CR, CRLF, U+2028 and U+2029 remain.
            let length = lineBreak(bytes, at: index)
            guard length > 0 else {
                index += 1
                continue
            }
            appendRun(bytes, run, index, to: &output)
            output.append(UInt8(ascii: " "))
            index += length
            run = index
        }
        appendRun(bytes, run, bytes.count, to: &output)
    }

    /// `Escaping.html`: hidden characters made visible, then `&<>"'` as entities.
    ///
    /// Sixteen bytes are checked at once (`firstHTMLCandidate`), and the scan moves straight to the first byte that
    /// may need a change: most of a report's text needs none, and a quote in a policy's JSON costs one check, not a
    /// look at each of its neighbours.
    static func appendHTML(_ bytes: Bytes, to output: inout some ByteOutput) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var run = 0
        var index = 0
        while index < count {
            let offset: Int?
            if index + 16 <= count {
                offset = firstHTMLCandidate(SIMD16(loadingFrom: base + index))
            } else {
                // The last bytes, after a letter's worth of padding: `a` needs no change.
                var tail = SIMD16<UInt8>(repeating: UInt8(ascii: "a"))
                withUnsafeMutableBytes(of: &tail) {
                    $0.copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[index...])))
                }
                offset = firstHTMLCandidate(tail)
            }
            guard let offset, index + offset < count else {
                index += 16
                continue
            }
            index += offset
            let byte = bytes[index]
            let entity: StaticString
            switch byte {
            case 0x26: entity = "&amp;"
            case 0x3C: entity = "&lt;"
            case 0x3E: entity = "&gt;"
            case 0x22: entity = "&quot;"
            case 0x27: entity = "&#39;"
            case 0x20...0x7E, 0x80...0xC1, 0x09, 0x0A, 0x0D:
                index += 1
                continue
            default:
                guard let (length, value) = hidden(bytes, at: index) else {
                    index += 1
                    continue
                }
                appendRun(bytes, run, index, to: &output)
                appendCodePoint(value, open: "&lt;", close: "&gt;", to: &output)
                index += length
                run = index
                continue
            }
            appendRun(bytes, run, index, to: &output)
            append(entity, to: &output)
            index += 1
            run = index
        }
        appendRun(bytes, run, count, to: &output)
    }

    /// The offset of the first of sixteen bytes that is a control, DEL, not ASCII, or one of `"&'<>`; nil when none
    /// is.
    @inline(__always)
    private static func firstHTMLCandidate(_ block: SIMD16<UInt8>) -> Int? {
        // Vector against vector: against a scalar, the comparisons are made lane by lane.
        typealias Block = SIMD16<UInt8>
        let special =
            (block .== Block(repeating: 0x22)) .| (block .== Block(repeating: 0x26))
            .| (block .== Block(repeating: 0x27)) .| (block .== Block(repeating: 0x3C))
            .| (block .== Block(repeating: 0x3E))
        let candidates = special .| (block .< Block(repeating: 0x20)) .| (block .>= Block(repeating: 0x7F))
        // A candidate's lane is all ones; read as two little-endian words, the lowest set bit is the first candidate.
        let words = unsafeBitCast(candidates, to: SIMD2<UInt64>.self)
        let first = UInt64(littleEndian: words[0])
        if first != 0 { return first.trailingZeroBitCount / 8 }
        let second = UInt64(littleEndian: words[1])
        if second != 0 { return 8 + second.trailingZeroBitCount / 8 }
        return nil
    }

    /// `Escaping.markdown` for ASCII text, where every byte is one character: made visible and one line, then
    /// mentions and URL schemes defused, Markdown punctuation backslash-escaped, and a list marker at the start escaped.
    static func appendASCIIMarkdown(_ bytes: Bytes, to output: inout [UInt8]) {
        var line: [UInt8] = []
        line.reserveCapacity(bytes.count)
        appendTerminal(bytes, to: &line)
        let start = output.count
        line.withUnsafeBufferPointer { line in
            for index in line.indices {
                let byte = line[index]
                let next: UInt8? = index + 1 < line.count ? line[index + 1] : nil
                if byte == UInt8(ascii: ":"), endsWithScheme(line, before: index),
                    next == UInt8(ascii: "/") || isMailto(line, before: index)
                {
                    append("\u{200B}", to: &output)
                }
                if isMarkdownSpecial(byte) { output.append(UInt8(ascii: "\\")) }
                output.append(byte)
                if byte == UInt8(ascii: "@"), let next, isAlphanumeric(next) || next == UInt8(ascii: "_") {
                    append("\u{200B}", to: &output)
                }
                if byte | 0x20 == UInt8(ascii: "w"), index >= 2, line[index - 1] | 0x20 == UInt8(ascii: "w"),
                    line[index - 2] | 0x20 == UInt8(ascii: "w"), next == UInt8(ascii: ".")
                {
                    append("\u{200B}", to: &output)
                }
            }
        }
        // A value that begins like a list item would nest a list where the template puts it after `- `.
        guard start < output.count else { return }
        if output[start] == UInt8(ascii: "-") || output[start] == UInt8(ascii: "+") {
            output.insert(UInt8(ascii: "\\"), at: start)
        } else if let marker = output[start...].firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ")") }
        ),
            marker > start, output[start..<marker].allSatisfy({ (0x30...0x39).contains($0) })
        {
            output.insert(UInt8(ascii: "\\"), at: marker)
        }
    }

    /// The ASCII punctuation that Markdown (with GitHub's and GitLab's extensions) gives a meaning.
    @inline(__always)
    private static func isMarkdownSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "{"),
            UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "#"), UInt8(ascii: "|"), UInt8(ascii: "~"), UInt8(ascii: "&"), UInt8(ascii: "!"),
            UInt8(ascii: "$"):
            true
        default: false
        }
    }

    /// Whether `byte` is an ASCII letter or digit.
    @inline(__always)
    private static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || (0x30...0x39).contains(byte) }

    /// Whether `byte` is an ASCII letter.
    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte | 0x20) }

    /// Whether `line[..<end]` ends in a URL scheme (`letter (letter | digit | + | - | .)*`) starting at a word boundary.
    private static func endsWithScheme(_ line: Bytes, before end: Int) -> Bool {
        var start = end
        while start > 0 {
            let byte = line[start - 1]
            guard
                isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".")
            else { break }
            start -= 1
        }
        return start < end && isLetter(line[start])
    }

    /// Whether the six bytes before `end` spell `mailto` in any case.
    private static func isMailto(_ line: Bytes, before end: Int) -> Bool {
        guard end >= 6 else { return false }
        return zip(line[(end - 6)..<end], "mailto".utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}

extension SIMD16<UInt8> {
    /// The sixteen bytes at `start`, which need no alignment.
    @inline(__always)
    fileprivate init(loadingFrom start: UnsafePointer<UInt8>) {
        self = UnsafeRawPointer(start).loadUnaligned(as: SIMD16<UInt8>.self)
    }
}
