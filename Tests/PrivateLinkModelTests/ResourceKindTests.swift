import PrivateLinkModel
import Testing
import TestSupport

/// `ResourceKind`'s order and hashing, which are its position in `allCases` rather than its raw name.
@Suite struct ResourceKindTests {
    @Test func positionsAreTheOrderOfAllCases() {
        #expect(ResourceKind.allCases.map(\.position) == Array(0..<ResourceKind.allCases.count))
    }

    @Test func kindsSortInTheOrderReportsListThem() {
        #expect(ResourceKind.allCases.reversed().sorted() == ResourceKind.allCases)
        var generator = SeededGenerator(seed: 0x6B69_6E64)
        for _ in 0..<20 {
            #expect(ResourceKind.allCases.shuffled(using: &generator).sorted() == ResourceKind.allCases)
        }
        #expect(!(ResourceKind.vpcEndpoint < .vpcEndpoint))
    }

    @Test func everyKindHashesApartAndIsFoundAsAKey() {
        #expect(Set(ResourceKind.allCases.map(\.hashValue)).count == ResourceKind.allCases.count)
        let names = Dictionary(uniqueKeysWithValues: ResourceKind.allCases.map { ($0, $0.rawValue) })
        for kind in ResourceKind.allCases { #expect(names[kind] == kind.rawValue) }
    }
}
