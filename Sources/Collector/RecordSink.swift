import Foundation
import PrivateLinkModel
import Synchronization

/// Where a streaming collect puts each scope's records as its pages arrive (in plinv, the store's drafts).
public protocol RecordSink: Sendable {
    associatedtype Recorder: ScopeRecorder
    /// A recorder for one scope, knowing what the scope's previous snapshot held.
    func recorder(for scope: Scope) throws -> Recorder
}

/// Takes one scope's records as they are read. The listing tasks of a scope call it concurrently.
public protocol ScopeRecorder: Sendable {
    /// Whether the record is unchanged since the scope's previous snapshot (its raw digest is the one stored);
    /// if so it is recorded as carried forward and need not be decoded.
    func carryForward(_ kind: ResourceKind, id: String, digest: UInt128) throws -> Bool
    /// Records a new or changed resource as canonical JSON (UTF-8, valid only during the call), with the raw
    /// digest of the record as received (nil when the reader has none).
    func record(_ kind: ResourceKind, id: String, digest: UInt128?, canonicalJSON: UnsafeRawBufferPointer) throws
}

extension ScopeRecorder {
    /// Records a new or changed resource given as canonical JSON text.
    func record(_ kind: ResourceKind, id: String, digest: UInt128?, canonicalJSON text: String) throws {
        var text = text
        try text.withUTF8 { try record(kind, id: id, digest: digest, canonicalJSON: UnsafeRawBufferPointer($0)) }
    }
}

/// What reading one scope into a recorder gave besides the records.
public struct RecordedScope: Sendable, Hashable {
    /// How many resources were recorded.
    public var resources: Int
    /// The scope's stacks and exports; nil when stacks were not asked for.
    public var stacks: StackRead?

    public init(resources: Int, stacks: StackRead? = nil) {
        self.resources = resources
        self.stacks = stacks
    }
}

/// A streamed collect: the snapshot's header and one recorder per scope read successfully.
public struct RecordedSnapshot<Recorder: ScopeRecorder>: Sendable {
    /// Time, status, label, scopes, stacks and exports; its `inventory` is empty: the resources are in `recorders`.
    public var snapshot: Snapshot
    /// The recorders of the scopes read successfully, sorted by scope (a failed scope's records are dropped).
    public var recorders: [Recorder]
}

/// Keeps every record as a model value, for callers that want the scope's `Inventory` (`read(_:logger:)`).
final class InventoryRecorder: ScopeRecorder {
    let scope: Scope
    private let values = Mutex<[(kind: ResourceKind, raw: JSONValue)]>([])

    init(scope: Scope) { self.scope = scope }

    func carryForward(_ kind: ResourceKind, id: String, digest: UInt128) throws -> Bool { false }

    func record(_ kind: ResourceKind, id: String, digest: UInt128?, canonicalJSON: UnsafeRawBufferPointer) throws {
        let raw = try JSONValue.parse(Data(canonicalJSON))
        values.withLock { $0.append((kind, raw)) }
    }

    /// Everything recorded, in canonical order.
    func inventory() -> Inventory {
        var inventory = Inventory()
        for (kind, raw) in values.withLock({ $0 }) {
            inventory.append(kind, scope: scope, raw: raw)
        }
        return inventory.sorted()
    }
}
