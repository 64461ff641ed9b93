import AWSQuery
import PrivateLinkModel

extension ResourceKind {
    /// The call that lists resources of this kind.
    public var listingOperation: ModeledOperation {
        switch self {
        case .endpointService: .describeVpcEndpointServiceConfigurations
        case .allowedPrincipal: .describeVpcEndpointServicePermissions
        case .connection: .describeVpcEndpointConnections
        case .vpcEndpoint: .describeVpcEndpoints
        case .securityGroup: .describeSecurityGroups
        case .loadBalancer: .describeLoadBalancers
        }
    }
}

extension ShapeDecoder {
    /// Decodes one page of `Resource.kind`'s listing call into model values of `scope`, with the next token.
    /// The records are exactly as decoded; fields the API leaves out (e.g. a permission's `ServiceId`) are
    /// the caller's to add.
    /// - Throws: `CollectorError` when a value does not fit its shape or the result element is missing.
    public static func decodeResources<Resource: InventoryResource>(
        _ type: Resource.Type, scope: Scope, root: XMLNode
    ) throws -> (resources: [Resource], nextToken: String?) {
        let page = try decodePage(operation: Resource.kind.listingOperation, root: root)
        return (page.items.map { Resource(scope: scope, raw: $0) }, page.nextToken)
    }
}
