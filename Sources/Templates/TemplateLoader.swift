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

    /// Reads and evaluates the template at `file`; locations name it as given (a relative path stays relative).
    ///
    /// - Parameters:
    ///   - parameters: `Key=Value` overrides; they win over the files and defaults.
    ///   - parameterFiles: JSON files, AWS CLI form or a plain map; later files win.
    /// - Throws: `TemplateError`, always with the file and, where it applies, line and column.
    public func load(
        file: URL, parameters: [String: String] = [:], parameterFiles: [URL] = [],
        context: TemplateContext = TemplateContext()
    ) throws -> LoadedTemplate {
        let text = try TemplateText.read(file)
        var supplied: [String: SuppliedParameter] = [:]
        for parameterFile in parameterFiles {
            supplied.merge(try ParametersFile.read(parameterFile)) { _, later in later }
        }
        for (key, value) in parameters { supplied[key] = SuppliedParameter(text: value, location: nil) }
        return try load(text: text, file: file.relativePath, supplied: supplied, context: context)
    }

    /// Evaluates template text; `file` names it in locations and errors. JSON is recognised by a `.json`
    /// name or a leading `{`.
    public func load(
        text: String, file: String, parameters: [String: String] = [:], context: TemplateContext = TemplateContext()
    ) throws -> LoadedTemplate {
        try load(
            text: text, file: file, supplied: parameters.mapValues { SuppliedParameter(text: $0, location: nil) },
            context: context)
    }

    private func load(text: String, file: String, supplied: [String: SuppliedParameter], context: TemplateContext)
        throws -> LoadedTemplate
    {
        var (root, mayHoldLoops) = try Self.readTree(text: text, file: file)
        let resolved = try ParameterResolver.resolve(TemplateDocument.parameters(in: root), supplied: supplied)
        var document: TemplateDocument
        var notEvaluated: [NotEvaluatedPart]
        if mayHoldLoops, ForEachExpander.hasLoops(in: root) {
            var expander = ForEachExpander(root: root, parameters: resolved, context: context)
            root = try expander.expand(root)
            document = try TemplateDocument(root: root, unexpandedLoops: !expander.unexpandedResourceLoops.isEmpty)
            document.generated.unexpandedLoops = expander.unexpandedResourceLoops
            document.generated.conditionSources += expander.unexpandedConditionLoops
            notEvaluated = document.notEvaluated + expander.notEvaluated
        } else {
            // Nothing to expand: no copy of the tree.
            document = try TemplateDocument(root: root)
            notEvaluated = document.notEvaluated
        }
        var evaluator = Evaluator(context: context, parameters: resolved, document: document)
        // Every condition is evaluated, used or not, so that loops and bad references surface.
        for name in document.conditions.keys.sorted() {
            _ = try evaluator.condition(named: name, at: document.conditions[name]?.location ?? root.location)
        }
        let scope = context.account.flatMap { account in context.region.map { Scope(account: account, region: $0) } }
        let undecided = try Self.applyResourceConditions(document, &evaluator)

        var resources: [DesiredResource] = []
        var edges: [String: [Located<String>]] = [:]
        for resource in document.resources where evaluator.excluded[resource.logicalId] == nil {
            evaluator.referenced = []
            let properties = try Self.properties(of: resource, &evaluator, notEvaluated: &notEvaluated)
            for dependency in resource.dependsOn {
                let declared = try evaluator.noteReference(to: dependency.value, at: dependency.location) != nil
                guard declared || document.generated.reason(for: dependency.value) != nil else {
                    throw TemplateError.unresolvedReference("DependsOn \(dependency.value)", at: dependency.location)
                }
            }
            edges[resource.logicalId] = evaluator.referenced
            resources.append(
                DesiredResource(
                    logicalId: resource.logicalId, type: resource.type, properties: properties,
                    location: resource.location,
                    dependsOn: resource.dependsOn.map(\.value), condition: resource.condition?.value,
                    conditionUnknownReason: undecided[resource.logicalId], stackName: context.stackName, scope: scope))
        }
        if let found = DependencyCycle.find(order: resources.map(\.logicalId), edges: edges) {
            throw TemplateError.circularReference(cycle: found.cycle, at: found.location)
        }

        var outputs: [String: Located<DesiredValue>] = [:]
        for output in document.outputs {
            if let condition = output.condition,
                try evaluator.condition(named: condition.value, at: condition.location) == .no
            {
                continue
            }
            if let value = try evaluator.value(output.value) { outputs[output.name] = value }
        }
        let declared = Set(document.parameters.map(\.name))
        var loaded = LoadedTemplate(
            file: file, description: document.description, resources: resources,
            excludedResources: document.resources.map(\.logicalId).filter { evaluator.excluded[$0] != nil },
            parameters: resolved.mapValues { Located($0.value.desiredValue(at: $0.location), at: $0.location) },
            outputs: outputs, ignoredParameters: supplied.keys.filter { !declared.contains($0) }.sorted(),
            transforms: document.transforms, stackName: context.stackName, scope: scope)
        loaded.notEvaluated = notEvaluated.sorted { $0.location < $1.location }
        return loaded
    }

    /// A resource's `Properties`: a mapping, or an intrinsic function over the whole block (`!If [C, {…}, NoValue]`).
    ///
    /// A block that cannot be decided offline gives no properties and a not-evaluated part naming why; an
    /// `Fn::Transform` key in the block (`AWS::Include`) is one too, and the other properties are kept.
    private static func properties(
        of resource: TemplateDocument.Resource, _ evaluator: inout Evaluator, notEvaluated: inout [NotEvaluatedPart]
    ) throws -> [String: Located<DesiredValue>] {
        guard let node = resource.properties else { return [:] }
        if let entry = node.singleEntry,
            entry.key == "Ref" || (entry.key.hasPrefix("Fn::") && entry.key != "Fn::Transform")
        {
            guard let value = try evaluator.value(node) else { return [:] }
            switch value.value {
            case .object(let members):
                return members
            case .unknown(let reason):
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: resource.logicalId, reason: "its Properties are not known offline: \(reason)",
                        location: node.location))
                return [:]
            case .known, .list, .reference, .text:
                throw TemplateError.invalidTemplate(
                    message: "Properties of \(resource.logicalId) must be a mapping", at: node.location)
            }
        }
        var properties: [String: Located<DesiredValue>] = [:]
        properties.reserveCapacity(node.entries?.count ?? 0)
        for entry in node.entries ?? [] {
            if entry.key == "Fn::Transform" {
                notEvaluated.append(
                    NotEvaluatedPart(
                        logicalId: resource.logicalId,
                        reason:
                            "\(IntrinsicFunction.describeTransform(entry.value)) in its Properties is expanded by CloudFormation at deploy time",
                        location: entry.keyLocation))
                continue
            }
            if let value = try evaluator.value(entry.value) { properties[entry.key] = value }
        }
        return properties
    }

    /// Parses JSON (a `.json` name, or a leading `{` in a file not named `.yaml`/`.yml`) or YAML.
    /// The tree, and whether it may hold `Fn::ForEach::` keys.
    private static func readTree(text: String, file: String) throws -> (tree: TemplateNode, mayHoldLoops: Bool) {
        let isYAMLName = file.hasSuffix(".yaml") || file.hasSuffix(".yml")
        if file.hasSuffix(".json") || (!isYAMLName && text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first == "{") {
            return (try JSONTemplateReader.read(text, file: file), true)
        }
        return try YAMLReader(file: file).readTemplate(text)
    }

    /// Marks resources whose condition is false as excluded; returns why undecided conditions are undecided.
    private static func applyResourceConditions(_ document: TemplateDocument, _ evaluator: inout Evaluator) throws
        -> [String: String]
    {
        var undecided: [String: String] = [:]
        for resource in document.resources {
            guard let condition = resource.condition else { continue }
            switch try evaluator.condition(named: condition.value, at: condition.location) {
            case .no: evaluator.excluded[resource.logicalId] = condition.value
            case .unknown(let reason): undecided[resource.logicalId] = reason
            case .yes: break
            }
        }
        return undecided
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
