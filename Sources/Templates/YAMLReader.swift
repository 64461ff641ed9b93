internal import CYaml
import PrivateLinkModel

/// Reads a YAML template into a `TemplateNode` tree, keeping the line and column of every node.
///
/// Plain scalars are typed by the YAML 1.2 core schema (so `012345678901` and `2012-10-17` stay strings),
/// and CloudFormation short-form tags are rewritten to their long form. The tree is built straight from
/// libyaml's events (the copy Yams vendors): no intermediate document tree.
struct YAMLReader {
    /// Short-form tags and the long-form key each stands for.
    static let shortForms: [String: String] = {
        var forms = ["!Ref": "Ref", "!Condition": "Condition"]
        for name in IntrinsicFunction.functionNames { forms["!" + name.dropFirst("Fn::".count)] = name }
        return forms
    }()

    let file: String

    /// Parses `text`; throws `TemplateError.syntax` at the position libyaml reports, or where the tree breaks
    /// a rule of plinv's (a duplicate key, an unknown tag, a key that is not a scalar, an alias bomb).
    ///
    /// Text in the plain subset `SimpleYAMLReader` reads is read by it (the same tree, several times faster);
    /// anything else, and every error, by libyaml.
    func read(_ text: String) throws -> TemplateNode {
        var contiguous = text
        if let tree = contiguous.withUTF8({ SimpleYAMLReader.read($0, file: file) }) { return tree }
        return try readWithLibYAML(text)
    }

    /// Parses `text` with libyaml, whatever it holds.
    func readWithLibYAML(_ text: String) throws -> TemplateNode {
        var contiguous = text
        return try contiguous.withUTF8 { bytes in
            guard bytes.baseAddress == nil else { return try read(text, bytes: bytes) }
            // libyaml wants a non-null pointer even for no input.
            var none: UInt8 = 0
            return try withUnsafePointer(to: &none) { try read(text, bytes: UnsafeBufferPointer(start: $0, count: 0)) }
        }
    }

    private func read(_ text: String, bytes: UnsafeBufferPointer<UInt8>) throws -> TemplateNode {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        guard yaml_parser_initialize(parser) == 1 else {
            parser.deallocate()
            throw TemplateError.syntax(message: "Memory error", at: location(line: 1, column: 1))
        }
        defer {
            yaml_parser_delete(parser)
            parser.deallocate()
        }
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        var event = yaml_event_t()
        defer { yaml_event_delete(&event) }
        /// The next event in `event` (the previous one freed).
        func next() throws {
            yaml_event_delete(&event)
            guard yaml_parser_parse(parser, &event) == 1 else { throw syntaxError(parser.pointee, in: text) }
        }

        try next()  // the stream start
        try next()
        guard event.type != YAML_STREAM_END_EVENT else {
            throw TemplateError.invalidTemplate(message: "the template is empty", at: location(line: 1, column: 1))
        }
        // Aliases share nodes, so a few bytes can stand for billions of them: bound what the tree may expand to.
        var builder = YAMLTreeBuilder(file: file, budget: 10 * bytes.count + 1_000)
        repeat {
            try next()
            try add(event, to: &builder)
        } while !builder.isComplete
        try next()  // the document end
        try next()
        guard event.type == YAML_STREAM_END_EVENT else {
            throw TemplateError.syntax(
                message: "but found another document (expected a single document in the stream at line 1)",
                at: start(of: event))
        }
        return try builder.finish()
    }

    /// Hands one node event to the builder.
    private func add(_ event: yaml_event_t, to builder: inout YAMLTreeBuilder) throws {
        let at = start(of: event)
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            // As Yams resolves tags: a quoted scalar without a tag, `!` and `!!str` are all plain strings.
            var tag = scalar.quoted_implicit == 1 ? nil : Self.string(scalar.tag)
            if tag == "!" || tag == "tag:yaml.org,2002:str" { tag = nil }
            var value = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            // Yams decoded scalars with Foundation, which drops a leading byte order mark.
            if value.starts(with: [0xEF, 0xBB, 0xBF]) { value = UnsafeBufferPointer(rebasing: value.dropFirst(3)) }
            builder.scalar(
                value, tag: tag,
                isPlain: scalar.style == YAML_PLAIN_SCALAR_STYLE, anchor: Self.string(scalar.anchor), at: at)
        case YAML_SEQUENCE_START_EVENT:
            let start = event.data.sequence_start
            builder.startCollection(
                isMapping: false, tag: start.implicit != 0 ? nil : Self.string(start.tag),
                anchor: Self.string(start.anchor), at: at)
        case YAML_MAPPING_START_EVENT:
            let start = event.data.mapping_start
            builder.startCollection(
                isMapping: true, tag: start.implicit != 0 ? nil : Self.string(start.tag),
                anchor: Self.string(start.anchor), at: at)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try builder.endCollection()
        case YAML_ALIAS_EVENT:
            try builder.alias(Self.string(event.data.alias.anchor) ?? "", at: at)
        default:
            throw TemplateError.syntax(message: "unexpected YAML event \(event.type.rawValue)", at: at)
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private func location(line: Int, column: Int) -> TemplateLocation {
        TemplateLocation(file: file, line: line, column: column)
    }

    private func start(of event: yaml_event_t) -> TemplateLocation {
        location(line: event.start_mark.line + 1, column: event.start_mark.column + 1)
    }

    /// libyaml's error as `TemplateError.syntax`, worded and placed as Yams reported it.
    private func syntaxError(_ parser: yaml_parser_t, in text: String) -> TemplateError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            let index = text.utf8.index(
                text.utf8.startIndex, offsetBy: parser.problem_offset, limitedBy: text.utf8.endIndex)?
                .samePosition(in: text)
            let offset = index.map { text.distance(from: text.startIndex, to: $0) } ?? 0
            return .syntax(message: problem, at: position(ofOffset: offset, in: text))
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR, YAML_COMPOSER_ERROR:
            let detail =
                parser.context.map { "\(problem) (\(String(cString: $0)) at line \(parser.context_mark.line + 1))" }
                ?? problem
            return .syntax(
                message: detail,
                at: location(line: parser.problem_mark.line + 1, column: parser.problem_mark.column + 1))
        case YAML_MEMORY_ERROR:
            return .syntax(message: "Memory error", at: location(line: 1, column: 1))
        default:
            return .syntax(message: problem, at: location(line: 1, column: 1))
        }
    }

    private func position(ofOffset offset: Int, in text: String) -> TemplateLocation {
        var line = 1, column = 1
        for scalar in text.unicodeScalars.prefix(offset) {
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return location(line: line, column: column)
    }
}
