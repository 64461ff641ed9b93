import Foundation
import Testing

@testable import AWSQuery

/// A response's header lines as the transport keeps them, read into fields only when asked, and the one field read
/// as lines arrive (`Content-Length`, to size the body).
@Suite struct HTTPHeaderLinesTests {
    /// Lines given as libcurl gives them, one `take` each.
    private func lines(_ texts: [String]) -> HTTPHeaderLines {
        var lines = HTTPHeaderLines()
        for text in texts {
            Array(text.utf8).withUnsafeBytes { lines.take($0) }
        }
        return lines
    }

    @Test func fieldsAreLowercasedTrimmedAndJoined() {
        let fields = lines([
            "HTTP/1.1 200 OK\r\n", "Content-Type: text/xml\r\n", "X-Multi:  a \r\n", "x-multi: b\r\n",
            "X-Amzn-RequestId:\tabc\t\r\n", "no colon here\r\n", "Empty:\r\n", "Ünïcode-Name: kept\r\n", "\r\n",
        ]).fields
        #expect(fields["content-type"] == "text/xml")
        #expect(fields["x-multi"] == "a, b", "repeats joined in order, values trimmed")
        #expect(fields["x-amzn-requestid"] == "abc", "tabs trimmed too")
        #expect(fields["empty"] == "")
        #expect(fields["Ünïcode-name"] == "kept", "only ASCII letters are folded")
        #expect(fields.count == 5, "a line without a colon is not a field, nor is the status line")
    }

    @Test func onlyTheLastBlockCounts() {
        let lines = lines([
            "HTTP/1.1 100 Continue\r\n", "X-Interim: yes\r\n", "Content-Length: 99\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "Date: today\r\n", "\r\n",
        ])
        #expect(lines.fields == ["date": "today"], "the interim response's fields are dropped")
        #expect(lines.announcedLength == nil, "and so is its length")
    }

    @Test func theLastContentLengthIsTheOneAnnounced() {
        #expect(lines(["HTTP/1.1 200 OK\r\n", "Content-Length: 12\r\n"]).announcedLength == 12)
        #expect(lines(["Content-Length: 12\r\n", "content-length: 7\r\n"]).announcedLength == 7)
        #expect(lines(["Content-Length: 12\r\n", "Content-Length: many\r\n"]).announcedLength == nil)
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
        #expect(lines([line + "\r\n"]).announcedLength == expected)
    }
}
