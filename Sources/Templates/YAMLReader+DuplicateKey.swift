import Yams

extension YAMLReader {
    /// Where the second occurrence of a duplicated key is written. libyaml (through Yams) reports the first
    /// occurrence only, so the first is renamed in place (one character replaced, positions unchanged) and the
    /// text composed again: the duplicate is then either the next one reported or found in the new tree.
    /// Nil when that cannot be done safely (the caller then reports the first occurrence).
    func secondOccurrence(of key: String, firstAt first: Mark, in text: String) -> Mark? {
        guard let altered = Self.renamingKey(key, at: first, in: text) else { return nil }
        let root: Node?
        do {
            root = try Yams.compose(yaml: altered, Resolver.basic)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            return duplicates.contains(key) ? context.mark : nil
        } catch {
            return nil
        }
        guard let root else { return nil }
        var budget = 10 * text.utf8.count + 1_000
        return Self.sibling(named: key, ofKeyAt: first, in: root, budget: &budget)
    }

    /// `text` with the first character of the key at `mark` replaced by a private-use character; nil if the key
    /// is not where the mark says (line breaks other than LF and CRLF make libyaml's lines differ from ours).
    private static func renamingKey(_ key: String, at mark: Mark, in text: String) -> String? {
        var scalars = Array(text.unicodeScalars)
        let otherBreaks = scalars.indices.contains { index in
            let scalar = scalars[index]
            return ["\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
                || (scalar == "\r" && (index + 1 == scalars.count || scalars[index + 1] != "\n"))
        }
        guard let firstOfKey = key.unicodeScalars.first, !otherBreaks else { return nil }
        var line = 1, index = 0
        while line < mark.line, index < scalars.count {
            if scalars[index] == "\n" { line += 1 }
            index += 1
        }
        var target = index + mark.column - 1
        guard line == mark.line, target < scalars.count else { return nil }
        if scalars[target] == "\"" || scalars[target] == "'" { target += 1 }
        guard target < scalars.count, scalars[target] == firstOfKey else { return nil }
        scalars[target] = "\u{E000}"
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// The mark of the key named `key` in the mapping that also holds the key at `renamed`.
    private static func sibling(named key: String, ofKeyAt renamed: Mark, in node: Node, budget: inout Int) -> Mark? {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .mapping(let mapping):
            func isRenamed(_ key: Node) -> Bool { key.mark?.line == renamed.line && key.mark?.column == renamed.column }
            if mapping.keys.contains(where: isRenamed) {
                return mapping.keys.first { $0.string == key && !isRenamed($0) }?.mark
            }
            for (_, value) in mapping {
                if let found = sibling(named: key, ofKeyAt: renamed, in: value, budget: &budget) { return found }
            }
            return nil
        case .sequence(let sequence):
            for element in sequence {
                if let found = sibling(named: key, ofKeyAt: renamed, in: element, budget: &budget) { return found }
            }
            return nil
        case .scalar, .alias:
            return nil
        }
    }
}
