import Foundation
import GRDB
import Testing
@testable import Store

/// Reports stored before 0007 (problems as JSON text) are compressed in place: the same problems read back, the
/// `report_problems` view returns the same rows, and the file shrinks.
@Suite struct Migration0007Tests {
    typealias F = StoreFixtures

    /// `count` problems as a report stores them: JSON records with the usual long titles.
    static func problemsJSON(_ count: Int, seen: String) -> String {
        let records = (0..<count).map { index in
            let endpoint = String(format: "vpce-%017x", index)
            return #"{"account":"123456789012","firstSeen":"\#(seen)","id":"P-\#(index)","region":"us-east-1","#
                + #""resourceId":"\#(endpoint)","resourceType":"AWS::EC2::VPCEndpoint","severity":"medium","#
                + #""title":"The interface endpoint \#(endpoint) has a policy that allows every principal every "#
                + #"action on every resource.","topic":"PolicyDocument"}"#
        }
        return "[" + records.joined(separator: ",") + "]"
    }

    /// A database migrated up to 0006 with two snapshots and a report of each (none when `reports` is false),
    /// written as plinv wrote them then.
    static func writeBefore0007(at path: String, reports: Bool = true) throws -> [Int64: String] {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try BodyFunctions.register(on: db) }
        let old = try DatabaseQueue(path: path, configuration: configuration)
        var migrator = DatabaseMigrator()
        for migration in SchemaMigration.all where migration.identifier < SchemaMigration.compressedReportProblems {
            migrator.registerMigration(migration.identifier) { db in try db.execute(sql: migration.sql) }
        }
        try migrator.migrate(old)
        let problems = try old.write { db in
            var problems: [Int64: String] = [:]
            for (day, count) in [(26, 3_000), (27, 2_000)] {
                try db.execute(
                    sql: "INSERT INTO snapshot (taken_at, taken_at_ref, status) VALUES (?, ?, 'complete')",
                    arguments: ["2026-11-\(day)T23:00:00.000Z", 806_000_000 + Double(day) * 86_400])
                let id = db.lastInsertedRowID
                guard reports else { continue }
                problems[id] = problemsJSON(count, seen: "2026-11-\(day)T23:00:00Z")
                try db.execute(
                    sql: "INSERT INTO report_run VALUES ('nightly', ?, '2026-11-26T23:41:00Z', 0, 0, ?, 0, 0, 1, ?)",
                    arguments: [id, count, problems[id]])
            }
            return problems
        }
        try old.close()
        return problems
    }

    @Test func storedProblemsAreCompressedAndReadBackTheSame() throws {
        try F.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("before-0007.sqlite").path
            let problems = try Self.writeBefore0007(at: path)
            let rowsBefore = try DatabaseQueue(path: path).read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM report_problems").map(\.description).sorted()
            }
            #expect(rowsBefore.count == 5_000)
            let sizeBefore = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)

            let store = try SnapshotStore(path: path)
            try store.pool.read { db in
                #expect(
                    try Row.fetchAll(db, sql: "SELECT * FROM report_problems").map(\.description).sorted() == rowsBefore
                )
                #expect(try String.fetchAll(db, sql: "SELECT typeof(problems) FROM report_run") == ["blob", "blob"])
                let stored = try Int.fetchOne(db, sql: "SELECT sum(length(problems)) FROM report_run") ?? 0
                let text = problems.values.map(\.utf8.count).reduce(0, +)
                #expect(stored * 10 < text, "\(text) bytes of JSON stored in \(stored)")
            }
            for (id, json) in problems {
                let report = try #require(try store.previousReport(key: "nightly", before: id + 1))
                #expect(report.snapshotID == id)
                #expect(String(decoding: report.problems, as: UTF8.self) == json)
            }
            let sizeAfter = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
            #expect(store.vacuumedAfterMigrating)
            #expect(sizeAfter * 3 < sizeBefore, "vacuumed after converting: \(sizeBefore) → \(sizeAfter) bytes")
        }
    }

    @Test func aDatabaseWithoutReportsIsNotRewritten() throws {
        try F.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("no-reports.sqlite").path
            #expect(try Self.writeBefore0007(at: path, reports: false).isEmpty)
            let store = try SnapshotStore(path: path)
            #expect(!store.vacuumedAfterMigrating)
            #expect(try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM report_problems") } == 0)
        }
    }

    @Test func aNewReportIsStoredAsAFrameAndReadBackAsItsText() throws {
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot())
            let json = Self.problemsJSON(500, seen: "2026-11-26T23:00:00Z")
            try store.recordReport(
                StoredReport(
                    reportKey: "nightly", snapshotID: id, generatedAt: Date(timeIntervalSince1970: 0),
                    counts: ["medium": 500], suppressed: 0, problems: Data(json.utf8)))
            let read = try #require(try store.previousReport(key: "nightly", before: id + 1))
            #expect(String(decoding: read.problems, as: UTF8.self) == json)
            #expect(read.counts["medium"] == 500)
            try store.pool.read { db in
                let frame = try #require(try Data.fetchOne(db, sql: "SELECT problems FROM report_run"))
                #expect(frame.prefix(4) == Data([0x28, 0xB5, 0x2F, 0xFD]))  // a zstd frame's magic number
                #expect(frame.count * 10 < json.utf8.count)
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM report_problems") == 500)
            }
        }
    }
}
