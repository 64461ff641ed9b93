import PrivateLinkModel

/// A template after parameters, conditions and intrinsic functions were applied.
public struct LoadedTemplate: Sendable, Hashable {
    /// The template file as the caller named it.
    public var file: String
    /// The template's `Description`, if any.
    public var description: String?
    /// Every resource whose condition holds (or is undecided), in the order the template declares them,
    /// including types plinv does not check.
    public var resources: [DesiredResource]
    /// Logical ids of resources left out because their `Condition` is false.
    public var excludedResources: [String]
    /// The parameter values used, after defaults, files and overrides.
    public var parameters: [String: Located<DesiredValue>]
    /// The resolved `Outputs` values whose condition holds.
    public var outputs: [String: Located<DesiredValue>]
    /// Parameters given by the caller that the template does not declare (they are ignored).
    public var ignoredParameters: [String]
    /// The template's `Transform`s (e.g. `AWS::Serverless-2016-10-31`, a macro): CloudFormation expands these at
    /// deploy time, so the deployed resources may differ from the ones listed here. `AWS::LanguageExtensions` is
    /// not listed: plinv expands it (`Fn::ForEach`, `Fn::Length`, …) and names what it could not in `notEvaluated`.
    public var transforms: [String]
    /// The stack name and scope from the caller's context.
    public var stackName: String?
    public var scope: Scope?
    /// Logical id → physical id of the deployed stack's resources, set by the caller when the template is
    /// read with a deployed stack (`--stacks`); empty for a template file on its own. Drift matches by it first.
    public var physicalIds: [String: String] = [:]
    /// The parts of the template plinv could not evaluate offline (an `AWS::Include`, an unexpandable
    /// `Fn::ForEach`, …), each with where and why; drift lists them as not verified.
    public var notEvaluated: [NotEvaluatedPart] = []

    public init(
        file: String, description: String? = nil, resources: [DesiredResource], excludedResources: [String] = [],
        parameters: [String: Located<DesiredValue>] = [:], outputs: [String: Located<DesiredValue>] = [:],
        ignoredParameters: [String] = [], transforms: [String] = [], stackName: String? = nil, scope: Scope? = nil
    ) {
        self.file = file
        self.description = description
        self.resources = resources
        self.excludedResources = excludedResources
        self.parameters = parameters
        self.outputs = outputs
        self.ignoredParameters = ignoredParameters
        self.transforms = transforms
        self.stackName = stackName
        self.scope = scope
    }

    /// The resource with this logical id, if the template declares it (and its condition holds).
    public func resource(_ logicalId: String) -> DesiredResource? {
        resources.first { $0.logicalId == logicalId }
    }

    /// The resources of one CloudFormation type, in template order.
    public func resources(ofType type: String) -> [DesiredResource] {
        resources.filter { $0.type == type }
    }
}

/// A part of a template that was not evaluated, and why: never silently dropped.
public struct NotEvaluatedPart: Sendable, Hashable {
    /// The resource it concerns; nil when it concerns the whole template (e.g. resources an `AWS::Include` adds).
    public var logicalId: String?
    /// One sentence, e.g. "Fn::ForEach over parameter Subnets, which is not known offline".
    public var reason: String
    /// Where the part is written.
    public var location: TemplateLocation

    public init(logicalId: String?, reason: String, location: TemplateLocation) {
        self.logicalId = logicalId
        self.reason = reason
        self.location = location
    }
}
