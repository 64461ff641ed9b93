import Foundation
import PrivateLinkModel
import Templates

/// Builds desired resources as the template loader would, with a line for every value.
enum Desired {
    static let file = "stack.yaml"

    static func at(_ line: Int) -> TemplateLocation { TemplateLocation(file: file, line: line, column: 7) }

    /// A JSON literal as a desired value at `line`; list elements sit on the following lines.
    static func json(_ text: String, line: Int) throws -> Located<DesiredValue> {
        value(try Fixture.json(text), line: line)
    }

    /// A JSON value as a desired value; list element `i` is on `line + 1 + i`.
    static func value(_ json: JSONValue, line: Int) -> Located<DesiredValue> {
        switch json {
        case .array(let elements):
            return Located(.list(elements.enumerated().map { value($1, line: line + 1 + $0) }), at: at(line))
        case .object(let members):
            return Located(.object(members.dictionary.mapValues { value($0, line: line) }), at: at(line))
        default:
            return Located(.known(json), at: at(line))
        }
    }

    static func string(_ text: String, line: Int) -> Located<DesiredValue> {
        Located(.known(.string(text)), at: at(line))
    }

    static func ref(_ logicalId: String, _ type: String, attribute: String? = nil, line: Int) -> Located<DesiredValue> {
        Located(
            .reference(ResourceReference(logicalId: logicalId, attribute: attribute, resourceType: type)), at: at(line))
    }

    static func list(_ items: [Located<DesiredValue>], line: Int) -> Located<DesiredValue> {
        Located(.list(items), at: at(line))
    }

    static func unknown(_ reason: String, line: Int) -> Located<DesiredValue> {
        Located(.unknown(reason: reason), at: at(line))
    }

    static func resource(
        _ logicalId: String, _ type: String, line: Int, stack: String? = "app", scope: Scope? = Fixture.scope,
        _ properties: [String: Located<DesiredValue>]
    ) -> DesiredResource {
        DesiredResource(
            logicalId: logicalId, type: type, properties: properties, location: at(line),
            stackName: stack, scope: scope)
    }

    static func template(_ resources: [DesiredResource]) -> LoadedTemplate {
        LoadedTemplate(file: file, resources: resources, stackName: "app", scope: resources.first?.scope)
    }
}
