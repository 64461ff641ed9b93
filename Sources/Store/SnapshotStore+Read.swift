import Foundation
import GRDB
import PrivateLinkModel

extension SnapshotStore {
    /// The snapshot stored under `id`, exactly as it was saved (with `id` set, lists in canonical order).
    ///
    /// Its resources hold their records as stored (``StoredRecord``): audits and reports read a few members of each,
    /// and a member is read when asked for. Every record is checked as JSON here all the same.
    public func snapshot(id: Int64) throws -> Snapshot {
        try run("reading snapshot \(id)") {
            try pool.read { db in try SnapshotReader(db: db).snapshot(id: id, keepingBytes: true) }
        }
    }

    /// Snapshots `old` and `new` as change detection needs them: headers, scopes and stacks whole, and in each
    /// inventory only the resources whose stored version the other snapshot does not share. A resource left out is
    /// the same record in both, which no change comes from, so two unchanged nights read no record at all.
    public func difference(from old: Int64, to new: Int64) throws -> (old: Snapshot, new: Snapshot) {
        try run("comparing snapshots \(old) and \(new)") {
            try pool.read { db in
                let reader = SnapshotReader(db: db)
                return (
                    try reader.snapshot(id: old, leavingOutVersionsOf: new),
                    try reader.snapshot(id: new, leavingOutVersionsOf: old)
                )
            }
        }
    }

    /// Whether snapshot `id` is stored.
    public func containsSnapshot(id: Int64) throws -> Bool {
        try run("finding snapshot \(id)") {
            try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM snapshot WHERE id = ?)", arguments: [id])
                    ?? false
            }
        }
    }

    /// The id of the newest snapshot, or nil when there is none.
    public func latestSnapshotID() throws -> Int64? {
        try run("finding the latest snapshot") {
            try pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM snapshot") }
        }
    }

    /// The id of the newest snapshot older than `id`, or nil when there is none.
    public func previousSnapshotID(before id: Int64) throws -> Int64? {
        try run("finding the snapshot before \(id)") {
            try pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT max(id) FROM snapshot WHERE id < ?", arguments: [id])
            }
        }
    }

    /// Every stored snapshot without its resources, newest first, with its scopes and counts per kind.
    public func summaries() throws -> [SnapshotSummary] {
        try run("listing snapshots") {
            try pool.read { db in try SnapshotReader(db: db).summaries() }
        }
    }

    /// Resource counts per snapshot, oldest first: the series behind the report's trend chart.
    public func trend() throws -> [TrendPoint] {
        try summaries().reversed().map(TrendPoint.init)
    }
}

/// Reads snapshots back into model values inside one read transaction.
struct SnapshotReader {
    let db: Database

    /// The snapshot `id`: whole, or without the resources whose stored version also holds in snapshot `other`; its
    /// records as stored when `keepingBytes`, else as values.
    func snapshot(id: Int64, leavingOutVersionsOf other: Int64? = nil, keepingBytes: Bool = false) throws -> Snapshot {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT taken_at_ref, status, label FROM snapshot WHERE id = ?", arguments: [id])
        else { throw StoreError.snapshotNotFound(id: id) }
        // The snapshot_resources view's rows, without those whose version also covers `other` when there is one.
        let resources = try db.makeStatement(
            sql: """
                SELECT v.kind, sc.account, sc.region, v.resource_id, plinv_body(b.data) AS json
                FROM snapshot_scope AS ss
                JOIN scope AS sc ON sc.id = ss.scope_id
                JOIN resource_version AS v
                    ON v.scope_id = ss.scope_id AND v.first_snapshot <= ss.snapshot_id AND v.last_snapshot >= ss.snapshot_id
                JOIN body AS b ON b.id = v.body_id
                WHERE ss.snapshot_id = :id AND ss.status = 'ok'
                    AND (:other IS NULL OR NOT (v.first_snapshot <= :other AND v.last_snapshot >= :other))
                """)
        try resources.setArguments(["id": id, "other": other])
        var inventory = Inventory()
        var rows = ResourceRows(keepsBytes: keepingBytes)
        try rows.read(resources, into: &inventory)
        let stacks = try StoredStackReader(db: db).stacks(of: id)
        return Snapshot(
            id: id, takenAt: Date(timeIntervalSinceReferenceDate: row["taken_at_ref"]),
            status: try status(row["status"]), label: row["label"],
            scopes: try scopes(of: id), inventory: inventory.sorted(),
            stacks: stacks.stacks, exports: stacks.exports, stackScopes: stacks.scopes)
    }

    /// The summaries of every snapshot, newest first.
    func summaries() throws -> [SnapshotSummary] {
        var scopesBySnapshot: [Int64: [ScopeStatus]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT ss.snapshot_id, sc.account, sc.region, ss.status, ss.error
                FROM snapshot_scope AS ss JOIN scope AS sc ON sc.id = ss.scope_id
                """)
        {
            scopesBySnapshot[row["snapshot_id"], default: []].append(try scopeStatus(row))
        }
        var countsBySnapshot: [Int64: [ResourceKind: Int]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT snapshot_id, kind, resources FROM snapshot_count") {
            guard let kind = ResourceKind(rawValue: row["kind"]) else { continue }  // a kind from a newer plinv
            countsBySnapshot[row["snapshot_id"], default: [:]][kind] = row["resources"]
        }
        var stacksBySnapshot: [Int64: Int] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT ss.snapshot_id, (
                    SELECT count(*) FROM snapshot_stack_items AS i WHERE i.snapshot_id = ss.snapshot_id AND i.kind = 'stack'
                ) AS stacks
                FROM (SELECT DISTINCT snapshot_id FROM snapshot_stack_scope) AS ss
                """)
        {
            stacksBySnapshot[row["snapshot_id"]] = row["stacks"]
        }
        return try Row.fetchAll(db, sql: "SELECT id, taken_at_ref, status, label FROM snapshot ORDER BY id DESC")
            .map { row in
                let id: Int64 = row["id"]
                return SnapshotSummary(
                    id: id, takenAt: Date(timeIntervalSinceReferenceDate: row["taken_at_ref"]),
                    status: try status(row["status"]), label: row["label"],
                    scopes: (scopesBySnapshot[id] ?? []).sorted(), counts: countsBySnapshot[id] ?? [:],
                    stackCount: stacksBySnapshot[id])
            }
    }

    /// How each scope went in snapshot `id`, sorted by scope.
    private func scopes(of id: Int64) throws -> [ScopeStatus] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT sc.account, sc.region, ss.status, ss.error
                FROM snapshot_scope AS ss JOIN scope AS sc ON sc.id = ss.scope_id WHERE ss.snapshot_id = ?
                """, arguments: [id]
        )
        .map(scopeStatus).sorted()
    }

    private func scopeStatus(_ row: Row) throws -> ScopeStatus {
        let text: String = row["status"]
        guard let state = ScopeStatus.State(rawValue: text) else {
            throw StoreError.unreadableRecord(kind: "scope status", resourceId: text, reason: "unknown state")
        }
        return ScopeStatus(
            scope: Scope(account: row["account"], region: row["region"]), state: state, error: row["error"])
    }

    private func status(_ text: String) throws -> Snapshot.Status {
        guard let status = Snapshot.Status(rawValue: text) else {
            throw StoreError.unreadableRecord(kind: "snapshot status", resourceId: text, reason: "unknown status")
        }
        return status
    }
}
