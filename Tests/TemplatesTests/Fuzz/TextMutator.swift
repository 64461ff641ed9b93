import Foundation
import TestSupport

/// Line- and character-level mutations of a YAML or JSON template, named for the printed counts.
enum TextMutation: String, CaseIterable, Sendable {
    case truncate, replaceCharacter, deleteLine, duplicateLine, swapLines, reindent, insertToken, deepNesting, aliases

    /// Characters and tokens that mean something to YAML, JSON or CloudFormation.
    static let tokens = [
        ":", "-", "- ", "{", "}", "[", "]", ",", "\"", "'", "#", "&a ", "*a", "!", "!Ref", "!Reff", "!GetAtt",
        "!Sub", "!!binary", "!!int", "<<: *a", "|", ">", "?", "%YAML 1.2\n", "---\n", "...\n", "\t", "\n", "\u{0}",
        "\u{FEFF}", "\\u0000", "\\ud800", "${", "${AWS::Region}", "${Missing}", "Fn::Nope", "Ref", "Condition",
        "1e999", "-0", "0x1F", "012", "null", "~", "true", "é", "日本", "\u{1F600}", "\r", "\u{2028}",
    ]
    /// The deepest nesting the generator writes.
    static let maxDepth = 200

    /// Applies this mutation to `text`.
    func apply(to text: String, using rng: inout SeededGenerator) -> String {
        var characters = Array(text)
        var lines = text.components(separatedBy: "\n")
        let position = Int.random(in: 0...characters.count, using: &rng)
        let line = Int.random(in: 0..<max(lines.count, 1), using: &rng)
        switch self {
        case .truncate:
            return String(characters.prefix(position))
        case .replaceCharacter:
            guard position < characters.count else { return text }
            characters[position] = Self.tokens.randomElement(using: &rng)!.first ?? "x"
            return String(characters)
        case .deleteLine:
            if !lines.isEmpty { lines.remove(at: line) }
        case .duplicateLine:
            if !lines.isEmpty { lines.insert(lines[line], at: line) }
        case .swapLines:
            if !lines.isEmpty { lines.swapAt(line, Int.random(in: 0..<lines.count, using: &rng)) }
        case .reindent:
            if !lines.isEmpty {
                let shift = Int.random(in: -4...4, using: &rng)
                lines[line] =
                    shift >= 0
                    ? String(repeating: " ", count: shift) + lines[line]
                    : String(lines[line].drop { $0 == " " }.prefix(Int.max))
            }
        case .insertToken:
            characters.insert(contentsOf: Self.tokens.randomElement(using: &rng)!, at: position)
            return String(characters)
        case .deepNesting:
            let depth = Int.random(in: 1...Self.maxDepth, using: &rng)
            let value = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
            characters.insert(contentsOf: value, at: position)
            return String(characters)
        case .aliases:
            let anchor = "a\(Int.random(in: 0...3, using: &rng))"
            let forms = ["&\(anchor) [x, y]", "*\(anchor)", "[*\(anchor), *\(anchor), *\(anchor)]", "<<: *\(anchor)"]
            characters.insert(contentsOf: " " + forms.randomElement(using: &rng)!, at: position)
            return String(characters)
        }
        return lines.joined(separator: "\n")
    }
}
