import Testing

@testable import PrivateLinkModel

/// A repeated text is made again whenever a key's bytes change, and only then.
@Suite struct RepeatedTextTests {
    @Test func madeAgainOnlyWhenAKeyChangesItsBytes() {
        var memo = RepeatedText()
        var made: [String] = []
        let keys: [(String, String)] = [
            ("111111111111", "eu-west-1"), ("111111111111", "eu-west-1"), ("111111111111", "us-east-1"),
            ("222222222222", "us-east-1"), ("222222222222", "caf\u{E9}"), ("222222222222", "cafe\u{301}"),
            ("222222222222", "cafe\u{301}"), ("x", ""), ("x", ""),
        ]
        for (first, second) in keys {
            let text = memo.text(first, second) {
                made.append(first + "/" + second)
                return first + "/" + second
            }
            #expect(Array(text.utf8) == Array((first + "/" + second).utf8))
        }
        #expect(made.count == 6)
    }
}
