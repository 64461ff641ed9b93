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

    /// The report input for a snapshot (default: the latest) and every finding it counts for `--fail-on`.
    func build(snapshotID: Int64? = nil) throws -> (input: ReportInput, findings: [Finding]) {
        let builder = ReportBuilder(store: store, now: now, trustedAccounts: Set(config.trustedAccounts))
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
        let input = ReportInput(
            title: "PrivateLink report", generatedAt: now, snapshot: ReportSnapshot(snapshot),
            comparedWith: previous.map(ReportSnapshot.init), findings: findings.sortedForReport(),
            whoCanConnect: builder.access(snapshot), changes: changes, inventory: snapshot.inventory,
            trend: try builder.trend(upTo: snapshot), notChecked: notChecked, notVerified: notVerified,
            driftCoverage: coverage, plinvVersion: PlinvVersion.current)
        return (input, findings + changes)
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
}
