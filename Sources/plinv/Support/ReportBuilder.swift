import Drift
import Foundation
import PrivateLinkModel
import Rendering
import Store
import Templates

/// Assembles report inputs from the store and the diff engine: the one place commands get their sections from.
struct ReportBuilder {
    let store: SnapshotStore
    /// The report clock (also the audit's "now" for PL005).
    let now: Date
    let trustedAccounts: Set<String>

    /// The time a report says it was generated: `SOURCE_DATE_EPOCH` when set (reproducible reports), else `now`.
    func generationTime() throws -> Date {
        try ReportClock.generationTime(now: now)
    }

    /// How many of the latest snapshots the trend chart covers.
    static let trendLength = 30

    /// The snapshot `id`, or the latest one.
    func snapshot(_ id: Int64?) throws -> Snapshot {
        guard let id = try id ?? store.latestSnapshotID() else { throw CommandError.noSnapshots(path: store.path) }
        let snapshot = try store.snapshot(id: id)
        KeptUntilExit.keep(snapshot)  // it lives to the end of the report: not freed record by record
        return snapshot
    }

    /// Audit findings of a snapshot.
    func auditFindings(_ snapshot: Snapshot) -> [Finding] {
        Auditor().audit(snapshot, trustedAccounts: trustedAccounts, now: now)
    }

    /// The who-can-connect rows of a snapshot, from the audit's view: principals and consumers that are not
    /// trusted, or no longer allowed, say so next to their name.
    func access(_ snapshot: Snapshot) -> [ServiceAccess] {
        Auditor().serviceAccess(snapshot.inventory, trustedAccounts: trustedAccounts).map { view in
            ServiceAccess(
                scope: view.scope, serviceId: view.serviceId, serviceName: view.serviceName,
                acceptanceRequired: view.acceptanceRequired,
                allowedPrincipals: view.allowedPrincipals.map {
                    $0.trusted ? $0.principal : "\($0.principal) (not trusted)"
                },
                connections: view.consumers.flatMap { consumer in
                    let note = !consumer.allowed ? " (not allowed now)" : (consumer.trusted ? "" : " (not trusted)")
                    return consumer.connections.map {
                        ConsumerConnection(
                            account: consumer.account + note, vpcEndpointId: $0.vpcEndpointId, state: $0.state)
                    }
                })
        }
    }

    /// The changes from the snapshot before `snapshot` (none when it is the first), with that snapshot's header.
    func changesSincePrevious(_ snapshot: Snapshot) throws -> (previous: ReportSnapshot?, changes: [Finding]) {
        guard let id = snapshot.id, let previousID = try store.previousSnapshotID(before: id) else { return (nil, []) }
        let compared = try changes(from: previousID, to: id)
        return (compared.earlier, compared.changes)
    }

    /// The changes from snapshot `earlier` to `later`, with both headers. Only the records that differ between the
    /// two are read (`SnapshotStore.difference`): two nights of 100,000 unchanged resources compare in milliseconds.
    func changes(from earlier: Int64, to later: Int64) throws -> (
        earlier: ReportSnapshot, later: ReportSnapshot, changes: [Finding]
    ) {
        let (old, new) = try store.difference(from: earlier, to: later)
        return (ReportSnapshot(old), ReportSnapshot(new), ChangeDetector().changes(from: old, to: new))
    }

    /// Drift of the given templates against a snapshot.
    func drift(_ request: DriftRequest, against snapshot: Snapshot) throws -> DriftReport {
        let templates = try request.load(against: snapshot)
        KeptUntilExit.keep(templates)
        return DriftDetector().detect(
            templates, inventory: snapshot.inventory, succeededScopes: snapshot.succeededScopes,
            defaultScope: request.defaultScope)
    }

    /// The trend over the latest reports of `key` up to `snapshot`: resource counts from the snapshots' stored
    /// counts, problem counts from each report's stored figures (migration 0003). No snapshot is audited again.
    func trend(key: String, upTo snapshot: Snapshot) throws -> [Rendering.TrendPoint] {
        guard let id = snapshot.id else { return [] }
        let reports = try store.reportFigures(key: key, upTo: id, limit: Self.trendLength)
        let summaries = Dictionary(try store.trend().map { ($0.snapshotID, $0) }) { first, _ in first }
        return reports.compactMap { report in
            guard let point = summaries[report.snapshotID] else { return nil }
            return Rendering.TrendPoint(
                snapshotId: report.snapshotID, takenAt: point.takenAt, services: point.services,
                connections: point.connections, endpoints: point.endpoints, findings: report.total)
        }
    }

    /// Drift's unverified values and unchecked resources as report rows.
    static func unchecked(_ report: DriftReport) -> (notChecked: [UncheckedItem], notVerified: [UncheckedItem]) {
        let notChecked = report.notChecked.map {
            UncheckedItem(
                resourceType: $0.resourceType, logicalId: $0.logicalId, reason: $0.reason, source: $0.source,
                scope: $0.scope)
        }
        let notVerified = report.notVerified.map {
            UncheckedItem(
                resourceType: $0.resourceType, logicalId: $0.logicalId, attribute: $0.attribute, reason: $0.reason,
                source: $0.source, scope: $0.scope)
        }
        return (notChecked.sorted(), notVerified.sorted())
    }
}

/// Failures of the executable's own (errors from the libraries pass through with their own descriptions).
enum CommandError: Error, CustomStringConvertible {
    case noSnapshots(path: String)
    case needsTwoSnapshots(path: String)
    case stacksNotCollected(snapshot: Int64?)
    case reversedComparison(from: Int64, to: Int64)
    /// `-o` names a directory (or ends in `/`): output goes to a file.
    case outputIsADirectory(path: String)
    /// The output file could not be opened or moved into place.
    case cannotWriteOutput(path: String, reason: String)
    /// `-o` names the database (or a file SQLite keeps beside it): writing there would replace the snapshots.
    case outputIsTheDatabase(path: String, database: String)

    var description: String {
        switch self {
        case .outputIsADirectory(let path): "\(path) is a directory: -o takes the path of a file"
        case .cannotWriteOutput(let path, let reason): "cannot write \(path): \(reason)"
        case .outputIsTheDatabase(let path, let database):
            "\(path) is the database \(database) (or one of its files): -o takes the path of another file; "
                + "nothing was written"
        case .noSnapshots(let path): "no snapshots in \(path): run `plinv collect` first"
        case .needsTwoSnapshots(let path): "changes need two snapshots and \(path) has fewer: run `plinv collect` again"
        case .reversedComparison(let from, let to):
            "--from \(from) is not older than --to \(to): changes compare an earlier snapshot with a later one "
                + "(swap them to see the changes from \(min(from, to)) to \(max(from, to)))"
        case .stacksNotCollected(let id):
            "snapshot \(id.map { "\($0)" } ?? "") was collected without --stacks, so it holds no deployed stacks: "
                + "run `plinv collect --stacks` (or set `desired: stacks` in the run configuration)"
        }
    }
}
