/// The kinds of resource plinv keeps, in the order reports and JSON list them.
public enum ResourceKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case endpointService
    case allowedPrincipal
    case connection
    case vpcEndpoint
    case securityGroup
    case loadBalancer

    /// The CloudFormation resource type that declares this kind, when there is one.
    public var cloudFormationType: String {
        switch self {
        case .endpointService: "AWS::EC2::VPCEndpointService"
        case .allowedPrincipal: "AWS::EC2::VPCEndpointServicePermissions"
        case .connection: "AWS::EC2::VPCEndpointConnection"
        case .vpcEndpoint: "AWS::EC2::VPCEndpoint"
        case .securityGroup: "AWS::EC2::SecurityGroup"
        case .loadBalancer: "AWS::ElasticLoadBalancingV2::LoadBalancer"
        }
    }

    /// The kind's place in `allCases`, the order reports list kinds in.
    public var position: Int {
        switch self {
        case .endpointService: 0
        case .allowedPrincipal: 1
        case .connection: 2
        case .vpcEndpoint: 3
        case .securityGroup: 4
        case .loadBalancer: 5
        }
    }

    /// Hashes the kind's position. A raw-value enum hashes its raw `String` by default, and kinds key the
    /// dictionaries and sets every stored and read record passes through (counts, drafts, drift's indexes).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(position)
    }

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        lhs.position < rhs.position
    }
}

/// A resource as collected: its scope and the complete record the API returned, in the AWS CLI's JSON shape.
///
/// Typed accessors read from `record`, so the typed view and the raw record can never disagree.
public protocol InventoryResource: Sendable, Hashable, Codable {
    /// The kind of resource this type holds.
    static var kind: ResourceKind { get }
    /// The account and region the resource was read from.
    var scope: Scope { get }
    /// The record exactly as the API returned it, with AWS member names (`ServiceId`, …).
    var raw: JSONValue { get }
    /// The record as held: `raw`, or the bytes it was stored as (read member by member; `raw` reads them whole).
    var record: ResourceRecord { get set }
    /// The identity of the resource within its scope (unique per kind and scope).
    var resourceId: String { get }
    /// Builds the resource from a scope and a raw record.
    init(scope: Scope, raw: JSONValue)
    /// Builds the resource from a scope and a record as held.
    init(scope: Scope, record: ResourceRecord)
}

extension InventoryResource {
    /// The record as a value; setting it holds the new value.
    public var raw: JSONValue {
        get { record.value }
        set { record = .value(newValue) }
    }

    public init(scope: Scope, raw: JSONValue) { self.init(scope: scope, record: .value(raw)) }

    /// The string member `name` of the raw record.
    public func string(_ name: String) -> String? { record.string(name) }

    /// The string-list member `name` of the raw record (empty when absent).
    public func strings(_ name: String) -> [String] {
        record.strings(name)
    }

    /// The resource's tags.
    public var tags: [Tag] { [Tag](awsTags: record["Tags"]) }

    /// The JSON object printed for this resource: the raw record plus `Account` and `Region`.
    public var contractJSON: JSONValue {
        var members = raw.objectValue ?? [:]
        members["Account"] = .string(scope.account)
        members["Region"] = .string(scope.region)
        return .object(members)
    }
}

/// Codable conformance shared by all resource types: the contract JSON (raw + Account + Region).
public enum ResourceCoding {
    /// Splits a contract JSON object back into scope and raw record.
    public static func decode(_ value: JSONValue) throws -> (Scope, JSONValue) {
        guard var members = value.objectValue,
            let account = members.removeValue(forKey: "Account")?.stringValue,
            let region = members.removeValue(forKey: "Region")?.stringValue
        else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "resource without Account/Region"))
        }
        return (Scope(account: account, region: region), .object(members))
    }
}
