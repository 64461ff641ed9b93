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

/// How a collect reads one kind's listing record by record: its compiled items and what makes a record's id.
struct ResourceListing: Sendable {
    let kind: ResourceKind
    let shape: ListingShape
    /// The members whose values, joined with `|`, are the resource's id (as `InventoryResource.resourceId`).
    let idMembers: [String]

    /// The listing of `kind`, compiled once per process.
    /// - Throws: `CollectorError.unknownShape` when the generated model lacks a shape (a generator bug).
    static func of(_ kind: ResourceKind) throws -> ResourceListing {
        try compiled[kind]!.get()
    }

    private static let compiled: [ResourceKind: Result<ResourceListing, any Error>] = Dictionary(
        uniqueKeysWithValues: ResourceKind.allCases.map { kind in
            (
                kind,
                Result {
                    ResourceListing(
                        kind: kind, shape: try ListingShape(kind.listingOperation), idMembers: idMembers(kind))
                }
            )
        })

    private static func idMembers(_ kind: ResourceKind) -> [String] {
        switch kind {
        case .endpointService: ["ServiceId"]
        case .allowedPrincipal: ["ServiceId", "Principal"]
        case .connection: ["ServiceId", "VpcEndpointId"]
        case .vpcEndpoint: ["VpcEndpointId"]
        case .securityGroup: ["GroupId"]
        case .loadBalancer: ["LoadBalancerArn"]
        }
    }

    /// The id of the record `item`; `serviceId` stands in for a `ServiceId` the item lacks.
    /// - Throws: `XMLNode.ParseError` for an id whose text is not well-formed.
    func id(of item: XMLElementBytes, serviceId: String? = nil) throws -> String {
        var id = ""
        for (position, member) in idMembers.enumerated() {
            if position > 0 { id += "|" }
            id += try shape.string(member, in: item) ?? (member == "ServiceId" ? serviceId : nil) ?? ""
        }
        return id
    }
}
