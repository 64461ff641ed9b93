import Foundation
import GRDB
import PrivateLinkModel
import Synchronization

/// One scope's records as a collect reads them, prepared for the snapshot's one write transaction.
///
/// ``SnapshotStore/recorder(for:)`` makes it after reading what the scope's previous `ok` snapshot held: each
/// resource's version, body and the raw digest of its record. A record whose raw digest is unchanged is only
/// marked (its version is extended when the snapshot is saved), so it is never decoded, canonicalised or
/// compared again; any other record is kept as canonical JSON with its hash, in a spool that holds what a shared
/// budget allows in memory and the rest in a temporary file. A draft therefore holds a few bytes per record beyond
/// that budget, never the snapshot's records. The listing tasks of one scope may record into it at the same time.
public final class ScopeDraft: Sendable {
    public let scope: Scope
    /// What the records were compared against.
    let baseline: Baseline
    /// The versions ending at the baseline snapshot, by identity.
    let previous: PreviousVersions
    private let state: Mutex<State>
    /// ``keyHash(_:_:)``, or in tests a hash that collides.
    private let keyHash: @Sendable (ResourceKind, String) -> Int64

    /// The snapshot a draft's records were compared against.
    enum Baseline: Sendable, Hashable {
        /// Nothing was read: every record is compared by body inside the write transaction (`save(_:)`).
        case unknown
        /// The scope's latest `ok` snapshot when the draft was made; nil when the scope was never observed.
        case snapshot(Int64?)
    }

    /// A resource's identity within the scope (`kind` as stored, so a kind from a newer plinv is kept apart).
    struct RecordKey: Sendable, Hashable {
        var kind: String
        var id: String
    }

    /// What happened to each baseline version in this draft.
    enum Mark: UInt8, Sendable {
        /// Not listed (yet): deleted unless it comes.
        case unseen
        /// Listed with an unchanged raw digest: carried forward as stored.
        case carried
        /// Listed with another (or no) digest: its record is among the draft's records.
        case recorded
    }

    /// The mutable part, under the lock.
    struct State: Sendable {
        var marks: [Mark]
        /// Hashes of the identities recorded that the baseline did not hold, to refuse a resource listed twice (a hash
        /// seen before is confirmed by comparing identities). A set of the identities themselves hashed two strings
        /// with SipHash per record: 2,100 instructions, two thirds of `record` (callgrind, 12,000 records). Ids are
        /// compared by their bytes, as the baseline (`PreviousVersions`) and `resource_version`'s key compare them.
        var newKeyHashes: Set<Int64> = []
        var records: [PreparedSnapshot.Record] = []
        /// The records' canonical JSON.
        var spool = RecordSpool()
        var counts: [ResourceKind: Int] = [:]
    }

    init(
        scope: Scope, baseline: Baseline, previous: PreviousVersions = PreviousVersions(),
        keyHash: @escaping @Sendable (ResourceKind, String) -> Int64 = ScopeDraft.keyHash
    ) {
        self.scope = scope
        self.baseline = baseline
        self.previous = previous
        self.keyHash = keyHash
        self.state = Mutex(State(marks: Array(repeating: .unseen, count: previous.count)))
    }

    deinit {
        state.withLock { $0.spool.discard() }
    }

