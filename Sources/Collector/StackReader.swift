import AWSQuery
import Logging
import PrivateLinkModel

/// What reading one scope's CloudFormation stacks gave.
public struct StackRead: Sendable, Hashable {
    /// The stacks, sorted by name then id.
    public var stacks: [DeployedStack]
    /// Every export of the scope (exports are per scope, not per stack), sorted by name.
    public var exports: [StackExport]

    public init(stacks: [DeployedStack] = [], exports: [StackExport] = []) {
        self.stacks = stacks
        self.exports = exports
    }
}

/// Reads one scope's deployed CloudFormation stacks, read-only.
///
/// Per scope: `DescribeStacks` (paged) and `ListExports` (paged) once; per stack kept (not `DELETE_COMPLETE`,
/// name matching the options' patterns), `ListStackResources` (paged) and, only for stacks holding at least
/// one resource of a checked type, `GetTemplate` with `TemplateStage=Processed`. Per-stack calls run at most
/// `options.concurrency` at a time. Stacks are addressed by `StackId` after the listing, so a stack deleted or
/// re-created meanwhile is never confused with another of the same name. Parameters are stored as returned:
/// CloudFormation masks `NoEcho` values as `****`, and plinv never asks for them otherwise.
public struct StackReader: Sendable {
    /// The IAM actions stack reading needs, for `doctor` and the README's policy.
    public static let requiredActions = [
        "cloudformation:DescribeStacks", "cloudformation:ListStackResources", "cloudformation:GetTemplate",
        "cloudformation:ListExports",
    ]

    /// The resource types plinv compares: a stack holding one of them has its template read.
    public static let checkedTypes: Set<String> = [
        "AWS::EC2::VPCEndpointService", "AWS::EC2::VPCEndpointServicePermissions", "AWS::EC2::VPCEndpoint",
        "AWS::EC2::SecurityGroup", "AWS::ElasticLoadBalancingV2::LoadBalancer",
    ]

    public let options: StackReadOptions

    public init(options: StackReadOptions) {
        self.options = options
    }

    /// Reads the stacks and exports of `scope` through `client` (a CloudFormation client for the scope's region).
    /// - Throws: `CollectorError.stackReadFailed` naming the call and the IAM action it needs.
    public func read(_ scope: Scope, client: QueryClient, logger: Logger) async throws -> StackRead {
        async let exportsRead = Self.exports(scope, client, logger: logger)
        let described = try await Self.listed(.describeStacks, client, logger: logger)
        let kept = described.filter { record in
            let status = record["StackStatus"]?.stringValue ?? ""
            return status != "DELETE_COMPLETE" && options.includes(stackName: record["StackName"]?.stringValue ?? "")
        }
        var stacks: [DeployedStack] = []
        try await withThrowingTaskGroup(of: DeployedStack.self) { group in
            var pending = kept.makeIterator()
            func startNext() {
                guard let record = pending.next() else { return }
                group.addTask { try await Self.stack(record, scope, client, logger: logger) }
            }
            for _ in 0..<options.concurrency { startNext() }
            while let stack = try await group.next() {
                stacks.append(stack)
                startNext()
            }
        }
        stacks.sort { ($0.name, $0.stackId) < ($1.name, $1.stackId) }
        return StackRead(stacks: stacks, exports: try await exportsRead)
    }

    /// One stack: its resources, and its processed template when it holds a checked type.
    private static func stack(
        _ record: JSONValue, _ scope: Scope, _ client: QueryClient, logger: Logger
    ) async throws -> DeployedStack {
        let id = record["StackId"]?.stringValue ?? record["StackName"]?.stringValue ?? ""
        let resources = try await listed(.listStackResources, client, [("StackName", id)], logger: logger).map {
            StackResource(
                logicalId: $0["LogicalResourceId"]?.stringValue ?? "",
                physicalId: $0["PhysicalResourceId"]?.stringValue ?? "",
                type: $0["ResourceType"]?.stringValue ?? "", status: $0["ResourceStatus"]?.stringValue ?? "")
        }
        var body: String?
        if resources.contains(where: { checkedTypes.contains($0.type) }) {
            let output = try await call(
                .getTemplate, client, [("StackName", id), ("TemplateStage", "Processed")],
                logger: logger)
            body = output["TemplateBody"]?.stringValue
        }
        return DeployedStack(scope: scope, raw: record, resources: resources, templateBody: body)
    }

    /// Every export of the scope.
    private static func exports(_ scope: Scope, _ client: QueryClient, logger: Logger) async throws -> [StackExport] {
        try await listed(.listExports, client, logger: logger).map {
            StackExport(
                scope: scope, name: $0["Name"]?.stringValue ?? "", value: $0["Value"]?.stringValue ?? "",
                exportingStackId: $0["ExportingStackId"]?.stringValue ?? "")
        }.sorted { $0.name < $1.name }
    }

    /// Every item of every page of a paged operation.
    private static func listed(
        _ operation: ModeledOperation, _ client: QueryClient, _ parameters: [(String, String)] = [], logger: Logger
    ) async throws -> [JSONValue] {
        do {
            var items: [JSONValue] = []
            for try await page in client.pages(operation.name, parameters, maxResults: nil, logger: logger) {
                items += try ShapeDecoder.decodePage(operation: operation, root: page.root).items
            }
            return items
        } catch {
            throw CollectorError.failure(of: operation.name, error)
        }
    }

    /// The decoded output of one unpaged call.
    private static func call(
        _ operation: ModeledOperation, _ client: QueryClient, _ parameters: [(String, String)], logger: Logger
    ) async throws -> JSONValue {
        do {
            let root = try await client.send(operation.name, parameters, logger: logger)
            return try ShapeDecoder.decodeOutput(operation: operation, root: root)
        } catch {
            throw CollectorError.failure(of: operation.name, error)
        }
    }
}
