import Foundation
import GRDB
import PrivateLinkModel

/// Writes one scope's draft inside the snapshot's transaction.
///
/// When the draft was compared against the scope's latest `ok` snapshot (nothing was stored for the scope since),
/// carried-forward records cost no per-record lookup: their versions are extended as they are. Otherwise every
/// record is compared by body with the resource's latest version, as for a snapshot saved whole.
struct ScopeWriter {
    let db: Database
    let scopeID: Int64
    let snapshotID: Int64
    let takenAt: String
    /// The scope's latest `ok` snapshot before this one, read inside the transaction.
    let previous: Int64?
    /// The save's prepared `resource_version` insert.
    let versionInsert: PreparedInsert

    /// Extends the versions of unchanged resources and stores the new and changed ones, counting into `writer`.
    func write(_ draft: ScopeDraft, into writer: inout SnapshotWriter) throws {
        let contents = draft.contents()
        if draft.baseline == .snapshot(previous) {
            try writeAgainstBaseline(draft, contents, &writer)
        } else {
            try writeComparingBodies(draft, contents, &writer)
        }
    }

    /// The draft's baseline is still the scope's latest `ok` snapshot: its versions are exactly those ending there.
    private func writeAgainstBaseline(
        _ draft: ScopeDraft, _ contents: ScopeDraft.State, _ writer: inout SnapshotWriter
    ) throws {
        var continued = contents.marks
        let carried = contents.marks.count { $0 == .carried }
        // When most resources are unchanged (the nightly case), one statement extends every version of the baseline
        // and the few that did not come back unchanged are ended again; else each carried version is extended.
        let inBulk = previous != nil && carried * 2 >= draft.previous.count
        if inBulk {
            try db.execute(
                sql: "UPDATE resource_version SET last_snapshot = ? WHERE scope_id = ? AND last_snapshot = ?",
                arguments: [snapshotID, scopeID, previous])
            writer.extended += db.changesCount
        }
        let json = try contents.spool.contents()
        for record in contents.records {
            let bodyID = try json[record.json].withUnsafeBytes { try writer.bodyID(hash: record.hash, json: $0) }
            let key = ScopeDraft.RecordKey(kind: record.kind.rawValue, id: record.resourceId)
            if let position = draft.previous.position(of: record.kind, id: record.resourceId),
                draft.previous.version(at: position).bodyID == bodyID
            {
                // Another digest (or none before) for the same stored record: the version goes on, with this digest.
                let first = draft.previous.version(at: position).firstSnapshot
                try extend(key, from: first, digest: record.digest, alreadyExtended: inBulk)
                if !inBulk { writer.extended += 1 }
                continued[position] = .carried
            } else {
                try insertVersion(kind: key.kind, id: key.id, bodyID: bodyID, digest: record.digest)
                writer.newVersions += 1
            }
        }
        for position in 0..<draft.previous.count {
            if inBulk, continued[position] != .carried {
                // Deleted, or changed (a new version was started above): it ends at the baseline after all.
                let key = draft.previous.key(at: position)
                try db.cachedStatement(
                    sql: """
                        UPDATE resource_version SET last_snapshot = ?
                        WHERE scope_id = ? AND kind = ? AND resource_id = ? AND first_snapshot = ?
                        """
                )
                .execute(arguments: [
                    previous, scopeID, key.kind, key.id, draft.previous.version(at: position).firstSnapshot,
                ])
                writer.extended -= 1
            } else if !inBulk, contents.marks[position] == .carried {
                let first = draft.previous.version(at: position).firstSnapshot
                try extend(draft.previous.key(at: position), from: first, digest: nil, alreadyExtended: false)
                writer.extended += 1
            }
        }
    }

