import Testing

@testable import Rendering

/// Wrapping and short type names take byte paths for ASCII text; they must give what the character paths give.
@Suite struct TextWrapTests {
    static let texts = [
        "", " ", "   ", "word", "two words", "  leading and trailing  ", "HIGH  PL009 Open security group",
        "a-very-long-identifier-that-is-longer-than-the-width-and-stays-whole then short words follow here",
        "many short words that wrap over several lines at exactly the width of the terminal and then some more",
        "tabs\tand  double  spaces   and a long arn:aws:iam::111122223333:role/some-role-with-a-long-name end",
    ]

    @Test(arguments: [1, 5, 10, 20, 37, 80])
    func asciiWrappingIsCharacterWrapping(width: Int) {
        for text in Self.texts {
            #expect(TextWrap.lines(text, width: width) == TextWrap.characterLines(text, width: width), "\(text)")
        }
    }

    @Test(arguments: [
        "Zürich e\u{301}cole 東京 \r\n ok", "a \u{301}b c", "x\u{200D} y", "abcdefgh ijk\r\nlm nop qrs",
        "PL008 Full-access · vpce-1 · 111 / eu-west-1 — fix…",
        "tcp 443 → 10.0.0.0/16 · ± ≤ ≥ é ü ß", "🇺🇸 flags 👍🏽 joined", "\u{600}prepend x",
    ])
    func nonASCIITextWrapsAsCharactersDo(text: String) {
        for width in 1...30 {
            #expect(
                TextWrap.lines(text, width: width) == TextWrap.characterLines(text, width: width), "\(text) at \(width)"
            )
        }
    }

    @Test func everyScalarWrapsAsItsCharactersDo() {
        // At width 5, "xx? yy" fits one line only when `?` joins the x before it: a scalar taken for standalone that
        // joins would wrap on the byte path where the character path does not.
        let scalars =
            (0x20...0x3000).compactMap(Unicode.Scalar.init) + ["\u{FE0F}", "\u{FFFD}", "\u{1F600}", "\u{E0100}"]
        for scalar in scalars {
            // Also after eight ASCII bytes, where the byte path reads words.
            let text = "xx\(Character(scalar)) yy"
            let long = "abcdefgh ijklmnop xx\(Character(scalar)) yy"
            #expect(
                TextWrap.lines(text, width: 5) == TextWrap.characterLines(text, width: 5),
                "U+\(String(scalar.value, radix: 16))")
            #expect(TextWrap.lines(long, width: 5) == TextWrap.characterLines(long, width: 5))
        }
    }

    @Test(arguments: ["AWS::EC2::VPCEndpoint", "Custom", "a::", "::x", ":::", "a::::b", "a:b::c:d", "AWS::É::Type"])
    func shortTypeIsWhatFollowsTheLastSeparator(type: String) {
        #expect(ValueText.shortType(type) == type.components(separatedBy: "::").last)
    }
}
