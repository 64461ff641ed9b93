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
    var bytes: [UInt8] = []
    /// Where full chunks go; nil keeps every byte.
    let sink: (any ReportSink)?

    /// A buffer that hands its bytes to `sink`, or keeps them all when `sink` is nil.
    init(sink: (any ReportSink)? = nil) {
        self.sink = sink
        bytes.reserveCapacity(sink == nil ? 1 << 14 : Self.chunkSize + (1 << 12))
    }

    /// Appends text as it is.
    @inline(__always)
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes as they are.
    @inline(__always)
    mutating func append(_ raw: [UInt8]) {
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
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands whatever is left to the sink (a buffer without one keeps it).
    mutating func finish() throws {
        guard let sink, !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try sink.write($0) }
        bytes.removeAll()
    }

    /// The text kept by a buffer without a sink.
    var text: String { String(decoding: bytes, as: UTF8.self) }

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
