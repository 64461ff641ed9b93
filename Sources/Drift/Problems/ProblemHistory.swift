import Foundation
import PrivateLinkModel

/// What a report remembers of one problem for the next report of the same configuration.
public struct ProblemRecord: Sendable, Hashable, Codable {
    public var id: String
    public var severity: Severity
    public var title: String
    public var resourceType: String
    public var resourceId: String
    public var principal: String?
    public var account: String
    public var region: String
    public var topic: String
    /// When it was first reported.
    public var firstSeen: Date

    /// A record from its fields.
    public init(
        id: String, severity: Severity, title: String, resourceType: String, resourceId: String, principal: String?,
        account: String, region: String, topic: String, firstSeen: Date
    ) {
        self.id = id
        self.severity = severity
        self.title = title
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.principal = principal
        self.account = account
        self.region = region
        self.topic = topic
        self.firstSeen = firstSeen
    }

    /// What to remember of `problem`, first reported at `firstSeen`.
    public init(_ problem: Problem, firstSeen: Date) {
        self.init(
            id: problem.id, severity: problem.severity, title: problem.title, resourceType: problem.resourceType,
            resourceId: problem.resourceId, principal: problem.principal, account: problem.account,
            region: problem.region, topic: problem.topic, firstSeen: firstSeen)
    }
}

/// New, recurring and resolved problems, from the previous report of the same configuration.
public enum ProblemHistory {
    /// The problems with their lifecycle, followed by the resolved ones (in the previous report, gone now), and the
    /// records to keep for the next report. Events (problems of change findings only) are never remembered: a change
    /// happens once. An event on a problem of the previous report is the change that fixed it: resolved, with it.
    ///
    /// - Parameters:
    ///   - previous: the previous report's records; nil when there was none (everything is new).
    ///   - seenAt: when the current problems are seen (the snapshot's time), the first-seen time of new ones.
    public static func apply(_ current: [Problem], previous: [ProblemRecord]?, seenAt: Date) -> (
        problems: [Problem], records: [ProblemRecord]
    ) {
        let before = Dictionary((previous ?? []).map { ($0.id, $0) }) { first, _ in first }
        var problems: [Problem] = []
        var records: [ProblemRecord] = []
        for var problem in current {
            if let earlier = before[problem.id] {
                problem.lifecycle = problem.isEvent ? .resolved : .recurring
                problem.firstSeen = earlier.firstSeen
            } else {
                problem.lifecycle = .new
                problem.firstSeen = nil
            }
            if !problem.isEvent { records.append(ProblemRecord(problem, firstSeen: problem.firstSeen ?? seenAt)) }
            problems.append(problem)
        }
        let now = Set(current.map(\.id))
        let resolved = (previous ?? []).filter { !now.contains($0.id) }.map { record in
            Problem(
                id: record.id, severity: record.severity, title: record.title, remediation: nil,
                resourceType: record.resourceType, resourceId: record.resourceId, principal: record.principal,
                account: record.account, region: record.region, topic: record.topic, findingIds: [], rules: [],
                source: nil, isEvent: false, lifecycle: .resolved, firstSeen: record.firstSeen)
        }
        return (problems + resolved.sortedForReport(), records.sorted { $0.id < $1.id })
    }
}
