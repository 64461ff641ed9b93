import Drift
import Testing

@Suite struct PrincipalTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var kind: Principal.Kind
        var account: String?
        var testDescription: String { text }
    }

    static let cases: [Case] = [
        Case(text: "*", kind: .everyone),
        Case(text: "123456789012", kind: .account, account: "123456789012"),
        Case(text: "arn:aws:iam::123456789012:root", kind: .account, account: "123456789012"),
        Case(text: "arn:aws-us-gov:iam::123456789012:root", kind: .account, account: "123456789012"),
        Case(text: "arn:aws:iam::123456789012:role/path/Consumer", kind: .role, account: "123456789012"),
        Case(text: "arn:aws:iam::123456789012:user/ops", kind: .user, account: "123456789012"),
        Case(text: "arn:aws:sts::123456789012:assumed-role/Admin/session", kind: .assumedRole, account: "123456789012"),
        Case(text: "elasticloadbalancing.amazonaws.com", kind: .service),
        Case(text: "arn:aws:organizations::111122223333:organization/o-abc123", kind: .organization),
        Case(text: "arn:aws:organizations::111122223333:ou/o-abc123/ou-ab12-cd34", kind: .organizationalUnit),
        Case(text: "12345", kind: .unknown),
        Case(text: "arn:aws:iam::123456789012:group/admins", kind: .unknown),
    ]

    @Test(arguments: cases)
    func classifies(_ testCase: Case) {
        let principal = Principal(testCase.text)
        #expect(principal.kind == testCase.kind)
        #expect(principal.account == testCase.account)
        #expect(principal.arn == testCase.text)
    }

    @Test func organizationsARNNamesNoMemberAccount() {
        let ou = Principal("arn:aws:organizations::111122223333:ou/o-abc123/ou-ab12-cd34")
        #expect(ou.account == nil)
        #expect(ou.organizationId == "o-abc123")
        #expect(ou.organizationalUnitId == "ou-ab12-cd34")
    }

    @Test func trustFollowsTheDocumentedRules() {
        let trusted = TrustedPrincipals([
            "222222222222", "arn:aws:iam::444444444444:root", "o-abc123", "ou-zz99-yy88", "bogus",
        ])
        let owner = "111111111111"
        #expect(trusted.accounts == ["222222222222", "444444444444"])
        #expect(trusted.unrecognized == ["bogus"])
        #expect(trusted.isTrusted(Principal("arn:aws:iam::111111111111:role/x"), owner: owner))
        #expect(trusted.isTrusted(Principal("arn:aws:iam::444444444444:user/u"), owner: owner))
        #expect(!trusted.isTrusted(Principal("333333333333"), owner: owner))
        #expect(trusted.isTrusted(Principal("arn:aws:organizations::9:organization/o-abc123"), owner: owner))
        #expect(!trusted.isTrusted(Principal("arn:aws:organizations::9:organization/o-other"), owner: owner))
        #expect(trusted.isTrusted(Principal("arn:aws:organizations::9:ou/o-other/ou-zz99-yy88"), owner: owner))
        #expect(trusted.isTrusted(Principal("arn:aws:organizations::9:ou/o-abc123/ou-any"), owner: owner))
        #expect(!trusted.isTrusted(Principal("arn:aws:organizations::9:ou/o-other/ou-any"), owner: owner))
        #expect(trusted.isTrusted(Principal("elasticloadbalancing.amazonaws.com"), owner: owner))
        #expect(!trusted.isTrusted(Principal("*"), owner: owner))
    }
}
