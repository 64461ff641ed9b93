/// The names of the intrinsic functions plinv reads, and helpers to build `DesiredValue`s from pieces.
enum IntrinsicFunction {
    /// Every `Fn::` function with a short-form tag that plinv accepts (in values, conditions or rules).
    static let functionNames: [String] =
        [
            "Fn::GetAtt", "Fn::Sub", "Fn::Select", "Fn::Join", "Fn::Split", "Fn::If", "Fn::Equals", "Fn::And", "Fn::Or",
            "Fn::Not", "Fn::FindInMap", "Fn::ImportValue", "Fn::GetAZs", "Fn::Base64", "Fn::Cidr", "Fn::Transform",
            "Fn::Length", "Fn::ToJsonString", "Fn::GetStackOutput",
        ] + ruleOnlyFunctionNames

    /// Functions valid only in a template's `Rules`.
    static let ruleOnlyFunctionNames: [String] = [
        "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll",
    ]

    /// Every function a rule may use.
    static let ruleFunctionNames: Set<String> = Set(
        ruleOnlyFunctionNames + ["Fn::And", "Fn::Or", "Fn::Not", "Fn::Equals", "Fn::If"])

    /// `macro NAME`, or `AWS::Include of LOCATION`, for the argument of a `Fn::Transform`.
    static func describeTransform(_ argument: TemplateNode) -> String {
        let name = argument["Name"]?.value.text ?? "without a Name"
        if name == "AWS::Include" {
            let location = argument["Parameters"]?.value["Location"]?.value.text.map { " of \($0)" } ?? ""
            return "Fn::Transform (AWS::Include\(location))"
        }
        return "Fn::Transform (macro \(name))"
    }

    /// A string value from pieces: adjacent literals merged, and a lone reference or unknown kept as itself.
    static func text(_ parts: [StringPart]) -> DesiredValue {
        var merged: [StringPart] = []
        for part in parts {
            if case .literal(let next) = part, case .literal(let previous)? = merged.last {
                merged[merged.count - 1] = .literal(previous + next)
            } else if case .literal("") = part {
                continue
            } else {
                merged.append(part)
            }
        }
        switch merged.count {
        case 0: return .known(.string(""))
        case 1:
            switch merged[0] {
            case .literal(let text): return .known(.string(text))
            case .reference(let reference): return .reference(reference)
            case .unknown(let reason): return .unknown(reason: reason)
            }
        default: return .text(merged)
        }
    }
}

/// Whether a condition holds; `unknown` when it depends on something only known at deploy time.
enum Truth: Hashable {
    case yes
    case no
    case unknown(reason: String)

    init(_ value: Bool) { self = value ? .yes : .no }
}
