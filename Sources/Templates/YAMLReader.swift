import Foundation
import PrivateLinkModel
import Yams

/// Reads a YAML template into a `TemplateNode` tree, keeping the line and column of every node.
///
/// Plain scalars are typed by the YAML 1.2 core schema (so `012345678901` and `2012-10-17` stay strings),
/// and CloudFormation short-form tags are rewritten to their long form.
struct YAMLReader {
    /// Short-form tags and the long-form key each stands for.
    static let shortForms: [String: String] = {
        var forms = ["!Ref": "Ref", "!Condition": "Condition"]
        for name in IntrinsicFunction.functionNames { forms["!" + name.dropFirst("Fn::".count)] = name }
        return forms
    }()

    let file: String

    /// Parses `text`; throws `TemplateError.syntax` with the position Yams reports.
    func read(_ text: String) throws -> TemplateNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, Resolver.basic)
        } catch let error as YamlError {
            throw syntaxError(error, in: text)
        }
        guard let root else {
            throw TemplateError.invalidTemplate(message: "the template is empty", at: location(nil))
        }
        // Aliases share nodes, so a few bytes can stand for billions of them: bound what the tree may expand to.
        var budget = Budget(nodes: 10 * text.utf8.count + 1_000)
        return try convert(root, budget: &budget, depth: 0)
    }

    /// The nodes a template may still expand to, and the deepest nesting allowed.
    struct Budget {
        var nodes: Int
        static let maxDepth = 512
    }

    /// Counts one node against the budget.
    private func spend(_ budget: inout Budget, depth: Int, at: TemplateLocation) throws {
        budget.nodes -= 1
        guard budget.nodes >= 0 else {
            throw TemplateError.syntax(
                message: "YAML aliases expand the template far beyond its size (an alias bomb?); refusing it", at: at)
        }
        guard depth <= Budget.maxDepth else {
            throw TemplateError.syntax(message: "the template nests deeper than \(Budget.maxDepth) levels", at: at)
        }
    }

    private func location(_ mark: Mark?) -> TemplateLocation {
        TemplateLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private func convert(_ node: Node, budget: inout Budget, depth: Int) throws -> TemplateNode {
        let at = location(node.mark)
        try spend(&budget, depth: depth, at: at)
        let tag = node.tag.description
        if tag.hasPrefix("!"), !tag.hasPrefix("!!"), tag != "!" {
            guard let key = Self.shortForms[tag] else { throw TemplateError.unknownTag(tag, at: at) }
            let argument: TemplateNode
            if case .scalar(let scalar) = node {
                argument = TemplateNode(content: .scalar(.string(scalar.string)), location: at)
            } else {
                argument = try convertContent(node, at: at, budget: &budget, depth: depth)
            }
            return TemplateNode(content: .mapping([.init(key: key, keyLocation: at, value: argument)]), location: at)
        }
        return try convertContent(node, at: at, budget: &budget, depth: depth)
    }

    private func convertContent(
        _ node: Node, at: TemplateLocation, budget: inout Budget, depth: Int
    ) throws -> TemplateNode {
        switch node {
        case .scalar(let scalar):
            let value = scalar.style == .plain ? Self.coreSchemaValue(scalar.string) : .string(scalar.string)
            return TemplateNode(content: .scalar(value), location: at)
        case .sequence(let sequence):
            var elements: [TemplateNode] = []
            for element in sequence { elements.append(try convert(element, budget: &budget, depth: depth + 1)) }
            return TemplateNode(content: .sequence(elements), location: at)
        case .mapping(let mapping):
            var entries: [TemplateNode.Entry] = []
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw TemplateError.syntax(message: "a mapping key must be a plain string", at: location(key.mark))
                }
                let converted = try convert(value, budget: &budget, depth: depth + 1)
                entries.append(.init(key: keyScalar.string, keyLocation: location(key.mark), value: converted))
            }
            return TemplateNode(content: .mapping(entries), location: at)
        case .alias(let alias):
            throw TemplateError.syntax(message: "unresolved alias *\(alias.anchor)", at: at)
        }
    }

    /// Types a plain scalar by the YAML 1.2 core schema.
    static func coreSchemaValue(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        // Most scalars (names, ids, ARNs) start with a letter: no number does, after an optional sign.
        var bytes = text.utf8.makeIterator()
        var lead = bytes.next()
        if lead == UInt8(ascii: "-") || lead == UInt8(ascii: "+") { lead = bytes.next() }
        guard let lead, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(lead) || lead == UInt8(ascii: ".") else {
            return .string(text)
        }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        let isDecimal = !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
        if isDecimal {
            // A leading zero means an identifier (an account id), not a number.
            if digits.count > 1 && digits.first == "0" { return .string(text) }
            if let value = Int(text) { return .integer(value) }
            return .string(text)
        }
        if isFloatLiteral(digits), let value = Double(text) { return .double(value) }
        return .string(text)
    }

    private static func isFloatLiteral(_ text: Substring) -> Bool {
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        let exponent = text.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.contains(where: { !$0.isEmpty }),
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), parts.count == 2 || !exponent.isEmpty
        else { return false }
        if exponent.isEmpty { return true }
        var digits = exponent.dropFirst()
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
    }

    private func syntaxError(_ error: YamlError, in text: String) -> TemplateError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) (\($0.text) at line \($0.mark.line))" } ?? problem
            return .syntax(message: detail, at: location(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let duplicate = duplicates.first.flatMap { secondOccurrence(of: $0, firstAt: context.mark, in: text) }
            return .syntax(message: "duplicate key \(duplicates.joined(separator: ", "))", at: location(duplicate ?? context.mark))
        case .reader(let problem, let offset, _, _):
            return .syntax(message: problem, at: position(ofOffset: offset ?? 0, in: text))
        default:
            return .syntax(message: "\(error)", at: location(nil))
        }
    }

    private func position(ofOffset offset: Int, in text: String) -> TemplateLocation {
        var line = 1, column = 1
        for scalar in text.unicodeScalars.prefix(offset) {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return TemplateLocation(file: file, line: line, column: column)
    }
}

extension Character {
    /// `0`–`9` only (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
