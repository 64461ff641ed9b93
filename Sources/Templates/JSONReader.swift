import PrivateLinkModel

/// Reads JSON into a `TemplateNode` tree, keeping the line and column of every value.
///
/// A small recursive-descent parser (RFC 8259): Foundation's parser reports no positions, and libyaml
/// rejects some valid JSON (tabs as indentation).
struct JSONReader {
    let file: String
    private var scalars: [Unicode.Scalar] = []
    private var index = 0
    private var line = 1
    private var column = 1

    init(file: String) {
        self.file = file
    }

    /// Parses `text`; throws `TemplateError.syntax` at the first offending character.
    mutating func read(_ text: String) throws -> TemplateNode {
        scalars = Array(text.unicodeScalars)
        index = 0
        line = 1
        column = 1
        if scalars.first == "\u{FEFF}" { index = 1 }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index < scalars.count { throw error("unexpected \(describe(scalars[index])) after the end of the JSON value") }
        return value
    }

    private var here: TemplateLocation { TemplateLocation(file: file, line: line, column: column) }

    private func error(_ message: String) -> TemplateError { .syntax(message: message, at: here) }

    private func describe(_ scalar: Unicode.Scalar) -> String { "character '\(Character(scalar))'" }

    private mutating func advance() {
        if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { advance() }
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws {
        guard index < scalars.count else { throw error("unexpected end of input, expected '\(scalar)'") }
        guard scalars[index] == scalar else { throw error("expected '\(scalar)', found \(describe(scalars[index]))") }
        advance()
    }

    private mutating func parseValue() throws -> TemplateNode {
        guard index < scalars.count else { throw error("unexpected end of input, expected a value") }
        let start = here
        switch scalars[index] {
        case "{": return TemplateNode(content: .mapping(try parseObject()), location: start)
        case "[": return TemplateNode(content: .sequence(try parseArray()), location: start)
        case "\"": return TemplateNode(content: .scalar(.string(try parseString())), location: start)
        case "t": try parseWord("true"); return TemplateNode(content: .scalar(.bool(true)), location: start)
        case "f": try parseWord("false"); return TemplateNode(content: .scalar(.bool(false)), location: start)
        case "n": try parseWord("null"); return TemplateNode(content: .scalar(.null), location: start)
        case "-", "0"..."9": return TemplateNode(content: .scalar(try parseNumber()), location: start)
        default: throw error("unexpected \(describe(scalars[index])), expected a value")
        }
    }

    private mutating func parseWord(_ word: String) throws {
        for expected in word.unicodeScalars {
            guard index < scalars.count, scalars[index] == expected else { throw error("invalid literal, expected \(word)") }
            advance()
        }
    }

    private mutating func parseObject() throws -> [TemplateNode.Entry] {
        try expect("{")
        var entries: [TemplateNode.Entry] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "}" { advance(); return entries }
        while true {
            skipWhitespace()
            let keyLocation = here
            guard index < scalars.count else { throw error("unexpected end of input, expected a key") }
            guard scalars[index] == "\"" else { throw error("expected a quoted key, found \(describe(scalars[index]))") }
            let key = try parseString()
            if entries.contains(where: { $0.key == key }) {
                throw TemplateError.syntax(message: "duplicate key \(key)", at: keyLocation)
            }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            entries.append(.init(key: key, keyLocation: keyLocation, value: try parseValue()))
            skipWhitespace()
            guard index < scalars.count else { throw error("unexpected end of input, expected ',' or '}'") }
            if scalars[index] == "}" { advance(); return entries }
            try expect(",")
        }
    }

    private mutating func parseArray() throws -> [TemplateNode] {
        try expect("[")
        var elements: [TemplateNode] = []
        skipWhitespace()
        if index < scalars.count, scalars[index] == "]" { advance(); return elements }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard index < scalars.count else { throw error("unexpected end of input, expected ',' or ']'") }
            if scalars[index] == "]" { advance(); return elements }
            try expect(",")
        }
    }

    private mutating func parseString() throws -> String {
        try expect("\"")
        var result = String.UnicodeScalarView()
        while true {
            guard index < scalars.count else { throw error("unexpected end of input inside a string") }
            let scalar = scalars[index]
            if scalar == "\"" { advance(); return String(result) }
            if scalar.value < 0x20 { throw error("control character in a string") }
            if scalar != "\\" { result.append(scalar); advance(); continue }
            advance()
            guard index < scalars.count else { throw error("unexpected end of input inside a string") }
            let escaped = scalars[index]
            advance()
            switch escaped {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "/": result.append("/")
            case "b": result.append("\u{08}")
            case "f": result.append("\u{0C}")
            case "n": result.append("\n")
            case "r": result.append("\r")
            case "t": result.append("\t")
            case "u": result.append(try parseUnicodeEscape())
            default: throw error("invalid escape \\\(Character(escaped))")
            }
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < scalars.count, let digit = Character(scalars[index]).hexDigitValue else {
                throw error("invalid \\u escape, expected four hex digits")
            }
            value = value * 16 + UInt32(digit)
            advance()
        }
        return value
    }

    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800..<0xDC00).contains(high) {
            guard index + 1 < scalars.count, scalars[index] == "\\", scalars[index + 1] == "u" else {
                throw error("unpaired surrogate in \\u escape")
            }
            advance()
            advance()
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low),
                  let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) else {
                throw error("invalid surrogate pair in \\u escape")
            }
            return scalar
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("unpaired surrogate in \\u escape") }
        return scalar
    }

    private mutating func parseNumber() throws -> JSONValue {
        var text = ""
        while index < scalars.count, "+-0123456789.eE".unicodeScalars.contains(scalars[index]) {
            text.unicodeScalars.append(scalars[index])
            advance()
        }
        if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = Int(text) {
            return .integer(value)
        }
        guard let value = Double(text), text.first?.isNumber == true || text.hasPrefix("-") else {
            throw error("invalid number \(text)")
        }
        return .double(value)
    }
}
