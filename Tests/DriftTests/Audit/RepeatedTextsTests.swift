import PrivateLinkModel
import Testing

@testable import Drift

/// The texts endpoints in a row share are reused only for the same bytes: Swift's `==` takes canonically equivalent
/// spellings as one, and a message must print each endpoint's own.
@Suite struct RepeatedTextsTests {
    @Test func aScopeSpelledOtherwiseGetsItsOwnText() {
        var texts = RepeatedTexts()
        let precomposed = Scope(account: "111111111111", region: "caf\u{E9}")
        let combining = Scope(account: "111111111111", region: "cafe\u{301}")
        #expect(precomposed == combining)
        for scope in [precomposed, precomposed, combining, combining, precomposed] {
            #expect(Array(texts.scope(scope).utf8) == Array(scope.description.utf8), "\(scope.region.unicodeScalars)")
        }
        let otherAccount = Scope(account: "222222222222", region: "caf\u{E9}")
        #expect(texts.scope(otherAccount) == "222222222222/caf\u{E9}")
    }

    @Test func aTypeSpelledOtherwiseGetsItsOwnLowercase() {
        var texts = RepeatedTexts()
        #expect("Caf\u{C9}" == "CafE\u{301}")
        for text in ["Interface", "Interface", "INTERFACE", "Caf\u{C9}", "CafE\u{301}", "Caf\u{C9}"] {
            #expect(Array(texts.lowercased(text).utf8) == Array(text.lowercased().utf8), "\(text.unicodeScalars)")
        }
    }
}
