import Mustache

/// Escaping of untrusted text (AWS names, tags, template paths, messages) for each output format.
///
/// Every format first makes invisible control characters visible: C0/C1 controls other than
/// newline and tab, and the Unicode bidirectional overrides and isolates (U+202A…U+202E,
/// U+2066…U+2069, U+200E, U+200F, U+061C), which can make a name read differently from what it is.
/// They become the text `<U+202E>`, which the format's own escaping then makes safe.
public enum Escaping {
    /// The text with control and bidi characters replaced by a visible `<U+XXXX>` and newlines kept.
    public static func visible(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isHidden(scalar) {
                result += "<U+" + hex(scalar.value) + ">"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The text on one line: every line break (CR, LF, CRLF, NEL, U+2028, U+2029) and tab becomes a space.
    public static func singleLine(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            result.append(character.isNewline || character == "\t" ? " " : character)
        }
        return result
    }

    /// Escapes text for HTML element content and quoted attribute values.
    public static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in visible(text).unicodeScalars {
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

    /// Escapes text for GitHub-flavoured Markdown prose and table cells alike.
    ///
    /// The result is one line (line breaks become spaces), a `|` cannot end a table cell, and no
    /// character can start emphasis, code, a link, an image, raw HTML, an entity, math, a heading
    /// or a list. Backslash escapes are used, never HTML entities, so `&lt;` cannot appear.
    /// Mentions and bare URLs are neutralised (`defused`), so a tag value `@team` pings nobody and
    /// `https://evil` is no link in GitHub, GitLab or Jira.
    public static func markdown(_ text: String) -> String {
        let line = defused(singleLine(visible(text)))
        var result = ""
        result.reserveCapacity(line.utf8.count + 8)
        for scalar in line.unicodeScalars {
            if markdownSpecials.contains(scalar) { result += "\\" }
            result.unicodeScalars.append(scalar)
        }
        // A value that begins like a list item would nest a list where the template puts it after `- `.
        if let first = result.unicodeScalars.first, first == "-" || first == "+" {
            result = "\\" + result
        } else if let marker = result.firstIndex(where: { $0 == "." || $0 == ")" }),
            marker > result.startIndex, result[..<marker].allSatisfy(\.isASCIIDigit)
        {
            result.insert("\\", at: marker)
        }
        return result
    }

    /// The text with a zero-width space (U+200B) placed where a Markdown renderer would otherwise see a mention or an
    /// autolink: after an `@` that precedes a letter, digit or `_` (`@team`, `a@b.example`), before the `:` of a URL
    /// scheme (`https://`, `ftp://`, `mailto:`, …, any `scheme://`), and after `www`, so `www.evil.example` is plain
    /// text. What a reader sees is unchanged; only the pattern the renderer looks for is broken.
    public static func defused(_ text: String) -> String {
        let zeroWidthSpace: Character = "\u{200B}"
        let characters = Array(text)
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == ":", endsWithScheme(characters[..<index]),
                next == "/" || characters[..<index].suffix(6).map(String.init).joined().lowercased() == "mailto"
            {
                result.append(zeroWidthSpace)
            }
            result.append(character)
            if character == "@", let next, next.isLetter || next.isNumber || next == "_" {
                result.append(zeroWidthSpace)
            }
            if character.lowercased() == "w", index >= 2, characters[(index - 2)...index].map { $0.lowercased() }.joined() == "www",
                next == "."
            {
                result.append(zeroWidthSpace)
            }
        }
        return result
    }

    /// Whether `prefix` ends in a URL scheme (`letter (letter | digit | + | - | .)*`) starting at a word boundary.
    private static func endsWithScheme(_ prefix: ArraySlice<Character>) -> Bool {
        var start = prefix.endIndex
        while start > prefix.startIndex {
            let character = prefix[start - 1]
            guard character.isASCII, character.isLetter || character.isNumber || "+-.".contains(character) else { break }
            start -= 1
        }
        guard start < prefix.endIndex, prefix[start].isLetter else { return false }
        return true
    }

    /// Escapes text for a terminal: controls made visible and lines joined, so a value cannot move the cursor.
    public static func terminal(_ text: String) -> String {
        singleLine(visible(text))
    }

    /// The ASCII punctuation that Markdown (with GitHub's and GitLab's extensions) gives a meaning.
    private static let markdownSpecials: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "#", "|", "~", "&", "!", "$",
    ]

    private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The mustache content type of Markdown templates: `{{value}}` goes through `Escaping.markdown`.
struct MarkdownContentType: MustacheContentType {
    /// The name templates use in `{{% CONTENT_TYPE: … }}`.
    static let name = "PLINV_MARKDOWN"
    func escapeText(_ text: String) -> String { Escaping.markdown(text) }
}

/// The mustache content type of HTML templates: `{{value}}` goes through `Escaping.html`.
struct HTMLContentType: MustacheContentType {
    /// The name templates use in `{{% CONTENT_TYPE: … }}`.
    static let name = "PLINV_HTML"
    func escapeText(_ text: String) -> String { Escaping.html(text) }
}
