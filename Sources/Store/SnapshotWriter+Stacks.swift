import GRDB
import PrivateLinkModel

extension SnapshotWriter {
    /// Records which scopes had their stacks read, and every stack and export of them.
    ///
    /// As for resources: an unchanged stack (same record, resources and template) whose version ends at the
    /// scope's previous stack reading only has that version extended; anything else starts a version.
    mutating func writeStacks(
        _ prepared: PreparedSnapshot, snapshotID: Int64, takenAt: String, scopeIDs: [Scope: Int64]
    ) throws {
        var previousReading: [Scope: Int64] = [:]
        for scope in prepared.snapshot.stackScopes.sorted() {
            guard let scopeID = scopeIDs[scope] else { continue }  // PreparedSnapshot checked it
            if let previous = try Int64.fetchOne(
                db, sql: "SELECT max(snapshot_id) FROM snapshot_stack_scope WHERE scope_id = ? AND snapshot_id < ?",
                arguments: [scopeID, snapshotID])
            {
                previousReading[scope] = previous
            }
            try db.execute(
                sql: "INSERT INTO snapshot_stack_scope (snapshot_id, scope_id) VALUES (?, ?)",
                arguments: [snapshotID, scopeID])
        }
        for record in prepared.stackRecords {
            guard let scopeID = scopeIDs[record.scope] else { continue }
            try store(
                record, scopeID: scopeID, snapshotID: snapshotID, takenAt: takenAt,
                previous: previousReading[record.scope])
        }
    }

    /// Extends the item's open version when body and template are unchanged, else starts a new version.
    private mutating func store(
        _ record: PreparedSnapshot.StackRecord, scopeID: Int64, snapshotID: Int64, takenAt: String, previous: Int64?
    ) throws {
        let bodyID = try bodyID(
            hash: record.hash, json: record.json, value: record.body,
            naming: "\(record.kind) \(record.itemId) in \(record.scope)")
        let templateID = try record.template.map { try self.templateID(text: $0.text, hash: $0.hash) }
        let latest = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT first_snapshot, last_snapshot, body_id, template_id FROM stack_version
                    WHERE scope_id = ? AND kind = ? AND item_id = ? ORDER BY first_snapshot DESC LIMIT 1
                    """),
            arguments: [scopeID, record.kind, record.itemId])
        if let latest, let previous, latest["last_snapshot"] as Int64 == previous,
            latest["body_id"] as Int64 == bodyID, latest["template_id"] as Int64? == templateID
        {
            let first: Int64 = latest["first_snapshot"]
            try db.cachedStatement(
                sql: """
                    UPDATE stack_version SET last_snapshot = ?
                    WHERE scope_id = ? AND kind = ? AND item_id = ? AND first_snapshot = ?
                    """
            )
            .execute(arguments: [snapshotID, scopeID, record.kind, record.itemId, first])
            extended += 1
        } else {
            try db.cachedStatement(
                sql: """
                    INSERT INTO stack_version
                        (scope_id, kind, item_id, first_snapshot, last_snapshot, first_seen_at, body_id, template_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """
            )
            .execute(arguments: [
                scopeID, record.kind, record.itemId, snapshotID, snapshotID, takenAt, bodyID,
                templateID,
            ])
            newVersions += 1
        }
    }

    /// The id of the stored template text equal to `text`, storing it when new.
    private mutating func templateID(text: String, hash: Int64) throws -> Int64 {
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM template_body WHERE hash = ? AND text = ?"),
            arguments: [hash, text])
        {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO template_body (hash, text) VALUES (?, ?)").execute(arguments: [
            hash, text,
        ])
        newTemplates += 1
        return db.lastInsertedRowID
    }
}
