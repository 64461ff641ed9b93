import Testing

@testable import PrivateLinkModel

/// A scope as messages and logs print it.
@Suite struct ScopeTests {
    /// A scope reads `account/region`, byte for byte, whatever its parts hold.
    @Test(arguments: [("123456789012", "eu-west-1"), ("", ""), ("caf\u{E9}", "cafe\u{301}"), ("a/b", "日本")])
    func aScopeReadsAccountSlashRegion(account: String, region: String) {
        let text = Scope(account: account, region: region).description
        #expect(Array(text.utf8) == Array(account.utf8) + Array("/".utf8) + Array(region.utf8))
    }
}
