import Drift
import PrivateLinkModel
import Testing

/// One FNV-1a for the store's content hashes and drift's finding ids: its output must never change.
@Suite struct FNV1aTests {
    @Test(arguments: [
        // The published FNV-1a 64 test vectors (Fowler, Noll, Vo).
        ("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8),
    ])
    func publishedVectors(_ vector: (String, UInt64)) {
        #expect(FNV1a64.hash(vector.0) == vector.1)
    }

    @Test func findingIdsDidNotChange() {
        // Computed in Python with the algorithm as it was before FNV-1a moved to PrivateLinkModel.
        #expect(
            FindingID.make(
                kind: .changed, rule: "drift.changed", account: "111111111111", region: "eu-west-1",
                resourceId: "vpce-svc-1", attribute: "AcceptanceRequired") == "8ae5fa601b29699e")
    }
}
