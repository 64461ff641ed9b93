/// The sections of a template, split out of the node tree and checked for shape (not yet evaluated).
struct TemplateDocument {
    /// One `Parameters` entry.
    struct Parameter {
        var name: String
        var location: TemplateLocation
        var type: ParameterType
        var declaration: TemplateNode
        /// `NoEcho: true`: the value is never compared or printed.
        var noEcho: Bool
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
    /// The top-level `Transform` names other than `AWS::LanguageExtensions` (CloudFormation expands them at deploy time).
    var transforms: [String] = []
    /// Whether `Transform` names `AWS::LanguageExtensions` (expanded by plinv: `Fn::ForEach` and friends).
    var hasLanguageExtensions = false
    /// Template-level parts not evaluated: `Fn::Transform` at the Resources or Outputs level.
    var notEvaluated: [NotEvaluatedPart] = []
    /// Transforms and modules that may declare resources the text does not.
    var generated = GeneratedNames()
    var parameters: [Parameter] = []
    var mappings: [String: TemplateNode] = [:]
    var conditions: [String: TemplateNode] = [:]
    var resources: [Resource] = []
    var outputs: [Output] = []

    /// Splits `root` into sections; `unexpandedLoops` says Resources held `Fn::ForEach` loops that may have
    /// generated nothing offline (then an empty Resources section is not an error).
    init(root: TemplateNode, unexpandedLoops: Bool = false) throws {
        guard root.entries != nil else {
            throw TemplateError.invalidTemplate(message: "a template must be a mapping of sections", at: root.location)
        }
        description = root["Description"]?.value.text
        if let transform = root["Transform"]?.value {
            let names = (transform.elements ?? [transform]).compactMap { $0.text ?? $0["Name"]?.value.text }
            hasLanguageExtensions = names.contains(Self.languageExtensions)
            transforms = names.filter { $0 != Self.languageExtensions }
        }
        parameters = try Self.parameters(in: root)
        for entry in root["Mappings"].map(Self.mapping) ?? [] {
            if entry.key == "Fn::Transform" {
                let include = IntrinsicFunction.describeTransform(entry.value)
                generated.mappingIncludes.append(include)
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: nil,
                        reason: "\(include) in Mappings adds mappings that CloudFormation expands at deploy time",
                        location: entry.keyLocation))
                continue
            }
            if let include = entry.value["Fn::Transform"] {
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: nil,
                        reason:
                            "\(IntrinsicFunction.describeTransform(include.value)) in mapping \(entry.key) adds keys "
                            + "that CloudFormation expands at deploy time", location: include.keyLocation))
            }
            mappings[entry.key] = entry.value
        }
        for entry in root["Conditions"].map(Self.mapping) ?? [] {
            if entry.key == "Fn::Transform" {
                let include = IntrinsicFunction.describeTransform(entry.value)
                generated.conditionSources.append(include)
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: nil,
                        reason: "\(include) in Conditions adds conditions that CloudFormation expands at deploy time",
                        location: entry.keyLocation))
                continue
            }
            conditions[entry.key] = entry.value
        }
        guard let resourcesEntry = root["Resources"], let resourceEntries = resourcesEntry.value.entries,
            !resourceEntries.isEmpty || unexpandedLoops
        else {
            throw TemplateError.invalidTemplate(
                message: "a template needs a non-empty Resources section",
                at: root["Resources"]?.keyLocation ?? root.location)
        }
        for entry in resourceEntries {
            if entry.key == "Fn::Transform" {
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: nil,
                        reason:
                            "\(IntrinsicFunction.describeTransform(entry.value)) at the Resources level adds resources "
                            + "that CloudFormation expands at deploy time", location: entry.keyLocation))
                continue
            }
            if let include = entry.value["Fn::Transform"] {
                let described = IntrinsicFunction.describeTransform(include.value)
                let defined = entry.value["Type"] == nil
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: entry.key,
                        reason: defined
                            ? "its definition comes from \(described), expanded by CloudFormation at deploy time"
                            : "\(described) in its definition is expanded by CloudFormation at deploy time",
                        location: include.keyLocation))
                if defined {
                    generated.includedResources[entry.key] = described
                    continue
                }
            }
            resources.append(try Self.resource(entry))
        }
        generated.transforms = transforms
        generated.languageExtensions = hasLanguageExtensions
        generated.modules = resources.filter { $0.type.hasSuffix("::MODULE") }.map { ($0.logicalId, $0.type) }
        if let rules = root["Rules"]?.value { try Self.checkRuleFunctions(rules) }
        for entry in root["Outputs"].map(Self.mapping) ?? [] {
            if entry.key == "Fn::Transform" {
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: nil,
                        reason: "\(IntrinsicFunction.describeTransform(entry.value)) at the Outputs level adds outputs "
                            + "that CloudFormation expands at deploy time", location: entry.keyLocation))
                continue
            }
            let output = try Self.entries(entry, of: "Outputs")
            guard let value = output.value["Value"] else {
                throw TemplateError.invalidTemplate(
                    message: "output \(output.key) has no Value", at: output.keyLocation)
            }
            outputs.append(
                Output(
                    name: output.key, location: output.keyLocation, value: value.value,
                    condition: try Self.conditionName(output)))
        }
    }

    /// The `Parameters` declarations of a template, checked for shape.
    static func parameters(in root: TemplateNode) throws -> [Parameter] {
        guard root.entries != nil else {
            throw TemplateError.invalidTemplate(message: "a template must be a mapping of sections", at: root.location)
        }
        var parameters: [Parameter] = []
        for entry in root["Parameters"].map(Self.mapping) ?? [] {
            let parameter = try Self.entries(entry, of: "Parameters")
            guard let typeEntry = parameter.value["Type"], let typeName = typeEntry.value.text else {
                throw TemplateError.invalidTemplate(
                    message: "parameter \(parameter.key) has no Type", at: parameter.keyLocation)
            }
            guard let type = ParameterType(typeName) else {
                throw TemplateError.invalidTemplate(
                    message: "parameter \(parameter.key) has unsupported Type \(typeName)", at: typeEntry.value.location
                )
            }
            let noEcho = parameter.value["NoEcho"]?.value.text?.lowercased() == "true"
            parameters.append(
                Parameter(
                    name: parameter.key, location: parameter.keyLocation, type: type, declaration: parameter.value,
                    noEcho: noEcho))
        }
        let names = Set(parameters.map(\.name))
        if let clash = root["Resources"]?.value.entries?.first(where: { names.contains($0.key) }) {
            throw TemplateError.invalidTemplate(
                message: "\(clash.key) is declared both as a parameter and as a resource", at: clash.keyLocation)
        }
        return parameters
    }

    /// The transform plinv expands itself.
    static let languageExtensions = "AWS::LanguageExtensions"

    /// Rules are not enforced offline, but a function CloudFormation does not know in them is still an error.
    private static func checkRuleFunctions(_ node: TemplateNode) throws {
        if let entry = node.singleEntry, entry.key.hasPrefix("Fn::"),
            !IntrinsicFunction.ruleFunctionNames.contains(entry.key)
        {
            throw TemplateError.unknownFunction(entry.key, at: node.location)
        }
        for child in node.elements ?? node.entries?.map(\.value) ?? [] { try checkRuleFunctions(child) }
    }

    private static func mapping(_ section: TemplateNode.Entry) -> [TemplateNode.Entry] {
        section.value.entries ?? []
    }

    private static func entries(_ entry: TemplateNode.Entry, of section: String) throws -> TemplateNode.Entry {
        guard entry.value.entries != nil else {
            throw TemplateError.invalidTemplate(
                message: "\(section) entry \(entry.key) must be a mapping", at: entry.keyLocation)
        }
        return entry
    }

    private static func conditionName(_ entry: TemplateNode.Entry) throws -> Located<String>? {
        guard let condition = entry.value["Condition"] else { return nil }
        guard let name = condition.value.scalar?.stringValue else {
            throw TemplateError.invalidTemplate(
                message: "Condition of \(entry.key) must be a condition name", at: condition.value.location)
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
            throw TemplateError.invalidTemplate(
                message: "Properties of \(entry.key) must be a mapping", at: properties.location)
        }
        return Resource(
            logicalId: entry.key, location: entry.keyLocation, type: type,
            properties: properties?.entries == nil ? nil : properties,
            dependsOn: dependsOn, condition: try conditionName(entry))
    }
}
