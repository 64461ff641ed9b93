import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Store

/// The combined report of `plinv report` and `plinv run`: summary, audit, drift, changes, inventory and trend.
struct CombinedReport {
    let config: RunConfig
    let store: SnapshotStore
    let now: Date
    /// The drift part when it does not come from `config` (`plinv report` without a configuration file).
    var explicitDrift: DriftRequest?
    /// Which report this is in the database's memory: the configuration's name or path (`adhoc` without one).
    var reportKey = "adhoc"
    /// Accepted risks (the configuration's `suppressions` file, or `--suppressions`).
    var suppressions: [Suppression] = []

    /// What a report produced: what to render, its problems, and every finding.
    struct Built {
        var input: ReportInput
        var problems: ProblemReport
        var findings: [Finding]
    }

    /// The report input for a snapshot (default: the latest), its problems (with lifecycle and accepted risks,
    /// recorded in the database for the next report of the same key) and its findings.
    func build(snapshotID: Int64? = nil) throws -> Built {
        let trusted = try OrganizationTrust.trustedAccounts(
            config.trustedAccounts, organization: config.trustsOrganization, store: store, snapshotID: snapshotID)
        let builder = ReportBuilder(store: store, now: now, trustedAccounts: trusted)
        let snapshot = try builder.snapshot(snapshotID)
        var findings = builder.auditFindings(snapshot)
        var notChecked: [UncheckedItem] = []
        var notVerified: [UncheckedItem] = []
        var coverage: DriftCoverage?
        if let request = driftRequest() {
            let drift = try builder.drift(request, against: snapshot)
            findings += drift.findings
            (notChecked, notVerified) = ReportBuilder.unchecked(drift)
            coverage = DriftCoverage(drift)
        }
        let (previous, changes) = try builder.changesSincePrevious(snapshot)
        guard let id = snapshot.id else { throw CommandError.noSnapshots(path: store.path) }
        let problems = try ProblemReport.build(
            findings: findings + changes, snapshotID: id, takenAt: snapshot.takenAt, key: reportKey,
            suppressions: suppressions, store: store, now: now)
        try store.recordReport(problems.stored)
        var input = ReportInput(
            title: "PrivateLink report", generatedAt: try ReportClock.generationTime(now: now),
            snapshot: ReportSnapshot(snapshot),
            comparedWith: previous, findings: findings.sortedForReport(),
            whoCanConnect: builder.access(snapshot), changes: changes, inventory: snapshot.inventory,
            trend: try builder.trend(key: reportKey, upTo: snapshot), notChecked: notChecked, notVerified: notVerified,
            driftCoverage: coverage, plinvVersion: PlinvVersion.current)
        input.problems = problems.section
        return Built(input: input, problems: problems, findings: findings + changes)
    }

    /// The drift request the configuration's templates describe (paths relative to the config file).
    func driftRequest() -> DriftRequest? {
        if let explicitDrift { return explicitDrift }
        guard config.hasDrift else { return nil }
        return DriftRequest(
            entries: config.desired == .stacks ? [] : config.driftEntries(), defaultScope: nil,
            stacks: config.desired.readsStacks ? DriftRequest.StackSelection(patterns: config.stackNames) : nil)
    }

    /// The threshold from the configuration, else `high`.
    var threshold: FailThreshold { config.failOn.flatMap(FailThreshold.init(rawValue:)) ?? .high }

    /// The threshold for new problems from the configuration (`failOnNew`), if any.
    var newThreshold: FailThreshold? { config.failOnNew.flatMap(FailThreshold.init(rawValue:)) }
}
