import Mustache

/// A value a report template reads, told apart once, where the view answers, instead of by a cast at every use.
///
/// swift-mustache and the streaming renderer both read the report's views. swift-mustache takes `Any` (`anyValue`);
/// the streaming renderer switches on the case, which costs none of the dynamic casts and conformance lookups that
/// were a fifth of rendering an HTML report.
///
/// Every case holds a reference or a plain value (the existentials are `indirect`: boxed), so a value is copied by
/// retaining one reference and read in place. With the existentials held inline, every copy and every read of a
/// view went through the existential's witnesses, a fifth of rendering the rows of a 10,000-finding report.
enum TemplateValue {
    /// Nil: a missing key, an optional that is nil.
    case missing
    case text(String)
    case number(Int)
    case flag(Bool)
    /// A view that answers its keys itself and is a class (a finding row: one per finding): held by reference.
    case object(any TemplateFields & AnyObject)
    /// Any other view that answers its keys itself.
    indirect case fields(any TemplateFields)
    /// A list of texts or views.
    indirect case list(any TemplateList)
    /// Anything else (a chart's geometry): read as swift-mustache reads it, through `MustacheParent` or `Mirror`.
    indirect case other(Any)

    /// A text, or `.missing` when nil.
    init(_ text: String?) {
        self = text.map(TemplateValue.text) ?? .missing
    }

    /// A view, or `.missing` when nil.
    init(_ view: (some TemplateFields)?) {
        self = view?.templateValue ?? .missing
    }

    /// Any value, told apart by casts: for the model a render starts from and for values only `Mirror` reaches.
    init(any value: Any?) {
        switch value {
        case nil: self = .missing
        case let text as String: self = .text(text)
        case let number as Int: self = .number(number)
        case let flag as Bool: self = .flag(flag)
        case let view as any TemplateFields: self = view.templateValue
        case let list as any TemplateList: self = .list(list)
        case let value?:
            // An optional nested in `Any` (a `Mirror` child) is nil or its wrapped value.
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .optional else {
                self = .other(value)
                return
            }
            self = mirror.children.first.map { TemplateValue(any: $0.value) } ?? .missing
        }
    }

    /// The value as swift-mustache takes it: what `MustacheParent.child(named:)` answers.
    var anyValue: Any? {
        switch self {
        case .missing: nil
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .object(let view): view
        case .fields(let view): view
        case .list(let list): list.anyValue
        case .other(let value): value
        }
    }

    /// `TemplateFields.withText(_:_:)` of a view; false for any other value.
    func withText(_ key: TemplateKey, _ body: (String) -> Void) -> Bool {
        switch self {
        case .object(let view): view.withText(key, body)
        case .fields(let view): view.withText(key, body)
        case .missing, .text, .number, .flag, .list, .other: false
        }
    }

    /// The value of key `name` in this value: a view's field (`key`, the name as a view key, when a view has one of
    /// that name), else what swift-mustache would find; `.missing` when it has none (texts, numbers, flags and lists
    /// have no keys).
    func child(_ name: String, key: TemplateKey?) -> TemplateValue {
        switch self {
        case .object(let view):
            guard let key else { return .missing }
            return view.field(key)
        case .fields(let view):
            // Called directly: `key.map(view.field)` made a closure capturing a copy of the view for every lookup.
            guard let key else { return .missing }
            return view.field(key)
        case .other(let value):
            if let parent = value as? any MustacheParent { return TemplateValue(any: parent.child(named: name)) }
            return TemplateValue(any: Mirror(reflecting: value).children.first { $0.label == name }?.value)
        case .missing, .text, .number, .flag, .list:
            return .missing
        }
    }
}

/// A report view that answers its keys as typed values: the streaming renderer reads a field without `Any`, and
/// swift-mustache reads the same answers through `MustacheParent`, so both see the same keys.
protocol TemplateFields: MustacheParent, TemplateItem {
    /// The value of the field `key`; `.missing` when the view has no such field. A view answers exactly its stored
    /// properties (`TemplateFieldsTests` checks them).
    func field(_ key: TemplateKey) -> TemplateValue
    /// Calls `body` with the field `key` and answers true when the field is text; false (without calling it) for
    /// anything else. It answers as `field(_:)` does, but lends the text instead of handing out a copy.
    func withText(_ key: TemplateKey, _ body: (String) -> Void) -> Bool
}

extension TemplateFields {
    func withText(_ key: TemplateKey, _ body: (String) -> Void) -> Bool {
        guard case .text(let text) = field(key) else { return false }
        body(text)
        return true
    }

    /// The value of the field `name`; `.missing` when the view has no such field.
    func field(named name: String) -> TemplateValue {
        TemplateKey(rawValue: name).map(field) ?? .missing
    }

    /// What swift-mustache reads for `{{name}}`.
    func child(named name: String) -> Any? {
        field(named: name).anyValue
    }

    var templateValue: TemplateValue { .fields(self) }
}

extension TemplateFields where Self: AnyObject {
    var templateValue: TemplateValue { .object(self) }
}

/// A value that can be an item of a template list: a text or a view.
protocol TemplateItem {
    /// The value as the renderer sees it.
    var templateValue: TemplateValue { get }
}

extension String: TemplateItem {
    var templateValue: TemplateValue { .text(self) }
}

/// A list a template section iterates, item by item, without casting each item.
protocol TemplateList {
    /// How many items the list has.
    var count: Int { get }
    /// The item at `index`.
    func item(at index: Int) -> TemplateValue
    /// The list as swift-mustache takes it.
    var anyValue: Any { get }
}

extension Array: TemplateList where Element: TemplateItem {
    func item(at index: Int) -> TemplateValue { self[index].templateValue }
    var anyValue: Any { self }
}
