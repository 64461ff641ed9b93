/// Word wrapping for the terminal: lines break at spaces only, so an identifier is never split or cut.
enum TextWrap {
    /// `text` broken into lines of at most `width` characters where a word allows; a word longer than the
    /// width gets a line of its own, whole.
    static func lines(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// `text` wrapped to `width`, the first line after `label` and the others indented to line up under it.
    static func block(_ text: String, label: String, indent: String, width: Int) -> String {
        let hanging = indent + String(repeating: " ", count: label.count)
        let wrapped = lines(text, width: max(20, width - hanging.count))
        return wrapped.enumerated().map { index, line in (index == 0 ? indent + label : hanging) + line }
            .joined(separator: "\n")
    }
}
