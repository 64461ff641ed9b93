import Drift
import PrivateLinkModel
import Store

extension ReportBuilder {
    /// Drift of the given templates against snapshot `id` (the latest when nil), reading only what drift looks
    /// at: the snapshot's scopes, stacks and exports, then the resources of the scopes the templates are deployed
    /// in (every scope when one is unknown), of the kinds they declare or drift reports as unmanaged. The same
    /// report as `drift(_:against:)` on the whole snapshot, which a 100,000-resource history makes seconds slower.
    ///
    /// - Returns: the snapshot (its inventory holds only the resources read) and the report.
    func drift(_ request: DriftRequest, snapshot id: Int64?) throws -> (snapshot: Snapshot, report: DriftReport) {
        guard let id = try id ?? store.latestSnapshotID() else { throw CommandError.noSnapshots(path: store.path) }
        var snapshot = try store.snapshotWithoutResources(id: id)
        let templates = try request.load(against: snapshot)
        let scopes = DriftDetector.scopesRead(by: templates, defaultScope: request.defaultScope)
        snapshot.inventory = try store.inventory(of: id, kinds: DriftDetector.kindsRead(by: templates), scopes: scopes)
        let report = DriftDetector().detect(
            templates, inventory: snapshot.inventory, succeededScopes: snapshot.succeededScopes,
            defaultScope: request.defaultScope)
        KeptUntilExit.keep(templates)
        KeptUntilExit.keep(snapshot)
        return (snapshot, report)
    }
}
