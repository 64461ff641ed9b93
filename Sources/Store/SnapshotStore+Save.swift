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
        try save(snapshot, beforeCommit: { _ in })
    }

    /// ``save(_:)`` with a hook run inside the transaction just before it commits (tests throw from it).
    func save(_ snapshot: Snapshot, beforeCommit: (Database) throws -> Void) throws -> Int64 {
        let prepared = try PreparedSnapshot(snapshot)
        return try writeTransaction("saving a snapshot") { db in
            var writer = SnapshotWriter(db: db)
            let id = try writer.write(prepared)
            try beforeCommit(db)
            logger.debug("saved snapshot", metadata: [
                "store.snapshot": "\(id)", "store.resources": "\(prepared.records.count)",
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

    init(db: Database) { self.db = db }

    /// Inserts the snapshot, its scopes and counts, and records every resource; returns the snapshot id.
    mutating func write(_ prepared: PreparedSnapshot) throws -> Int64 {
        let snapshot = prepared.snapshot
        let takenAt = StoredTime.text(snapshot.takenAt)
        dictionaryID = try BodyDictionary.forSaving(prepared, in: db)
        try db.execute(
            sql: "INSERT INTO snapshot (taken_at, taken_at_ref, status, label) VALUES (?, ?, ?, ?)",
            arguments: [takenAt, snapshot.takenAt.timeIntervalSinceReferenceDate, snapshot.status.rawValue,
                        snapshot.label])
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
        for record in prepared.records {
            guard let scopeID = scopeIDs[record.scope] else { continue }  // PreparedSnapshot checked it
            try store(record, scopeID: scopeID, snapshotID: snapshotID, takenAt: takenAt,
                      previous: previousObservation[record.scope])
        }
        try writeStacks(prepared, snapshotID: snapshotID, takenAt: takenAt, scopeIDs: scopeIDs)
        for (kind, count) in snapshot.inventory.counts {
            try db.execute(
                sql: "INSERT INTO snapshot_count (snapshot_id, kind, resources) VALUES (?, ?, ?)",
                arguments: [snapshotID, kind.rawValue, count])
        }
        return snapshotID
    }

    /// The id of `scope`, inserting it when new.
    private func scopeID(for scope: Scope) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO scope (account, region) VALUES (?, ?) ON CONFLICT (account, region) DO NOTHING",
            arguments: [scope.account, scope.region])
        guard let id = try Int64.fetchOne(
            db, sql: "SELECT id FROM scope WHERE account = ? AND region = ?", arguments: [scope.account, scope.region])
        else { throw StoreError.invalidArgument("scope \(scope) vanished while saving") }
        return id
    }

    /// Extends the resource's open version when its body is unchanged, else starts a new version.
    private mutating func store(
        _ record: PreparedSnapshot.Record, scopeID: Int64, snapshotID: Int64, takenAt: String, previous: Int64?
    ) throws {
        let bodyID = try bodyID(for: record)
        let latest = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT first_snapshot, last_snapshot, body_id FROM resource_version
                WHERE scope_id = ? AND kind = ? AND resource_id = ? ORDER BY first_snapshot DESC LIMIT 1
                """),
            arguments: [scopeID, record.kind.rawValue, record.resourceId])
        if let latest, let previous, latest["last_snapshot"] as Int64 == previous,
           latest["body_id"] as Int64 == bodyID
        {
            let first: Int64 = latest["first_snapshot"]
            try db.cachedStatement(sql: """
                UPDATE resource_version SET last_snapshot = ?
                WHERE scope_id = ? AND kind = ? AND resource_id = ? AND first_snapshot = ?
                """)
                .execute(arguments: [snapshotID, scopeID, record.kind.rawValue, record.resourceId, first])
            extended += 1
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO resource_version
                    (scope_id, kind, resource_id, first_snapshot, last_snapshot, first_seen_at, body_id)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
                .execute(arguments: [scopeID, record.kind.rawValue, record.resourceId, snapshotID, snapshotID,
                                     takenAt, bodyID])
            newVersions += 1
        }
    }

    /// The id of the stored body equal to the record's JSON, storing it when new.
    private mutating func bodyID(for record: PreparedSnapshot.Record) throws -> Int64 {
        try bodyID(
            hash: record.hash, json: record.json, value: record.raw,
            naming: "\(record.kind.rawValue) \(record.resourceId) in \(record.scope)")
    }

    /// The id of the stored body equal to `json` (the canonical text of `value`), storing it when new;
    /// `naming` says what it is in an error.
    mutating func bodyID(hash: Int64, json: String, value: JSONValue, naming: String) throws -> Int64 {
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM body WHERE hash = ? AND plinv_body(data) = ?"),
            arguments: [hash, json])
        {
            return id
        }
        // A new body must read back as the very value collected. The canonical writer keeps every value but a
        // non-finite number (JSON has none), so that is all there is to check: no need to parse the body again.
        guard !SnapshotStore.holdsNonFiniteNumber(value) else {
            throw StoreError.invalidSnapshot(
                reason: "\(naming) holds a value that JSON cannot keep exactly (e.g. a non-finite number)")
        }
        try db.cachedStatement(sql: "INSERT INTO body (hash, data) VALUES (?, plinv_compress(?, ?))")
            .execute(arguments: [hash, json, dictionaryID])
        newBodies += 1
        return db.lastInsertedRowID
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
