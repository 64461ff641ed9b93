import PrivateLinkModel

extension Finding {
    /// The deterministic report order: severity (most severe first), then resource type, resource id,
    /// attribute, rule and id, so that two runs over the same input list findings identically.
    public static func reportOrder(_ lhs: Finding, _ rhs: Finding) -> Bool {
        if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
        if lhs.resourceType != rhs.resourceType { return lhs.resourceType < rhs.resourceType }
        if lhs.resourceId != rhs.resourceId { return lhs.resourceId < rhs.resourceId }
        let (lhsAttribute, rhsAttribute) = (lhs.attribute ?? "", rhs.attribute ?? "")
        if lhsAttribute != rhsAttribute { return lhsAttribute < rhsAttribute }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.id < rhs.id
    }
}

extension Array where Element == Finding {
    /// The findings in report order (see `Finding.reportOrder`).
    public func sortedForReport() -> [Finding] { sortedByIndex(by: Finding.reportOrder) }
}
