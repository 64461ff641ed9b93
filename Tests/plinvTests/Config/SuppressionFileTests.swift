import Drift
import Testing

@testable import plinv

@Suite struct SuppressionFileTests {
    @Test func readsEveryKeyAndWhereEachEntryIs() throws {
        let text = """
            suppressions:
              - rule: PL008
                resource: "vpce-0a*"
                account: "111111111111"
                region: eu-west-1
                reason: Lab endpoint keeps the default policy
                owner: platform
                expires: 2027-03-31
              - problem: P-00000000000000ab
                principal: "arn:aws:iam::999999999999:*"
                reason: Partner onboarding
                owner: security
            """
        let suppressions = try SuppressionFile.parse(text, file: "accepted.yaml")
        #expect(suppressions.count == 2)
        #expect(
            suppressions[0].rule == "PL008" && suppressions[0].resource == "vpce-0a*"
                && suppressions[0].expires == "2027-03-31")
        #expect(suppressions[0].source.line == 2 && suppressions[0].source.file == "accepted.yaml")
        #expect(suppressions[1].problem == "P-00000000000000ab" && suppressions[1].expires == nil)
        #expect(suppressions[1].source.line == 9)
    }

    @Test func aBareListIsAccepted() throws {
        let suppressions = try SuppressionFile.parse("- rule: PL010\n  reason: r\n  owner: o\n", file: "s.yaml")
        #expect(suppressions.map(\.rule) == ["PL010"])
    }

    @Test(
        arguments: [
            ("- rule: PL010\n  owner: o\n", 1, "suppressions[].reason"),
            ("- reason: r\n  owner: o\n", 1, "suppressions[]"),
            ("- rule: PL010\n  reason: r\n  owner: o\n  expires: 2027-02-30\n", 1, "suppressions[].expires"),
            ("- rule: PL010\n  reason: r\n  owner: o\n  accout: '1'\n", 4, "suppressions[].accout"),
            ("- rule: PL010\n  reason: r\n  owner: o\n  account: '12'\n", 1, "suppressions[].account"),
            (
                "- rule: PL010\n  reason: r\n  owner: o\n- reason: r\n  owner: o\n  rule: PL999\n", 6,
                "suppressions[].rule"
            ),
            ("suppressions:\n  - rule: PL010\n    reason: [a\n", 4, nil),  // where the parser gives up: the end
            ("supressions: []\n", 1, "supressions"),
        ] as [(String, Int, String?)])
    func aMistakeNamesTheFileKeyAndLine(text: String, line: Int, key: String?) {
        #expect {
            _ = try SuppressionFile.parse(text, file: "s.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "s.yaml" && error.line == line && error.key == key
        }
    }

    @Test func expiryIsInclusiveOfTheLastDay() {
        let here = Drift.SourceLocation(file: "s.yaml", line: 1)
        let suppression = Suppression(rule: "PL010", reason: "r", owner: "o", expires: "2027-01-31", source: here)
        #expect(suppression.isInForce(today: "2027-01-31"))
        #expect(!suppression.isInForce(today: "2027-02-01"))
    }
}
