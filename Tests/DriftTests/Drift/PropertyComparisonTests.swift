import PrivateLinkModel
import Testing
@testable import Drift

/// How a declared and a live value are judged equal, for the comparisons drift does without building sets or
/// lowercased copies.
@Suite struct PropertyComparisonTests {
    @Test(arguments: [
        ("Interface", "interface", true), ("GATEWAY", "Gateway", true), ("Gateway", "Gateway ", false), ("", "", true),
        ("ipv4", "IPv6", false), ("Straße", "STRASSE", false), ("Éa", "éA", true), ("İ", "i̇", true), ("a", "ab", false),
    ])
    func caseInsensitiveTextsMatchAsTheirLowercasedForms(lhs: String, rhs: String, expected: Bool) {
        #expect(DriftRun.equalIgnoringCase(lhs, rhs) == expected)
        #expect(DriftRun.equalIgnoringCase(lhs, rhs) == (lhs.lowercased() == rhs.lowercased()))
    }

    @Test func listsCompareAsSetsOfTextWhateverTheirOrderAndRepeats() {
        func list(_ texts: [String]) -> [JSONValue] { texts.map(JSONValue.string) }
        #expect(DriftRun.sameMembers(list(["a", "b"]), list(["b", "a", "a"])))
        #expect(!DriftRun.sameMembers(list(["a", "b"]), list(["a"])))
        #expect(!DriftRun.sameMembers(list(["a"]), list(["a", "c"])))
        #expect(DriftRun.sameMembers([], []))
        // Numbers compare as their text; nulls, lists and objects are not members.
        #expect(DriftRun.sameMembers([.integer(443), .null], [.string("443"), .array([])]))
        #expect(!DriftRun.sameMembers([.integer(443)], [.string("80")]))
        let many = list((0..<20).map { "subnet-\($0)" })
        #expect(DriftRun.sameMembers(many, many.reversed()))
        #expect(!DriftRun.sameMembers(many, many.dropLast() + [.string("subnet-x")]))
        #expect(DriftRun.sameMembers(many + [.null], many))
    }

    @Test func scalarsCompareAsText() {
        #expect(DriftRun.equal(.integer(443), .string("443"), by: .scalar))
        #expect(!DriftRun.equal(.integer(443), nil, by: .scalar))
        #expect(!DriftRun.equal(.null, .null, by: .scalar))
        #expect(DriftRun.equal(.string("Interface"), .string("INTERFACE"), by: .caseInsensitive))
        #expect(!DriftRun.equal(.string("Interface"), nil, by: .caseInsensitive))
    }
}
