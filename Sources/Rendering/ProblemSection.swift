import Drift
import Foundation

/// The problems of a report and what the reader needs around them: whether there was a previous report to tell new
/// from recurring, and the accepted risks that covered nothing.
public struct ProblemSection: Sendable, Hashable {
    /// Current problems (new, recurring; suppressed ones carry their suppression), then the resolved ones.
    public var problems: [Problem]
    /// Whether a previous report of the same configuration exists (otherwise everything is new).
    public var hasPrevious: Bool
    /// Suppressions that cover no problem of this report.
    public var stale: [Suppression]

    public init(problems: [Problem], hasPrevious: Bool, stale: [Suppression]) {
        self.problems = problems
        self.hasPrevious = hasPrevious
        self.stale = stale
    }

    /// The problems that count toward summaries and the exit code.
    public var counted: [Problem] { problems.filter(\.counts) }
    /// New problems that count.
    public var new: [Problem] { counted.filter { $0.lifecycle == .new } }
    /// Recurring problems that count.
    public var recurring: [Problem] { counted.filter { $0.lifecycle == .recurring } }
    /// Problems fixed since the previous report.
    public var resolved: [Problem] { problems.filter { $0.lifecycle == .resolved } }
    /// Problems under an accepted risk in force.
    public var suppressed: [Problem] {
        problems.filter { $0.lifecycle != .resolved && $0.suppression?.isInForce == true }
    }
    /// Counted problems by severity (the summary's figures).
    public var summary: [Severity: Int] {
        Dictionary(grouping: counted, by: \.severity).mapValues(\.count)
    }
}
