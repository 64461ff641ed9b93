import Foundation
import GRDB
import PrivateLinkModel

extension SnapshotStore {
    /// Stores `snapshot` in one transaction and returns its new id (the value's own `id` is ignored).
    ///
    /// Unchanged resources cost no new rows: their current version's validity is extended to this
    /// snapshot. Resources must belong to scopes listed as `ok`; failed scopes contribute nothing and
    /// do not end the history of the resources they held.
    public func save(_ snapshot: Snapshot) throws -> Int64 {
        try save(snapshot, drafts: [], beforeCommit: { _ in })
    }

    /// Stores a streamed collect in one transaction: `snapshot` gives its time, status, scopes and stacks, and
    /// `drafts` (from ``recorder(for:)``, one per `ok` scope) its resources. Returns the new snapshot's id.
    ///
    /// A draft compared against the scope's latest `ok` snapshot has its unchanged versions extended in bulk; if
    /// another snapshot of the scope was stored since the draft was made, its records are compared by body, as
    /// ``save(_:)`` does.
    public func save(_ snapshot: Snapshot, drafts: [ScopeDraft]) throws -> Int64 {
        try save(snapshot, drafts: drafts, beforeCommit: { _ in })
    }

    /// ``save(_:)`` with a hook run inside the transaction just before it commits (tests throw from it).
    func save(_ snapshot: Snapshot, beforeCommit: (Database) throws -> Void) throws -> Int64 {
        try save(snapshot, drafts: [], beforeCommit: beforeCommit)
    }

    /// ``save(_:drafts:)`` with a hook run inside the transaction just before it commits.
    func save(_ snapshot: Snapshot, drafts: [ScopeDraft], beforeCommit: (Database) throws -> Void) throws -> Int64 {
        let prepared = try PreparedSnapshot(snapshot, drafts: drafts)
        return try withFirstSaveJournal { try write(prepared, beforeCommit: beforeCommit) }
    }

    /// Writes `prepared` in one transaction and returns the new snapshot's id.
    private func write(_ prepared: PreparedSnapshot, beforeCommit: (Database) throws -> Void) throws -> Int64 {
        try writeTransaction("saving a snapshot") { db in
            var writer = try SnapshotWriter(db: db)
            let id = try writer.write(prepared)
            try beforeCommit(db)
            logger.debug(
                "saved snapshot",
                metadata: [
                    "store.snapshot": "\(id)", "store.resources": "\(prepared.counts.values.reduce(0, +))",
                    "store.extended": "\(writer.extended)", "store.newVersions": "\(writer.newVersions)",
                    "store.newBodies": "\(writer.newBodies)", "store.stacks": "\(prepared.stackRecords.count)",
                    "store.newTemplates": "\(writer.newTemplates)",
                ])
            return id
        }
    }
}

/// Writes one prepared snapshot inside an open transaction, counting what it did.
struct SnapshotWriter {
    let db: Database
    /// Versions whose validity was extended to the new snapshot.
    var extended = 0
    /// Versions started by the new snapshot (new, changed or reappeared resources).
    var newVersions = 0
    /// Bodies stored for the first time.
    var newBodies = 0
    /// Template bodies stored for the first time.
    var newTemplates = 0
    /// The dictionary new bodies are compressed with (`body_dictionary.id`), nil for none.
    var dictionaryID: Int64?
    /// Whether no body was stored when this save began (a first collect): a body is then looked up by hash only when
    /// this save stored one with that hash.
    private var bodiesWereEmpty = false
    /// The hashes of the bodies this save stored, while `bodiesWereEmpty`.
    private var storedHashes: Set<Int64> = []
    /// Inserts a new body: its hash, its JSON and the dictionary to compress it with.
    private let bodyInsert: PreparedInsert
    /// Inserts a resource's new version (`ScopeWriter`).
    let versionInsert: PreparedInsert

