/// The sections of a template, split out of the node tree and checked for shape (not yet evaluated).
struct TemplateDocument {
    /// One `Parameters` entry.
    struct Parameter {
        var name: String
        var location: TemplateLocation
        var type: ParameterType
        var declaration: TemplateNode
    }

    /// One `Resources` entry.
    struct Resource {
        var logicalId: String
        var location: TemplateLocation
        var type: String
        var properties: TemplateNode?
        var dependsOn: [Located<String>]
        var condition: Located<String>?
    }

    /// One `Outputs` entry.
    struct Output {
        var name: String
        var location: TemplateLocation
        var value: TemplateNode
        var condition: Located<String>?
    }

    var description: String?
    var parameters: [Parameter] = []
    var mappings: [String: TemplateNode] = [:]
    var conditions: [String: TemplateNode] = [:]
    var resources: [Resource] = []
    var outputs: [Output] = []

    init(root: TemplateNode) throws {
        guard root.entries != nil else {
            throw TemplateError.invalidTemplate(message: "a template must be a mapping of sections", at: root.location)
        }
        description = root["Description"]?.value.text
        for entry in root["Parameters"].map(Self.mapping) ?? [] {
            let parameter = try Self.entries(entry, of: "Parameters")
            guard let typeEntry = parameter.value["Type"], let typeName = typeEntry.value.text else {
                throw TemplateError.invalidTemplate(message: "parameter \(parameter.key) has no Type", at: parameter.keyLocation)
            }
            guard let type = ParameterType(typeName) else {
                throw TemplateError.invalidTemplate(
                    message: "parameter \(parameter.key) has unsupported Type \(typeName)", at: typeEntry.value.location)
            }
            parameters.append(Parameter(name: parameter.key, location: parameter.keyLocation, type: type, declaration: parameter.value))
        }
        for entry in root["Mappings"].map(Self.mapping) ?? [] { mappings[entry.key] = entry.value }
        for entry in root["Conditions"].map(Self.mapping) ?? [] { conditions[entry.key] = entry.value }
        guard let resourcesEntry = root["Resources"], let resourceEntries = resourcesEntry.value.entries, !resourceEntries.isEmpty else {
            throw TemplateError.invalidTemplate(
                message: "a template needs a non-empty Resources section", at: root["Resources"]?.keyLocation ?? root.location)
        }
        for entry in resourceEntries { resources.append(try Self.resource(entry)) }
        for entry in root["Outputs"].map(Self.mapping) ?? [] {
            let output = try Self.entries(entry, of: "Outputs")
            guard let value = output.value["Value"] else {
                throw TemplateError.invalidTemplate(message: "output \(output.key) has no Value", at: output.keyLocation)
            }
            outputs.append(Output(name: output.key, location: output.keyLocation, value: value.value,
                                  condition: try Self.conditionName(output)))
        }
    }

    private static func mapping(_ section: TemplateNode.Entry) -> [TemplateNode.Entry] {
        section.value.entries ?? []
    }

    private static func entries(_ entry: TemplateNode.Entry, of section: String) throws -> TemplateNode.Entry {
        guard entry.value.entries != nil else {
            throw TemplateError.invalidTemplate(message: "\(section) entry \(entry.key) must be a mapping", at: entry.keyLocation)
        }
        return entry
    }

    private static func conditionName(_ entry: TemplateNode.Entry) throws -> Located<String>? {
        guard let condition = entry.value["Condition"] else { return nil }
        guard let name = condition.value.scalar?.stringValue else {
            throw TemplateError.invalidTemplate(message: "Condition of \(entry.key) must be a condition name", at: condition.value.location)
        }
        return Located(name, at: condition.value.location)
    }

    private static func resource(_ entry: TemplateNode.Entry) throws -> Resource {
        _ = try entries(entry, of: "Resources")
        guard let typeEntry = entry.value["Type"], let type = typeEntry.value.scalar?.stringValue else {
            throw TemplateError.invalidTemplate(message: "resource \(entry.key) has no Type", at: entry.keyLocation)
        }
        var dependsOn: [Located<String>] = []
        if let depends = entry.value["DependsOn"] {
            let nodes = depends.value.elements ?? [depends.value]
            for node in nodes {
                guard let name = node.scalar?.stringValue else {
                    throw TemplateError.invalidTemplate(
                        message: "DependsOn of \(entry.key) must be a logical id or a list of them", at: node.location)
                }
                dependsOn.append(Located(name, at: node.location))
            }
        }
        let properties = entry.value["Properties"]?.value
        if let properties, properties.entries == nil, properties.scalar != .null {
            throw TemplateError.invalidTemplate(message: "Properties of \(entry.key) must be a mapping", at: properties.location)
        }
        return Resource(logicalId: entry.key, location: entry.keyLocation, type: type,
                        properties: properties?.entries == nil ? nil : properties,
                        dependsOn: dependsOn, condition: try conditionName(entry))
    }
}
