import PrivateLinkModel

/// Which accounts and regions a changes report could compare: those collected successfully in both snapshots. Added
/// and removed resources are reported only there, so a report must say where it could not look, and say that it
/// compared nothing rather than "no changes" when no scope was collected in both.
public struct ChangeComparison: Sendable, Hashable {
    /// The scopes collected successfully in both snapshots, sorted.
    public let compared: [Scope]
    /// The scopes of either snapshot that were not collected successfully in both, sorted.
    public let notCompared: [Scope]

    /// The comparison of `earlier` with `later`.
    public init(earlier: ReportSnapshot, later: ReportSnapshot) {
        let both = Set(earlier.collectedScopes.map(\.scope)).intersection(later.collectedScopes.map(\.scope))
        compared = both.sorted()
        notCompared = Set(earlier.scopes.map(\.scope) + later.scopes.map(\.scope)).subtracting(both).sorted()
    }

    /// Whether no scope could be compared: the report can say nothing about what changed.
    public var comparedNothing: Bool { compared.isEmpty }
}

extension ReportInput {
    /// The scopes a changes report compared and those it could not; nil when the report shows no changes or has no
    /// earlier snapshot.
    public var changeComparison: ChangeComparison? {
        guard changes != nil, let comparedWith else { return nil }
        return ChangeComparison(earlier: comparedWith, later: snapshot)
    }
}
