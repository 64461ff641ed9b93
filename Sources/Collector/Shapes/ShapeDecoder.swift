import AWSQuery
import Foundation
import PrivateLinkModel

/// Turns an AWS XML response into the JSON the AWS CLI prints for it, driven by botocore's model.
///
/// It follows botocore's `EC2QueryParser` / `QueryParser` exactly: members are read from the element named
/// in the model and printed under the model's member name; elements the model does not name (`requestId`,
/// anything new on the wire) are dropped; a missing element leaves its member out, while an empty list
/// element gives `[]` and an empty string element gives `""`. A non-flattened list takes every child of its
/// wrapper element as an item, whatever the child is called (`item` for EC2, `member` for query services).
/// Timestamps and blobs stay as the wire strings, as the AWS CLI v1 prints them. When an element repeats
/// where the model expects one value, the first one is read.
public enum ShapeDecoder {
    /// Decodes the whole output structure of `operation` from a response document's root element.
    /// - Throws: `CollectorError` when a value does not fit its shape or the result element is missing.
    public static func decodeOutput(operation: ModeledOperation, root: XMLNode) throws -> JSONValue {
        var start = root
        if let wrapper = operation.resultWrapper {
            guard let wrapped = root.child(wrapper) else {
                throw CollectorError.missingResultElement(operation: operation.name, element: wrapper)
            }
            start = wrapped
        }
        let reader = Reader(model: operation.model, operation: operation.name)
        return try reader.decodeRoot(start, as: .named(operation.output), path: operation.output)
    }

    /// Decodes one page of a listing call: the items under the operation's result key (none when the key is
    /// absent or the operation lists nothing) and the token for the next page (nil when absent or empty).
    /// - Throws: `CollectorError` when a value does not fit its shape or the result element is missing.
    public static func decodePage(
        operation: ModeledOperation, root: XMLNode
    ) throws -> (items: [JSONValue], nextToken: String?) {
        let output = try decodeOutput(operation: operation, root: root)
        let items = operation.resultKey.flatMap { output[$0]?.arrayValue } ?? []
        let token = operation.outputToken.flatMap { output[$0]?.stringValue }
        return (items, token?.isEmpty == false ? token : nil)
    }

    /// Decodes one element as `shape` of `model`; `operation` only names the call in errors.
    /// - Throws: `CollectorError` when a value does not fit its shape.
    public static func decode(
        _ node: XMLNode, as shape: ShapeRef, in model: ShapeModel, operation: String = "response"
    ) throws -> JSONValue {
        try Reader(model: model, operation: operation).decodeRoot(node, as: shape, path: node.name)
    }
}

/// The recursive walk over one response.
///
/// The path of a value (`Output.VpcEndpoints[3].Groups[0]`) is only needed in an error, so it is not built while
/// walking: a failure carries its steps outward and each level prepends its own.
private struct Reader {
    let model: ShapeModel
    let operation: String

    /// A value that does not fit its shape, with the path steps gathered so far (innermost last).
    struct Misfit: Error {
        var type: String
        var text: String
        var steps: [String] = []
    }

    /// Decodes from `node`, naming failures from `path`.
    func decodeRoot(_ node: XMLNode, as ref: ShapeRef, path: String) throws -> JSONValue {
        do {
            return try decode(node, as: ref)
        } catch let misfit as Misfit {
            throw CollectorError.malformedValue(
                operation: operation, path: path + misfit.steps.reversed().joined(), type: misfit.type,
                text: misfit.text)
        }
    }

    private func decode(_ node: XMLNode, as ref: ShapeRef) throws -> JSONValue {
        switch ref {
        case .string, .timestamp, .blob:
            return .string(node.text)
        case .boolean:
            return .bool(node.text == "true")
        case .integer, .long:
            guard let value = Int(node.text) ?? Int(node.text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw Misfit(type: ref == .integer ? "integer" : "long", text: node.text)
            }
            return .integer(value)
        case .double:
            guard let value = Double(node.text) ?? Double(node.text.trimmingCharacters(in: .whitespacesAndNewlines))
            else {
                throw Misfit(type: "double", text: node.text)
            }
            return .double(value)
        case .named(let name):
            switch try shape(name) {
            case .structure(let members):
                return try decodeStructure(node, members: members)
            case .list(let member, _):
                // A flattened list never reaches here: its parent structure collects the repeated items.
                return .array(try decodeItems(node.children, as: member))
            }
        }
    }

    /// Each element as `item`; a failure adds `[index]` to its path.
    private func decodeItems(_ elements: [XMLNode], as item: ShapeRef) throws -> [JSONValue] {
        var values: [JSONValue] = []
        values.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do {
                values.append(try decode(element, as: item))
            } catch var misfit as Misfit {
                misfit.steps.append("[\(index)]")
                throw misfit
            }
        }
        return values
    }

    private func decodeStructure(_ node: XMLNode, members: [ShapeMember]) throws -> JSONValue {
        var elements: [String: [XMLNode]] = [:]
        for child in node.children { elements[child.name, default: []].append(child) }
        var object: JSONObject = [:]
        for member in members {
            guard let found = elements[member.wireName] else { continue }
            do {
                if case .named(let name) = member.shape, case .list(let item, true) = try shape(name) {
                    object[member.name] = .array(try decodeItems(found, as: item))
                } else {
                    object[member.name] = try decode(found[0], as: member.shape)
                }
            } catch var misfit as Misfit {
                misfit.steps.append(".\(member.name)")
                throw misfit
            }
        }
        return .object(object)
    }

    private func shape(_ name: String) throws -> Shape {
        guard let shape = model.shapes[name] else {
            throw CollectorError.unknownShape(service: model.service, shape: name)
        }
        return shape
    }
}
