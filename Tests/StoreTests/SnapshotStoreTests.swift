import Foundation
import GRDB
import PrivateLinkModel
import Synchronization
import Testing
@testable import Store

@Suite struct SnapshotStoreTests {
    typealias F = StoreFixtures

    func permissions(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int) & 0o777
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func databaseAndItsWALFilesAreReadableByTheOwnerOnly() throws {
        try F.withStore { store, path in
            _ = try store.save(F.seedSnapshot())
            #expect(try permissions(path) == 0o600)
            #expect(try permissions(path + "-wal") == 0o600)
            #expect(try permissions(path + "-shm") == 0o600)
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
        }
    }

    @Test func openExistingRefusesAMissingFileWithoutCreatingIt() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("absent.sqlite").path
            #expect(throws: StoreError.databaseMissing(path: path)) { try SnapshotStore.openExisting(path: path) }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test func reopeningKeepsEverythingAndOpenExistingReadsIt() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("plinv.sqlite").path
            let id = try SnapshotStore(path: path).save(F.seedSnapshot())
            let reopened = try SnapshotStore.openExisting(path: path)
            var expected = F.seedSnapshot()
            expected.id = id
            #expect(try reopened.snapshot(id: id) == expected)
        }
    }

    @Test func fileThatIsNotADatabaseIsRefusedUnchanged() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("notes.sqlite").path
            let text = Data(String(repeating: "these are not the pages you are looking for\n", count: 200).utf8)
            try text.write(to: URL(fileURLWithPath: path))
            #expect(throws: StoreError.notADatabase(path: path)) { try SnapshotStore(path: path) }
            #expect(try bytes(path) == text)
        }
    }

    @Test func damagedPagesAreReportedAsCorrupt() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("plinv.sqlite").path
            _ = try SnapshotStore(path: path).save(F.seedSnapshot())
            var damaged = try bytes(path)
            let pageSize = 4096
            damaged.replaceSubrange(100..<pageSize, with: Data(repeating: 0xA5, count: pageSize - 100))
            try damaged.write(to: URL(fileURLWithPath: path))
            do {
                _ = try SnapshotStore(path: path)
                Issue.record("opening a damaged database succeeded")
            } catch let error as StoreError {
                guard case .corrupt(let errorPath, _) = error else {
                    Issue.record("expected .corrupt, got \(error)")
                    return
                }
                #expect(errorPath == path)
                #expect(error.description.contains("corrupt"))
            }
        }
    }

    @Test func databaseFromANewerPlinvIsRefusedUnchanged() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("plinv.sqlite").path
            _ = try SnapshotStore(path: path).save(F.seedSnapshot())
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('0099_future')")
            }
            let before = try bytes(path)
            let expected = StoreError.newerSchema(
                path: path, unknownMigrations: ["0099_future"], latestKnown: SchemaMigration.latestIdentifier)
            #expect(throws: expected) { try SnapshotStore(path: path) }
            #expect(throws: expected) { try SnapshotStore.openExisting(path: path) }
            #expect(expected.description.contains("0099_future") && expected.description.contains("newer plinv"))
            #expect(try bytes(path) == before)
        }
    }

    @Test func sqliteDatabaseOfAnotherToolIsRefusedUnchanged() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("other.sqlite").path
            try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (body TEXT)") }
            let before = try bytes(path)
            #expect(throws: StoreError.foreignDatabase(path: path)) { try SnapshotStore(path: path) }
            #expect(try bytes(path) == before)
        }
    }

    // plinv's databases keep their text in UTF-8, which its body functions read as bytes. SQLite fixes a file's
    // encoding with its first table: a file in UTF-16 that looks like one plinv began (its migrations table, nothing
    // applied) is refused, unchanged, rather than filled with bodies no reader could decode.
    @Test func aDatabaseInUTF16IsRefusedUnchanged() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("utf16.sqlite").path
            // Set before GRDB's first read of the schema.
            var utf16 = Configuration()
            utf16.prepareDatabase { db in try db.execute(sql: "PRAGMA encoding = 'UTF-16le'") }
            try DatabaseQueue(path: path, configuration: utf16).write { db in
                try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            }
            #expect(
                try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA encoding") } == "UTF-16le")
            let before = try bytes(path)
            #expect(throws: StoreError.foreignDatabase(path: path)) { try SnapshotStore(path: path) }
            #expect(throws: StoreError.foreignDatabase(path: path)) { try SnapshotStore.openExisting(path: path) }
            #expect(try bytes(path) == before)
        }
    }

    @Test func writerGivesUpClearlyWhileAnotherHoldsTheLock() throws {
        try F.withStore { store, path in
            let impatient = try SnapshotStore(path: path, busyTimeout: .milliseconds(100))
            try DatabaseQueue(path: path).writeWithoutTransaction { holder in
                try holder.execute(sql: "BEGIN IMMEDIATE")
                defer { try? holder.execute(sql: "ROLLBACK") }
                #expect(throws: StoreError.locked(path: path, timeout: .milliseconds(100))) {
                    try impatient.save(F.seedSnapshot())
                }
            }
            #expect(try store.latestSnapshotID() == nil)
            #expect(StoreError.locked(path: path, timeout: .seconds(30)).description.contains("locked"))
        }
    }

    @Test func concurrentWritersOnAFreshFileBothLand() throws {
        try F.withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("plinv.sqlite").path
            let snapshots = [
                F.seedSnapshot(),
                F.seedSnapshot(
                    at: Date(timeIntervalSinceReferenceDate: 806_086_400),
                    inventory: F.manyEndpoints(500)),
            ]
            let results = Mutex<[Result<Int64, any Error>]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                // Each writer has its own pool, as two `plinv collect` processes would.
                let result = Result { try SnapshotStore(path: path).save(snapshots[index]) }
                results.withLock { $0.append(result) }
            }
            let ids = try results.withLock { try $0.map { try $0.get() } }
            #expect(Set(ids).count == 2)
            let store = try SnapshotStore.openExisting(path: path)
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            for id in ids {
                let read = try store.snapshot(id: id)
                #expect(
                    snapshots.contains {
                        var expected = $0; expected.id = id; return expected == read
                    })
            }
        }
    }
}
