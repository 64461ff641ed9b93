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

    /// The report input for a snapshot (default: the latest) and every finding it counts for `--fail-on`.
    func build(snapshotID: Int64? = nil) throws -> (input: ReportInput, findings: [Finding]) {
        let builder = ReportBuilder(store: store, now: now, trustedAccounts: Set(config.trustedAccounts))
        let snapshot = try builder.snapshot(snapshotID)
        var findings = builder.auditFindings(snapshot)
        var notChecked: [UncheckedItem] = []
        var notVerified: [UncheckedItem] = []
        if !config.templates.isEmpty {
            let drift = try builder.drift(driftRequest(), against: snapshot)
            findings += drift.findings
            (notChecked, notVerified) = ReportBuilder.unchecked(drift)
        }
        let (previous, changes) = try builder.changesSincePrevious(snapshot)
        let input = ReportInput(
            title: "PrivateLink report", generatedAt: now, snapshot: ReportSnapshot(snapshot),
            comparedWith: previous.map(ReportSnapshot.init), findings: findings.sortedForReport(),
            whoCanConnect: builder.access(snapshot), changes: changes, inventory: snapshot.inventory,
            trend: try builder.trend(upTo: snapshot), notChecked: notChecked, notVerified: notVerified)
        return (input, findings + changes)
    }

    /// The drift request the configuration's templates describe (paths relative to the config file).
    func driftRequest() -> DriftRequest {
        DriftRequest(
            entries: config.templates.map { entry in
                DriftRequest.Entry(
                    file: config.resolve(entry.file), parameters: entry.parameters,
                    parameterFiles: entry.parametersFile.map { [config.resolve($0)] } ?? [],
                    account: entry.account, region: entry.region, stackName: entry.stackName)
            },
            defaultScope: nil)
    }

    /// The threshold from the configuration, else `high`.
    var threshold: FailThreshold { config.failOn.flatMap(FailThreshold.init(rawValue:)) ?? .high }
}
