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

/// The shortcuts `FNV1a64` offers equal the byte-by-byte definition they replace.
@Suite struct FNV1aShortcutTests {
    /// FNV-1a over `bytes`, one `add(_: UInt8)` at a time: the definition.
    private static func reference(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = FNV1a64()
        for byte in bytes { hasher.add(byte) }
        return hasher.value
    }

    @Test(arguments: ["", "vpce-0123456789abcdef0", "Größe → ☃︎ 🧭", "a\u{0}b", String(repeating: "xyz", count: 100)])
    func textHashesItsUTF8(_ text: String) {
        #expect(FNV1a64.hash(text) == Self.reference(text.utf8))
        // Text cut from a longer string: the hash is of its own bytes, not its neighbours'.
        let inner = String(("<" + text + ">").dropFirst().dropLast())
        #expect(FNV1a64.hash(inner) == Self.reference(text.utf8))
    }

    @Test func fieldsEndWithTheUnitSeparator() {
        var fields = FNV1a64()
        fields.add(field: "ab")
        fields.add(field: "c")
        #expect(fields.value == Self.reference(Array("ab\u{1F}c\u{1F}".utf8)))
        var shifted = FNV1a64()
        shifted.add(field: "a")
        shifted.add(field: "bc")
        #expect(shifted.value != fields.value)
    }

    @Test(arguments: ["", "a", "foobar", "0"])
    func hexDigitsAreSixteenLowercaseZeroPadded(_ text: String) {
        var hasher = FNV1a64()
        hasher.add(text)
        let plain = String(hasher.value, radix: 16)
        #expect(hasher.hexDigits == String(repeating: "0", count: 16 - plain.count) + plain)
    }

    @Test func hexDigitsPadSmallValues() {
        // A hasher whose value has leading zero nibbles: found by search, so the padding is exercised.
        var text = 0
        var hasher = FNV1a64()
        repeat {
            hasher = FNV1a64()
            hasher.add(String(text))
            text += 1
        } while hasher.value >> 60 != 0
        #expect(hasher.hexDigits.hasPrefix("0"))
        #expect(UInt64(hasher.hexDigits, radix: 16) == hasher.value)
        #expect(hasher.hexDigits.count == 16)
    }
}
