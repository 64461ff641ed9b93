import Mustache

extension StreamingTemplate {
    /// Renders the template with `stack` as mustache's context (the model at the bottom), partials from `partials`.
    func render(
        _ stack: inout [TemplateValue], into output: inout ReportBuffer, partials: [String: StreamingTemplate]
    ) throws {
        try text.withUnsafeBufferPointer { text in
            try render(nodes, text: text, stack: &stack, into: &output, partials: partials)
        }
    }

    /// Renders `nodes`, whose text ranges are in `text` (this template's bytes).
    private func render(
        _ nodes: [Node], text: UnsafeBufferPointer<UInt8>, stack: inout [TemplateValue],
        into output: inout ReportBuffer, partials: [String: StreamingTemplate]
    ) throws {
        /// Renders the section body `body` with `context` pushed on the stack.
        func renderChildren(_ body: Int, with context: TemplateValue, into output: inout ReportBuffer) throws {
            stack.append(context)
            defer { stack.removeLast() }
            try render(bodies[body], text: text, stack: &stack, into: &output, partials: partials)
        }

        // By index: `for node in nodes` handed out a copy of each node for every row.
        for index in nodes.indices {
            switch nodes[index] {
            case .text(let range):
                output.append(UnsafeBufferPointer(rebasing: text[range]))
            case .variable(let key, let isEscaped):
                let escaper = isEscaped ? escaper : nil
                // A text field of the current view is written as lent (`resolve` would find it there first).
                if let viewKey = keys[key].soleViewKey, let top = stack.indices.last,
                    stack[top].withText(viewKey, { Self.write(text: $0, escaper: escaper, to: &output) })
                {
                    continue
                }
                Self.write(Self.resolve(keys[key], in: stack), escaper: escaper, to: &output)
            case .section(let key, let body, let isInverted):
                // As swift-mustache: a list renders once per item, a flag when true (false for `^`), nil never (always
                // for `^`), any other value once with itself as the context.
                switch Self.resolve(keys[key], in: stack) {
                case .flag(let flag):
                    if flag != isInverted {
                        try render(bodies[body], text: text, stack: &stack, into: &output, partials: partials)
                    }
                case .list(let list):
                    if isInverted {
                        if list.count == 0 { try renderChildren(body, with: .list(list), into: &output) }
                    } else {
                        for index in 0..<list.count {
                            try renderChildren(body, with: list.item(at: index), into: &output)
                            try output.flushIfFull()
                        }
                    }
                case .missing:
                    if isInverted {
                        try render(bodies[body], text: text, stack: &stack, into: &output, partials: partials)
                    }
                case .other(let value):
                    try Self.renderSection(body, over: value, isInverted: isInverted, into: &output) {
                        try renderChildren($0, with: $1, into: &$2)
                    }
                case let value:
                    if !isInverted { try renderChildren(body, with: value, into: &output) }
                }
            case .partial(let name):
                guard let partial = partials[partialNames[name]] else { continue }
                try partial.render(&stack, into: &output, partials: partials)
            }
        }
    }

    /// A section over a value only `Mirror` or swift-mustache's protocols tell apart (a chart's geometry).
    private static func renderSection(
        _ children: Int, over value: Any, isInverted: Bool, into output: inout ReportBuffer,
        with renderChildren: (Int, TemplateValue, inout ReportBuffer) throws -> Void
    ) throws {
        switch value {
        case let list as any MustacheSequence:
            if isInverted {
                if isEmpty(list) { try renderChildren(children, .other(value), &output) }
            } else {
                try forEach(list) { item in
                    try renderChildren(children, TemplateValue(any: item), &output)
                    try output.flushIfFull()
                }
            }
        case let flag as Bool:
            if flag != isInverted { try renderChildren(children, .other(value), &output) }
        default:
            if !isInverted { try renderChildren(children, .other(value), &output) }
        }
    }

    /// The value `key` names, looked up as swift-mustache does: `.` is the current value; `.a.b` starts at the current
    /// value; `a.b` starts at the innermost value of the stack that has an `a`.
    private static func resolve(_ key: Key, in stack: [TemplateValue]) -> TemplateValue {
        guard var index = stack.indices.last else { return .missing }
        guard let first = key.components.first else { return stack[index] }
        var found = stack[index].child(first.name, key: first.viewKey)
        // Down the stack (by index: each frame is read in place, not copied) until a value has the first component.
        while !key.isAnchored, case .missing = found, index > 0 {
            index -= 1
            found = stack[index].child(first.name, key: first.viewKey)
        }
        for component in key.components.dropFirst() {
            if case .missing = found { return .missing }
            found = found.child(component.name, key: component.viewKey)
        }
        return found
    }

    /// Appends a value's text, escaped by `escaper` (or as it is without one); nothing for a missing value.
    private static func write(_ value: TemplateValue, escaper: Escaper?, to output: inout ReportBuffer) {
        let text: String
        switch value {
        case .missing: return
        case .text(let string): text = string
        case .number(let number): text = String(number)
        case .flag(let flag): text = flag ? "true" : "false"
        case .object, .fields, .list, .other:
            // swift-mustache prints the value as `String(describing:)` does.
            guard let value = value.anyValue else { return }
            text = String(describing: value)
        }
        write(text: text, escaper: escaper, to: &output)
    }

    /// Appends `text`, escaped by `escaper` (or as it is without one).
    private static func write(text: String, escaper: Escaper?, to output: inout ReportBuffer) {
        switch escaper {
        case .html?: output.appendHTML(text)
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
