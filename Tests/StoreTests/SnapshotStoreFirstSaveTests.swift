import Foundation
import GRDB
import PrivateLinkModel
import Synchronization
import Testing

@testable import Store

/// A database's first snapshot is written through a rollback journal, and the file is in WAL mode again afterwards.
@Suite struct SnapshotStoreFirstSaveTests {
    typealias F = StoreFixtures

    /// `store.save(snapshot)`, returning the journal mode and the synchronous setting (2 is FULL, 1 NORMAL) the writer
    /// had inside the save's transaction.
    func saveReadingTheMode(_ store: SnapshotStore, _ snapshot: Snapshot) throws -> (
        id: Int64, mode: String?, synchronous: Int?
    ) {
        let seen = Mutex<(String?, Int?)>((nil, nil))
        let id = try store.save(snapshot) { db in
            let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode")
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous")
            seen.withLock { $0 = (mode, synchronous) }
        }
        let (mode, synchronous) = seen.withLock { $0 }
        return (id, mode, synchronous)
    }

    /// The writer's synchronous setting outside any save.
    func writerSynchronous(_ store: SnapshotStore) throws -> Int? {
        try store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
    }

    /// The journal mode a new connection finds in the file's header.
    func modeOnDisk(_ path: String) throws -> String? {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    }

