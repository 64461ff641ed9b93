/// Reads the tables of a Markdown text the way GitHub does, for checks on their shape.
enum MarkdownTables {
    /// Each table (a run of lines starting with `|`) as the number of cells of each of its lines.
    static func cellCounts(in markdown: String) -> [[Int]] {
        var tables: [[Int]] = []
        var current: [Int] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                current.append(cells(in: String(line)))
            } else if !current.isEmpty {
                tables.append(current)
                current = []
            }
        }
        if !current.isEmpty { tables.append(current) }
        return tables
    }

    /// The number of cells in a table line: pipes not escaped by a backslash, minus the outer ones.
    static func cells(in line: String) -> Int {
        var pipes = 0
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                pipes += 1
            }
        }
        return pipes - 1
    }
}
