/// A CloudFormation stack as deployed in one scope: its `DescribeStacks` record, its resources and the
/// processed template it was deployed from, read at collect time (`collect --stacks`).
///
/// `NoEcho` parameters are kept as CloudFormation returns them, masked (`****`); plinv never asks for more. As on
/// AWS, `NoEcho` masks no `Default`, `Metadata` or `Outputs` written in the template itself: those are in
/// `templateBody` as they are in the template's source.
public struct DeployedStack: Sendable, Hashable, Codable {
    /// The account and region the stack lives in.
    public var scope: Scope
    /// The `DescribeStacks` record exactly as the AWS CLI prints it (`StackName`, `StackId`, `Parameters`, …).
    public var raw: JSONValue
    /// Its resources from `ListStackResources`, sorted by logical id.
    public var resources: [StackResource]
    /// The template body of `GetTemplate` with `TemplateStage=Processed` (transforms expanded), as text;
    /// nil when it was not read (the stack holds none of the checked resource types).
    public var templateBody: String?

    public init(scope: Scope, raw: JSONValue, resources: [StackResource] = [], templateBody: String? = nil) {
        self.scope = scope
        self.raw = raw
        self.resources = resources.sorted { $0.logicalId < $1.logicalId }
        self.templateBody = templateBody
    }

    /// `StackName`.
    public var name: String { raw["StackName"]?.stringValue ?? "" }
    /// `StackId`: the stack's ARN, unique across deletions and re-creations of the same name.
    public var stackId: String { raw["StackId"]?.stringValue ?? "" }
    /// `StackStatus`, e.g. `CREATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE`.
    public var status: String { raw["StackStatus"]?.stringValue ?? "" }
    /// `LastUpdatedTime` as the wire sent it (absent for a stack never updated).
    public var lastUpdatedTime: String? { raw["LastUpdatedTime"]?.stringValue }

    /// The deployed parameter values by key; a `NoEcho` parameter's value is `****`.
    public var parameters: [String: String] {
        var values: [String: String] = [:]
        for parameter in raw["Parameters"]?.arrayValue ?? [] {
            guard let key = parameter["ParameterKey"]?.stringValue else { continue }
            values[key] = parameter["ResolvedValue"]?.stringValue ?? parameter["ParameterValue"]?.stringValue ?? ""
        }
        return values
    }

    /// The resource declared under `logicalId`, if the stack has it.
    public func resource(logicalId: String) -> StackResource? {
        resources.first { $0.logicalId == logicalId }
    }
}

/// One resource of a stack (`ListStackResources`): which live resource a template declaration is.
public struct StackResource: Sendable, Hashable, Codable {
    /// `LogicalResourceId`: the name in the template.
    public var logicalId: String
    /// `PhysicalResourceId`: the live id (`vpce-svc-…`, `sg-…`, a load balancer ARN); empty before creation.
    public var physicalId: String
    /// `ResourceType`, e.g. `AWS::EC2::VPCEndpoint`.
    public var type: String
    /// `ResourceStatus`, e.g. `CREATE_COMPLETE`, `DELETE_COMPLETE`, `CREATE_FAILED`.
    public var status: String

    public init(logicalId: String, physicalId: String, type: String, status: String) {
        self.logicalId = logicalId
        self.physicalId = physicalId
        self.type = type
        self.status = status
    }

    /// Whether the resource is gone or never came to be (`DELETE_COMPLETE`, or a failed create).
    public var isAbsent: Bool { status == "DELETE_COMPLETE" || status == "CREATE_FAILED" || physicalId.isEmpty }
}
