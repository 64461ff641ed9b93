import Rendering
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

/// HTML escaping skips eight bytes at a time; every special byte must still be caught wherever it falls in a word.
@Suite struct HTMLEscapingPositionTests {
    @Test(arguments: ["&", "<", ">", "\"", "'", "\u{0}", "\u{1F}", "\u{7F}", "\u{202E}", "\u{85}", "\u{61C}", "é"])
    func aSpecialCharacterIsEscapedAtEveryOffset(special: String) {
        let expected = Escaping.html("x" + special).dropFirst()
        for offset in 0..<17 {
            let text = String(repeating: "a", count: offset) + special + String(repeating: "b", count: 17 - offset)
            let escaped = Escaping.html(text)
            #expect(
                escaped == String(repeating: "a", count: offset) + expected + String(repeating: "b", count: 17 - offset)
            )
        }
    }
}
