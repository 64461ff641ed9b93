import AWSQuery

@testable import Collector

extension ListingShape {
    /// The item elements of a page read whole into nodes: the oracle the items a collect leaves as bytes are
    /// compared with. None when the result element is absent (as `ShapeDecoder.decodePage`).
    /// - Throws: `CollectorError.missingResultElement` when a query-protocol response lacks its result wrapper.
    func items(of root: XMLNode) throws -> [XMLNode] {
        let start = try resultParent(in: root)
        if resultFlattened { return start.children(named: resultWireName) }
        return start.child(resultWireName)?.children ?? []
    }
}
