import Foundation
import PrivateLinkModel

/// Resource counts of one snapshot: a point of the report's trend chart.
public struct TrendPoint: Sendable, Hashable {
    public var snapshotID: Int64
    public var takenAt: Date
    public var status: Snapshot.Status
    /// Endpoint services we own.
    public var services: Int
    /// Consumer connections to those services.
    public var connections: Int
    /// VPC endpoints of every type.
    public var endpoints: Int

    public init(
        snapshotID: Int64, takenAt: Date, status: Snapshot.Status, services: Int, connections: Int, endpoints: Int
    ) {
        self.snapshotID = snapshotID
        self.takenAt = takenAt
        self.status = status
        self.services = services
        self.connections = connections
        self.endpoints = endpoints
    }

    /// The point of a stored snapshot's summary.
    public init(_ summary: SnapshotSummary) {
        self.init(
            snapshotID: summary.id, takenAt: summary.takenAt, status: summary.status,
            services: summary.counts[.endpointService] ?? 0, connections: summary.counts[.connection] ?? 0,
            endpoints: summary.counts[.vpcEndpoint] ?? 0)
    }
}
