import PrivateLinkModel

extension Array where Element == Finding {
    /// The findings in the deterministic report order: severity (most severe first), then resource type, resource id,
    /// attribute, rule and id, so that two runs over the same input list findings identically.
    public func sortedForReport() -> [Finding] {
        var sorted = self
        sorted.sortForReport()
        return sorted
    }

    /// Sorts the findings in place in the report order of ``sortedForReport()``.
    public mutating func sortForReport() {
        sortByIndex { lhs, rhs in
            if lhs.pointee.severity != rhs.pointee.severity { return lhs.pointee.severity > rhs.pointee.severity }
            if lhs.pointee.resourceType != rhs.pointee.resourceType {
                return lhs.pointee.resourceType < rhs.pointee.resourceType
            }
            if lhs.pointee.resourceId != rhs.pointee.resourceId {
                return lhs.pointee.resourceId < rhs.pointee.resourceId
            }
            let (lhsAttribute, rhsAttribute) = (lhs.pointee.attribute ?? "", rhs.pointee.attribute ?? "")
            if lhsAttribute != rhsAttribute { return lhsAttribute < rhsAttribute }
            if lhs.pointee.rule != rhs.pointee.rule { return lhs.pointee.rule < rhs.pointee.rule }
            return lhs.pointee.id < rhs.pointee.id
        }
    }
}
