import Foundation

/// The value a parameter resolves to: `Ref` yields a string or, for list types, a list of strings.
enum ParameterValue: Hashable {
    case string(String)
    case list([String])
    /// Known only at deploy time (SSM parameter types, `UsePreviousValue`).
    case unknown(reason: String)
}

/// A parameter's final value and where it was set.
struct ResolvedParameter {
    var value: ParameterValue
    /// Where the value was written: the parameters file, the `Default`, or the declaration for overrides.
    var location: TemplateLocation
}

/// Picks each declared parameter's value (override > files > `Default`) and checks it against its declaration.
enum ParameterResolver {
    static func resolve(
        _ declarations: [TemplateDocument.Parameter], supplied: [String: SuppliedParameter]
    ) throws -> [String: ResolvedParameter] {
        var result: [String: ResolvedParameter] = [:]
        for declaration in declarations {
            let defaultNode = declaration.declaration["Default"]?.value
            let text: String?
            let location: TemplateLocation
            if let given = supplied[declaration.name] {
                guard let value = given.text else {
                    result[declaration.name] = ResolvedParameter(
                        value: .unknown(reason: "parameter \(declaration.name) uses its previous (deployed) value"),
                        location: given.location ?? declaration.location)
                    continue
                }
                text = value
                location = given.location ?? declaration.location
            } else if let defaultNode {
                text = defaultNode.text ?? defaultNode.elements.map { $0.compactMap(\.text).joined(separator: ",") }
                location = defaultNode.location
            } else {
                throw TemplateError.missingParameter(declaration.name, at: declaration.location)
            }
            guard let text else {
                throw TemplateError.invalidParameterValue(
                    name: declaration.name, value: "", reason: "the Default must be a string", at: location)
            }
            // A NoEcho value is neither used nor checked: a deployed stack reports it masked ("****"), and a
            // check that fails would print it.
            if declaration.noEcho {
                result[declaration.name] = ResolvedParameter(
                    value: .unknown(reason: noEchoReason(declaration.name)), location: location)
                continue
            }
            result[declaration.name] = ResolvedParameter(
                value: try validated(text, for: declaration, at: location), location: location)
        }
        return result
    }

    /// Why a `NoEcho` parameter's value is unknown.
    static func noEchoReason(_ name: String) -> String {
        "parameter \(name) is NoEcho: plinv neither compares nor prints it"
    }

    /// The value checked against its declaration (type, `AllowedValues`, `AllowedPattern`, lengths, bounds).
    private static func validated(
        _ text: String, for declaration: TemplateDocument.Parameter, at location: TemplateLocation
    ) throws -> ParameterValue {
        func invalid(_ reason: String) -> TemplateError {
            .invalidParameterValue(name: declaration.name, value: text, reason: reason, at: location)
        }
        if case .ssmValue(let type) = declaration.type {
            return .unknown(
                reason: "parameter \(declaration.name) (\(type)) is read from SSM parameter \(text) at deploy time")
        }
        let elements =
            declaration.type.isList
            ? (text.isEmpty
                ? []
                : text.split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: .whitespaces) })
            : [text]
        let node = declaration.declaration
        if declaration.type.isNumeric, let bad = elements.first(where: { Double($0) == nil }) {
            throw invalid("\(bad) is not a number")
        }
        // A list is allowed element by element, or as a whole (CloudFormation accepts `AllowedValues: [a, "b,c"]`).
        if let allowed = node["AllowedValues"]?.value.elements?.compactMap(\.text), !allowed.contains(text),
            let bad = elements.first(where: { !allowed.contains($0) })
        {
            throw invalid("\(bad) is not one of AllowedValues \(allowed.joined(separator: ", "))")
        }
        // CloudFormation checks AllowedPattern with Java's regular expressions, which accept patterns ICU refuses
        // (`[--]`); such a pattern is not checked here rather than failing a template CloudFormation deploys.
        if let pattern = node["AllowedPattern"]?.value.text,
            let regex = try? NSRegularExpression(pattern: "^(?:\(pattern))$")
        {
            for element in elements
            where regex.firstMatch(in: element, range: NSRange(element.startIndex..., in: element)) == nil {
                throw invalid("\(element) does not match AllowedPattern \(pattern)")
            }
        }
        if let minimum = node["MinLength"]?.value.scalar?.intValue, text.count < minimum {
            throw invalid("shorter than MinLength \(minimum)")
        }
        if let maximum = node["MaxLength"]?.value.scalar?.intValue, text.count > maximum {
            throw invalid("longer than MaxLength \(maximum)")
        }
        if declaration.type.isNumeric {
            let numbers = elements.compactMap(Double.init)
            if let minimum = node["MinValue"]?.value.text.flatMap(Double.init),
                numbers.contains(where: { $0 < minimum })
            {
                throw invalid("below MinValue \(node["MinValue"]?.value.text ?? "")")
            }
            if let maximum = node["MaxValue"]?.value.text.flatMap(Double.init),
                numbers.contains(where: { $0 > maximum })
            {
                throw invalid("above MaxValue \(node["MaxValue"]?.value.text ?? "")")
            }
        }
        return declaration.type.isList ? .list(elements) : .string(text)
    }
}
