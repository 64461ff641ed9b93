import Testing
@testable import Drift

/// `sortedByIndex(by:)` must order exactly as `sorted(by:)` does, equal elements included.
@Suite struct ArraySortedByIndexTests {
    /// A key that sorts and a payload that does not, so that the order among equal keys is visible.
    struct Item: Equatable {
        var key: Int
        var payload: String
    }

    @Test func ordersAsTheStandardStableSort() {
        var generator = SystemRandomNumberGenerator()
        for size in [0, 1, 2, 3, 17, 64, 65, 1_000, 5_000] {
            let items = (0..<size).map { index in
                Item(key: Int.random(in: 0..<max(1, size / 4), using: &generator), payload: "item \(index)")
            }
            let expected = items.sorted { $0.key < $1.key }
            #expect(items.sortedByIndex { $0.key < $1.key } == expected, "\(size) items")
            #expect(items.sortedByIndex { $0.key > $1.key } == items.sorted { $0.key > $1.key }, "\(size) items")
        }
    }

    @Test func problemsWithAndWithoutAPrincipalOrderAsBefore() {
        // nil and "" are the same principal for the order; the topic then decides.
        let base = Problem(
            id: "P-1", severity: .high, title: "t", remediation: nil, resourceType: "AWS::EC2::VPCEndpointService",
            resourceId: "vpce-svc-1", principal: nil, account: "111111111111", region: "eu-west-1", topic: "b",
            findingIds: [], rules: [], source: nil, isEvent: false)
        var empty = base
        empty.principal = ""
        empty.topic = "a"
        #expect([base, empty].sortedForReport().map(\.topic) == ["a", "b"])
        #expect([empty, base].sortedForReport().map(\.topic) == ["a", "b"])
    }
}
