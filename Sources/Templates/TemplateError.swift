/// Why a template or parameters file could not be loaded; every case says where.
public enum TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// Malformed YAML or JSON.
    case syntax(message: String, at: TemplateLocation)
    /// A well-formed file that is not a usable template (no `Resources`, a resource without `Type`, …).
    case invalidTemplate(message: String, at: TemplateLocation)
    /// A YAML tag that is not a CloudFormation short form, e.g. `!Reff`.
    case unknownTag(String, at: TemplateLocation)
    /// A `Fn::…` key that is not an intrinsic function plinv knows.
    case unknownFunction(String, at: TemplateLocation)
    /// `Ref`, `Fn::GetAtt`, `Condition`, `DependsOn`, `Fn::FindInMap` or a `${…}` naming nothing declared.
    case unresolvedReference(String, at: TemplateLocation)
    /// Conditions or resources that depend on each other in a loop, e.g. `["A", "B", "A"]`.
    case circularReference(cycle: [String], at: TemplateLocation)
    /// An intrinsic function given arguments of the wrong shape or value.
    case invalidArguments(function: String, expected: String, at: TemplateLocation)
    /// A parameter without a default that no file or override sets; the location is its declaration.
    case missingParameter(String, at: TemplateLocation)
    /// A parameter value that its declaration rejects (type, `AllowedValues`, `AllowedPattern`, …).
    case invalidParameterValue(name: String, value: String, reason: String, at: TemplateLocation)
    /// A parameters file in neither accepted form.
    case invalidParametersFile(message: String, at: TemplateLocation)
    /// A `--parameter` override that is not `Key=Value`.
    case invalidParameterOverride(String)

    /// Where the problem is; nil only when no file position applies.
    public var location: TemplateLocation? {
        switch self {
        case .unreadable, .invalidParameterOverride: nil
        case .syntax(_, let at), .invalidTemplate(_, let at), .unknownTag(_, let at), .unknownFunction(_, let at),
            .unresolvedReference(_, let at), .circularReference(_, let at), .invalidArguments(_, _, let at),
            .missingParameter(_, let at), .invalidParameterValue(_, _, _, let at), .invalidParametersFile(_, let at):
            at
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            "cannot read \(file): \(reason)"
        case .syntax(let message, let at):
            "\(at): malformed template: \(message)"
        case .invalidTemplate(let message, let at):
            "\(at): \(message)"
        case .unknownTag(let tag, let at):
            "\(at): unknown tag \(tag) (not a CloudFormation intrinsic function)"
        case .unknownFunction(let name, let at):
            "\(at): unknown intrinsic function \(name)"
        case .unresolvedReference(let name, let at):
            "\(at): \(name) refers to nothing declared in the template"
        case .circularReference(let cycle, let at):
            "\(at): circular reference: \(cycle.joined(separator: " -> "))"
        case .invalidArguments(let function, let expected, let at):
            "\(at): \(function) expects \(expected)"
        case .missingParameter(let name, let at):
            "\(at): parameter \(name) has no value and no Default"
        case .invalidParameterValue(let name, let value, let reason, let at):
            "\(at): parameter \(name) value \"\(value)\" is invalid: \(reason)"
        case .invalidParametersFile(let message, let at):
            "\(at): invalid parameters file: \(message)"
        case .invalidParameterOverride(let text):
            "invalid parameter override \"\(text)\": expected Key=Value"
        }
    }
}
