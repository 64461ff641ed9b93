import Testing

@testable import PrivateLinkModel

/// `hasSameUTF8(as:)` is byte equality, where `==` is canonical equivalence.
@Suite struct StringSameUTF8Tests {
    @Test func answersByBytes() {
        let shared = String(repeating: "vpce-0123456789abcdef0 ", count: 3)
        let cases: [(String, String, Bool)] = [
            ("", "", true), ("a", "", false), ("us-east-1", "us-east-1", true), ("us-east-1", "us-east-2", false),
            ("caf\u{E9}", "cafe\u{301}", false), ("cafe\u{301}", "cafe\u{301}", true),
            (shared, shared, true), (shared, String(decoding: Array(shared.utf8), as: UTF8.self), true),
            (shared, shared.replacingOccurrences(of: "f0 ", with: "f1 "), false),
        ]
        for (first, second, same) in cases {
            #expect(first.hasSameUTF8(as: second) == same, "\(first.unicodeScalars) / \(second.unicodeScalars)")
            #expect(second.hasSameUTF8(as: first) == same)
            #expect(same == (Array(first.utf8) == Array(second.utf8)))
        }
        #expect("caf\u{E9}" == "cafe\u{301}")
    }
}