    /// Another snapshot of the scope was stored since the draft was made (or the draft has no baseline): every
    /// record is compared by body with its resource's latest version.
    private func writeComparingBodies(
        _ draft: ScopeDraft, _ contents: ScopeDraft.State, _ writer: inout SnapshotWriter
    ) throws {
        for position in 0..<draft.previous.count where contents.marks[position] == .carried {
            // Unchanged since the baseline: its record is the body the baseline version had, if it is still stored.
            let key = draft.previous.key(at: position), version = draft.previous.version(at: position)
            guard
                try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM body WHERE id = ?"), arguments: [version.bodyID]) != nil
            else {
                throw StoreError.invalidSnapshot(
                    reason: "the stored record of \(key.kind) \(key.id) in \(draft.scope) was pruned while the collect "
                        + "ran; collect again")
            }
            try store(kind: key.kind, id: key.id, bodyID: version.bodyID, digest: version.digest, &writer)
        }
        let json = try contents.spool.contents()
        for record in contents.records {
            let bodyID = try json[record.json].withUnsafeBytes { try writer.bodyID(hash: record.hash, json: $0) }
            try store(kind: record.kind.rawValue, id: record.resourceId, bodyID: bodyID, digest: record.digest, &writer)
        }
    }

    /// Extends the resource's latest version when it ends at the previous observation with the same body, else
    /// starts a new version.
    private func store(kind: String, id: String, bodyID: Int64, digest: UInt128?, _ writer: inout SnapshotWriter)
        throws
    {
        let latest = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT first_snapshot, last_snapshot, body_id FROM resource_version
                    WHERE scope_id = ? AND kind = ? AND resource_id = ? ORDER BY first_snapshot DESC LIMIT 1
                    """),
            arguments: [scopeID, kind, id])
        if let latest, let previous, latest["last_snapshot"] as Int64 == previous, latest["body_id"] as Int64 == bodyID
        {
            try extend(
                .init(kind: kind, id: id), from: latest["first_snapshot"], digest: digest, alreadyExtended: false)
            writer.extended += 1
        } else {
            try insertVersion(kind: kind, id: id, bodyID: bodyID, digest: digest)
            writer.newVersions += 1
        }
    }

    /// Moves the version's end to this snapshot (unless done already) and records `digest` on it when given.
    private func extend(_ key: ScopeDraft.RecordKey, from first: Int64, digest: UInt128?, alreadyExtended: Bool)
        throws
    {
        if alreadyExtended {
            guard let digest else { return }
            try db.cachedStatement(
                sql: """
                    UPDATE resource_version SET raw_digest = ?
                    WHERE scope_id = ? AND kind = ? AND resource_id = ? AND first_snapshot = ?
                    """
            )
            .execute(arguments: [ContentHash.blob(digest), scopeID, key.kind, key.id, first])
        } else {
            try db.cachedStatement(
                sql: """
                    UPDATE resource_version SET last_snapshot = ?, raw_digest = coalesce(?, raw_digest)
                    WHERE scope_id = ? AND kind = ? AND resource_id = ? AND first_snapshot = ?
                    """
            )
            .execute(arguments: [snapshotID, digest.map(ContentHash.blob), scopeID, key.kind, key.id, first])
        }
    }

    /// Starts a version of the resource valid in this snapshot only (so far). Its texts are bound where they lie
    /// (SQLite copied each of them, 30,000 copies for a first collect of 10,000 endpoints).
    private func insertVersion(kind: String, id: String, bodyID: Int64, digest: UInt128?) throws {
        var (kind, id, takenAt) = (kind, id, takenAt)
        try kind.withUTF8 { kind in
            try id.withUTF8 { id in
                try takenAt.withUTF8 { takenAt in
                    try insertVersion(
                        kind: UnsafeRawBufferPointer(kind), id: UnsafeRawBufferPointer(id), bodyID: bodyID,
                        digest: digest, takenAt: UnsafeRawBufferPointer(takenAt))
                }
            }
        }
    }

    /// ``insertVersion(kind:id:bodyID:digest:)`` with its texts' UTF-8, valid while it runs.
    private func insertVersion(
        kind: UnsafeRawBufferPointer, id: UnsafeRawBufferPointer, bodyID: Int64, digest: UInt128?,
        takenAt: UnsafeRawBufferPointer
    ) throws {
        try versionInsert.run { parameters in
            parameters.bind(scopeID)
            parameters.bind(utf8: kind)
            parameters.bind(utf8: id)
            parameters.bind(snapshotID)
            parameters.bind(snapshotID)
            parameters.bind(utf8: takenAt)
            parameters.bind(bodyID)
            if let digest {
                ContentHash.withBlob(of: digest) { parameters.bind(blob: $0) }
            } else {
                parameters.bindNull()
            }
        }
    }
}
