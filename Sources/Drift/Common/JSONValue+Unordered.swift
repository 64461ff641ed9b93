import PrivateLinkModel

extension JSONValue {
    /// The value with every list, at every depth, sorted by canonical JSON bytes.
    ///
    /// The lists in the records plinv keeps (subnets, groups, ARNs, tags, rules, DNS entries) carry no
    /// meaning in their order, so two records that differ only in list order compare equal this way.
    public var unordered: JSONValue {
        switch self {
        case .array(let elements):
            let normalized = elements.map(\.unordered)
            return .array(normalized.sorted { $0.canonicalData().lexicographicallyPrecedes($1.canonicalData()) })
        case .object(let members):
            return .object(members.mapValues(\.unordered))
        default:
            return self
        }
    }

    /// Whether two values are equal when lists are compared as multisets.
    public func isEquivalentIgnoringOrder(to other: JSONValue) -> Bool { unordered == other.unordered }
}
