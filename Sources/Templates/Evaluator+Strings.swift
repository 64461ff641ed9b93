import Foundation
import PrivateLinkModel

extension Evaluator {
    /// The pieces of a value used inside a string; lists and objects are an argument error.
    func stringParts(_ value: Located<DesiredValue>, in function: String) throws -> [StringPart] {
        switch value.value {
        case .known(let scalar):
            guard let text = scalar.scalarText else { break }
            return [.literal(text)]
        case .reference(let reference): return [.reference(reference)]
        case .text(let parts): return parts
        case .unknown(let reason): return [.unknown(reason: reason)]
        case .list, .object: break
        }
        throw TemplateError.invalidArguments(function: function, expected: "a string value here", at: value.location)
    }

    /// `Fn::Sub`: `${Name}`, `${AWS::Region}`, `${Resource.Attribute}`, `${!Literal}`, with an optional variable map.
    mutating func sub(_ argument: TemplateNode, at location: TemplateLocation) throws -> DesiredValue {
        let expected = "a string, or [String, {Name: Value}]"
        let templateNode: TemplateNode
        var variables: [String: [StringPart]] = [:]
        if let entry = argument.singleEntry, entry.key == "Fn::Transform" {
            return try requiredValue(argument, in: "Fn::Sub").value
        }
        if argument.scalar?.stringValue != nil {
            templateNode = argument
        } else {
            let elements = try arguments(argument, of: "Fn::Sub", count: 2...2, expected: expected)
            guard let entries = elements[1].entries else {
                throw TemplateError.invalidArguments(function: "Fn::Sub", expected: expected, at: elements[1].location)
            }
            templateNode = elements[0]
            for entry in entries {
                variables[entry.key] = try stringParts(requiredValue(entry.value, in: "Fn::Sub"), in: "Fn::Sub")
            }
        }
        guard let template = templateNode.scalar?.stringValue else {
            throw TemplateError.invalidArguments(function: "Fn::Sub", expected: expected, at: templateNode.location)
        }
        var parts: [StringPart] = []
        var rest = Substring(template)
        while let open = rest.range(of: "${") {
            parts.append(.literal(String(rest[..<open.lowerBound])))
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let name = rest[open.upperBound..<close]
            if name.hasPrefix("!") {
                parts.append(.literal("${" + name.dropFirst() + "}"))
            } else {
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                parts += try variables[trimmed] ?? subVariable(trimmed, at: location)
            }
            rest = rest[rest.index(after: close)...]
        }
        parts.append(.literal(String(rest)))
        return IntrinsicFunction.text(parts)
    }

    private mutating func subVariable(_ name: String, at location: TemplateLocation) throws -> [StringPart] {
        if let dot = name.firstIndex(of: "."), !name.hasPrefix("AWS::") {
            let logicalId = String(name[..<dot])
            guard var reference = try noteReference(to: logicalId, at: location) else {
                if let reason = generated.reason(for: logicalId) { return [.unknown(reason: reason)] }
                throw TemplateError.unresolvedReference("${\(name)}", at: location)
            }
            reference.attribute = String(name[name.index(after: dot)...])
            return [.reference(reference)]
        }
        let value: DesiredValue
        do {
            value = try namedValue(name, in: "Fn::Sub", at: location)
        } catch TemplateError.unresolvedReference {
            throw TemplateError.unresolvedReference("${\(name)}", at: location)
        }
        if case .list = value {
            throw TemplateError.invalidArguments(
                function: "Fn::Sub", expected: "a string variable, but ${\(name)} is a list", at: location)
        }
        return try stringParts(Located(value, at: location), in: "Fn::Sub")
    }

    /// `Fn::Join [Delimiter, [Values…]]`.
    mutating func join(_ argument: TemplateNode, at location: TemplateLocation) throws -> DesiredValue {
        let expected = "[Delimiter, [Values]]"
        let elements = try arguments(argument, of: "Fn::Join", count: 2...2, expected: expected)
        guard let delimiter = try requiredValue(elements[0], in: "Fn::Join").value.jsonValue?.stringValue else {
            throw TemplateError.invalidArguments(
                function: "Fn::Join", expected: "a known string delimiter", at: elements[0].location)
        }
        let list = try requiredValue(elements[1], in: "Fn::Join")
        switch list.value {
        case .list(let items):
            var parts: [StringPart] = []
            for (index, item) in items.enumerated() {
                if index > 0 { parts.append(.literal(delimiter)) }
                parts += try stringParts(item, in: "Fn::Join")
            }
            return IntrinsicFunction.text(parts)
        case .unknown(let reason):
            return .unknown(reason: reason)
        case .reference(let reference):
            return .unknown(reason: "Fn::Join over \(reference), a list known only after deployment")
        case .known, .object, .text:
            throw TemplateError.invalidArguments(function: "Fn::Join", expected: expected, at: elements[1].location)
        }
    }

    /// `Fn::Split [Delimiter, Source]`.
    mutating func split(_ argument: TemplateNode, at location: TemplateLocation) throws -> Located<DesiredValue> {
        let elements = try arguments(argument, of: "Fn::Split", count: 2...2, expected: "[Delimiter, SourceString]")
        guard let delimiter = try requiredValue(elements[0], in: "Fn::Split").value.jsonValue?.stringValue,
            !delimiter.isEmpty
        else {
            throw TemplateError.invalidArguments(
                function: "Fn::Split", expected: "a known, non-empty delimiter", at: elements[0].location)
        }
        let source = try requiredValue(elements[1], in: "Fn::Split")
        switch source.value {
        case .known(.string(let text)):
            let items = text.components(separatedBy: delimiter).map {
                Located(DesiredValue.known(.string($0)), at: location)
            }
            return Located(.list(items), at: location)
        case .reference, .text, .unknown:
            let reason =
                source.value.unknownReason
                ?? "splits \(source.value.references.map(\.description).joined(separator: ", ")), known only after deployment"
            return Located(.unknown(reason: "Fn::Split \(reason)"), at: location)
        case .known, .list, .object:
            throw TemplateError.invalidArguments(
                function: "Fn::Split", expected: "a string to split", at: elements[1].location)
        }
    }

    /// `Fn::Base64 String`.
    mutating func base64(_ argument: TemplateNode, at location: TemplateLocation) throws -> DesiredValue {
        let value = try requiredValue(argument, in: "Fn::Base64")
        switch value.value {
        case .known(.string(let text)):
            return .known(.string(Data(text.utf8).base64EncodedString()))
        case .reference, .text, .unknown:
            return .unknown(reason: "Fn::Base64 of a string not known offline")
        case .known, .list, .object:
            throw TemplateError.invalidArguments(function: "Fn::Base64", expected: "a string", at: value.location)
        }
    }
}
