import Rendering
import TestSupport
import Testing

@Suite struct EscapingTests {
    @Test(
        arguments: [
            ("a|b", #"a\|b"#),
            ("<script>alert(1)</script>", #"\<script\>alert(1)\</script\>"#),
            ("[x](javascript:alert(1))", #"\[x\](javascript:alert(1))"#),
            ("`code` *bold* _it_ ~~s~~", #"\`code\` \*bold\* \_it\_ \~\~s\~\~"#),
            ("line1\nline2\r\nline3", "line1 line2 line3"),
            ("# heading", ##"\# heading"##),
            ("- item", #"\- item"#),
            ("+ item", #"\+ item"#),
            ("12. item", #"12\. item"#),
            ("&lt; stays text", #"\&lt; stays text"#),
            ("$x^2$ {{mustache}}", #"\$x^2\$ \{\{mustache\}\}"#),
            (#"back\slash"#, #"back\\slash"#),
            ("![img](x)", #"\!\[img\](x)"#),
            ("vpce-svc-0123.example.com:443/path", "vpce-svc-0123.example.com:443/path"),
        ] as [(String, String)])
    func markdownEscapesEveryMetacharacter(input: String, expected: String) {
        #expect(Escaping.markdown(input) == expected)
    }

    @Test(
        arguments: [
            ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
            (#""><img src=x onerror=alert(1)>"#, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            ("it's & that", "it&#39;s &amp; that"),
            ("]]>", "]]&gt;"),
        ] as [(String, String)])
    func htmlEscapesMarkupAndQuotes(input: String, expected: String) {
        #expect(Escaping.html(input) == expected)
    }

    @Test func bidiAndControlCharactersBecomeVisible() {
        #expect(Escaping.visible("abc\u{202E}fed\u{2066}x\u{0000}") == "abc<U+202E>fed<U+2066>x<U+0000>")
        #expect(Escaping.html("a\u{202E}b") == "a&lt;U+202E&gt;b")
        #expect(Escaping.markdown("a\u{202E}b") == #"a\<U+202E\>b"#)
        #expect(Escaping.visible("tab\tand\nnewline") == "tab\tand\nnewline")
    }

    @Test func unicodeTextIsLeftAlone() {
        #expect(Escaping.markdown("Zürich — 東京 ✓") == "Zürich — 東京 ✓")
        #expect(Escaping.html("Zürich — 東京 ✓") == "Zürich — 東京 ✓")
    }
}

/// HTML escaping checks sixteen bytes at a time and jumps to the first that may need a change; every special byte must
/// still be caught wherever it falls in a block, in the last bytes, and after a byte it had to look at.
@Suite struct HTMLEscapingPositionTests {
    @Test(arguments: ["&", "<", ">", "\"", "'", "\u{0}", "\u{1F}", "\u{7F}", "\u{202E}", "\u{85}", "\u{61C}", "é"])
    func aSpecialCharacterIsEscapedAtEveryOffset(special: String) {
        let expected = Escaping.html("x" + special).dropFirst()
        for length in [1, 15, 16, 17, 31, 33, 40] {
            for offset in 0..<length {
                let after = length - offset - 1
                let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: after)
                #expect(
                    Escaping.html(text)
                        == String(repeating: "a", count: offset) + expected + String(repeating: "b", count: after),
                    "\(special.unicodeScalars.map(\.value)) at \(offset) of \(length)")
            }
        }
    }

    /// Random texts of every kind of character the scan tells apart (those it escapes, those it looks at and keeps,
    /// those it skips) escape as a plain character-by-character escaper makes them.
    @Test func randomTextsEscapeAsCharacterByCharacter() {
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "#", "=", "!", "?", "~", "&", "<", ">", "\"", "'", "\t", "\n", "\r", "\u{0}", "\u{1B}",
            "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "é", "·", "—", "\u{61C}", "\u{200E}", "\u{200F}",
            "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{2028}", "東", "\u{1F600}",
        ]
        var generator = SeededGenerator(seed: 0x5EED_E5CA)
        for _ in 0..<4000 {
            let length = Int.random(in: 0...70, using: &generator)
            // Mostly plain letters, as report text is, so candidates fall at every offset of a block.
            let scalars = (0..<length).map { _ in
                Int.random(in: 0..<4, using: &generator) == 0 ? alphabet.randomElement(using: &generator)! : "x"
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: scalars)
            #expect(Escaping.html(text) == Self.referenceHTML(text), "\(scalars.map(\.value))")
        }
    }

    /// HTML escaping one character at a time: hidden characters as `&lt;U+XXXX&gt;`, then the five entities.
    private static func referenceHTML(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let hidden =
                (value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D) || (0x7F...0x9F).contains(value)
                || value == 0x061C || value == 0x200E || value == 0x200F || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
            if hidden {
                let digits = String(value, radix: 16, uppercase: true)
                result += "&lt;U+" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits + "&gt;"
                continue
            }
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
