/// Word wrapping for the terminal: lines break at spaces only, so an identifier is never split or cut.
enum TextWrap {
    /// `text` broken into lines of at most `width` characters where a word allows; a word longer than the
    /// width gets a line of its own, whole.
    static func lines(_ text: String, width: Int) -> [String] {
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