    init(db: Database) throws {
        self.db = db
        bodyInsert = try PreparedInsert(db, sql: "INSERT INTO body (hash, data) VALUES (?, plinv_compress(?, ?))")
        versionInsert = try PreparedInsert(
            db,
            sql: """
                INSERT INTO resource_version
                    (scope_id, kind, resource_id, first_snapshot, last_snapshot, first_seen_at, body_id, raw_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    /// Inserts the snapshot, its scopes and counts, and records every resource; returns the snapshot id.
    mutating func write(_ prepared: PreparedSnapshot) throws -> Int64 {
        let snapshot = prepared.snapshot
        let takenAt = StoredTime.text(snapshot.takenAt)
        dictionaryID = try BodyDictionary.forSaving(prepared, in: db)
        bodiesWereEmpty = try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM body)") ?? false
        try db.execute(
            sql: "INSERT INTO snapshot (taken_at, taken_at_ref, status, label) VALUES (?, ?, ?, ?)",
            arguments: [
                takenAt, snapshot.takenAt.timeIntervalSinceReferenceDate, snapshot.status.rawValue,
                snapshot.label,
            ])
        let snapshotID = db.lastInsertedRowID
        var scopeIDs: [Scope: Int64] = [:]
        var previousObservation: [Scope: Int64] = [:]
        for status in snapshot.scopes {
            let scopeID = try scopeID(for: status.scope)
            scopeIDs[status.scope] = scopeID
            // The latest earlier snapshot that observed this scope: versions still current then are open.
            if let previous = try Int64.fetchOne(
                db, sql: "SELECT max(snapshot_id) FROM snapshot_scope WHERE scope_id = ? AND status = 'ok'",
                arguments: [scopeID])
            {
                previousObservation[status.scope] = previous
            }
            try db.execute(
                sql: "INSERT INTO snapshot_scope (snapshot_id, scope_id, status, error) VALUES (?, ?, ?, ?)",
                arguments: [snapshotID, scopeID, status.state.rawValue, status.error])
        }
        for draft in prepared.drafts {
            guard let scopeID = scopeIDs[draft.scope] else { continue }  // PreparedSnapshot checked it
            let scopeWriter = ScopeWriter(
                db: db, scopeID: scopeID, snapshotID: snapshotID, takenAt: takenAt,
                previous: previousObservation[draft.scope], versionInsert: versionInsert)
            try scopeWriter.write(draft, into: &self)
        }
        try writeStacks(prepared, snapshotID: snapshotID, takenAt: takenAt, scopeIDs: scopeIDs)
        for kind in ResourceKind.allCases {
            try db.execute(
                sql: "INSERT INTO snapshot_count (snapshot_id, kind, resources) VALUES (?, ?, ?)",
                arguments: [snapshotID, kind.rawValue, prepared.counts[kind] ?? 0])
        }
        return snapshotID
    }

    /// The id of `scope`, inserting it when new.
    private func scopeID(for scope: Scope) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO scope (account, region) VALUES (?, ?) ON CONFLICT (account, region) DO NOTHING",
            arguments: [scope.account, scope.region])
        guard
            let id = try Int64.fetchOne(
                db, sql: "SELECT id FROM scope WHERE account = ? AND region = ?",
                arguments: [scope.account, scope.region])
        else { throw StoreError.invalidArgument("scope \(scope) vanished while saving") }
        return id
    }

    /// The id of the stored body equal to `json`, storing it when new.
    mutating func bodyID(hash: Int64, json: String) throws -> Int64 {
        var json = json
        return try json.withUTF8 { try bodyID(hash: hash, json: UnsafeRawBufferPointer($0)) }
    }

    /// The id of the stored body whose UTF-8 is `json`, storing it when new. The bytes are bound where they lie (a
    /// draft's spool): no `String` is made of a new record's JSON, and SQLite does not copy it either.
    mutating func bodyID(hash: Int64, json: UnsafeRawBufferPointer) throws -> Int64 {
        if !bodiesWereEmpty || storedHashes.contains(hash),
            let id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM body WHERE hash = ? AND plinv_body(data) = ?"),
                arguments: [hash, String(decoding: json, as: UTF8.self)])
        {
            return id
        }
        let dictionaryID = dictionaryID
        try bodyInsert.run {
            $0.bind(hash)
            $0.bind(utf8: json)
            $0.bind(dictionaryID)
        }
        newBodies += 1
        if bodiesWereEmpty { storedHashes.insert(hash) }
        return db.lastInsertedRowID
    }

    /// The id of the stored body equal to `json` (the canonical text of `value`), storing it when new;
    /// `naming` says what it is in an error.
    mutating func bodyID(hash: Int64, json: String, value: JSONValue, naming: String) throws -> Int64 {
        // A new body must read back as the very value collected. The canonical writer keeps every value but a
        // non-finite number (JSON has none), so that is all there is to check: no need to parse the body again.
        guard !SnapshotStore.holdsNonFiniteNumber(value) else {
            throw StoreError.invalidSnapshot(
                reason: "\(naming) holds a value that JSON cannot keep exactly (e.g. a non-finite number)")
        }
        return try bodyID(hash: hash, json: json)
    }
}

extension SnapshotStore {
    /// Whether a value holds a NaN or infinite double, which JSON cannot represent.
    static func holdsNonFiniteNumber(_ value: JSONValue) -> Bool {
        switch value {
        case .double(let number): !number.isFinite
        case .array(let elements): elements.contains(where: holdsNonFiniteNumber)
        case .object(let members): members.values.contains(where: holdsNonFiniteNumber)
        default: false
        }
    }
}
