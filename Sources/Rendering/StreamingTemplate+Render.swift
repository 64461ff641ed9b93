import Mustache

extension StreamingTemplate {
    /// One value of mustache's context stack, with its `MustacheParent` conformance looked up once, when pushed.
    struct Frame {
        let value: Any
        let parent: (any MustacheParent)?

        init(_ value: Any) {
            self.value = value
            // Text is the most common value pushed (`{{#.remediation}}`) and answers no key: no conformance lookup.
            parent = value is String ? nil : value as? any MustacheParent
        }
    }

    /// Renders the template with `stack` as mustache's context (the model at the bottom), partials from `partials`.
    func render(_ stack: inout [Frame], into output: inout ReportBuffer, partials: [String: StreamingTemplate]) throws {
        try Self.render(nodes, escaper: escaper, stack: &stack, into: &output, partials: partials)
    }

    private static func render(
        _ nodes: [Node], escaper: Escaper, stack: inout [Frame], into output: inout ReportBuffer,
        partials: [String: StreamingTemplate]
    ) throws {
        for node in nodes {
            switch node {
            case .text(let bytes):
                output.append(bytes)
            case .variable(let key, let isEscaped):
                guard let value = resolve(key, in: stack) else { continue }
                write(value, escaper: isEscaped ? escaper : nil, to: &output)
            case .section(let key, let children, let isInverted):
                // As swift-mustache: a list renders once per item, a flag when true (false for `^`), nil never (always
                // for `^`), any other value once with itself as the context.
                let value = resolve(key, in: stack)
                // A flag or a text is told apart by a cast to its own type, before the costlier protocol cast; no
                // value is both a flag and a list.
                if let flag = value as? Bool {
                    if flag != isInverted {
                        try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                    }
                    continue
                }
                switch value {
                case is String:
                    guard !isInverted, let value else { continue }
                    stack.append(Frame(value))
                    try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                    stack.removeLast()
                case let list as any MustacheSequence:
                    if isInverted {
                        guard isEmpty(list) else { continue }
                        stack.append(Frame(list))
                        try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                        stack.removeLast()
                    } else {
                        try forEach(list) { item in
                            stack.append(Frame(item))
                            try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                            stack.removeLast()
                            try output.flushIfFull()
                        }
                    }
                case let flag as Bool:
                    if flag != isInverted {
                        try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                    }
                case .some(let value):
                    guard !isInverted else { continue }
                    stack.append(Frame(value))
                    try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                    stack.removeLast()
                case .none:
                    if isInverted {
                        try render(children, escaper: escaper, stack: &stack, into: &output, partials: partials)
                    }
                }
            case .partial(let name):
                guard let partial = partials[name] else { continue }
                try partial.render(&stack, into: &output, partials: partials)
            }
        }
    }

    /// The value `key` names, looked up as swift-mustache does: `.` is the current value; `.a.b` starts at the current
    /// value; `a.b` starts at the innermost value of the stack that has an `a`.
    private static func resolve(_ key: Key, in stack: [Frame]) -> Any? {
        guard let top = stack.last else { return nil }
        guard let first = key.components.first else { return top.value }
        var found: Any?
        if key.isAnchored {
            found = child(first, of: top)
        } else {
            for frame in stack.reversed() {
                if let value = child(first, of: frame) {
                    found = value
                    break
                }
            }
        }
        for component in key.components.dropFirst() {
            guard let object = found else { return nil }
            found = child(component, of: Frame(object))
        }
        return found
    }

    /// The child `name` of a value: its `MustacheParent` answer, else its stored property of that name (unwrapped).
    private static func child(_ name: String, of frame: Frame) -> Any? {
        if let parent = frame.parent { return parent.child(named: name) }
        guard let value = Mirror(reflecting: frame.value).children.first(where: { $0.label == name })?.value else {
            return nil
        }
        return unwrapped(value)
    }

    /// The value inside an optional (nil when it is nil); any other value as it is.
    private static func unwrapped(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }

    /// Appends a value's text, escaped by `escaper` (or as it is without one).
    private static func write(_ value: Any, escaper: Escaper?, to output: inout ReportBuffer) {
        let text: String
        switch value {
        case let string as String: text = string
        case let number as Int: text = String(number)
        case let flag as Bool: text = flag ? "true" : "false"
        default:
            // swift-mustache prints an optional's wrapped value, not `Optional(…)`.
            let mirror = Mirror(reflecting: value)
            text = String(describing: mirror.displayStyle == .optional ? mirror.children.first?.value ?? value : value)
        }
        switch escaper {
        case .html?: Escaping.appendHTML(text, to: &output.bytes)
        case .markdown?: output.append(Escaping.markdown(text))
        case nil: output.append(text)
        }
    }

    /// Calls `body` with each item of a list.
    private static func forEach(_ list: some Sequence, _ body: (Any) throws -> Void) rethrows {
        for item in list { try body(item) }
    }

    /// Whether a list has no items.
    private static func isEmpty(_ list: some Sequence) -> Bool {
        var iterator = list.makeIterator()
        return iterator.next() == nil
    }
}
