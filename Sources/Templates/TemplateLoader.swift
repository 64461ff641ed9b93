import Foundation
import PrivateLinkModel

/// Loads CloudFormation templates (YAML with short-form tags, or JSON) into desired resources.
///
/// Parameters come from the template's `Default`s, then the parameters files in order, then the
/// overrides; pseudo parameters from the `TemplateContext`. Every value keeps its file:line:column.
public struct TemplateLoader: Sendable {
    public init() {}

    /// Splits `Key=Value` command-line overrides into a map (the last one for a key wins).
    public static func parameterOverrides(_ pairs: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw TemplateError.invalidParameterOverride(pair)
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }

    /// Reads and evaluates the template at `file`.
    ///
    /// - Parameters:
    ///   - parameters: `Key=Value` overrides; they win over the files and defaults.
    ///   - parameterFiles: JSON files, AWS CLI form or a plain map; later files win.
    /// - Throws: `TemplateError`, always with the file and, where it applies, line and column.
    public func load(
        file: URL, parameters: [String: String] = [:], parameterFiles: [URL] = [], context: TemplateContext = TemplateContext()
    ) throws -> LoadedTemplate {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw TemplateError.unreadable(file: file.path, reason: error.localizedDescription)
        }
        var supplied: [String: SuppliedParameter] = [:]
        for parameterFile in parameterFiles {
            supplied.merge(try ParametersFile.read(parameterFile)) { _, later in later }
        }
        for (key, value) in parameters { supplied[key] = SuppliedParameter(text: value, location: nil) }
        return try load(text: text, file: file.path, supplied: supplied, context: context)
    }

    /// Evaluates template text; `file` names it in locations and errors. JSON is recognised by a `.json`
    /// name or a leading `{`.
    public func load(
        text: String, file: String, parameters: [String: String] = [:], context: TemplateContext = TemplateContext()
    ) throws -> LoadedTemplate {
        try load(text: text, file: file, supplied: parameters.mapValues { SuppliedParameter(text: $0, location: nil) }, context: context)
    }

    private func load(text: String, file: String, supplied: [String: SuppliedParameter], context: TemplateContext) throws -> LoadedTemplate {
        let root: TemplateNode
        let isYAMLName = file.hasSuffix(".yaml") || file.hasSuffix(".yml")
        if file.hasSuffix(".json") || (!isYAMLName && text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first == "{") {
            var reader = JSONReader(file: file)
            root = try reader.read(text)
        } else {
            root = try YAMLReader(file: file).read(text)
        }
        let document = try TemplateDocument(root: root)
        let resolved = try ParameterResolver.resolve(document.parameters, supplied: supplied)
        var evaluator = Evaluator(context: context, parameters: resolved, document: document)
        for name in document.conditions.keys.sorted() {
            _ = try evaluator.condition(named: name, at: document.conditions[name]?.location ?? root.location)
        }
        let scope = context.account.flatMap { account in context.region.map { Scope(account: account, region: $0) } }

        var resources: [DesiredResource] = []
        var excluded: [String] = []
        var edges: [String: [Located<String>]] = [:]
        var conditionReasons: [String: String] = [:]
        for resource in document.resources {
            guard let condition = resource.condition else { continue }
            switch try evaluator.condition(named: condition.value, at: condition.location) {
            case .no:
                evaluator.excluded[resource.logicalId] = condition.value
                excluded.append(resource.logicalId)
            case .unknown(let reason): conditionReasons[resource.logicalId] = reason
            case .yes: break
            }
        }
        for resource in document.resources where evaluator.excluded[resource.logicalId] == nil {
            evaluator.referenced = []
            var properties: [String: Located<DesiredValue>] = [:]
            for entry in resource.properties?.entries ?? [] {
                if let value = try evaluator.value(entry.value) { properties[entry.key] = value }
            }
            for dependency in resource.dependsOn {
                guard try evaluator.noteReference(to: dependency.value, at: dependency.location) != nil else {
                    throw TemplateError.unresolvedReference("DependsOn \(dependency.value)", at: dependency.location)
                }
            }
            edges[resource.logicalId] = evaluator.referenced
            resources.append(DesiredResource(
                logicalId: resource.logicalId, type: resource.type, properties: properties, location: resource.location,
                dependsOn: resource.dependsOn.map(\.value), condition: resource.condition?.value,
                conditionUnknownReason: conditionReasons[resource.logicalId], stackName: context.stackName, scope: scope))
        }
        if let found = DependencyCycle.find(order: resources.map(\.logicalId), edges: edges) {
            throw TemplateError.circularReference(cycle: found.cycle, at: found.location)
        }

        var outputs: [String: Located<DesiredValue>] = [:]
        for output in document.outputs {
            if let condition = output.condition, try evaluator.condition(named: condition.value, at: condition.location) == .no { continue }
            if let value = try evaluator.value(output.value) { outputs[output.name] = value }
        }
        let declared = Set(document.parameters.map(\.name))
        return LoadedTemplate(
            file: file, description: document.description, resources: resources, excludedResources: excluded,
            parameters: resolved.mapValues { Located($0.value.desiredValue(at: $0.location), at: $0.location) },
            outputs: outputs, ignoredParameters: supplied.keys.filter { !declared.contains($0) }.sorted(),
            stackName: context.stackName, scope: scope)
    }
}

extension ParameterValue {
    /// The parameter value as the public `DesiredValue`.
    func desiredValue(at location: TemplateLocation) -> DesiredValue {
        switch self {
        case .string(let text): .known(.string(text))
        case .list(let items): .list(items.map { Located(.known(.string($0)), at: location) })
        case .unknown(let reason): .unknown(reason: reason)
        }
    }
}