    @Test func theFirstSaveUsesARollbackJournalAndLaterOnesTheWAL() throws {
        try F.withStore { store, path in
            // A user version already set is kept as it is.
            try store.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA user_version = 7") }
            #expect(try writerSynchronous(store) == 1)
            let first = try saveReadingTheMode(store, F.seedSnapshot(inventory: F.manyEndpoints(200)))
            #expect(first.mode == "delete")
            #expect(first.synchronous == 2)
            #expect(try writerSynchronous(store) == 1)
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
            #expect(try modeOnDisk(path) == "wal")
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
            // Back in WAL mode with a frame in the WAL (as GRDB's pool keeps it), no page left free, nothing else set.
            #expect(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0 > 0)
            #expect(try store.pool.read { try Int.fetchOne($0, sql: "PRAGMA freelist_count") } == 0)
            #expect(try store.pool.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 7)

            let second = try saveReadingTheMode(
                store, F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400)))
            #expect(second.mode == "wal")
            #expect(second.synchronous == 1)
            let stored = try store.snapshot(id: first.id)
            #expect(stored.inventory == F.seedSnapshot(inventory: F.manyEndpoints(200)).inventory)
            #expect(try store.snapshot(id: second.id).inventory == F.seedInventory())
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
        }
    }

    // The first save does not check each row's references as it writes them: it writes every parent first. The file it
    // leaves has none dangling, and the writer enforces foreign keys again for every later save.
    @Test func theFirstSaveLeavesNoDanglingReferenceAndLaterSavesEnforceThem() throws {
        try F.withStore { store, _ in
            let enforced = Mutex<[Int?]>([])
            func save(_ snapshot: Snapshot) throws {
                _ = try store.save(snapshot) { db in
                    let value = try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
                    enforced.withLock { $0.append(value) }
                }
            }
            try save(F.seedSnapshot(inventory: F.manyEndpoints(300)))
            #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
            #expect(
                try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM resource_version") } ?? 0 >= 300)
            #expect(try store.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") } == 1)
            try save(F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400)))
            #expect(try store.pool.read { try Row.fetchAll($0, sql: "PRAGMA foreign_key_check") }.isEmpty)
            #expect(enforced.withLock { $0 } == [0, 1])
            // Enforced: a version naming a body that does not exist is refused as a foreign key violation.
            do {
                try store.pool.write { db in
                    try db.execute(
                        sql: """
                            UPDATE resource_version SET body_id = -1
                            WHERE resource_id = (SELECT resource_id FROM resource_version LIMIT 1)
                            """)
                }
                Issue.record("a version naming no body was stored")
            } catch let error as DatabaseError {
                #expect(error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY, "\(error)")
            }
        }
    }

    @Test func theRollbackJournalIsReadableByTheOwnerOnly() throws {
        try F.withStore { store, path in
            let permissions = Mutex<Int?>(nil)
            _ = try store.save(F.seedSnapshot()) { _ in
                let attributes = try FileManager.default.attributesOfItem(atPath: path + "-journal")
                permissions.withLock { $0 = (attributes[.posixPermissions] as? Int).map { $0 & 0o777 } }
            }
            #expect(permissions.withLock { $0 } == 0o600)
        }
    }

    // Leaving WAL mode needs the only connection to the file: with another one open, the save stays in the WAL.
    @Test func anotherConnectionOpenKeepsTheFirstSaveInTheWAL() throws {
        try F.withStore { store, path in
            let other = try DatabaseQueue(path: path)
            defer { try? other.close() }
            try other.read { _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM snapshot") }
            let first = try saveReadingTheMode(store, F.seedSnapshot())
            #expect(first.mode == "wal")
            #expect(first.synchronous == 1)
            #expect(try other.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM snapshot") } == 1)
            #expect(try store.snapshot(id: first.id).inventory == F.seedInventory())
        }
    }

    // A first save that fails inside its transaction leaves an empty database in WAL mode, and the next one lands.
    @Test func aFailedFirstSaveLeavesAnEmptyDatabaseInWALMode() throws {
        struct Interrupted: Error {}
        try F.withStore { store, path in
            #expect(throws: Interrupted.self) {
                _ = try store.save(F.seedSnapshot(inventory: F.manyEndpoints(50))) { _ in throw Interrupted() }
            }
            #expect(try store.summaries().isEmpty)
            #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM body") } == 0)
            #expect(try modeOnDisk(path) == "wal")
            let first = try saveReadingTheMode(store, F.seedSnapshot())
            #expect(first.mode == "delete")
            #expect(try store.snapshot(id: first.id).inventory == F.seedInventory())
        }
    }

    // A first save cut off while its pages are half written to the file (as by a crash) is rolled back from its
    // journal when the file is opened again: nothing of that snapshot remains, and the file is back in WAL mode.
    @Test func aFileLeftMidWriteIsRolledBackFromItsJournalOnOpening() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("plinv.sqlite").path
            let crashed = directory.appendingPathComponent("crashed.sqlite").path
            let store = try SnapshotStore(path: path)
            // A cache of a few pages spills the transaction's pages into the file before it commits.
            try store.pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA cache_size = 4") }
            let copied = Mutex(false)
            #expect(throws: CancellationError.self) {
                _ = try store.save(F.seedSnapshot(inventory: F.manyEndpoints(300))) { _ in
                    // Inside the transaction: the file and its journal as a crash at this moment leaves them.
                    try FileManager.default.copyItem(atPath: path, toPath: crashed)
                    try FileManager.default.copyItem(atPath: path + "-journal", toPath: crashed + "-journal")
                    copied.withLock { $0 = true }
                    throw CancellationError()
                }
            }
            try #require(copied.withLock { $0 })
            // The copy holds pages of the unfinished snapshot: without its journal it is not an intact empty store.
            let alone = directory.appendingPathComponent("alone.sqlite").path
            try FileManager.default.copyItem(atPath: crashed, toPath: alone)
            let aloneIsTheEmptyStore = try? DatabaseQueue(path: alone).read { db in
                try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok"
                    && Int.fetchOne(db, sql: "SELECT count(*) FROM body") == 0
            }
            #expect(aloneIsTheEmptyStore != true)

            let reopened = try SnapshotStore(path: crashed)
            #expect(try reopened.summaries().isEmpty)
            #expect(try reopened.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM body") } == 0)
            #expect(try reopened.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            #expect(try modeOnDisk(crashed) == "wal")
            let id = try reopened.save(F.seedSnapshot())
            #expect(try reopened.snapshot(id: id).inventory == F.seedInventory())
        }
    }
}
