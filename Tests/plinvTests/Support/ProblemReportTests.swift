import Drift
import Foundation
import PrivateLinkModel
import Store
import Testing

@testable import plinv

/// The problems' lifecycle reads the previous report's stored records; a damaged one is named, not guessed around.
@Suite struct ProblemReportTests {
    static let scope = Scope(account: "111111111111", region: "eu-west-1")

    /// A store with two empty snapshots and, for the first, a report whose stored problems are `problems`.
    static func withStore(previousProblems problems: String, _ body: (SnapshotStore, Int64) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plinv-problems-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SnapshotStore(path: directory.appendingPathComponent("p.sqlite").path)
        func snapshot(_ seconds: Double) -> Snapshot {
            Snapshot(
                takenAt: Date(timeIntervalSince1970: seconds), status: .complete, label: nil,
                scopes: [ScopeStatus(scope: scope, state: .ok)], inventory: Inventory())
        }
        let first = try store.save(snapshot(1_800_000_000))
        let second = try store.save(snapshot(1_800_086_400))
        try store.recordReport(
            StoredReport(
                reportKey: "nightly", snapshotID: first, generatedAt: Date(timeIntervalSince1970: 1_800_000_100),
                counts: ["high": 1], suppressed: 0, problems: Data(problems.utf8)))
        try body(store, second)
    }

    static func build(_ store: SnapshotStore, _ snapshot: Int64) throws -> ProblemReport {
        try ProblemReport.build(
            findings: [], snapshotID: snapshot, takenAt: Date(timeIntervalSince1970: 1_800_086_400), key: "nightly",
            suppressions: [], store: store, now: Date(timeIntervalSince1970: 1_800_086_500))
    }

    @Test func aPreviousProblemIsResolvedWhenItsFindingsAreGone() throws {
        let record =
            #"[{"account":"111111111111","firstSeen":"2027-01-15T08:00:00Z","id":"P-1","region":"eu-west-1","#
            + #""resourceId":"vpce-svc-1","resourceType":"AWS::EC2::VPCEndpointService","severity":"high","#
            + #""title":"Open to everyone","topic":"principals"}]"#
        try Self.withStore(previousProblems: record) { store, second in
            let report = try Self.build(store, second)
            #expect(report.section.resolved.map(\.id) == ["P-1"])
            #expect(String(decoding: report.stored.problems, as: UTF8.self) == "[]")
        }
    }

    @Test func aDamagedPreviousReportIsNamedWithItsRecord() throws {
        let damaged =
            #"[{"account":"a","firstSeen":"2027-01-15T08:00:00Z","id":"P-1","region":"r","resourceId":"x","#
            + #""resourceType":"t","severity":"high","title":"t","topic":"p"},{"id":"P-2"}]"#
        try Self.withStore(previousProblems: damaged) { store, second in
            #expect(
                throws: UnreadableProblemRecords(
                    record: 1, reason: #""severity" is missing or not a string"#, report: #""nightly", snapshot 1"#)
            ) {
                try Self.build(store, second)
            }
        }
    }
}
