/// Word wrapping for the terminal: lines break at spaces only, so an identifier is never split or cut.
enum TextWrap {
    /// `text` broken into lines of at most `width` characters where a word allows; a word longer than the
    /// width gets a line of its own, whole.
    static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current: String?
        // The characters of `current`, kept as it grows: counting the whole line again for every word made long
        // lines quadratic. In ASCII text (but CR LF, one character) the counts add up; elsewhere a space and a word can
        // join into one character, so the joined line is counted.
        var count = 0
        var isASCII = true
        // Splitting at every single space keeps runs of spaces (`HIGH  PL009`) inside a line; a break drops them.
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordIsASCII = word.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
            let wordCount = wordIsASCII ? word.utf8.count : word.count
            guard let line = current else {
                if !word.isEmpty { (current, count, isASCII) = (String(word), wordCount, wordIsASCII) }
                continue
            }
            if word.isEmpty || count + 1 + wordCount <= width {
                let joined = line + " " + word
                (current, isASCII) = (joined, isASCII && wordIsASCII)
                count = isASCII ? count + 1 + wordCount : joined.count
            } else {
                lines.append(trimmed(line))
                (current, count, isASCII) = (String(word), wordCount, wordIsASCII)
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
