import AWSQuery

@testable import Collector

/// The strings a member path reaches, gathered into arrays for the tests to compare: a collect reads them one by one
/// (`forEachString`) into what it gathers.
extension ListingShape {
    /// The text of every string `path` reaches from `item`, in document order.
    func strings(_ path: [String], in item: some GatheredItem) throws -> [String] {
        var found: [String] = []
        try forEachString(memberPath(path), in: item) { found.append($0) }
        return found
    }

    /// ``strings(_:in:)`` read through `index` when it is given, else from the item's bytes, as a collect reads them.
    func strings(_ path: [String], in item: XMLElementBytes, indexed index: XMLElementIndex?) throws -> [String] {
        var found: [String] = []
        try forEachString(memberPath(path), in: item, indexed: index) { found.append($0) }
        return found
    }
}
