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
        "Zürich e\u{301}cole 東京 \r\n ok", "a \u{301}b c", "x\u{200D} y",
        "PL008 Full-access · vpce-1 · 111 / eu-west-1 — fix…",
        "tcp 443 → 10.0.0.0/16 · ± ≤ ≥ é ü ß", "🇺🇸 flags 👍🏽 joined", "\u{600}prepend x",
    ])
    func nonASCIITextWrapsAsCharactersDo(text: String) {
        for width in [1, 4, 8, 13, 30] {
            #expect(
                TextWrap.lines(text, width: width) == TextWrap.characterLines(text, width: width), "\(text) at \(width)"
            )
        }
    }

    @Test(arguments: ["AWS::EC2::VPCEndpoint", "Custom", "a::", "::x", ":::", "a::::b", "a:b::c:d", "AWS::É::Type"])
    func shortTypeIsWhatFollowsTheLastSeparator(type: String) {
        #expect(ValueText.shortType(type) == type.components(separatedBy: "::").last)
    }
}
