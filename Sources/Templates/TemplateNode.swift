import PrivateLinkModel

/// The parsed, position-carrying tree of a template or parameters file, the same for YAML and JSON.
///
/// Short-form YAML tags are already rewritten to their long form (`!Ref X` → `{Ref: X}`), so the
/// evaluator sees one shape only.
struct TemplateNode: Sendable {
    /// A key of a mapping with its own position.
    struct Entry: Sendable {
        var key: String
        var keyLocation: TemplateLocation
        var value: TemplateNode
    }

    /// What the node holds.
    enum Content: Sendable {
        /// A string, number, Boolean or null.
        case scalar(JSONValue)
        case sequence([TemplateNode])
        case mapping([Entry])
    }

    var content: Content
    var location: TemplateLocation

    /// The entries when this is a mapping.
    var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The elements when this is a sequence.
    var elements: [TemplateNode]? {
        if case .sequence(let elements) = content { return elements }
        return nil
    }

    /// The scalar when this is one.
    var scalar: JSONValue? {
        if case .scalar(let value) = content { return value }
        return nil
    }

    /// The scalar as CloudFormation text (`80` → `"80"`); nil for null, sequences and mappings.
    var text: String? { scalar?.scalarText }

    /// The entry for `key` when this is a mapping.
    subscript(key: String) -> Entry? {
        entries?.first { $0.key == key }
    }

    /// The only entry when this is a one-entry mapping: the shape of an intrinsic function call.
    var singleEntry: Entry? {
        guard let entries, entries.count == 1 else { return nil }
        return entries[0]
    }

    /// The plain value of a literal node (no intrinsic functions are applied).
    var literalValue: JSONValue {
        switch content {
        case .scalar(let value): return value
        case .sequence(let elements): return .array(elements.map(\.literalValue))
        case .mapping(let entries):
            return .object(
                JSONObject(
                    Dictionary(entries.map { ($0.key, $0.value.literalValue) }, uniquingKeysWith: { _, last in last })))
        }
    }
}
