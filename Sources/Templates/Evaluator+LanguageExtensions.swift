import PrivateLinkModel

extension Evaluator {
    /// `Fn::Length List`: the number of elements, when the list is known offline.
    mutating func length(_ argument: TemplateNode) throws -> DesiredValue {
        let list = try requiredValue(argument, in: "Fn::Length")
        switch list.value {
        case .list(let elements): return .known(.integer(elements.count))
        case .unknown(let reason): return .unknown(reason: "Fn::Length of a list not known offline: \(reason)")
        case .reference(let reference):
            return .unknown(reason: "Fn::Length of \(reference), a list known only after deployment")
        case .known, .object, .text:
            throw TemplateError.invalidArguments(function: "Fn::Length", expected: "a list", at: list.location)
        }
    }

    /// `Fn::ToJsonString Object|List`: compact JSON text, when every part is known offline.
    mutating func toJSONString(_ argument: TemplateNode) throws -> DesiredValue {
        let value = try requiredValue(argument, in: "Fn::ToJsonString")
        switch value.value {
        case .list, .object:
            guard let json = value.value.jsonValue else {
                let why =
                    value.value.unknownReason
                    ?? "it contains \(value.value.references.map(\.description).joined(separator: ", ")), known only after deployment"
                return .unknown(reason: "Fn::ToJsonString of a value not known offline: \(why)")
            }
            return .known(.string(String(decoding: json.canonicalData(), as: UTF8.self)))
        case .unknown(let reason):
            return .unknown(reason: "Fn::ToJsonString of a value not known offline: \(reason)")
        case .known, .reference, .text:
            throw TemplateError.invalidArguments(
                function: "Fn::ToJsonString", expected: "an object or a list", at: value.location)
        }
    }
}
