import Foundation
import Testing

@testable import AWSQuery

/// A response's header lines as the transport keeps them, read into fields only when asked, and the one field the
/// transport reads as lines arrive (`Content-Length`, to size the body).
@Suite struct HTTPHeaderLinesTests {
    /// Lines as the transport appends them: each trimmed, as `CurlTransfer.appendHeader` does.
    private func lines(_ texts: [String]) -> HTTPHeaderLines {
        var lines = HTTPHeaderLines()
        for text in texts {
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { raw in
                lines.append(UnsafeRawBufferPointer(rebasing: raw[HTTPHeaderLines.trimmed(raw, 0..<raw.count)]))
            }
        }
        return lines
    }

    @Test func fieldsAreLowercasedTrimmedAndJoined() {
        let fields = lines([
            "Content-Type: text/xml\r\n", "X-Multi:  a \r\n", "x-multi: b\r\n", "X-Amzn-RequestId:\tabc\t\r\n",
            "no colon here\r\n", "Empty:\r\n", "Ünïcode-Name: kept\r\n",
        ]).fields
        #expect(fields["content-type"] == "text/xml")
        #expect(fields["x-multi"] == "a, b", "repeats joined in order, values trimmed")
        #expect(fields["x-amzn-requestid"] == "abc", "tabs trimmed too")
        #expect(fields["empty"] == "")
        #expect(fields["Ünïcode-name"] == "kept", "only ASCII letters are folded")
        #expect(fields.count == 5, "a line without a colon is not a field")
    }

    @Test func aStatusLineStartsAFreshBlock() {
        var lines = lines(["X-Interim: yes\r\n"])
        lines.removeAll()
        let response = HTTPResponse(status: 200, headerLines: lines, body: Data())
        #expect(response.headers.isEmpty)
    }

    @Test func aResponseReadFromLinesEqualsOneGivenItsFields() {
        let read = HTTPResponse(status: 200, headerLines: lines(["Date: today\r\n"]), body: Data("x".utf8))
        let given = HTTPResponse(status: 200, headers: ["Date": "today"], body: Data("x".utf8))
        #expect(read == given)
        #expect(read.hashValue == given.hashValue)
        var changed = read
        changed.headers["date"] = "tomorrow"
        #expect(changed.headers == ["date": "tomorrow"], "setting the fields replaces the lines")
        #expect(changed != given)
    }

    @Test(
        arguments: [
            ("Content-Length: 1234", 1234), ("content-length:7", 7), ("CONTENT-LENGTH : 42 ", 42),
            ("Content-Lengthy: 5", nil), ("X-Content-Length: 5", nil), ("Content-Length: many", nil),
            ("Content\rLength: 5", nil), ("Content-Length", nil),
        ] as [(String, Int?)])
    func contentLengthIsReadAsTheLineArrives(line: String, expected: Int?) {
        let bytes = Array(line.utf8)
        let length = bytes.withUnsafeBytes { CurlTransfer.contentLength($0, 0..<$0.count) }
        #expect(length == expected)
    }
}