    /// Reads the scope's latest `ok` snapshot and every version it holds, inside the read transaction `db`.
    convenience init(scope: Scope, reading db: Database) throws {
        guard
            let scopeID = try Int64.fetchOne(
                db, sql: "SELECT id FROM scope WHERE account = ? AND region = ?",
                arguments: [scope.account, scope.region]),
            let snapshot = try Int64.fetchOne(
                db, sql: "SELECT max(snapshot_id) FROM snapshot_scope WHERE scope_id = ? AND status = 'ok'",
                arguments: [scopeID])
        else {
            self.init(scope: scope, baseline: .snapshot(nil))
            return
        }
        var previous = PreviousVersions()
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT kind, resource_id, first_snapshot, body_id, raw_digest FROM resource_version
                WHERE scope_id = ? AND last_snapshot = ?
                """, arguments: [scopeID, snapshot])
        while let row = try rows.next() {
            let version = PreviousVersions.Version(
                firstSnapshot: row[2], bodyID: row[3],
                digest: try row.withUnsafeData(atIndex: 4) { ContentHash.digest($0) })
            try row.withUnsafeData(atIndex: 1) { id in
                (id ?? Data()).withUnsafeBytes { previous.append(kind: row[0], id: $0, version: version) }
            }
        }
        previous.index()
        self.init(scope: scope, baseline: .snapshot(snapshot), previous: previous)
    }

    /// Whether the resource's record is unchanged since the baseline (same raw digest); if so it is recorded as
    /// carried forward and the caller need not decode it.
    /// - Throws: ``StoreError/invalidSnapshot(reason:)`` when the resource was already recorded.
    public func carryForward(_ kind: ResourceKind, id: String, digest: UInt128) throws -> Bool {
        guard let position = previous.position(of: kind, id: id), previous.version(at: position).digest == digest else {
            return false
        }
        try state.withLock { state in
            guard state.marks[position] == .unseen else { throw Self.listedTwice(kind, id, scope) }
            state.marks[position] = .carried
            state.counts[kind, default: 0] += 1
        }
        return true
    }

    /// Records a new or changed resource: its canonical JSON (the store's body text) and, when known, the raw
    /// digest of the record as received.
    /// - Throws: ``StoreError/invalidSnapshot(reason:)`` when the resource was already recorded.
    public func record(_ kind: ResourceKind, id: String, digest: UInt128?, canonicalJSON: UnsafeRawBufferPointer) throws
    {
        let hash = ContentHash.body(canonicalJSON)
        let index = previous.position(of: kind, id: id)
        let keyHash = index == nil ? keyHash(kind, id) : 0
        try state.withLock { state in
            if let index {
                guard state.marks[index] == .unseen else { throw Self.listedTwice(kind, id, scope) }
                state.marks[index] = .recorded
            } else if !state.newKeyHashes.insert(keyHash).inserted,
                state.records.contains(where: { $0.kind == kind && $0.resourceId.utf8.elementsEqual(id.utf8) })
            {
                throw Self.listedTwice(kind, id, scope)
            }
            let json = try state.spool.append(canonicalJSON)
            state.records.append(
                PreparedSnapshot.Record(kind: kind, resourceId: id, json: json, hash: hash, digest: digest))
            state.counts[kind, default: 0] += 1
        }
    }

    /// Records a resource given as a model value (``SnapshotStore/save(_:)``): canonicalised here.
    func record<Resource: InventoryResource>(_ resource: Resource) throws {
        // The canonical writer keeps every value but a non-finite number (JSON has none): refuse that one.
        guard !SnapshotStore.holdsNonFiniteNumber(resource.raw) else {
            throw StoreError.invalidSnapshot(
                reason: "\(Resource.kind.rawValue) \(resource.resourceId) in \(resource.scope) holds a value that "
                    + "JSON cannot keep exactly (e.g. a non-finite number)")
        }
        try record(Resource.kind, id: resource.resourceId, digest: nil, canonicalJSON: resource.raw.canonicalData())
    }

    /// Records a new or changed resource given as canonical JSON bytes.
    func record(_ kind: ResourceKind, id: String, digest: UInt128?, canonicalJSON json: some ContiguousBytes) throws {
        try json.withUnsafeBytes { try record(kind, id: id, digest: digest, canonicalJSON: $0) }
    }

    /// The number of resources of each kind recorded so far (carried forward or not).
    var counts: [ResourceKind: Int] { state.withLock { $0.counts } }

    /// How many records (new or changed resources) the draft holds.
    var recordCount: Int { state.withLock { $0.records.count } }

    /// The records in the order they were recorded.
    var unsortedRecords: [PreparedSnapshot.Record] { state.withLock { $0.records } }

    /// Every record's canonical JSON, one after the other (a record's `json` is its range here).
    func spooledJSON() throws -> SpoolContents {
        try state.withLock { $0.spool }.contents()
    }

    /// The marks and the records (sorted by kind, then id, so bodies are stored in a stable order) and the counts.
    func contents() -> State {
        var contents = state.withLock { $0 }
        contents.records.sort { ($0.kind.position, $0.resourceId) < ($1.kind.position, $1.resourceId) }
        return contents
    }

    /// A 64-bit hash of a resource's identity (equal identities, equal hashes; a collision is rare, and only makes
    /// `record` compare identities).
    @Sendable static func keyHash(_ kind: ResourceKind, _ id: String) -> Int64 {
        ContentHash.body(id) &+ Int64(kind.position + 1) &* -0x61C8_8646_80B5_83EB
    }

    private static func listedTwice(_ kind: ResourceKind, _ id: String, _ scope: Scope) -> StoreError {
        .invalidSnapshot(reason: "\(kind.rawValue) \(id) appears twice in scope \(scope)")
    }
}

extension SnapshotStore {
    /// A draft for one scope of a collect in progress, knowing what the scope's latest `ok` snapshot held.
    ///
    /// Reads without taking the write lock; ``save(_:drafts:)`` checks, inside its transaction, that no other
    /// snapshot of the scope was stored meanwhile (and if one was, compares the records by body instead).
    public func recorder(for scope: Scope) throws -> ScopeDraft {
        try run("reading the previous snapshot of \(scope)") {
            try pool.read { db in try ScopeDraft(scope: scope, reading: db) }
        }
    }
}
