/// How a service serialises its XML responses (botocore's `EC2QueryParser` or `QueryParser`).
public enum WireProtocol: String, Sendable, Hashable {
    /// EC2: the output structure is the document root; lists are `<xSet><item>…</item></xSet>`.
    case ec2
    /// Query (ELBv2, STS): the output structure is `<ActionResult>` under the root; lists use `<member>`.
    case query
}

/// A reference to a shape: a scalar type, or a structure or list named in the service's `ShapeModel`.
public enum ShapeRef: Sendable, Hashable {
    case string
    /// `true` only for the exact text `true`, as botocore reads it.
    case boolean
    case integer
    case long
    /// `float` and `double` shapes.
    case double
    /// Kept as the wire string: the AWS CLI v1 prints timestamps as they arrive (`cli_timestamp_format = wire`).
    case timestamp
    /// Kept as the base64 wire string, as the AWS CLI prints blobs.
    case blob
    /// A structure or list in the same model.
    case named(String)
}

/// A structure or list shape, reduced to what decoding a response needs.
public enum Shape: Sendable, Hashable {
    /// A structure: its members in model order.
    case structure([ShapeMember])
    /// A list of `member`. A flattened list repeats its items directly inside the parent element;
    /// otherwise the items are the children of one wrapper element.
    case list(member: ShapeRef, flattened: Bool)
}

/// One member of a structure: the name the CLI prints, and the XML element it is read from.
public struct ShapeMember: Sendable, Hashable {
    /// The model member name, e.g. `ServiceId`.
    public var name: String
    /// The XML element name, e.g. `serviceId` (for a flattened list, the name each item repeats under).
    public var wireName: String
    public var shape: ShapeRef

    public init(_ name: String, _ wireName: String, _ shape: ShapeRef) {
        self.name = name
        self.wireName = wireName
        self.shape = shape
    }
}

/// The output shapes of one AWS service, generated from botocore's model (`GeneratedShapes.swift`).
public struct ShapeModel: Sendable {
    /// botocore's service name: `ec2`, `elbv2`, `sts`.
    public let service: String
    /// The endpoint prefix and signing name: `ec2`, `elasticloadbalancing`, `sts`.
    public let endpointPrefix: String
    /// The `Version` parameter every request carries.
    public let apiVersion: String
    public let `protocol`: WireProtocol
    /// Structures and lists by shape name.
    public let shapes: [String: Shape]

    public init(
        service: String, endpointPrefix: String, apiVersion: String, protocol: WireProtocol, shapes: [String: Shape]
    ) {
        self.service = service
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
        self.protocol = `protocol`
        self.shapes = shapes
    }
}

/// An API operation plinv calls, with its output shape and its paging keys from botocore's paginator.
public struct ModeledOperation: Sendable, Hashable, CustomStringConvertible {
    public let model: ShapeModel
    /// The `Action` name, e.g. `DescribeVpcEndpoints`.
    public let name: String
    /// The output structure's shape name.
    public let output: String
    /// The element under the root that holds the output (query protocol: `<Action>Result`); nil for EC2.
    public let resultWrapper: String?
    /// The output member that holds the listed items (the paginator's result key), if the call lists any.
    public let resultKey: String?
    /// The output member carrying the next page's token (`NextToken`, ELBv2 `NextMarker`), if paginated.
    public let outputToken: String?
    /// The request parameter that sends the token back (`NextToken`, ELBv2 `Marker`).
    public let inputTokenParameter: String?
    /// The request parameter that sets the page size (`MaxResults`, ELBv2 `PageSize`).
    public let limitParameter: String?

    public init(
        model: ShapeModel, name: String, output: String, resultWrapper: String?, resultKey: String?,
        outputToken: String?, inputTokenParameter: String?, limitParameter: String?
    ) {
        self.model = model
        self.name = name
        self.output = output
        self.resultWrapper = resultWrapper
        self.resultKey = resultKey
        self.outputToken = outputToken
        self.inputTokenParameter = inputTokenParameter
        self.limitParameter = limitParameter
    }

    public var description: String { "\(model.service):\(name)" }

    public static func == (lhs: ModeledOperation, rhs: ModeledOperation) -> Bool {
        lhs.model.service == rhs.model.service && lhs.name == rhs.name
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(model.service)
        hasher.combine(name)
    }
}
