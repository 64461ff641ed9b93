import Foundation
import PrivateLinkModel

/// A parameter value supplied by the caller, and where it was written.
struct SuppliedParameter {
    /// The value as text; nil when the file asks for the previous (deployed) value.
    var text: String?
    /// The position in a parameters file; nil for a command-line override.
    var location: TemplateLocation?
}

/// Reads a parameters file: the AWS CLI form `[{"ParameterKey": …, "ParameterValue": …}]`, a plain
/// `{"Key": "Value"}` map, or the pipeline form `{"Parameters": {"Key": "Value"}}`.
enum ParametersFile {
    static func read(_ url: URL) throws -> [String: SuppliedParameter] {
        let text = try TemplateText.read(url)
        let root: TemplateNode
        do {
            root = try JSONTemplateReader.read(text, file: url.relativePath)
        } catch TemplateError.syntax(let message, let at) {
            // The same JSON reader reads templates; here the file is a parameters file, and the error says so.
            throw TemplateError.invalidParametersFile(message: "not valid JSON: \(message)", at: at)
        }
        switch root.content {
        case .sequence(let elements):
            return try cliForm(elements)
        case .mapping(let entries):
            if entries.count == 1, entries[0].key == "Parameters", let inner = entries[0].value.entries {
                return try mapForm(inner)
            }
            return try mapForm(entries)
        case .scalar:
            throw TemplateError.invalidParametersFile(
                message: "expected a list of {ParameterKey, ParameterValue} or a {\"Key\": \"Value\"} object",
                at: root.location)
        }
    }

    private static func cliForm(_ elements: [TemplateNode]) throws -> [String: SuppliedParameter] {
        var result: [String: SuppliedParameter] = [:]
        for element in elements {
            guard let key = element["ParameterKey"]?.value.scalar?.stringValue else {
                throw TemplateError.invalidParametersFile(
                    message: "each element needs a string ParameterKey", at: element.location)
            }
            if let value = element["ParameterValue"] {
                result[key] = SuppliedParameter(
                    text: try text(of: value.value, key: key), location: value.value.location)
            } else if element["UsePreviousValue"]?.value.scalar == .bool(true) {
                result[key] = SuppliedParameter(text: nil, location: element.location)
            } else {
                throw TemplateError.invalidParametersFile(
                    message: "parameter \(key) has neither ParameterValue nor UsePreviousValue: true",
                    at: element.location)
            }
        }
        return result
    }

    private static func mapForm(_ entries: [TemplateNode.Entry]) throws -> [String: SuppliedParameter] {
        var result: [String: SuppliedParameter] = [:]
        for entry in entries {
            result[entry.key] = SuppliedParameter(
                text: try text(of: entry.value, key: entry.key), location: entry.value.location)
        }
        return result
    }

    /// A scalar as text; a list of scalars as comma-joined text (the form list parameters take).
    private static func text(of node: TemplateNode, key: String) throws -> String {
        if let text = node.text { return text }
        if let elements = node.elements {
            let texts = elements.compactMap(\.text)
            if texts.count == elements.count { return texts.joined(separator: ",") }
        }
        throw TemplateError.invalidParametersFile(
            message: "the value of \(key) must be a string, number, Boolean or list of them",
            at: node.location)
    }
}
