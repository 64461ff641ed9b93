import Foundation

/// A response's header lines as the transport received them, one per `\n`, read into fields only when asked: most
/// responses' headers are never read (a failure's retry hint, request id or date are), and building a dictionary of
/// ten strings for each of them cost more than a paced call's whole body parse.
struct HTTPHeaderLines: Sendable {
    /// The lines of the response's last header block, each trimmed and followed by `\n`.
    private(set) var bytes: [UInt8] = []
    /// The block's `Content-Length` (its last), nil when it has none or it is not a number: the one field read as
    /// lines arrive, to size the body once.
    private(set) var announcedLength: Int?

    /// Takes one header line as libcurl gives it (line break included). A status line starts a new block (after
    /// `100 Continue` or a proxy's reply, only the last block counts); an empty line is passed over.
    mutating func take(_ line: UnsafeRawBufferPointer) {
        let kept = Self.trimmed(line, 0..<line.count)
        guard !kept.isEmpty else { return }
        if line[kept].starts(with: "HTTP/".utf8) {
            bytes.removeAll(keepingCapacity: true)
            announcedLength = nil
            return
        }
        if bytes.isEmpty { bytes.reserveCapacity(512) }
        bytes.append(contentsOf: line[kept])
        bytes.append(UInt8(ascii: "\n"))
        if let value = Self.contentLengthValue(line, kept) {
            announcedLength = Int(String(decoding: line[value], as: UTF8.self))
        }
    }

    /// Where the value of a `Content-Length` line (name in any case, spaces around the colon) lies, nil for any
    /// other line.
    static func contentLengthValue(_ bytes: UnsafeRawBufferPointer, _ line: Range<Int>) -> Range<Int>? {
        let name = "content-length".utf8
        guard line.count > name.count, let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let nameRange = trimmed(bytes, line.lowerBound..<colon)
        guard nameRange.count == name.count,
            zip(bytes[nameRange], name).allSatisfy({ Self.asciiLowercased($0) == $1 })
        else { return nil }
        return trimmed(bytes, (colon + 1)..<line.upperBound)
    }

    /// The fields by lowercased name (ASCII, as HTTP field names are), values trimmed of spaces and tabs, repeated
    /// names joined by ", "; a line without a colon is ignored. Read again at every call: responses whose headers are
    /// read at all (failures) read one or two.
    var fields: [String: String] {
        var fields: [String: String] = [:]
        bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                let end = all[start...].firstIndex(of: UInt8(ascii: "\n")) ?? all.count
                if let colon = all[start..<end].firstIndex(of: UInt8(ascii: ":")) {
                    let nameRange = Self.trimmed(all, start..<colon)
                    let name = String(unsafeUninitializedCapacity: nameRange.count) { output in
                        for (offset, byte) in all[nameRange].enumerated() {
                            output[offset] = Self.asciiLowercased(byte)
                        }
                        return nameRange.count
                    }
                    let value = String(decoding: all[Self.trimmed(all, (colon + 1)..<end)], as: UTF8.self)
                    fields[name] = fields[name].map { "\($0), \(value)" } ?? value
                }
                start = end + 1
            }
        }
        return fields
    }

    /// `byte` with an ASCII capital letter folded to lowercase (HTTP field names are ASCII).
    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// `range` without the spaces, tabs and line breaks at either end.
    static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
