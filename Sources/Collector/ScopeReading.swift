import Logging
import PrivateLinkModel

/// Reads everything plinv keeps from one account × region.
public protocol ScopeReading: Sendable {
    /// Reads the scope's PrivateLink state; throws when the scope cannot be read completely.
    func read(_ scope: Scope, logger: Logger) async throws -> Inventory
    /// Reads the scope's PrivateLink state and, when the reader is set to, its CloudFormation stacks.
    /// The default reads no stacks.
    func readScope(_ scope: Scope, logger: Logger) async throws -> ScopeReadResult
    /// Reads the scope into `recorder` as ``readScope(_:logger:)`` reads it. The default reads the scope whole
    /// first, then records each resource without a raw digest; a streaming reader records page by page.
    func readScope<Recorder: ScopeRecorder>(_ scope: Scope, into recorder: Recorder, logger: Logger) async throws
        -> RecordedScope
}

extension ScopeReading {
    public func readScope(_ scope: Scope, logger: Logger) async throws -> ScopeReadResult {
        ScopeReadResult(inventory: try await read(scope, logger: logger))
    }

    public func readScope<Recorder: ScopeRecorder>(_ scope: Scope, into recorder: Recorder, logger: Logger)
        async throws -> RecordedScope
    {
        let result = try await readScope(scope, logger: logger)
        func record<Resource: InventoryResource>(_ resources: [Resource]) throws {
            for resource in resources {
                guard !resource.raw.holdsNonFiniteNumber else {
                    throw CollectorError.malformedValue(
                        operation: "read", path: "\(Resource.kind.rawValue) \(resource.resourceId)", type: "double",
                        text: "a non-finite number")
                }
                try recorder.record(
                    Resource.kind, id: resource.resourceId, digest: nil,
                    canonicalJSON: String(decoding: resource.raw.canonicalData(), as: UTF8.self))
            }
        }
        let inventory = result.inventory
        try record(inventory.endpointServices)
        try record(inventory.allowedPrincipals)
        try record(inventory.connections)
        try record(inventory.vpcEndpoints)
        try record(inventory.securityGroups)
        try record(inventory.loadBalancers)
        return RecordedScope(resources: inventory.resourceCount, stacks: result.stacks)
    }
}

extension JSONValue {
    /// Whether the value holds a NaN or infinite double, which JSON cannot keep.
    var holdsNonFiniteNumber: Bool {
        switch self {
        case .double(let number): !number.isFinite
        case .array(let elements): elements.contains { $0.holdsNonFiniteNumber }
        case .object(let members): members.values.contains { $0.holdsNonFiniteNumber }
        default: false
        }
    }
}

/// Everything read from one scope.
public struct ScopeReadResult: Sendable, Hashable {
    public var inventory: Inventory
    /// The scope's stacks and exports; nil when stacks were not asked for.
    public var stacks: StackRead?

    public init(inventory: Inventory, stacks: StackRead? = nil) {
        self.inventory = inventory
        self.stacks = stacks
    }
}

/// One scope to collect and the reader that can reach it.
public struct PlannedScope: Sendable {
    public var scope: Scope
    public var reader: any ScopeReading
    /// Set when the scope is already known to be unreachable (e.g. its credentials failed): recorded as failed.
    public var failure: String?

    public init(scope: Scope, reader: any ScopeReading, failure: String? = nil) {
        self.scope = scope
        self.reader = reader
        self.failure = failure
    }
}

/// What happened while collecting, for progress displays.
public enum CollectionEvent: Sendable, Hashable {
    /// Collection of `total` scopes began.
    case started(total: Int)
    /// One scope finished with `resources` resources read.
    case scopeSucceeded(Scope, resources: Int)
    /// One scope failed with a one-line reason.
    case scopeFailed(Scope, reason: String)
}
