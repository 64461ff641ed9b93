import Testing

@testable import Rendering

/// Long texts escaped for HTML are remembered; the bytes the buffer holds must still be every text escaped alone.
@Suite struct ReportBufferTests {
    /// A policy JSON (quotes to escape), long enough to be remembered.
    static let policy =
        #"{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}],"Version":"2008-10-17"}"#

    /// The bytes of `texts` appended one by one, and of the same texts escaped alone.
    static func appended(_ texts: [String]) -> (buffer: [UInt8], alone: [UInt8]) {
        var buffer = ReportBuffer()
        for text in texts { buffer.appendHTML(text) }
        return (buffer.bytes.copy(from: 0), Array(texts.map(Escaping.html).joined().utf8))
    }

    @Test func aRepeatedTextIsEscapedAsTheFirstOne() {
        // The same storage, a copy with its own storage, and a text of the same length with other bytes.
        let copy = String(decoding: Array(Self.policy.utf8), as: UTF8.self)
        let other = String(Self.policy.reversed())
        let result = Self.appended([Self.policy, Self.policy, copy, other, Self.policy, other])
        #expect(result.buffer == result.alone)
        #expect(result.buffer.count > 6 * Self.policy.utf8.count, "the quotes were escaped")
    }

    @Test func textsThatSwiftComparesAsEqualKeepTheirOwnBytes() {
        // "éé" spelt precomposed-then-decomposed and the other way round: the same length in bytes, equal as Swift
        // compares strings, different bytes. Each must be written with its own.
        let padding = String(repeating: "<b>", count: 22)
        let first = padding + "\u{E9}e\u{301}"
        let second = padding + "e\u{301}\u{E9}"
        #expect(first == second && first.utf8.count == second.utf8.count && Array(first.utf8) != Array(second.utf8))
        let result = Self.appended([first, second, second, first])
        #expect(result.buffer == result.alone)
    }

    @Test func shortAndUnchangedTextsAreWrittenAsTheyCome() {
        let short = "<a href=\"x\">"
        let plain = String(repeating: "plain text ", count: 10)
        let result = Self.appended([short, short, plain, plain, short])
        #expect(result.buffer == result.alone)
    }
}
