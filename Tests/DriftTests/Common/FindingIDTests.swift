import Drift
import Testing

@Suite struct FindingIDTests {
    @Test func idIsFNV1a64OverTheSeparatedFields() {
        // Computed independently in Python over the same fields, each followed by 0x1F.
        let id = FindingID.make(
            kind: .audit, rule: "PL001", account: "111111111111", region: "eu-west-1",
            resourceId: "vpce-svc-1", attribute: "AllowedPrincipals", principal: "*")
        #expect(id == "4f47d9fc5a970bc2")
    }

    @Test func fieldBoundariesMatter() {
        let a = FindingID.make(kind: .changed, rule: "r", account: "1", region: "ab", resourceId: "c")
        let b = FindingID.make(kind: .changed, rule: "r", account: "1", region: "a", resourceId: "bc")
        #expect(a != b)
        #expect(a.count == 16)
    }

    @Test func principalDistinguishesFindingsOnOneAttribute() {
        let one = FindingID.make(
            kind: .unmanaged, rule: "r", account: "1", region: "x", resourceId: "s", attribute: "AllowedPrincipals",
            principal: "p1")
        let two = FindingID.make(
            kind: .unmanaged, rule: "r", account: "1", region: "x", resourceId: "s", attribute: "AllowedPrincipals",
            principal: "p2")
        #expect(one != two)
    }
}
