import PrivateLinkModel

/// Values on one line: plain and quoted scalars, flow collections, short-form tags.
extension SimpleYAMLReader {
    /// The value after `key: ` or `- `, up to (not including) the spaces or comment that end its line.
    mutating func inlineValue(depth: Int) throws(StepAside) -> TemplateNode {
        try node(inFlow: false, depth: depth)
    }

    /// A scalar, flow collection or tagged value starting at `position`.
    mutating func node(inFlow: Bool, depth: Int) throws(StepAside) -> TemplateNode {
        guard depth <= Self.maxDepth else { throw StepAside() }
        switch current {
        case UInt8(ascii: "["): return try flowSequence(depth: depth)
        case UInt8(ascii: "{"): return try flowMapping(depth: depth)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            let at = location
            return TemplateNode(content: .scalar(.string(try quoted())), location: at)
        case UInt8(ascii: "!"): return try tagged(inFlow: inFlow, depth: depth)
        default:
            let at = location
            let text = try plain(inFlow: inFlow)
            return TemplateNode(content: .scalar(YAMLReader.coreSchemaValue(utf8: text)), location: at)
        }
    }

    /// `!Name value`: the long form `{Fn::Name: value}`, every part at the tag's position.
    private mutating func tagged(inFlow: Bool, depth: Int) throws(StepAside) -> TemplateNode {
        let at = location
        let start = position
        position += 1
        while Self.isKeyStart(current), current != UInt8(ascii: "_") { position += 1 }
        let tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard position - start > 1, current == UInt8(ascii: " "), let key = YAMLReader.shortForms[tag] else {
            throw StepAside()
        }
        skipSpaces()
        var argument: TemplateNode
        switch current {
        case 0x0A, UInt8(ascii: "#"), UInt8(ascii: "!"):
            throw StepAside()
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            argument = try node(inFlow: inFlow, depth: depth)
            argument.location = at
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            argument = TemplateNode(content: .scalar(.string(try quoted())), location: at)
        default:
            let text = String(decoding: try plain(inFlow: inFlow), as: UTF8.self)
            argument = TemplateNode(content: .scalar(.string(text)), location: at)
        }
        return TemplateNode(content: .mapping([.init(key: key, keyLocation: at, value: argument)]), location: at)
    }

    /// `[a, b, …]` on one line.
    private mutating func flowSequence(depth: Int) throws(StepAside) -> TemplateNode {
        let at = location
        position += 1
        skipSpaces()
        var elements: [TemplateNode] = []
        if current == UInt8(ascii: "]") {
            position += 1
            return TemplateNode(content: .sequence(elements), location: at)
        }
        while true {
            elements.append(try node(inFlow: true, depth: depth + 1))
            skipSpaces()
            if current == UInt8(ascii: "]") { break }
            try flowSeparator(before: UInt8(ascii: "]"))
        }
        position += 1
        return TemplateNode(content: .sequence(elements), location: at)
    }

    /// `{Key: value, …}` on one line, with plain keys.
    private mutating func flowMapping(depth: Int) throws(StepAside) -> TemplateNode {
        let at = location
        position += 1
        skipSpaces()
        var entries: [TemplateNode.Entry] = []
        if current == UInt8(ascii: "}") {
            position += 1
            return TemplateNode(content: .mapping(entries), location: at)
        }
        while true {
            let keyAt = location
            let key = try blockKey()
            guard current == UInt8(ascii: " "), !entries.contains(where: { $0.key == key }) else { throw StepAside() }
            skipSpaces()
            guard current != UInt8(ascii: ","), current != UInt8(ascii: "}") else { throw StepAside() }
            entries.append(.init(key: key, keyLocation: keyAt, value: try node(inFlow: true, depth: depth + 1)))
            skipSpaces()
            if current == UInt8(ascii: "}") { break }
            try flowSeparator(before: UInt8(ascii: "}"))
        }
        position += 1
        return TemplateNode(content: .mapping(entries), location: at)
    }

