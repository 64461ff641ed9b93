import Foundation

/// One collection run: when, how complete, and what was seen.
public struct Snapshot: Sendable, Hashable {
    /// Whether every scope was collected.
    public enum Status: String, Sendable, Hashable, Codable {
        case complete
        case partial
    }

    /// The store's id; nil until stored.
    public var id: Int64?
    public var takenAt: Date
    public var status: Status
    /// A free-text label given with `collect --label`.
    public var label: String?
    /// How each scope went, sorted by scope.
    public var scopes: [ScopeStatus]
    public var inventory: Inventory
    /// The CloudFormation stacks read in this snapshot (`collect --stacks`), sorted by scope then name.
    public var stacks: [DeployedStack]
    /// The stack exports read in this snapshot, sorted by scope then name.
    public var exports: [StackExport]
    /// The scopes whose stacks were read in this snapshot. A scope outside it says nothing about its stacks
    /// (collected without `--stacks`, or failed); a scope inside it with no stacks has none.
    public var stackScopes: Set<Scope>

    public init(
        id: Int64? = nil, takenAt: Date, status: Status, label: String? = nil,
        scopes: [ScopeStatus], inventory: Inventory,
        stacks: [DeployedStack] = [], exports: [StackExport] = [], stackScopes: Set<Scope> = []
    ) {
        self.id = id
        self.takenAt = takenAt
        self.status = status
        self.label = label
        self.scopes = scopes.sorted()
        self.inventory = inventory
        self.stacks = stacks.sorted { ($0.scope, $0.name, $0.stackId) < ($1.scope, $1.name, $1.stackId) }
        self.exports = exports.sorted { ($0.scope, $0.name) < ($1.scope, $1.name) }
        self.stackScopes = stackScopes
    }

    /// Whether this snapshot read the stacks of `scope` (so an absent stack there is really absent).
    public func stacksWereRead(in scope: Scope) -> Bool { stackScopes.contains(scope) }

    /// The stacks of `scope` in this snapshot.
    public func stacks(in scope: Scope) -> [DeployedStack] { stacks.filter { $0.scope == scope } }

    /// The exports visible in `scope` by name: what `Fn::ImportValue` resolves to there.
    public func exports(in scope: Scope) -> [String: String] {
        Dictionary(
            exports.filter { $0.scope == scope }.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The scopes that were collected successfully.
    public var succeededScopes: Set<Scope> {
        Set(scopes.filter { $0.state == .ok }.map(\.scope))
    }
}

/// The summary of a stored snapshot, without its resources (what `plinv snapshots` lists).
public struct SnapshotSummary: Sendable, Hashable {
    public var id: Int64
    public var takenAt: Date
    public var status: Snapshot.Status
    public var label: String?
    public var scopes: [ScopeStatus]
    public var counts: [ResourceKind: Int]
    /// The number of CloudFormation stacks read, nil when the snapshot read no scope's stacks.
    public var stackCount: Int?

    public init(
        id: Int64, takenAt: Date, status: Snapshot.Status, label: String?,
        scopes: [ScopeStatus], counts: [ResourceKind: Int], stackCount: Int? = nil
    ) {
        self.id = id
        self.takenAt = takenAt
        self.status = status
        self.label = label
        self.scopes = scopes
        self.counts = counts
        self.stackCount = stackCount
    }
}
