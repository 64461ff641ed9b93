import Foundation

/// A response's header lines as the transport received them, one per `\n`, read into fields only when asked: most
/// responses' headers are never read (a failure's retry hint, request id or date are), and building a dictionary of
/// ten strings for each of them cost more than a paced call's whole body parse.
struct HTTPHeaderLines: Sendable {
    /// The lines of the response's last header block, each trimmed and followed by `\n`.
    private(set) var bytes: [UInt8] = []

    /// Starts a new block (a status line: after `100 Continue` or a proxy's reply, only the last block counts).
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Adds one line, already trimmed of spaces, tabs and line breaks at either end.
    mutating func append(_ line: UnsafeRawBufferPointer) {
        if bytes.isEmpty { bytes.reserveCapacity(512) }
        bytes.append(contentsOf: line)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// The fields by lowercased name (ASCII, as HTTP field names are), values trimmed of spaces and tabs, repeated
    /// names joined by ", "; a line without a colon is ignored.
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
                            output[offset] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
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

    /// `range` without the spaces, tabs and line breaks at either end.
    static func trimmed(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Range<Int> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }
}
