/// Word wrapping for the terminal: lines break at spaces only, so an identifier is never split or cut.
enum TextWrap {
    /// `text` broken into lines of at most `width` characters where a word allows; a word longer than the
    /// width gets a line of its own, whole.
    static func lines(_ text: String, width: Int) -> [String] {
        var text = text
        // ASCII text (but CR, which joins LF into one character) is wrapped on its bytes: every byte is a character.
        let ascii: [String]? = text.withUTF8 { bytes in
            bytes.allSatisfy { $0 < 0x80 && $0 != 0x0D } ? asciiLines(bytes, width: width) : nil
        }
        return ascii ?? characterLines(text, width: width)
    }

    /// `lines(_:width:)` over the bytes of ASCII text. A line is always a stretch of the text (words joined by the
    /// single spaces between them), so it is cut out of the bytes rather than built word by word.
    private static func asciiLines(_ bytes: UnsafeBufferPointer<UInt8>, width: Int) -> [String] {
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
            while wordEnd < bytes.count, bytes[wordEnd] != UInt8(ascii: " ") { wordEnd += 1 }
            let wordCount = wordEnd - wordStart
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
        return wrapped.enumerated().map { index, line in (index == 0 ? indent + label : hanging) + line }
            .joined(separator: "\n")
    }
}
