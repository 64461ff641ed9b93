import Testing

@testable import PrivateLinkModel

/// Messages are built by copying their parts' bytes into one new string: it must be the parts' `+`, byte for byte.
@Suite struct StringConcatenatingTests {
    @Test(arguments: [
        [""], ["", "", ""], ["a"], ["The ", "endpoint ", "vpce-1", " to ", "com.amazonaws.us-east-1.ec2"],
        ["caf\u{E9}", " ", "cafe\u{301}", "", " \u{1F600}\u{200D}\u{1F4BB} ", "日本"],
        [String(repeating: "long part ", count: 40), "", "x", String(repeating: "\u{E9}", count: 100)],
    ])
    func theResultIsThePartsOneAfterAnother(parts: [String]) {
        let joined = parts.reduce("", +)
        let concatenated = Self.concatenate(parts)
        #expect(Array(concatenated.utf8) == Array(joined.utf8))
        #expect(concatenated.utf8.count == joined.utf8.count)
    }

    // Small strings (up to 15 bytes) are kept inline, not in storage of their own: they are copied as well.
    @Test func partsFromSubstringsAndSmallStringsAreCopied() {
        let base = "prefix-" + String(repeating: "z", count: 64) + "-suffix"
        let slice = String(base.dropFirst(7).dropLast(7))
        let small = "ab"
        #expect(String(concatenating: small, slice, small) == "ab" + slice + "ab")
    }

    /// `String(concatenating:)` over one to six parts (the initialiser is variadic).
    static func concatenate(_ parts: [String]) -> String {
        switch parts.count {
        case 1: String(concatenating: parts[0])
        case 2: String(concatenating: parts[0], parts[1])
        case 3: String(concatenating: parts[0], parts[1], parts[2])
        case 4: String(concatenating: parts[0], parts[1], parts[2], parts[3])
        case 5: String(concatenating: parts[0], parts[1], parts[2], parts[3], parts[4])
        case 6: String(concatenating: parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
        default: parts.reduce("", +) + "(more parts than this helper passes)"
        }
    }
}
