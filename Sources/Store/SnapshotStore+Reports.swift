import Foundation
import GRDB
import PrivateLinkModel

/// What one report of one snapshot counted: the memory between nights (migration 0003).
public struct StoredReport: Sendable, Hashable {
    public var reportKey: String
    public var snapshotID: Int64
    /// When the snapshot was taken (from the snapshot row).
    public var takenAt: Date
    public var generatedAt: Date
    /// Counted problems by severity name (`critical` … `info`), after accepted risks.
    public var counts: [String: Int]
    /// Problems under an accepted risk in force.
    public var suppressed: Int
    /// The problems as the caller encoded them (JSON array of records).
    public var problems: Data

    public init(
        reportKey: String, snapshotID: Int64, takenAt: Date = Date(timeIntervalSince1970: 0), generatedAt: Date,
        counts: [String: Int], suppressed: Int, problems: Data
    ) {
        self.reportKey = reportKey
        self.snapshotID = snapshotID
        self.takenAt = takenAt
        self.generatedAt = generatedAt
        self.counts = counts
        self.suppressed = suppressed
        self.problems = problems
    }

    /// Every counted problem.
    public var total: Int { counts.values.reduce(0, +) }
}

/// A stored report's figures without its problems: what the trend needs from each of up to 30 reports.
public struct ReportFigures: Sendable, Hashable {
    public var snapshotID: Int64
    /// When the snapshot was taken (from the snapshot row).
    public var takenAt: Date
    /// Counted problems by severity name (`critical` … `info`), after accepted risks.
    public var counts: [String: Int]
    /// Problems under an accepted risk in force.
    public var suppressed: Int

    /// Every counted problem.
    public var total: Int { counts.values.reduce(0, +) }
}

extension SnapshotStore {
    /// The severity columns of `report_run`, in order.
    static let severityColumns = ["critical", "high", "medium", "low", "info"]

    /// Records (or replaces) the report of `report.snapshotID` under `report.reportKey`: reporting one snapshot
    /// twice keeps one record, so lifecycles do not depend on how often a report is rendered. The problems are
    /// stored as one zstd frame (migration 0007).
    public func recordReport(_ report: StoredReport) throws {
        try writeTransaction("recording the report of snapshot \(report.snapshotID)") { db in
            let counts = Self.severityColumns.map { report.counts[$0] ?? 0 }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO report_run
                        (report_key, snapshot_id, generated_at, critical, high, medium, low, info, suppressed, problems)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, plinv_compress(?, NULL))
                    """,
                arguments: [
                    report.reportKey, report.snapshotID, AWSTimestamp.format(report.generatedAt), counts[0], counts[1],
                    counts[2], counts[3], counts[4], report.suppressed,
                    String(decoding: report.problems, as: UTF8.self),
                ])
            return true
        }
    }

    /// The newest report under `key` of a snapshot older than `snapshotID`, or nil when there is none.
    public func previousReport(key: String, before snapshotID: Int64) throws -> StoredReport? {
        try run("reading the previous report") {
            try pool.read { db in
                try Self.reports(db, where: "r.report_key = ? AND r.snapshot_id < ?", [key, snapshotID], limit: 1).first
            }
        }
    }

    /// The figures of the reports under `key` of snapshots up to `snapshotID`, the newest `limit`, oldest first.
    /// Only the count columns are read: each report's problems can be megabytes and the trend needs none of them.
    public func reportFigures(key: String, upTo snapshotID: Int64, limit: Int) throws -> [ReportFigures] {
        try run("reading the report history") {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT r.snapshot_id, s.taken_at_ref, \(Self.severityColumns.map { "r.\($0)" }.joined(separator: ", ")),
                            r.suppressed
                        FROM report_run AS r JOIN snapshot AS s ON s.id = r.snapshot_id
                        WHERE r.report_key = ? AND r.snapshot_id <= ? ORDER BY r.snapshot_id DESC LIMIT ?
                        """,
                    arguments: [key, snapshotID, limit]
                )
                .reversed()
                .map { row in
                    ReportFigures(
                        snapshotID: row["snapshot_id"],
                        takenAt: Date(timeIntervalSinceReferenceDate: row["taken_at_ref"]),
                        counts: Dictionary(uniqueKeysWithValues: Self.severityColumns.map { ($0, row[$0] as Int) }),
                        suppressed: row["suppressed"])
                }
            }
        }
    }

    /// Reports matching `condition`, newest first.
    private static func reports(_ db: Database, where condition: String, _ arguments: StatementArguments, limit: Int)
        throws -> [StoredReport]
    {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT r.report_key, r.snapshot_id, r.generated_at, \(severityColumns.map { "r.\($0)" }.joined(separator: ", ")),
                    r.suppressed, plinv_body(r.problems) AS problems, s.taken_at_ref
                FROM report_run AS r JOIN snapshot AS s ON s.id = r.snapshot_id
                WHERE \(condition) ORDER BY r.snapshot_id DESC LIMIT ?
                """,
            arguments: arguments + [limit])
        return rows.map { row in
            StoredReport(
                reportKey: row["report_key"], snapshotID: row["snapshot_id"],
                takenAt: Date(timeIntervalSinceReferenceDate: row["taken_at_ref"]),
                generatedAt: AWSTimestamp.parse(row["generated_at"]) ?? Date(timeIntervalSince1970: 0),
                counts: Dictionary(uniqueKeysWithValues: severityColumns.map { ($0, row[$0] as Int) }),
                suppressed: row["suppressed"], problems: Data((row["problems"] as String).utf8))
        }
    }
}
