import Drift
import Foundation
import PrivateLinkModel

/// Everything one report shows, as plain values the CLI fills from the store and from Drift.
///
/// A section whose value is `nil` is not part of this report (for example `plinv drift` has no
/// inventory); an empty list is a section that is present and says "none".
public struct ReportInput: Sendable, Hashable {
    /// The report's heading, e.g. `PrivateLink drift`; shown as text, never interpreted.
    public var title: String
    /// When the report was made: the injected clock, so equal inputs give equal bytes.
    public var generatedAt: Date
    /// The snapshot the report is about (for changes: the later one).
    public var snapshot: ReportSnapshot
    /// The earlier snapshot of a changes report, when there is one.
    public var comparedWith: ReportSnapshot?
    /// Drift and audit findings; nil when the report has no findings section.
    public var findings: [Finding]?
    /// Who can connect to each service we own; nil when the report has no such section.
    public var whoCanConnect: [ServiceAccess]?
    /// Snapshot-to-snapshot changes (findings of kind `change`); nil when not part of the report.
    public var changes: [Finding]?
    /// The snapshot's resources; nil when the report has no inventory section.
    public var inventory: Inventory?
    /// Counts across the stored snapshots, oldest first; empty draws no chart.
    public var trend: [TrendPoint]
    /// Template resources of types plinv does not compare.
    public var notChecked: [UncheckedItem]
    /// Template values plinv could not resolve offline (`Fn::ImportValue`, …), so did not compare.
    public var notVerified: [UncheckedItem]
    /// How much of the declared state drift compared; nil when the report has no drift part.
    public var driftCoverage: DriftCoverage?
    /// The plinv version that made the report (JSON `plinvVersion`); nil leaves it out.
    public var plinvVersion: String?
    /// The report's problems (findings grouped by resource and root cause, with lifecycle and accepted risks);
    /// nil when the report does not group its findings (`drift`, `audit`, `changes` on their own).
    public var problems: ProblemSection?

    public init(
        title: String, generatedAt: Date, snapshot: ReportSnapshot, comparedWith: ReportSnapshot? = nil,
        findings: [Finding]? = nil, whoCanConnect: [ServiceAccess]? = nil, changes: [Finding]? = nil,
        inventory: Inventory? = nil, trend: [TrendPoint] = [], notChecked: [UncheckedItem] = [],
        notVerified: [UncheckedItem] = [], driftCoverage: DriftCoverage? = nil, plinvVersion: String? = nil
    ) {
        self.title = title
        self.generatedAt = generatedAt
        self.snapshot = snapshot
        self.comparedWith = comparedWith
        self.findings = findings
        self.whoCanConnect = whoCanConnect
        self.changes = changes
        self.inventory = inventory
        self.trend = trend
        self.notChecked = notChecked
        self.notVerified = notVerified
        self.driftCoverage = driftCoverage
        self.plinvVersion = plinvVersion
    }

    /// Findings and changes together, in the canonical report order (most severe first). One list alone is not
    /// joined with an empty one: `+` copied every finding of a shared list, a dozen strings retained each.
    public var allFindings: [Finding] {
        guard let changes, !changes.isEmpty else { return (findings ?? []).sortedForReport() }
        guard let findings, !findings.isEmpty else { return changes.sortedForReport() }
        return (findings + changes).sortedForReport()
    }

    /// Counts by severity over `allFindings` (counting needs no order, nor the two lists joined).
    public var summary: SeveritySummary {
        var summary = SeveritySummary(findings ?? [])
        summary.add(changes ?? [])
        return summary
    }
}

/// The snapshot header of a report: identity, time, completeness and how each scope went.
public struct ReportSnapshot: Sendable, Hashable {
    /// The store's id; nil for a snapshot that was never stored.
    public var id: Int64?
    public var takenAt: Date
    public var status: Snapshot.Status
    public var label: String?
    /// Sorted by scope.
    public var scopes: [ScopeStatus]

