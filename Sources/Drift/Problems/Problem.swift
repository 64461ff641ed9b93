import Foundation
import PrivateLinkModel

/// What a report is about: one resource (or one principal on one service) and one root cause, carrying every
/// finding that shows it — the audit rule, the drift against the template line, the change that introduced it.
///
/// Its severity is the highest of its findings; summary counts, section counts, the trend and the exit code all
/// count problems, so that a reader can check that they add up.
public struct Problem: Sendable, Hashable, Codable {
    /// Whether the problem is new since the previous report of the same configuration.
    public enum Lifecycle: String, Sendable, Hashable, Codable {
        /// Not in the previous report (or there is none).
        case new
        /// In the previous report too; `firstSeen` says since when.
        case recurring
        /// In the previous report, gone now.
        case resolved
    }

    /// Stable across runs for the same resource and root cause (`P-` and 16 hex digits).
    public var id: String
    /// The highest severity of its findings.
    public var severity: Severity
    /// One sentence: the most telling finding's message (audit first, then drift, then change).
    public var title: String
    /// How to fix it: the remediation of the finding the title comes from.
    public var remediation: String?
    public var resourceType: String
    /// The live resource id, or the logical id of a declared resource that does not exist.
    public var resourceId: String
    /// The principal the problem is about, for problems of one principal on one service.
    public var principal: String?
    public var account: String
    public var region: String
    /// The root cause's topic (`AcceptanceRequired`, `AllowedPrincipals`, `IpPermissions`, `existence`, …).
    public var topic: String
    /// The ids of its findings, in report order.
    public var findingIds: [String]
    /// The rules of its findings, sorted.
    public var rules: [String]
    /// The template line of its drift finding, when one points at a template.
    public var source: SourceLocation?
    /// Whether every finding is a change between snapshots: an event, shown once, never "recurring" or "resolved".
    public var isEvent: Bool
    public var lifecycle: Lifecycle
    /// When the problem was first seen (the snapshot time of its first report); nil when new.
    public var firstSeen: Date?
    /// The accepted risk that covers it, if any (also when the acceptance has expired: then it counts again).
    public var suppression: AppliedSuppression?

    public init(
        id: String, severity: Severity, title: String, remediation: String?, resourceType: String, resourceId: String,
        principal: String?, account: String, region: String, topic: String, findingIds: [String], rules: [String],
        source: SourceLocation?, isEvent: Bool, lifecycle: Lifecycle = .new, firstSeen: Date? = nil,
        suppression: AppliedSuppression? = nil
    ) {
        self.id = id
        self.severity = severity
        self.title = title
        self.remediation = remediation
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.principal = principal
        self.account = account
        self.region = region
        self.topic = topic
        self.findingIds = findingIds
        self.rules = rules
        self.source = source
        self.isEvent = isEvent
        self.lifecycle = lifecycle
        self.firstSeen = firstSeen
        self.suppression = suppression
    }

    /// Whether it counts toward summaries and the exit code: not resolved, and not under an accepted risk in force.
    public var counts: Bool { lifecycle != .resolved && !(suppression?.isInForce ?? false) }
}

/// A suppression as applied to one problem.
public struct AppliedSuppression: Sendable, Hashable, Codable {
    public var reason: String
    public var owner: String
    /// The last day the acceptance holds (inclusive), `YYYY-MM-DD`; nil never expires.
    public var expires: String?
    /// False once `expires` has passed: the problem is back on and the report says so.
    public var isInForce: Bool
    /// Where the suppression is written.
    public var source: SourceLocation

    public init(reason: String, owner: String, expires: String?, isInForce: Bool, source: SourceLocation) {
        self.reason = reason
        self.owner = owner
        self.expires = expires
        self.isInForce = isInForce
        self.source = source
    }
}
