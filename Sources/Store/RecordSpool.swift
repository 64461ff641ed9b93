import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The canonical JSON of a draft's new and changed records, appended as they arrive: up to `memoryLimit` bytes
/// in memory, the rest in a temporary file unlinked as soon as it is created (so nothing outlives the process).
/// A collect then holds a few megabytes per scope while it reads, and one scope's records while it writes them,
/// whatever the size of the snapshot.
struct RecordSpool: Sendable {
    /// Bytes kept in memory before they are written out.
    static let memoryLimit = 1 << 20

    private var memory: [UInt8] = []
    /// Bytes already in the file (they precede `memory`).
    private var fileBytes = 0
    /// The open temporary file, or -1 while everything fits in memory.
    private var descriptor: Int32 = -1

    /// Appends `json` and returns where its bytes are.
    /// - Throws: ``StoreError`` when the temporary file cannot be created or written.
    mutating func append(_ json: UnsafeRawBufferPointer) throws -> Range<Int> {
        let start = fileBytes + memory.count
        memory.append(contentsOf: json)
        let end = fileBytes + memory.count
        if memory.count >= Self.memoryLimit { try flush() }
        return start..<end
    }

    /// Every byte appended, in order.
    /// - Throws: ``StoreError`` when the temporary file cannot be read.
    func contents() throws -> [UInt8] {
        guard descriptor >= 0 else { return memory }
        var bytes = [UInt8](repeating: 0, count: fileBytes)
        try bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < fileBytes {
                let read = pread(descriptor, buffer.baseAddress! + done, fileBytes - done, off_t(done))
                guard read > 0 else { throw Self.failure("reading", errno: read < 0 ? errno : EIO) }
                done += read
            }
        }
        return bytes + memory
    }

    /// Closes the temporary file, if one was made.
    func discard() {
        if descriptor >= 0 { _ = close(descriptor) }
    }

    private mutating func flush() throws {
        if descriptor < 0 {
            var template = Array(
                FileManager.default.temporaryDirectory.appendingPathComponent("plinv-spool-XXXXXX").path.utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw Self.failure("creating", errno: errno) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        try memory.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                guard written > 0 else { throw Self.failure("writing", errno: written < 0 ? errno : EIO) }
                done += written
            }
        }
        fileBytes += memory.count
        memory.removeAll(keepingCapacity: true)
    }

    private static func failure(_ doing: String, errno code: Int32) -> StoreError {
        .cannotOpen(
            path: FileManager.default.temporaryDirectory.path,
            reason: "\(doing) a temporary file for the collected records: \(String(cString: strerror(code)))")
    }
}
