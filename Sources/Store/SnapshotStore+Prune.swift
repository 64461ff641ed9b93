import Foundation
import GRDB

/// What ``SnapshotStore/prune(keepDays:now:)`` removed.
public struct PruneResult: Sendable, Hashable {
    /// The ids of the snapshots dropped, oldest first.
    public var deletedSnapshots: [Int64]
    /// Resource versions no remaining snapshot contains.
    public var deletedVersions: Int
    /// Stored bodies no remaining version refers to.
    public var deletedBodies: Int
    /// Snapshots still stored.
    public var keptSnapshots: Int

    public init(deletedSnapshots: [Int64], deletedVersions: Int, deletedBodies: Int, keptSnapshots: Int) {
        self.deletedSnapshots = deletedSnapshots
        self.deletedVersions = deletedVersions
        self.deletedBodies = deletedBodies
        self.keptSnapshots = keptSnapshots
    }
}

extension SnapshotStore {
    /// Drops snapshots taken more than `keepDays` days before `now`, never the newest one, in one transaction.
    ///
    /// What stays is complete: every kept snapshot reads back exactly as collected, so the changes
    /// between any two kept snapshots are exact. A resource that has not changed since before the
    /// cutoff keeps its one version (and its `first_seen_at`), so "unchanged since" survives.
    /// Versions only the dropped snapshots contained, bodies no version uses, and scopes nothing
    /// refers to are deleted. Freed pages are reused by later snapshots; ``vacuum()`` returns them.
    public func prune(keepDays: Int, now: Date) throws -> PruneResult {
        guard keepDays >= 0 else { throw StoreError.invalidArgument("--keep-days must be 0 or more, not \(keepDays)") }
        let cutoff = now.addingTimeInterval(-Double(keepDays) * 86_400).timeIntervalSinceReferenceDate
        let result = try writeTransaction("pruning snapshots") { db in
            let dropped = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM snapshot
                    WHERE taken_at_ref < ? AND id <> (SELECT max(id) FROM snapshot) ORDER BY id
                    """, arguments: [cutoff])
            for id in dropped {
                try db.execute(sql: "DELETE FROM snapshot WHERE id = ?", arguments: [id])  // cascades to its scopes
            }
            try db.execute(
                sql: """
                    DELETE FROM resource_version WHERE NOT EXISTS (
                        SELECT 1 FROM snapshot_scope AS ss
                        WHERE ss.scope_id = resource_version.scope_id AND ss.status = 'ok'
                          AND ss.snapshot_id BETWEEN resource_version.first_snapshot AND resource_version.last_snapshot)
                    """)
            var versions = db.changesCount
            // Stacks and exports: kept while a remaining snapshot that read the scope's stacks is in their range.
            try db.execute(
                sql: """
                    DELETE FROM stack_version WHERE NOT EXISTS (
                        SELECT 1 FROM snapshot_stack_scope AS ss
                        WHERE ss.scope_id = stack_version.scope_id
                          AND ss.snapshot_id BETWEEN stack_version.first_snapshot AND stack_version.last_snapshot)
                    """)
            versions += db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM body WHERE id NOT IN (SELECT body_id FROM resource_version)
                      AND id NOT IN (SELECT body_id FROM stack_version)
                    """)
            let bodies = db.changesCount
            try db.execute(
                sql: """
                    DELETE FROM template_body WHERE id NOT IN (
                        SELECT template_id FROM stack_version WHERE template_id IS NOT NULL)
                    """)
            try db.execute(
                sql: """
                    DELETE FROM scope WHERE id NOT IN (SELECT scope_id FROM snapshot_scope)
                      AND id NOT IN (SELECT scope_id FROM resource_version)
                      AND id NOT IN (SELECT scope_id FROM stack_version)
                    """)
            let kept = try Int.fetchOne(db, sql: "SELECT count(*) FROM snapshot") ?? 0
            return PruneResult(
                deletedSnapshots: dropped, deletedVersions: versions, deletedBodies: bodies,
                keptSnapshots: kept)
        }
        logger.debug(
            "pruned snapshots",
            metadata: [
                "store.deletedSnapshots": "\(result.deletedSnapshots.count)",
                "store.deletedVersions": "\(result.deletedVersions)", "store.deletedBodies": "\(result.deletedBodies)",
            ])
        return result
    }

    /// Rewrites the file to return the pages freed by pruning to the file system (slow on big files).
    public func vacuum() throws {
        try run("vacuuming the database") { try pool.vacuum() }
    }
}
