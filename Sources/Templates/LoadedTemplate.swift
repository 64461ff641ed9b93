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
    /// The stack name and scope from the caller's context.
    public var stackName: String?
    public var scope: Scope?

    public init(
        file: String, description: String? = nil, resources: [DesiredResource], excludedResources: [String] = [],
        parameters: [String: Located<DesiredValue>] = [:], outputs: [String: Located<DesiredValue>] = [:],
        ignoredParameters: [String] = [], stackName: String? = nil, scope: Scope? = nil
    ) {
        self.file = file
        self.description = description
        self.resources = resources
        self.excludedResources = excludedResources
        self.parameters = parameters
        self.outputs = outputs
        self.ignoredParameters = ignoredParameters
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
