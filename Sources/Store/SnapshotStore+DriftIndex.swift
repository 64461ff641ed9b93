import Foundation
import GRDB
import PrivateLinkModel

/// Partial reads for checks that need only some of a snapshot's resources (drift reads the scopes its
/// templates are deployed in, and no connections): decoding every record of a 100,000-resource snapshot
/// costs seconds and hundreds of MiB that such a check never looks at.
extension SnapshotStore {
    /// Snapshot `id` with its scopes, stacks and exports, and an empty inventory: read the resources a check
    /// needs with `inventory(of:kinds:scopes:)`.
    public func snapshotWithoutResources(id: Int64) throws -> Snapshot {
        try run("reading snapshot \(id)") {
            try pool.read { db in try PartialSnapshotReader(db: db).snapshotWithoutResources(id: id) }
        }
    }

    /// The resources of snapshot `id` of `kinds` in `scopes` (nil: every scope), each list in canonical order
    /// (scope, then resource id), exactly as `snapshot(id:)` would hold them.
    public func inventory(of id: Int64, kinds: Set<ResourceKind>, scopes: Set<Scope>?) throws -> Inventory {
        try run("reading the resources of snapshot \(id)") {
            try pool.read { db in try PartialSnapshotReader(db: db).inventory(of: id, kinds: kinds, scopes: scopes) }
        }
    }
}

/// Reads parts of one snapshot inside one read transaction.
struct PartialSnapshotReader {
    let db: Database

    /// Everything but the resources.
    func snapshotWithoutResources(id: Int64) throws -> Snapshot {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT taken_at_ref, status, label FROM snapshot WHERE id = ?", arguments: [id])
        else { throw StoreError.snapshotNotFound(id: id) }
        let statusText: String = row["status"]
        guard let status = Snapshot.Status(rawValue: statusText) else {
            throw StoreError.unreadableRecord(kind: "snapshot status", resourceId: statusText, reason: "unknown status")
        }
        let scopes = try Row.fetchAll(
            db,
            sql: """
                SELECT sc.account, sc.region, ss.status, ss.error
                FROM snapshot_scope AS ss JOIN scope AS sc ON sc.id = ss.scope_id WHERE ss.snapshot_id = ?
                """, arguments: [id]
        ).map { row in
            let text: String = row["status"]
            guard let state = ScopeStatus.State(rawValue: text) else {
                throw StoreError.unreadableRecord(kind: "scope status", resourceId: text, reason: "unknown state")
            }
            return ScopeStatus(
                scope: Scope(account: row["account"], region: row["region"]), state: state, error: row["error"])
        }
        let stacks = try StoredStackReader(db: db).stacks(of: id)
        return Snapshot(
            id: id, takenAt: Date(timeIntervalSinceReferenceDate: row["taken_at_ref"]), status: status,
            label: row["label"], scopes: scopes, inventory: Inventory(),
            stacks: stacks.stacks, exports: stacks.exports, stackScopes: stacks.scopes)
    }

    /// The resources of `kinds` in `scopes` (nil: every scope), one query per scope so each reads only its
    /// scope's versions (`resource_version`'s key starts with scope and kind).
    func inventory(of id: Int64, kinds: Set<ResourceKind>, scopes: Set<Scope>?) throws -> Inventory {
        var inventory = Inventory()
        guard !kinds.isEmpty else { return inventory }
        // Kept as their bytes, read member by member: drift reads a few members of each record.
        var rows = ResourceRows(keepsBytes: true)
        let kindList = kinds.sorted().map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let base = """
            SELECT kind, account, region, resource_id, json FROM snapshot_resources
            WHERE snapshot_id = ? AND kind IN (\(kindList))
            """
        if let scopes {
            let statement = try db.makeStatement(sql: base + " AND account = ? AND region = ?")
            for scope in scopes.sorted() {
                try statement.setArguments([id, scope.account, scope.region])
                try rows.read(statement, into: &inventory)
            }
        } else {
            let statement = try db.makeStatement(sql: base)
            try statement.setArguments([id])
            try rows.read(statement, into: &inventory)
        }
        return inventory.sorted()
    }
}
