import Foundation
import GRDB
import PrivateLinkModel
import TestSupport
import Testing

@testable import Store

/// Migration 0003: what each report counted, read back for the next report and the trend.
@Suite struct ReportHistoryTests {
    typealias F = StoreFixtures

    static func report(_ key: String, _ snapshot: Int64, high: Int, problems: String = "[]") -> StoredReport {
        StoredReport(
            reportKey: key, snapshotID: snapshot,
            generatedAt: Date(timeIntervalSince1970: 1_800_000_000 + Double(snapshot)),
            counts: ["critical": 0, "high": high, "medium": 1, "low": 0, "info": 0], suppressed: 1,
            problems: Data(problems.utf8))
    }

    @Test func thePreviousReportIsTheNewestOfAnEarlierSnapshotUnderTheSameKey() throws {
        try F.withStore { store, _ in
            let first = try store.save(F.seedSnapshot())
            let second = try store.save(F.seedSnapshot())
            let third = try store.save(F.seedSnapshot())
            try store.recordReport(Self.report("nightly", first, high: 3, problems: #"[{"id":"P-1"}]"#))
            try store.recordReport(Self.report("other", second, high: 9))
            #expect(try store.previousReport(key: "nightly", before: third)?.snapshotID == first)
            #expect(try store.previousReport(key: "nightly", before: first) == nil)
            #expect(try store.previousReport(key: "other", before: third)?.counts["high"] == 9)
            let previous = try #require(try store.previousReport(key: "nightly", before: third))
            #expect(String(decoding: previous.problems, as: UTF8.self) == #"[{"id":"P-1"}]"#)
            #expect(previous.total == 4 && previous.suppressed == 1)
        }
    }

    @Test func reportingASnapshotAgainReplacesItsRecord() throws {
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot())
            try store.recordReport(Self.report("nightly", id, high: 3))
            try store.recordReport(Self.report("nightly", id, high: 5))
            let reports = try store.reportFigures(key: "nightly", upTo: id, limit: 30)
            #expect(reports.map { $0.counts["high"] } == [5])
        }
    }

    @Test func theTrendIsTheNewestReportsOldestFirst() throws {
        try F.withStore { store, _ in
            var ids: [Int64] = []
            for high in 0..<5 {
                let id = try store.save(F.seedSnapshot())
                ids.append(id)
                try store.recordReport(Self.report("nightly", id, high: high))
            }
            let trend = try store.reportFigures(key: "nightly", upTo: ids[3], limit: 3)
            #expect(trend.map(\.snapshotID) == Array(ids[1...3]))
            #expect(trend.map { $0.counts["high"] } == [1, 2, 3])
            #expect(trend.map(\.total) == [2, 3, 4] && trend.allSatisfy { $0.suppressed == 1 })
            let taken = try store.summaries().map { ($0.id, $0.takenAt) }
            #expect(trend.map(\.takenAt) == ids[1...3].map { id in taken.first { $0.0 == id }?.1 })
        }
    }

    @Test func theViewListsEachProblemAndPruningTheSnapshotDropsItsReport() throws {
        try F.withStore { store, path in
            let id = try store.save(F.seedSnapshot())
            try store.recordReport(
                Self.report(
                    "nightly", id, high: 1, problems: #"[{"id":"P-1","severity":"high","title":"t","account":"1"}]"#))
            let rows = try store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT problem_id, severity FROM report_problems").map {
                    "\($0["problem_id"] as String)|\($0["severity"] as String)"
                }
            }
            #expect(rows == ["P-1|high"])
            // The problems are compressed (0007): the sqlite3 shell reads the table's figures, not the view.
            #expect(try SQLiteShell.sqlite(path, "SELECT high FROM report_run") == "1")
            let shell = try SQLiteShell.run(path, "SELECT count(*) FROM report_problems")
            #expect(shell.status != 0 && shell.error.contains("no such function: plinv_body"), "\(shell)")
            let newer = try store.save(F.seedSnapshot())
            _ = try store.prune(keepDays: 0, now: Date().addingTimeInterval(86_400 * 365))
            #expect(try store.reportFigures(key: "nightly", upTo: newer, limit: 5).isEmpty)
        }
    }
}

/// Reads the database with the sqlite3 command-line tool, as a user would.
enum SQLiteShell {
    /// What the shell printed on standard output, trimmed.
    static func sqlite(_ path: String, _ sql: String) throws -> String {
        try run(path, sql).output
    }

    /// What the shell printed on standard output and standard error, trimmed, and its exit status.
    static func run(_ path: String, _ sql: String) throws -> (output: String, error: String, status: Int32) {
        let result = try runProcessBlocking(executable: "/usr/bin/sqlite3", arguments: [path, sql])
        func text(_ data: Data) -> String {
            String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return (text(result.stdout), text(result.stderr), result.status)
    }
}