    /// A `,` and the spaces after it; steps aside for anything else, or a trailing comma.
    private mutating func flowSeparator(before end: UInt8) throws(StepAside) {
        guard current == UInt8(ascii: ",") else { throw StepAside() }
        position += 1
        skipSpaces()
        guard current != end, current != 0x0A else { throw StepAside() }
    }

    /// A plain scalar's text: in a block, to the end of the line or a comment; in a flow, also to `,`, `[`, `]`,
    /// `{`, `}` or `: `. Steps aside where libyaml would read a key, an indicator or an error instead.
    private mutating func plain(inFlow: Bool) throws(StepAside) -> UnsafeBufferPointer<UInt8> {
        let first = current
        if Self.isIndicator(first) {
            // `-` may start a plain scalar when a non-space follows (`-3`), as long as it is not a flow indicator.
            let next = byte(at: position + 1)
            guard first == UInt8(ascii: "-"), next != UInt8(ascii: " "), next != 0x0A, !Self.isFlowIndicator(next)
            else {
                throw StepAside()
            }
        }
        let start = position
        var end = position
        while true {
            let byte = current
            if byte == 0x0A { break }
            if byte == UInt8(ascii: " ") {
                skipSpaces()
                if current == 0x0A || current == UInt8(ascii: "#") { break }
                if inFlow, Self.isFlowIndicator(current) || current == UInt8(ascii: ":") { break }
                continue
            }
            if byte == UInt8(ascii: ":") {
                let next = self.byte(at: position + 1)
                // `: ` would make the text a key; in a flow, `:` before an indicator is an error.
                if next == UInt8(ascii: " ") || next == 0x0A
                    || (inFlow && (Self.isFlowIndicator(next) || next == UInt8(ascii: "?")))
                {
                    if inFlow && next == UInt8(ascii: " ") { break }
                    throw StepAside()
                }
            } else if inFlow, Self.isFlowIndicator(byte) {
                break
            }
            position += 1
            end = position
        }
        guard end > start else { throw StepAside() }
        // In a flow, what ends the scalar must be a separator or the end of the collection.
        if inFlow {
            skipSpaces()
            guard current == UInt8(ascii: ",") || current == UInt8(ascii: "]") || current == UInt8(ascii: "}") else {
                throw StepAside()
            }
        }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A single- or double-quoted scalar on one line; steps aside for escapes other than `\\ \" \/ \n \t`.
    private mutating func quoted() throws(StepAside) -> String {
        let quote = current
        position += 1
        let start = position
        var text: [UInt8]?
        while true {
            let byte = current
            if byte == 0x0A { throw StepAside() }
            if byte == quote {
                // `''` inside single quotes is one quote.
                guard quote == UInt8(ascii: "'"), self.byte(at: position + 1) == quote else { break }
                if text == nil { text = Array(bytes[start..<position]) }
                text!.append(quote)
                position += 2
                continue
            }
            if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                if text == nil { text = Array(bytes[start..<position]) }
                switch self.byte(at: position + 1) {
                case UInt8(ascii: "\\"): text!.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\""): text!.append(UInt8(ascii: "\""))
                case UInt8(ascii: "/"): text!.append(UInt8(ascii: "/"))
                case UInt8(ascii: "n"): text!.append(0x0A)
                case UInt8(ascii: "t"): text!.append(0x09)
                default: throw StepAside()
                }
                position += 2
                continue
            }
            text?.append(byte)
            position += 1
        }
        let value =
            text.map { String(decoding: $0, as: UTF8.self) }
            ?? String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        position += 1
        return value
    }

    /// Characters that cannot start a plain scalar (YAML's indicators).
    static func isIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
            UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"),
            UInt8(ascii: "!"),
            UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"),
            UInt8(ascii: "@"),
            UInt8(ascii: "`"):
            true
        default:
            false
        }
    }

    static func isFlowIndicator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "{")
            || byte == UInt8(ascii: "}")
    }
}
