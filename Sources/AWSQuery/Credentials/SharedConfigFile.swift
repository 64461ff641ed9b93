import Foundation

/// One AWS shared config or credentials file read as INI sections, the way botocore's `configparser` reads it.
///
/// Supported: `[section]` headers (text after the closing `]`, such as `; comment`, is ignored), `key = value` and `key: value` lines (keys lowercased), full-line comments
/// starting with `#` or `;`, and indented continuation lines. A key with an empty value followed by indented
/// `name = value` lines is a nested sub-section (`ec2 =` / `  endpoint_url = …` in a `[services X]` section).
/// Parse errors name the file and line but never quote the line, which may hold a secret.
public struct SharedConfigFile: Sendable, Hashable {
    /// One `[name]` section.
    public struct Section: Sendable, Hashable {
        /// The header between the brackets, trimmed (e.g. `profile prod`, `default`, `services local`).
        public var name: String
        /// Plain `key = value` settings.
        public var values: [String: String]
        /// Nested sub-sections such as `ec2 =` followed by indented `endpoint_url = …`.
        public var subsections: [String: [String: String]]
        /// The line of the header, for messages.
        public var line: Int
    }

    /// The path the text was read from (or a label), used in messages.
    public var path: String
    /// The sections in file order.
    public var sections: [Section]

    /// Parses INI text. `path` only labels errors.
    /// - Throws: `CredentialError.configParse` with the file and line of the first malformed line.
    public init(parsing text: String, path: String) throws {
        self.path = path
        self.sections = try Parser(path: path).parse(text)
    }

    /// Reads and parses the file at `path`; nil when there is no such file.
    /// - Throws: `CredentialError.configParse`, or `.fileUnreadable` when the file exists but cannot be read.
    public static func load(path: String) throws -> SharedConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        // FileManager.contents(atPath:) gives nil for character devices such as /dev/null, which users
        // point AWS_CONFIG_FILE at to ignore a config file: read through FileHandle instead.
        guard let handle = FileHandle(forReadingAtPath: path), let data = try? handle.readToEnd() ?? Data() else {
            throw CredentialError.fileUnreadable(path: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CredentialError.configParse(file: path, line: 1, reason: "the file is not UTF-8 text")
        }
        return try SharedConfigFile(parsing: text, path: path)
    }

    /// The section whose header is exactly `name`.
    public func section(named name: String) -> Section? { sections.first { $0.name == name } }
}

/// Line-by-line INI reader.
private struct Parser {
    let path: String

    /// The key being read, kept open for continuation lines.
    private struct OpenKey {
        var name: String
        var indent: Int
        var line: Int
        var lines: [(text: String, line: Int)]
    }

    func parse(_ text: String) throws -> [SharedConfigFile.Section] {
        var sections: [SharedConfigFile.Section] = []
        var openKey: OpenKey?
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (index, rawLine) in lines.enumerated() {
            let number = index + 1
            let line = String(rawLine)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed.hasPrefix(";") { continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count
            if let key = openKey, indent > key.indent {
                openKey?.lines.append((trimmed, number))
                continue
            }
            if let key = openKey {
                try close(key, into: &sections)
                openKey = nil
            }
            if trimmed.hasPrefix("[") {
                // As configparser's `\[(?P<header>.+)\]`: up to the last `]`; what follows (`; comment`) is ignored.
                guard let close = trimmed.lastIndex(of: "]"), trimmed.distance(from: trimmed.startIndex, to: close) > 1
                else {
                    throw error(number, "a section header must look like [name]")
                }
                let name = trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingCharacters(
                    in: .whitespaces)
                guard !name.isEmpty else { throw error(number, "empty section name") }
                if sections.contains(where: { $0.name == name }) {
                    throw error(number, "section [\(name)] appears twice")
                }
                sections.append(.init(name: name, values: [:], subsections: [:], line: number))
                continue
            }
            guard !sections.isEmpty else { throw error(number, "a setting appears before any [section] header") }
            guard let separator = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw error(number, "expected 'name = value'")
            }
            let name = trimmed[..<separator].trimmingCharacters(in: .whitespaces).lowercased()
            guard !name.isEmpty else { throw error(number, "a setting has no name") }
            let value = trimmed[trimmed.index(after: separator)...].trimmingCharacters(in: .whitespaces)
            openKey = OpenKey(name: name, indent: indent, line: number, lines: [(value, number)])
        }
        if let key = openKey { try close(key, into: &sections) }
        return sections
    }

    /// Stores a finished key in the last section, as a plain value or as a nested sub-section.
    private func close(_ key: OpenKey, into sections: inout [SharedConfigFile.Section]) throws {
        let last = sections.count - 1
        if sections[last].values[key.name] != nil || sections[last].subsections[key.name] != nil {
            throw error(key.line, "'\(key.name)' is set twice in [\(sections[last].name)]")
        }
        if key.lines.count > 1 && key.lines[0].text.isEmpty {
            var nested: [String: String] = [:]
            for (line, number) in key.lines.dropFirst() {
                guard let equals = line.firstIndex(of: "=") else {
                    throw error(number, "expected 'name = value' inside '\(key.name)'")
                }
                let name = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                nested[name] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
            sections[last].subsections[key.name] = nested
        } else {
            sections[last].values[key.name] = key.lines.map(\.text).joined(separator: "\n")
        }
    }

    private func error(_ line: Int, _ reason: String) -> CredentialError {
        .configParse(file: path, line: line, reason: reason)
    }
}
