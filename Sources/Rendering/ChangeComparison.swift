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

    /// How many scopes not compared the reports name one by one; the JSON report lists them all.
    static let namedAtMost = 20

    /// The scopes not compared as the reports name them: `account / region`, comma-separated, the first
    /// ``namedAtMost`` of them and how many more; nil when every scope was compared.
    var notComparedText: String? {
        guard !notCompared.isEmpty else { return nil }
        let named = notCompared.prefix(Self.namedAtMost).map(ValueText.scope).joined(separator: ", ")
        let more = notCompared.count - Self.namedAtMost
        return more > 0 ? "\(named) and \(more) more (the JSON report lists them all)" : named
    }
}

extension ReportInput {
    /// The scopes a changes report compared and those it could not; nil when the report shows no changes or has no
    /// earlier snapshot.
    public var changeComparison: ChangeComparison? {
        guard changes != nil, let comparedWith else { return nil }
        return ChangeComparison(earlier: comparedWith, later: snapshot)
    }
}
