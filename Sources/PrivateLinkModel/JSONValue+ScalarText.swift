extension JSONValue {
    /// A scalar as text, as CloudFormation writes it inside a string (`443` → `"443"`, `true` → `"true"`);
    /// nil for null, lists and objects.
    public var scalarText: String? {
        switch self {
        case .string(let value): value
        case .integer(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null, .array, .object: nil
        }
    }
}
