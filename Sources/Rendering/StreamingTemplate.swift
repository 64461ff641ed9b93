import Mustache

/// A report template that renders straight into a `ReportBuffer`, row by row, escaping each value in bulk.
///
/// It is built from swift-mustache's own parse of the template (so whitespace, standalone lines and sections are
/// exactly mustache's), read once when the template set loads, and renders what plinv's templates use: text,
/// `{{name}}` and dotted names with mustache's context-stack lookup, sections, inverted sections and unindented
/// partials. A template using anything else (lambdas, transforms, inheritance, indented partials, another content
/// type) has no streaming form, and `TemplateSet` renders that set with swift-mustache instead.
struct StreamingTemplate: Sendable {
    /// How `{{name}}` escapes a value in this template.
    enum Escaper: Sendable {
        case html
        case markdown
    }

    /// A name as the template writes it: `.` (the current value), `a.b` (looked up the context stack), `.a` (only in
    /// the current value).
    struct Key: Sendable, Equatable {
        /// One dotted component: its name, and the view key of that name when a view has one.
        struct Component: Sendable, Equatable {
            let name: String
            let viewKey: TemplateKey?

            init(_ name: Substring) {
                self.name = String(name)
                viewKey = TemplateKey(rawValue: self.name)
            }
        }

        /// The dotted components; empty for `.`.
        let components: [Component]
        /// Whether the first component is looked up in the current value only.
        let isAnchored: Bool
        /// The view key of a name of one component (which is looked up in the current value first).
        let soleViewKey: TemplateKey?

        init(_ name: String) {
            components = name.split(separator: ".").map(Component.init)
            isAnchored = name.first == "."
            soleViewKey = components.count == 1 ? components[0].viewKey : nil
        }
    }

    /// One piece of a parsed template. Every payload is an index into the template's tables or a range of its text,
    /// so reading a node copies no reference: rendering 10,000 finding rows read their nodes 300,000 times, and with
    /// arrays and strings in the nodes each read was a retain and a release.
    enum Node: Sendable, Equatable {
        /// `text[range]`.
        case text(Range<Int>)
        /// `{{keys[key]}}`.
        case variable(key: Int, isEscaped: Bool)
        /// `{{#keys[key]}}bodies[body]{{/…}}`, or `{{^…}}`.
        case section(key: Int, body: Int, isInverted: Bool)
        /// `{{> partialNames[name]}}`.
        case partial(name: Int)
    }

    /// The tables the nodes point into, filled as the template's tokens are read.
    struct Tables {
        var bodies: [[Node]] = []
        var keys: [Key] = []
        var partialNames: [String] = []
        var text: [UInt8] = []
    }

    let escaper: Escaper
    /// The template's top-level nodes.
    let nodes: [Node]
    /// The nodes inside each section, by the index its node holds.
    let bodies: [[Node]]
    let keys: [Key]
    let partialNames: [String]
    /// The bytes of every text node, one after another.
    let text: [UInt8]

    /// The streaming form of a template without tags: its text, as it is.
    init(plainText text: String, escaper: Escaper) {
        self.escaper = escaper
        self.text = Array(text.utf8)
        nodes = [.text(0..<self.text.count)]
        (bodies, keys, partialNames) = ([], [], [])
    }

    /// The streaming form of nodes read into `tables` (by ``TemplateScanner``).
    init(escaper: Escaper, nodes: [Node], tables: Tables) {
        self.escaper = escaper
        self.nodes = nodes
        (bodies, keys, partialNames, text) = (tables.bodies, tables.keys, tables.partialNames, tables.text)
    }

    /// The streaming form of `template`, or nil when it uses something only swift-mustache renders.
    init?(_ template: MustacheTemplate) {
        guard let tokens = Self.tokens(of: template), let first = tokens.first,
            first.label == "contentType"
        else { return nil }
        if first.value is HTMLContentType {
            escaper = .html
        } else if first.value is MarkdownContentType {
            escaper = .markdown
        } else {
            return nil
        }
        var tables = Tables()
        guard let nodes = Self.nodes(of: tokens.dropFirst(), into: &tables) else { return nil }
        self.nodes = nodes
        (bodies, keys, partialNames, text) = (tables.bodies, tables.keys, tables.partialNames, tables.text)
    }

    /// The case name and payload of each token swift-mustache parsed, read by reflection (its tokens are internal).
    private static func tokens(of template: MustacheTemplate) -> [(label: String, value: Any)]? {
        guard let tokens = Mirror(reflecting: template).descendant("tokens") as? [Any] else { return nil }
        var result: [(label: String, value: Any)] = []
        result.reserveCapacity(tokens.count)
        for token in tokens {
            let mirror = Mirror(reflecting: token)
            guard mirror.displayStyle == .enum, let payload = mirror.children.first, let label = payload.label else {
                return nil
            }
            result.append((label, payload.value))
        }
        return result
    }

    /// The nodes of a token list, their payloads added to `tables`; nil when one has no streaming form.
    private static func nodes(of tokens: some Sequence<(label: String, value: Any)>, into tables: inout Tables)
        -> [Node]?
    {
        var nodes: [Node] = []
        for (label, value) in tokens {
            let payload = Mirror(reflecting: value)
            switch label {
            case "text":
                guard let text = value as? String else { return nil }
                let start = tables.text.count
                tables.text.append(contentsOf: text.utf8)
                nodes.append(.text(start..<tables.text.count))
            case "variable", "unescapedVariable":
                guard let name = payload.descendant("name") as? String, Self.hasNoTransforms(payload) else {
                    return nil
                }
                tables.keys.append(Key(name))
                nodes.append(.variable(key: tables.keys.count - 1, isEscaped: label == "variable"))
            case "section", "invertedSection":
                guard let name = payload.descendant("name") as? String, Self.hasNoTransforms(payload),
                    let template = payload.descendant("template") as? MustacheTemplate,
                    let inner = Self.tokens(of: template), let children = Self.nodes(of: inner, into: &tables)
                else { return nil }
                tables.keys.append(Key(name))
                tables.bodies.append(children)
                nodes.append(
                    .section(
                        key: tables.keys.count - 1, body: tables.bodies.count - 1,
                        isInverted: label == "invertedSection"))
            case "partial":
                // `(name, indentation: String?, inherits: [String: MustacheTemplate]?)`: only a plain, unindented one.
                let parts = Array(payload.children)
                guard parts.count == 3, let name = parts[0].value as? String,
                    Self.isNilOrEmpty(parts[1].value), Self.isNil(parts[2].value)
                else { return nil }
                tables.partialNames.append(name)
                nodes.append(.partial(name: tables.partialNames.count - 1))
            default:
                return nil
            }
        }
        return nodes
    }

    /// Whether a variable or section payload has an empty `transforms` list.
    private static func hasNoTransforms(_ payload: Mirror) -> Bool {
        (payload.descendant("transforms") as? [String])?.isEmpty == true
    }

    /// Whether `value` is an optional that is nil.
    private static func isNil(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        return mirror.displayStyle == .optional && mirror.children.isEmpty
    }

    /// Whether `value` is an optional string that is nil or empty.
    private static func isNilOrEmpty(_ value: Any) -> Bool {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return false }
        guard let wrapped = mirror.children.first?.value else { return true }
        return (wrapped as? String)?.isEmpty == true
    }
}
