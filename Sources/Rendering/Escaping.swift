import Foundation
import Mustache

/// Escaping of untrusted text (AWS names, tags, template paths, messages) for each output format.
///
/// Every format first makes invisible control characters visible: C0/C1 controls other than
/// newline and tab, and the Unicode bidirectional overrides and isolates (U+202A…U+202E,
/// U+2066…U+2069, U+200E, U+200F, U+061C), which can make a name read differently from what it is.
/// They become the text `<U+202E>`, which the format's own escaping then makes safe.
///
/// Each function scans the text's UTF-8 bytes and copies the runs that need no change whole; text that
/// needs no change at all is returned as it is.
public enum Escaping {
    /// The text with control and bidi characters replaced by a visible `<U+XXXX>` and newlines kept.
    public static func visible(_ text: String) -> String {
        transformed(text) { bytes, output in EscapingScanner.appendVisible(bytes, to: &output) }
    }

    /// The text on one line: every line break (CR, LF, CRLF, NEL, U+2028, U+2029) and tab becomes a space.
    public static func singleLine(_ text: String) -> String {
        transformed(text) { bytes, output in EscapingScanner.appendSingleLine(bytes, to: &output) }
    }

    /// Escapes text for HTML element content and quoted attribute values.
    public static func html(_ text: String) -> String {
        transformed(text, special: { $0 == 0x22 || $0 == 0x26 || $0 == 0x27 || $0 == 0x3C || $0 == 0x3E }) {
            bytes, output in
            EscapingScanner.appendHTML(bytes, to: &output)
        }
    }

    /// Appends `text` escaped for HTML (as `html(_:)`) to `output`.
    static func appendHTML(_ text: String, to output: inout some ByteOutput) {
        text.withUTF8Bytes { EscapingScanner.appendHTML($0, to: &output) }
    }

    /// Escapes text for GitHub-flavoured Markdown prose and table cells alike.
    ///
    /// The result is one line (line breaks become spaces), a `|` cannot end a table cell, and no
    /// character can start emphasis, code, a link, an image, raw HTML, an entity, math, a heading
    /// or a list. Backslash escapes are used, never HTML entities, so `&lt;` cannot appear.
    /// Mentions and bare URLs are neutralised (`defused`), so a tag value `@team` pings nobody and
    /// `https://evil` is no link in GitHub, GitLab or Jira.
    public static func markdown(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: every byte is a character (a CRLF becomes one space first), so the byte scan is exact.
            return transformed(text, special: { _ in true }) { bytes, output in
                EscapingScanner.appendASCIIMarkdown(bytes, to: &output)
            }
        }
        return markdownByCharacter(terminal(text))
    }

    /// `markdown(_:)` for text already on one visible line, character by character (any Unicode text).
    private static func markdownByCharacter(_ line: String) -> String {
        let line = defused(line)
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
            if character.lowercased() == "w", index >= 2,
                characters[(index - 2)...index].map({ $0.lowercased() }).joined() == "www",
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
            guard character.isASCII, character.isLetter || character.isNumber || "+-.".contains(character) else {
                break
            }
            start -= 1
        }
        guard start < prefix.endIndex, prefix[start].isLetter else { return false }
        return true
    }

    /// Escapes text for a terminal: controls made visible and lines joined, so a value cannot move the cursor.
    public static func terminal(_ text: String) -> String {
        transformed(text) { bytes, output in EscapingScanner.appendTerminal(bytes, to: &output) }
    }

    /// The ASCII punctuation that Markdown (with GitHub's and GitLab's extensions) gives a meaning.
    private static let markdownSpecials: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "#", "|", "~", "&", "!", "$",
    ]

    /// Whether a byte could start a change any scan makes: a control, DEL, or a lead byte of U+0080…U+009F, U+061C or
    /// U+2000…U+2FFF.
    @inline(__always)
    private static func mayChange(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
    }

    /// `text` through a byte scan that appends to an output buffer; `text` itself when the scan changed nothing.
    ///
    /// Text with no byte that could start a change (`mayChange`, or one of `special`) is returned at once, without a
    /// copy.
    private static func transformed(
        _ text: String, special: ((UInt8) -> Bool)? = nil, _ scan: (UnsafeBufferPointer<UInt8>, inout [UInt8]) -> Void
    ) -> String {
        let changed = text.withUTF8Bytes { bytes -> String? in
            // Without `special`, the check is one loop the compiler sees whole, not a closure call per byte.
            let candidate = special.map { special in bytes.contains { mayChange($0) || special($0) } }
            guard candidate ?? bytes.contains(where: mayChange) else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 16)
            scan(bytes, &output)
            let unchanged =
                output.count == bytes.count
                && output.withUnsafeBytes { out in
                    guard let outBase = out.baseAddress, let base = bytes.baseAddress else { return true }
                    return memcmp(outBase, base, out.count) == 0
                }
            return unchanged ? nil : String(decoding: output, as: UTF8.self)
        }
        return changed ?? text
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

extension String {
    /// Calls `body` with the text's UTF-8 bytes: in place when the string holds them contiguously (a native string
    /// does), else from a copy. `withUTF8` needs a mutable copy, which retains the string and releases it again: once
    /// per value a report writes.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