    public init(id: Int64?, takenAt: Date, status: Snapshot.Status, label: String? = nil, scopes: [ScopeStatus]) {
        self.id = id
        self.takenAt = takenAt
        self.status = status
        self.label = label
        self.scopes = scopes.sorted()
    }

    /// The header of a full snapshot.
    public init(_ snapshot: Snapshot) {
        self.init(
            id: snapshot.id, takenAt: snapshot.takenAt, status: snapshot.status, label: snapshot.label,
            scopes: snapshot.scopes)
    }

    /// The header of a stored snapshot's summary.
    public init(_ summary: SnapshotSummary) {
        self.init(
            id: summary.id, takenAt: summary.takenAt, status: summary.status, label: summary.label,
            scopes: summary.scopes)
    }

    /// The scopes collected successfully.
    public var collectedScopes: [ScopeStatus] { scopes.filter { $0.state == .ok } }
    /// The scopes that failed.
    public var failedScopes: [ScopeStatus] { scopes.filter { $0.state == .failed } }
}

/// One stored snapshot's counts, a point of the trend chart.
public struct TrendPoint: Sendable, Hashable {
    public var snapshotId: Int64
    public var takenAt: Date
    public var services: Int
    public var connections: Int
    public var endpoints: Int
    public var findings: Int

    public init(snapshotId: Int64, takenAt: Date, services: Int, connections: Int, endpoints: Int, findings: Int) {
        self.snapshotId = snapshotId
        self.takenAt = takenAt
        self.services = services
        self.connections = connections
        self.endpoints = endpoints
        self.findings = findings
    }

    /// The point for a stored snapshot, with the number of findings the caller computed for it.
    public init(_ summary: SnapshotSummary, findings: Int) {
        self.init(
            snapshotId: summary.id, takenAt: summary.takenAt,
            services: summary.counts[.endpointService] ?? 0,
            connections: summary.counts[.connection] ?? 0,
            endpoints: summary.counts[.vpcEndpoint] ?? 0,
            findings: findings)
    }
}

/// A template resource or value that plinv did not compare, and why (JSON: `notVerified[]`, `notChecked[]`).
public struct UncheckedItem: Sendable, Hashable, Comparable, Encodable {
    /// The CloudFormation type, e.g. `AWS::Route53::RecordSet`.
    public var resourceType: String
    public var logicalId: String
    /// The property that was not compared, when only one value was skipped.
    public var attribute: String?
    /// Why it was not compared (one sentence).
    public var reason: String
    public var source: SourceLocation?
    /// Where the template is deployed, when known (one file in two regions gives two rows).
    public var scope: Scope?

    public init(
        resourceType: String, logicalId: String, attribute: String? = nil, reason: String,
        source: SourceLocation? = nil,
        scope: Scope? = nil
    ) {
        self.resourceType = resourceType
        self.logicalId = logicalId
        self.attribute = attribute
        self.reason = reason
        self.source = source
        self.scope = scope
    }

    public static func < (lhs: UncheckedItem, rhs: UncheckedItem) -> Bool {
        (
            lhs.source?.file ?? "", lhs.source?.line ?? 0, lhs.logicalId, lhs.attribute ?? "",
            lhs.scope?.description ?? "", lhs.reason
        )
            < (
                rhs.source?.file ?? "", rhs.source?.line ?? 0, rhs.logicalId, rhs.attribute ?? "",
                rhs.scope?.description ?? "", rhs.reason
            )
    }
}

extension UncheckedItem {
    private enum CodingKeys: String, CodingKey {
        case resourceType, logicalId, attribute, reason, source, account, region
    }

    /// `{"resourceType","logicalId","attribute"|null,"reason","source":{"file","line"}|null,"account"|null,"region"|null}`.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resourceType, forKey: .resourceType)
        try container.encode(logicalId, forKey: .logicalId)
        try container.encode(attribute, forKey: .attribute)
        try container.encode(reason, forKey: .reason)
        try container.encode(source, forKey: .source)
        try container.encode(scope?.account, forKey: .account)
        try container.encode(scope?.region, forKey: .region)
    }
}
