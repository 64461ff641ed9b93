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

    public init(
        id: Int64? = nil, takenAt: Date, status: Status, label: String? = nil,
        scopes: [ScopeStatus], inventory: Inventory
    ) {
        self.id = id
        self.takenAt = takenAt
        self.status = status
        self.label = label
        self.scopes = scopes.sorted()
        self.inventory = inventory
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

    public init(
        id: Int64, takenAt: Date, status: Snapshot.Status, label: String?,
        scopes: [ScopeStatus], counts: [ResourceKind: Int]
    ) {
        self.id = id
        self.takenAt = takenAt
        self.status = status
        self.label = label
        self.scopes = scopes
        self.counts = counts
    }
}
