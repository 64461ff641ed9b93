import Foundation
import GRDB
import PrivateLinkModel
import Testing

@testable import Store

/// Bodies stored before 0008 are indexed by the FNV-1a of their JSON. 0008 rehashes them, or an unchanged record
/// would never find its body again: it would be stored anew and start a new version, a change that did not happen.
@Suite struct Migration0008Tests {
    typealias F = StoreFixtures

    /// A database as plinv wrote it before 0008: a snapshot of 1,200 endpoints (bodies compressed with a dictionary)
    /// whose bodies are hashed with FNV-1a, 0008 not applied.
    static func writeBefore0008(at path: String, inventory: Inventory) throws {
        do {
            let store = try SnapshotStore(path: path)
            _ = try store.save(F.seedSnapshot(inventory: inventory))
        }
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try BodyFunctions.register(on: db)
            db.add(
                function: DatabaseFunction("test_fnv1a64", argumentCount: 1, pure: true) {
                    ContentHash.fnv1a64(String.fromDatabaseValue($0[0]) ?? "")
                })
        }
        let old = try DatabaseQueue(path: path, configuration: configuration)
        try old.write { db in
            try db.execute(sql: "UPDATE body SET hash = test_fnv1a64(plinv_body(data))")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '0008_body_hash'")
        }
        try old.close()
    }

    @Test func bodiesAreRehashedAndAnUnchangedSnapshotAddsNoRows() throws {
        try F.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("before-0008.sqlite").path
            let inventory = F.manyEndpoints(1_200)
            try Self.writeBefore0008(at: path, inventory: inventory)
            let (before, dictionaries) = try DatabaseQueue(path: path).read { db in
                (
                    try Int64.fetchAll(db, sql: "SELECT hash FROM body ORDER BY id"),
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM body_dictionary")
                )
            }
            #expect(before.count == 1_200 && dictionaries == 1)

            let store = try SnapshotStore(path: path)
            let hashes = try store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT hash, plinv_body(data) AS json FROM body ORDER BY id").map { row in
                    (stored: row["hash"] as Int64, expected: ContentHash.body(row["json"] as String))
                }
            }
            #expect(hashes.count == before.count)
            #expect(hashes.allSatisfy { $0.stored == $0.expected })
            #expect(zip(hashes.map(\.stored), before).filter { $0 == $1 }.isEmpty, "every hash was FNV-1a's before")

            let counts = { () throws -> [Int] in
                try store.pool.read { db in
                    [
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM body") ?? -1,
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM resource_version") ?? -1,
                    ]
                }
            }
            let rows = try counts()
            let next = try store.save(
                F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400), inventory: inventory))
            #expect(try counts() == rows, "the same records: no new body, no new version")
            let extended = try store.pool.read { db in
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM resource_version WHERE last_snapshot = ?", arguments: [next])
            }
            #expect(extended == rows[1])
        }
    }
}
