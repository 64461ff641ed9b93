import Drift
import Foundation
import Rendering
import Store

/// The problems of one report: grouped, with their lifecycle since the previous report of the same configuration
/// (from the database), the accepted risks applied, and what to remember for the next report.
struct ProblemReport {
    /// The problems as the report shows and counts them (new, recurring, resolved, accepted, stale suppressions).
    var section: ProblemSection
    /// The figures stored for this report (counts, records).
    var stored: StoredReport

    /// Builds the problems of `findings` for `snapshotID`, reading the previous report under `key`.
    static func build(
        findings: [Finding], snapshotID: Int64, takenAt: Date, key: String, suppressions: [Suppression],
        store: SnapshotStore,
        now: Date
    ) throws -> ProblemReport {
        let grouped = ProblemGrouper().problems(of: findings)
        let previous = try store.previousReport(key: key, before: snapshotID)
        let previousRecords = try previous.map { previous in
            do {
                return try ProblemRecord.records(storedJSON: previous.problems)
            } catch var error as UnreadableProblemRecords {
                error.report = "\"\(key)\", snapshot \(previous.snapshotID)"
                throw error
            }
        }
        let history = ProblemHistory.apply(grouped, previous: previousRecords, seenAt: takenAt)
        let outcome = suppressions.apply(to: history.problems, today: SuppressionFile.day(of: now))
        let section = ProblemSection(problems: outcome.problems, hasPrevious: previous != nil, stale: outcome.stale)
        let summary = section.summary
        let stored = StoredReport(
            reportKey: key, snapshotID: snapshotID, takenAt: takenAt, generatedAt: now,
            counts: Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, summary[$0] ?? 0) }),
            suppressed: section.suppressed.count, problems: ProblemRecord.storedJSON(history.records))
        return ProblemReport(section: section, stored: stored)
    }

    /// 2 when a counted problem is at or above `threshold`, or a counted *new* one at or above `newThreshold`.
    func exitCode(threshold: FailThreshold, newThreshold: FailThreshold?) -> Int32 {
        func reaches(_ problems: [Problem], _ threshold: FailThreshold?) -> Bool {
            guard let threshold, let severity = Severity(rawValue: threshold.rawValue) else { return false }
            return problems.contains { $0.severity >= severity }
        }
        let fails = reaches(section.counted, threshold) || reaches(section.new, newThreshold)
        return fails ? 2 : 0
    }
}
