import PrivateLinkModel

extension Finding {
    /// The deterministic report order: severity (most severe first), then resource type, resource id,
    /// attribute, rule and id, so that two runs over the same input list findings identically.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        return (lhs.resourceType, lhs.resourceId, lhs.attribute ?? "", lhs.rule, lhs.id)
            < (rhs.resourceType, rhs.resourceId, rhs.attribute ?? "", rhs.rule, rhs.id)
    }
}

extension Array where Element == Finding {
    /// The findings in report order (see `Finding.reportOrder`).
    public func sortedForReport() -> [Finding] { sorted(by: Finding.reportOrder) }
}
