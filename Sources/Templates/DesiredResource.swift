import PrivateLinkModel

/// One resource a template declares, with its properties resolved as far as possible offline.
public struct DesiredResource: Sendable, Hashable {
    /// The template's logical id, e.g. `EndpointService`.
    public var logicalId: String
    /// The CloudFormation type, e.g. `AWS::EC2::VPCEndpointService`.
    public var type: String
    /// The resolved `Properties`; members removed by `AWS::NoValue` are absent.
    public var properties: [String: Located<DesiredValue>]
    /// Where the resource is declared (its logical id key).
    public var location: TemplateLocation
    /// Logical ids named in `DependsOn`.
    public var dependsOn: [String]
    /// The `Condition` the resource is declared under, if any (it was true or could not be decided).
    public var condition: String?
    /// Why the condition could not be decided offline; nil when there is none or it was true.
    public var conditionUnknownReason: String?
    /// The stack the template is deployed as, from the caller's context.
    public var stackName: String?
    /// The account and region the template is deployed to, when the caller gave both.
    public var scope: Scope?

    public init(
        logicalId: String, type: String, properties: [String: Located<DesiredValue>], location: TemplateLocation,
        dependsOn: [String] = [], condition: String? = nil, conditionUnknownReason: String? = nil,
        stackName: String? = nil, scope: Scope? = nil
    ) {
        self.logicalId = logicalId
        self.type = type
        self.properties = properties
        self.location = location
        self.dependsOn = dependsOn
        self.condition = condition
        self.conditionUnknownReason = conditionUnknownReason
        self.stackName = stackName
        self.scope = scope
    }

    /// The desired value of property `name`, with its position; nil if the template does not set it.
    public subscript(property name: String) -> Located<DesiredValue>? {
        properties[name]
    }

    /// The value at a dotted path into the properties, e.g. `PolicyDocument.Version` or `SubnetIds.0`.
    public func value(at path: String) -> Located<DesiredValue>? {
        let keys = path.split(separator: ".").map(String.init)
        guard let first = keys.first, var current = properties[first] else { return nil }
        for key in keys.dropFirst() {
            switch current.value {
            case .object(let members):
                guard let next = members[key] else { return nil }
                current = next
            case .list(let elements):
                guard let index = Int(key), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Every same-template resource this resource's properties refer to.
    public var references: [ResourceReference] {
        properties.keys.sorted().flatMap { properties[$0]?.value.references ?? [] }
    }
}
