import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

/// A database written before 0005 (bodies as canonical JSON text) is converted in place, and reads back identically.
@Suite struct Migration0005Tests {
    typealias F = StoreFixtures

    /// The views a user reads (`Schema/README.md`), each with every column.
    static let views = [
        "snapshot_resources", "services", "principals", "connections", "endpoints", "security_groups", "load_balancers",
        "who_can_connect", "stacks", "stack_resources", "stack_exports", "report_problems",
    ]

    /// Every row of every view, as text, sorted: what `sqlite3` would print.
    static func viewRows(_ db: Database) throws -> [String: [String]] {
        try Dictionary(
            uniqueKeysWithValues: views.map { view in
                (view, try Row.fetchAll(db, sql: "SELECT * FROM \(view)").map(\.description).sorted())
            })
    }

    /// 1,500 endpoints with the seed scenario, two stacks (one template) and an export: enough records to train.
    static func snapshot() -> Snapshot {
        var snapshot = BodyCompressionTests.snapshot(endpoints: 1_500)
        snapshot.stacks = [StackStoreTests.stack("orders"), StackStoreTests.stack("other", template: nil)]
        snapshot.exports = [StackStoreTests.export]
        snapshot.stackScopes = [F.provider]
        return snapshot
    }

    /// Writes the first snapshot of a database the way plinv wrote it with migrations 0001–0004 (`body.json` text),
    /// but with today's body hashes (0008 rehashes FNV-1a's: `Migration0008Tests`).
    static func writeAsBefore0005(_ snapshot: Snapshot, to db: Database) throws -> Int64 {
        let prepared = try PreparedSnapshot(snapshot)
        let takenAt = StoredTime.text(snapshot.takenAt)
        try db.execute(
            sql: "INSERT INTO snapshot (taken_at, taken_at_ref, status, label) VALUES (?, ?, ?, ?)",
            arguments: [
                takenAt, snapshot.takenAt.timeIntervalSinceReferenceDate, snapshot.status.rawValue, snapshot.label,
            ])
        let id = db.lastInsertedRowID
        var scopes: [Scope: Int64] = [:]
        for status in snapshot.scopes {
            try db.execute(
                sql: "INSERT INTO scope (account, region) VALUES (?, ?)",
                arguments: [status.scope.account, status.scope.region])
            scopes[status.scope] = db.lastInsertedRowID
            try db.execute(
                sql: "INSERT INTO snapshot_scope (snapshot_id, scope_id, status, error) VALUES (?, ?, ?, ?)",
                arguments: [id, db.lastInsertedRowID, status.state.rawValue, status.error])
        }
        func body(_ hash: Int64, _ json: String) throws -> Int64 {
            if let found = try Int64.fetchOne(
                db, sql: "SELECT id FROM body WHERE hash = ? AND json = ?", arguments: [hash, json])
            {
                return found
            }
            try db.execute(sql: "INSERT INTO body (hash, json) VALUES (?, ?)", arguments: [hash, json])
            return db.lastInsertedRowID
        }
        for draft in prepared.drafts {
            let json = try draft.spooledJSON()
            for record in draft.contents().records {
                try db.execute(
                    sql: "INSERT INTO resource_version VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [
                        scopes[draft.scope], record.kind.rawValue, record.resourceId, id, id, takenAt,
                        try body(record.hash, String(decoding: json[record.json], as: UTF8.self)),
                    ])
            }
        }
        for scope in snapshot.stackScopes {
            try db.execute(sql: "INSERT INTO snapshot_stack_scope VALUES (?, ?)", arguments: [id, scopes[scope]])
        }
        for record in prepared.stackRecords {
            var template: Int64?
            if let text = record.template {
                try db.execute(
                    sql: "INSERT INTO template_body (hash, text) VALUES (?, ?)", arguments: [text.hash, text.text])
                template = db.lastInsertedRowID
            }
            try db.execute(
                sql: "INSERT INTO stack_version VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    scopes[record.scope], record.kind, record.itemId, id, id, takenAt,
                    try body(record.hash, record.json), template,
                ])
        }
        for (kind, count) in snapshot.inventory.counts {
            try db.execute(sql: "INSERT INTO snapshot_count VALUES (?, ?, ?)", arguments: [id, kind.rawValue, count])
        }
        try db.execute(
            sql: """
                INSERT INTO report_run VALUES ('nightly', ?, '2026-11-26T23:41:00Z', 0, 1, 0, 0, 0, 0,
                    '[{"id":"PL001","severity":"high","title":"t","resourceId":"vpce-0aaa","firstSeen":"2026-11-26T23:41:00Z"}]')
                """, arguments: [id])
        return id
    }

    @Test func aDatabaseOfUncompressedBodiesIsConvertedAndReadsBackIdentically() throws {
        try F.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("before-0005.sqlite").path
            let saved = Self.snapshot()
            let old = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            for migration in SchemaMigration.all where migration.identifier < SchemaMigration.compressedBodies {
                migrator.registerMigration(migration.identifier) { db in try db.execute(sql: migration.sql) }
            }
            try migrator.migrate(old)
            let (id, before, bodies) = try old.write { db in
                let id = try Self.writeAsBefore0005(saved, to: db)
                return (id, try Self.viewRows(db), try Int.fetchOne(db, sql: "SELECT count(*) FROM body") ?? 0)
            }
            try old.close()
            let sizeBefore = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(before.values.allSatisfy { !$0.isEmpty }, "every view has rows to compare")

            let store = try SnapshotStore(path: path)
            var expected = saved
            expected.id = id
            #expect(try store.snapshot(id: id) == expected)
            try store.pool.read { db in
                #expect(try Self.viewRows(db) == before)
                #expect(try db.columns(in: "body").map(\.name) == ["id", "hash", "data"])
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM body") == bodies)
                let dictionary = try #require(try Row.fetchOne(db, sql: "SELECT id, trained_for FROM body_dictionary"))
                #expect(dictionary["trained_for"] == bodies)
                let frames = try Row.fetchAll(db, sql: "SELECT data FROM body").map {
                    BodyCompressionTests.dictionaryID(ofFrame: Array($0["data"] as Data))
                }
                #expect(Set(frames) == [dictionary["id"] as Int64])
            }
            let sizeAfter = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(sizeAfter * 3 < sizeBefore, "vacuumed after converting: \(sizeBefore) → \(sizeAfter) bytes")

            // The converted bodies are found again: saving the same records adds no body.
            var again = saved
            again.takenAt = saved.takenAt.addingTimeInterval(86_400)
            let next = try store.save(again)
            #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM body") } == bodies)
            #expect(try store.snapshot(id: next).inventory == saved.inventory)
        }
    }
}
