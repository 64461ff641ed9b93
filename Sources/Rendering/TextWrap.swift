/// Word wrapping for the terminal: lines break at spaces only, so an identifier is never split or cut.
enum TextWrap {
    /// `text` broken into lines of at most `width` characters where a word allows; a word longer than the
    /// width gets a line of its own, whole.
    static func lines(_ text: String, width: Int) -> [String] {
        // Text whose every character is one scalar that joins no neighbour is wrapped on its bytes: a space is then
        // always a character of its own and a word has as many characters as scalars.
        var text = text
        let lines = text.withUTF8 { bytes in hasOnlyStandaloneScalars(bytes) ? simpleLines(bytes, width: width) : nil }
        return lines ?? characterLines(text, width: width)
    }

    /// Whether every scalar of the UTF-8 `bytes` (valid, as a `String`'s are) `isStandalone`, read from the bytes: an
    /// ASCII byte is its own scalar, and a longer scalar is decoded from its two or three bytes (four-byte scalars lie
    /// beyond U+FFFF, where no scalar is standalone).
    private static func hasOnlyStandaloneScalars(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        while index < bytes.count {
            // Eight ASCII bytes at a time while none is CR: most of a report's text.
            if index + 8 <= bytes.count, let base = bytes.baseAddress {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let carriageReturns = word ^ (ones &* 0x0D)
                if (word | ((carriageReturns &- ones) & ~carriageReturns)) & (ones &* 0x80) == 0 {
                    index += 8
                    continue
                }
            }
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x0D { return false }
                index += 1
                continue
            }
            let value: UInt32
            if byte < 0xE0 {
                value = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                index += 2
            } else if byte < 0xF0 {
                value =
                    UInt32(byte & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                return false
            }
            guard let scalar = Unicode.Scalar(value), isStandalone(scalar) else { return false }
        }
        return true
    }

    /// Whether a scalar is always a character on its own: ASCII but CR (which joins LF), Latin-1 and Latin Extended
    /// (not the combining marks from U+0300), and the punctuation, symbols and arrows of U+2000…U+2BFF but the zero-width
    /// joiners and the combining marks for symbols. Anything else wraps character by character.
    private static func isStandalone(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0D, 0x200C, 0x200D: false
        case 0x00...0x2FF, 0x2000...0x20CF, 0x2100...0x2BFF: true
        default: false
        }
    }

    /// `lines(_:width:)` over the bytes of text of standalone scalars. A line is always a stretch of the text (words
    /// joined by the single spaces between them), so it is cut out of the bytes rather than built word by word.
    private static func simpleLines(_ bytes: UnsafeBufferPointer<UInt8>, width: Int) -> [String] {
        var lines: [String] = []
        var line: Range<Int>?
        var count = 0
        func append(_ range: Range<Int>) {
            var end = range.upperBound
            while end > range.lowerBound, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[range.lowerBound..<end]), as: UTF8.self))
        }
        // Splitting at every single space keeps runs of spaces (`HIGH  PL009`) inside a line; a break drops them.
        var wordStart = 0
        while true {
            var wordEnd = wordStart
            var wordCount = 0
            while wordEnd < bytes.count, bytes[wordEnd] != UInt8(ascii: " ") {
                // One character per scalar: every byte but UTF-8's continuation bytes starts one.
                if bytes[wordEnd] & 0xC0 != 0x80 { wordCount += 1 }
                wordEnd += 1
            }
            if let current = line {
                if wordCount == 0 || count + 1 + wordCount <= width {
                    line = current.lowerBound..<wordEnd
                    count += 1 + wordCount
                } else {
                    append(current)
                    (line, count) = (wordStart..<wordEnd, wordCount)
                }
            } else if wordCount > 0 {
                (line, count) = (wordStart..<wordEnd, wordCount)
            }
            guard wordEnd < bytes.count else { break }
            wordStart = wordEnd + 1
        }
        if let line { append(line) }
        return lines.isEmpty ? [""] : lines
    }

    /// `lines(_:width:)` character by character, for any text.
    static func characterLines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current: String?
        // Splitting at every single space keeps runs of spaces (`HIGH  PL009`) inside a line; a break drops them.
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            guard let line = current else {
                if !word.isEmpty { current = String(word) }
                continue
            }
            if word.isEmpty || line.count + 1 + word.count <= width {
                current = line + " " + word
            } else {
                lines.append(trimmed(line))
                current = String(word)
            }
        }
        if let current { lines.append(trimmed(current)) }
        return lines.isEmpty ? [""] : lines
    }

    /// The line without trailing spaces.
    private static func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    /// `text` wrapped to `width`, the first line after `label` and the others indented to line up under it.
    static func block(_ text: String, label: String, indent: String, width: Int) -> String {
        let hanging = indent + String(repeating: " ", count: label.count)
        let wrapped = lines(text, width: max(20, width - hanging.count))
        // Gathered as bytes and made a `String` once: appending to a `String` piece by piece costs more than the text.
        var block: [UInt8] = []
        block.reserveCapacity(text.utf8.count + wrapped.count * (hanging.utf8.count + 1) + label.utf8.count)
        for (index, line) in wrapped.enumerated() {
            if index > 0 { block.append(UInt8(ascii: "\n")) }
            block.append(contentsOf: (index == 0 ? indent : hanging).utf8)
            if index == 0 { block.append(contentsOf: label.utf8) }
            block.append(contentsOf: line.utf8)
        }
        return String(decoding: block, as: UTF8.self)
    }
}
