/// A `Ref` or `Fn::GetAtt` to a resource of the same template: its value exists only once deployed.
///
/// The drift engine resolves it through the live resource matched to `logicalId`.
public struct ResourceReference: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The logical id of the referenced resource.
    public var logicalId: String
    /// The attribute for `Fn::GetAtt`; nil for `Ref` (the resource's physical id or ARN, per its type).
    public var attribute: String?
    /// The CloudFormation type of the referenced resource, e.g. `AWS::ElasticLoadBalancingV2::LoadBalancer`.
    public var resourceType: String

    public init(logicalId: String, attribute: String? = nil, resourceType: String) {
        self.logicalId = logicalId
        self.attribute = attribute
        self.resourceType = resourceType
    }

    /// `!Ref Id` or `!GetAtt Id.Attr`, as written in YAML.
    public var description: String {
        if let attribute { return "!GetAtt \(logicalId).\(attribute)" }
        return "!Ref \(logicalId)"
    }
}

/// One piece of a string that is only partly known offline (a `Fn::Sub` or `Fn::Join` with holes).
public enum StringPart: Sendable, Hashable {
    /// Text known from the template.
    case literal(String)
    /// The string value of a same-template resource (its `Ref` or an attribute).
    case reference(ResourceReference)
    /// A piece that cannot be known offline, with the reason.
    case unknown(reason: String)
}
