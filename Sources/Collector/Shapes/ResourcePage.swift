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
    /// The element names of `idMembers` in an item, nil for a member the item's shape lacks.
    private let idWireNames: [String?]

    init(kind: ResourceKind, shape: ListingShape, idMembers: [String]) {
        self.kind = kind
        self.shape = shape
        self.idMembers = idMembers
        idWireNames = idMembers.map { shape.wireName(ofItemMember: $0) }
    }

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
    ///
    /// Read for every item of every page, changed or not. An id of two members (a permission's, a connection's) is
    /// found in one pass over the item's children: finding each member on its own cost a permission about 1,900
    /// instructions a member, most of the id's 6,400; one pass, 5,300 (callgrind, 1,000 services × 10 principals).
    /// - Throws: `XMLNode.ParseError` for an id whose text is not well-formed.
    func id(of item: XMLElementBytes, serviceId: String? = nil) throws -> String {
        if idWireNames.count == 1 {
            // Most kinds: the id is the one member's text, without an array of one joined.
            return try value(0, idWireNames[0].flatMap { item.child($0) }, serviceId: serviceId)
        }
        if idWireNames.count == 2, let firstName = idWireNames[0], let secondName = idWireNames[1] {
            let (first, second) = item.children(named: firstName, secondName)
            return "\(try value(0, first, serviceId: serviceId))|\(try value(1, second, serviceId: serviceId))"
        }
        return try idWireNames.indices.map { position in
            try value(position, idWireNames[position].flatMap { item.child($0) }, serviceId: serviceId)
        }.joined(separator: "|")
    }

    /// The text of id member `position` found as `element`; when absent, `serviceId` for a `ServiceId`, else "".
    private func value(_ position: Int, _ element: XMLElementBytes?, serviceId: String?) throws -> String {
        try element?.text() ?? (idMembers[position] == "ServiceId" ? serviceId : nil) ?? ""
    }
}
