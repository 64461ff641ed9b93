import PrivateLinkModel

/// Where a report's bytes go while it renders: a file or standard output. Renderers hand it the UTF-8 text in
/// order, a chunk at a time, so a report of any size is never held whole.
public protocol ReportSink: AnyObject {
    /// Takes the next chunk of the report.
    func write(_ chunk: UnsafeRawBufferPointer) throws
}

/// The bytes of a report being rendered: handed to the sink whenever a chunk's worth has gathered, or, without a
/// sink, kept until the report is done.
struct ReportBuffer {
    /// How many bytes gather before they go to the sink.
    static let chunkSize = 1 << 16

    /// The bytes not yet handed on.
    var bytes: ByteBuffer
    /// Where full chunks go; nil keeps every byte.
    let sink: (any ReportSink)?
    /// Long texts that HTML escaping changed, with what it made of them, by length modulo their count (see
    /// `appendHTML`).
    private var escapedHTML: [(text: String, escaped: [UInt8])?] = Array(repeating: nil, count: 8)

    /// A buffer that hands its bytes to `sink`, or keeps them all when `sink` is nil.
    init(sink: (any ReportSink)? = nil) {
        self.sink = sink
        bytes = ByteBuffer(capacity: sink == nil ? 1 << 14 : Self.chunkSize + (1 << 12))
    }

    /// Appends text as it is.
    @inline(__always)
    mutating func append(_ text: String) {
        text.withUTF8Bytes { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` escaped for HTML (`Escaping.html`).
    ///
    /// Findings repeat long values that need escaping: every endpoint with AWS's default policy shows the same policy
    /// JSON, quotes and all. A text of 64 bytes or more that escaping changed is remembered, and the next text with
    /// exactly its bytes is copied from it instead of escaped again.
    mutating func appendHTML(_ text: String) {
        let count = text.utf8.count
        guard count >= 64 else {
            Escaping.appendHTML(text, to: &bytes)
            return
        }
        let slot = count % escapedHTML.count
        if let remembered = escapedHTML[slot], remembered.text.hasSameUTF8(as: text) {
            bytes.append(contentsOf: remembered.escaped)
            return
        }
        let start = bytes.count
        Escaping.appendHTML(text, to: &bytes)
        if bytes.count - start != count { escapedHTML[slot] = (text, bytes.copy(from: start)) }
    }

    /// Appends bytes as they are.
    @inline(__always)
    mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Appends bytes as they are.
    @inline(__always)
    mutating func append(_ raw: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends the bytes of a literal.
    @inline(__always)
    mutating func appendLiteral(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// Hands the bytes to the sink once a chunk has gathered.
    @inline(__always)
    mutating func flushIfFull() throws {
        guard let sink, bytes.count >= Self.chunkSize else { return }
        try bytes.withUnsafeBytes { try sink.write($0) }
        bytes.removeAll()
    }

    /// Hands whatever is left to the sink (a buffer without one keeps it).
    mutating func finish() throws {
        guard let sink, !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try sink.write($0) }
        bytes.removeAll()
    }

    /// The text kept by a buffer without a sink.
    var text: String { bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }

    /// The text `fill` writes into a buffer that keeps it.
    static func text(_ fill: (inout ReportBuffer) throws -> Void) rethrows -> String {
        var buffer = ReportBuffer()
        try fill(&buffer)
        return buffer.text
    }

    /// Hands what `fill` writes to `sink` a chunk at a time, then the rest.
    static func write(to sink: any ReportSink, _ fill: (inout ReportBuffer) throws -> Void) throws {
        var buffer = ReportBuffer(sink: sink)
        try fill(&buffer)
        try buffer.finish()
    }
}
