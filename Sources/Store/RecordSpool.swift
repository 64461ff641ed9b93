import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The canonical JSON of a draft's new and changed records, appended as they arrive: in memory while the spools of
/// the process stay within a shared ``SpoolBudget`` (each may always keep ``memoryLimit`` bytes), the rest in a
/// temporary file unlinked as soon as it is created (so nothing outlives the process). A collect then holds a bounded
/// amount per scope while it reads, and one scope's records while it writes them, whatever the size of the snapshot.
///
/// Memory is kept in chunks, each reserved whole, that a record never straddles: appending never moves bytes already
/// spooled, and reading them back copies nothing. The first chunk is small (a collect may hold hundreds of drafts, most
/// with few new records), and each next one as large as those before it, up to ``chunkSize``.
struct RecordSpool: Sendable {
    /// Bytes each spool keeps in memory without asking the budget.
    static let memoryLimit = 1 << 20
    /// The size of the largest memory chunks (a larger record gets a chunk of its own size).
    static let chunkSize = 1 << 20
    /// The size of a spool's first chunk.
    static let firstChunkSize = 64 << 10

    private let budget: SpoolBudget
    /// Bytes taken from the budget, given back by `discard()` or when the chunks are written out.
    private var granted = 0
    /// Bytes in memory, after those in the file, in order; the last one is being filled.
    private var chunks: [[UInt8]] = []
    private var memoryBytes = 0
    /// Bytes already in the file (they precede `chunks`).
    private var fileBytes = 0
    /// The open temporary file, or -1 while everything fits in memory.
    private var descriptor: Int32 = -1

    /// A spool whose memory beyond ``memoryLimit`` comes from `budget`.
    init(budget: SpoolBudget = .shared) {
        self.budget = budget
    }

    /// Whether some records were written to the temporary file.
    var spilled: Bool { descriptor >= 0 }

    /// Appends `json` and returns where its bytes are.
    /// - Throws: ``StoreError`` when the temporary file cannot be created or written.
    mutating func append(_ json: UnsafeRawBufferPointer) throws -> Range<Int> {
        if chunks.isEmpty || chunks[chunks.count - 1].capacity - chunks[chunks.count - 1].count < json.count {
            try startChunk(holding: json.count)
        }
        let start = fileBytes + memoryBytes
        chunks[chunks.count - 1].append(contentsOf: json)
        memoryBytes += json.count
        return start..<(start + json.count)
    }

    /// Every byte appended, in order.
    /// - Throws: ``StoreError`` when the temporary file cannot be read.
    func contents() throws -> SpoolContents {
        guard descriptor >= 0 else { return SpoolContents(chunks: chunks) }
        var bytes = [UInt8](repeating: 0, count: fileBytes)
        try bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < fileBytes {
                let read = pread(descriptor, buffer.baseAddress! + done, fileBytes - done, off_t(done))
                guard read > 0 else { throw Self.failure("reading", errno: read < 0 ? errno : EIO) }
                done += read
            }
        }
        return SpoolContents(chunks: [bytes] + chunks)
    }

    /// Closes the temporary file, if one was made, and gives the memory's share of the budget back. Call it once, on
    /// the spool whose copies are no longer read.
    func discard() {
        if descriptor >= 0 { _ = close(descriptor) }
        budget.giveBack(granted)
    }

    /// Starts a chunk that can take `count` bytes: in memory while the spool is within ``memoryLimit`` or the budget
    /// grants it, else after writing the chunks so far to the file.
    private mutating func startChunk(holding count: Int) throws {
        let held = chunks.reduce(0) { $0 + $1.capacity }
        // Once spilled, the spool writes a whole chunk at a time.
        let size = max(descriptor >= 0 ? Self.chunkSize : min(Self.chunkSize, max(Self.firstChunkSize, held)), count)
        if descriptor >= 0 || held + size > Self.memoryLimit {
            if descriptor < 0, budget.take(size) {
                granted += size
            } else {
                try flush()
            }
        }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(size)
        chunks.append(chunk)
    }

    /// Writes the chunks to the file (made on the first call) and gives their share of the budget back.
    private mutating func flush() throws {
        if descriptor < 0 {
            var template = Array(
                FileManager.default.temporaryDirectory.appendingPathComponent("plinv-spool-XXXXXX").path.utf8CString)
            descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw Self.failure("creating", errno: errno) }
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        }
        for chunk in chunks {
            try chunk.withUnsafeBytes { buffer in
                var done = 0
                while done < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                    guard written > 0 else { throw Self.failure("writing", errno: written < 0 ? errno : EIO) }
                    done += written
                }
            }
        }
        fileBytes += memoryBytes
        memoryBytes = 0
        chunks.removeAll()
        budget.giveBack(granted)
        granted = 0
    }

    private static func failure(_ doing: String, errno code: Int32) -> StoreError {
        .cannotOpen(
            path: FileManager.default.temporaryDirectory.path,
            reason: "\(doing) a temporary file for the collected records: \(String(cString: strerror(code)))")
    }
}

/// A spool's bytes as read back: its chunks, each record's bytes within one of them.
struct SpoolContents: Sendable {
    private let chunks: [[UInt8]]
    /// The offset of each chunk's first byte.
    private let starts: [Int]

    init(chunks: [[UInt8]]) {
        self.chunks = chunks
        var starts: [Int] = [], offset = 0
        for chunk in chunks {
            starts.append(offset)
            offset += chunk.count
        }
        self.starts = starts
    }

    /// The bytes at `range`, as ``RecordSpool/append(_:)`` returned it.
    subscript(range: Range<Int>) -> ArraySlice<UInt8> {
        // The last chunk starting at or before the range (a binary search: a spool has a chunk per megabyte).
        var low = 0, high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= range.lowerBound { low = middle } else { high = middle }
        }
        if range.isEmpty && chunks.isEmpty { return [] }
        let chunk = chunks[low], start = starts[low]
        return chunk[(range.lowerBound - start)..<(range.upperBound - start)]
    }
}

/// The memory the spools of a process may hold beyond each one's ``RecordSpool/memoryLimit`` before they write to
/// temporary files.
final class SpoolBudget: Sendable {
    /// What every collect's spools share: 64 MiB. The records of a first collect of 10,000 endpoints take 8 MiB;
    /// writing them to a file and reading them back twice (for the dictionary and to store them) cost 6 % of its CPU
    /// and 7 MiB more of peak memory than keeping them.
    static let shared = SpoolBudget(bytes: 64 << 20)

    private let remaining: Atomic<Int>

    init(bytes: Int) {
        remaining = Atomic(bytes)
    }

    /// Takes `bytes` if that many remain; false (nothing taken) otherwise.
    func take(_ bytes: Int) -> Bool {
        var current = remaining.load(ordering: .relaxed)
        while current >= bytes {
            let (exchanged, original) = remaining.compareExchange(
                expected: current, desired: current - bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Returns bytes taken earlier.
    func giveBack(_ bytes: Int) {
        if bytes > 0 { remaining.add(bytes, ordering: .relaxed) }
    }

    /// The bytes not taken.
    var available: Int { remaining.load(ordering: .relaxed) }
}
