import CZstd
import Foundation

/// Stored bodies are zstd frames of their canonical JSON, compressed with a dictionary trained from the database's
/// own bodies (the frame names the dictionary's id) or, in a database too small to train one, without a dictionary.
///
/// One codec belongs to one SQLite connection, whose SQL functions (`BodyFunctions`) use it: SQLite calls a
/// connection's functions on one thread at a time, so it is never shared. It keeps zstd's contexts and the
/// dictionaries it has loaded (a dictionary never changes once stored, and its id is derived from its content).
final class BodyCodec {
    /// The level of a frame without a dictionary (a small database's bodies, a report's problems): zstd's default.
    /// On the 100,003 bench bodies, level 9 was 4 % smaller and 6× slower to compress.
    static let level: Int32 = 3
    /// The level of a frame compressed with a dictionary (and the one its dictionary is trained for): zstd's level 1,
    /// its `fast` strategy. With a dictionary, bodies of a few hundred bytes compress about as well as at level 3 in
    /// less time: a first collect of 10,000 endpoints spent 160 M instructions in compression instead of 181 M and its
    /// bodies took 1,033,046 bytes instead of 1,039,885; the store bench's first snapshot of 100,003 resources took
    /// 24,723,456 bytes instead of 24,678,400 (+0.2 %). Frames of any level read back alike.
    static let dictionaryLevel: Int32 = 1
    /// The largest dictionary trained: of 16, 32, 64 and 110 KiB, 32 KiB compressed the bench's bodies best.
    static let dictionaryCapacity = 32 * 1024
    /// Fewer records than this train no dictionary: their bodies are compressed without one.
    static let minimumSamples = 1_000
    /// The most records a snapshot's dictionary is trained from (the first in hash order: a random sample; migration
    /// 0005 took up to 4,000 stored bodies). More cost training time and compressed no better: on the store bench's
    /// 100,006 records, five random samples of each size gave 9.94 MB of bodies on average with 1,000 samples (f = 16)
    /// and 9.99 MB with 4,000 (f = 20), trained in 15 and 85 ms.
    static let maximumSamples = 1_000
    /// fastCover's frequency table has 2^f entries. zstd's default, 20, is a 4 MiB table that training fills and scans;
    /// 16 trains as good a dictionary in 60 % of the time: from 4,000 records of a 10,000-endpoint collect, in 50 ms
    /// instead of 87, and its 11,000 bodies then took 1,055,742 bytes instead of 1,056,547.
    static let frequencyTableBits: UInt32 = 16
    /// fastCover's segment size: what `ZDICT_optimizeTrainFromBuffer_fastCover` (d = 8, 4 steps) chose for the
    /// bench's records (k = 1,998), fixed so that training does not search for it again.
    static let trainingSegmentSize: UInt32 = 2_000
    /// The largest text plinv decompresses: SQLite's own limit on a value (`SQLITE_MAX_LENGTH`'s default), so that
    /// whatever `plinv_compress` was given reads back (a report's problems are one text: 50 MB at 80,000 problems).
    /// A damaged frame announcing more is refused rather than allocated.
    static let maximumBodySize = 1_000_000_000

    private let compression: OpaquePointer
    private let decompression: OpaquePointer
    private var compressionDictionaries: [Int64: OpaquePointer] = [:]
    private var decompressionDictionaries: [Int64: OpaquePointer] = [:]
    private var output: [UInt8] = []
    /// The last frame decompressed, whose text is the first `lastTextCount` bytes of `text`: a view names `json`
    /// several times per row (`services` ten times), and SQLite calls `plinv_body` for each, so the repeats cost a
    /// comparison instead of a decompression. Empty when there is none.
    private var lastFrame: [UInt8] = []
    /// Where bodies are decompressed, reused from one body to the next (a new zero-filled array per body was an
    /// allocation and a free); it grows to the largest text, and a scratch of over 1 MiB is not kept for small ones.
    private var text: [UInt8] = []
    private var lastTextCount = 0

    init() {
        compression = ZSTD_createCCtx()
        decompression = ZSTD_createDCtx()
    }

    deinit {
        ZSTD_freeCCtx(compression)
        ZSTD_freeDCtx(decompression)
        for dictionary in compressionDictionaries.values { ZSTD_freeCDict(dictionary) }
        for dictionary in decompressionDictionaries.values { ZSTD_freeDDict(dictionary) }
    }

    /// The zstd frame of `text`, compressed with dictionary `dictionaryID` (nil: none), whose content `load` reads
    /// the first time; `body` sees the frame, valid only while it runs.
    func compress<T>(
        _ text: UnsafeRawBufferPointer, dictionaryID: Int64?, load: (Int64) throws -> [UInt8],
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        let bound = ZSTD_compressBound(text.count)
        if output.count < bound { output = [UInt8](repeating: 0, count: bound) }
        let dictionary = try dictionaryID.map { id in
            try compressionDictionaries[id] ?? loadCompressionDictionary(id, content: load(id))
        }
        let context = compression
        return try output.withUnsafeMutableBytes { destination in
            let written =
                if let dictionary {
                    ZSTD_compress_usingCDict(
                        context, destination.baseAddress, destination.count, text.baseAddress, text.count, dictionary)
                } else {
                    ZSTD_compressCCtx(
                        context, destination.baseAddress, destination.count, text.baseAddress, text.count, Self.level)
                }
            guard ZSTD_isError(written) == 0 else {
                throw StoreError.bodyCodec(reason: "zstd cannot compress: \(Self.errorName(written))")
            }
            return try body(UnsafeRawBufferPointer(rebasing: destination[..<written]))
        }
    }

    /// The text of the zstd frame `frame`, with the dictionary its header names, whose content `load` reads the first
    /// time; `body` sees the text, valid only while it runs.
    func decompress<T>(
        _ frame: UnsafeRawBufferPointer, load: (Int64) throws -> [UInt8], _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        if !lastFrame.isEmpty, frame.count == lastFrame.count,
            let start = frame.baseAddress,
            lastFrame.withUnsafeBytes({ memcmp($0.baseAddress!, start, frame.count) }) == 0
        {
            return try lastText(body)
        }
        let size = ZSTD_getFrameContentSize(frame.baseAddress, frame.count)
        // UInt64.max - 1 and UInt64.max are zstd's "error" and "unknown": plinv always writes the size.
        guard size < UInt64.max - 1 else { throw StoreError.bodyCodec(reason: "not a zstd frame with its size") }
        guard size <= UInt64(Self.maximumBodySize) else {
            throw StoreError.bodyCodec(reason: "the frame announces \(size) bytes, more than SQLite holds in one value")
        }
        let id = Int64(ZSTD_getDictID_fromFrame(frame.baseAddress, frame.count))
        let dictionary =
            id == 0
            ? nil : try decompressionDictionaries[id] ?? loadDecompressionDictionary(id, content: load(id))
        let count = Int(size)
        // The memo is dropped before `text` is overwritten; it is set again only once the new text is complete.
        lastFrame.removeAll(keepingCapacity: true)
        if text.count < count || text.count > max(count, 1 << 20) { text = [UInt8](repeating: 0, count: count) }
        let context = decompression
        let written = text.withUnsafeMutableBytes { destination in
            if let dictionary {
                ZSTD_decompress_usingDDict(
                    context, destination.baseAddress, count, frame.baseAddress, frame.count, dictionary)
            } else {
                ZSTD_decompressDCtx(context, destination.baseAddress, count, frame.baseAddress, frame.count)
            }
        }
        guard ZSTD_isError(written) == 0, written == count else {
            let reason = ZSTD_isError(written) != 0 ? Self.errorName(written) : "\(written) of \(count) bytes"
            throw StoreError.bodyCodec(reason: "zstd cannot decompress the body: \(reason)")
        }
        lastTextCount = count
        lastFrame.append(contentsOf: frame)
        return try lastText(body)
    }

    /// Calls `body` with the text of the last frame decompressed.
    private func lastText<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try text.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[..<lastTextCount])) }
    }

    private func loadCompressionDictionary(_ id: Int64, content: [UInt8]) throws -> OpaquePointer {
        guard Self.dictionaryID(of: content) == id,
            let dictionary = content.withUnsafeBytes({
                ZSTD_createCDict($0.baseAddress, $0.count, Self.dictionaryLevel)
            })
        else { throw StoreError.bodyCodec(reason: "body dictionary \(id) is not a zstd dictionary with that id") }
        compressionDictionaries[id] = dictionary
        return dictionary
    }

    private func loadDecompressionDictionary(_ id: Int64, content: [UInt8]) throws -> OpaquePointer {
        guard Self.dictionaryID(of: content) == id,
            let dictionary = content.withUnsafeBytes({ ZSTD_createDDict($0.baseAddress, $0.count) })
        else { throw StoreError.bodyCodec(reason: "body dictionary \(id) is not a zstd dictionary with that id") }
        decompressionDictionaries[id] = dictionary
        return dictionary
    }

    /// The zstd id of a dictionary (derived from its content by zstd's trainer), 0 when `content` is not one.
    static func dictionaryID(of content: [UInt8]) -> Int64 {
        Int64(content.withUnsafeBytes { ZSTD_getDictID_fromDict($0.baseAddress, $0.count) })
    }

    /// A dictionary trained from `samples`, nil when they are fewer than ``minimumSamples`` or zstd cannot train
    /// one from them. It holds at most ``dictionaryCapacity`` bytes, and at most an eighth of the samples' bytes
    /// (larger dictionaries trained from fewer bytes compressed worse).
    ///
    /// zstd's fastCover trainer runs once with the parameters its optimiser chose for the bench's records (segment
    /// ``trainingSegmentSize``, d = 8). `ZDICT_trainFromBuffer` would search them again for every new database: on the
    /// first collect of 1,000 services (12,000 records) training cost 0.45 G instructions that way, 0.11 G this way
    /// (of 2.55 G in all), and the bodies took 536,874 and 533,518 bytes; on the 100,003-resource bench the first
    /// snapshot's database is 24.75 and 24.81 MB (all with 4,000 samples and f = 20).
    static func trainDictionary(_ samples: [some Collection<UInt8>]) -> [UInt8]? {
        guard samples.count >= minimumSamples else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.reduce(0) { $0 + $1.count })
        for sample in samples { bytes.append(contentsOf: sample) }
        let sizes = samples.map { Int($0.count) }
        let capacity = min(dictionaryCapacity, bytes.count / 8)
        var dictionary = [UInt8](repeating: 0, count: capacity)
        var parameters = ZDICT_fastCover_params_t()
        parameters.k = trainingSegmentSize
        parameters.d = 8
        parameters.f = frequencyTableBits
        parameters.accel = 1  // zstd's default: the most accurate
        parameters.zParams.compressionLevel = dictionaryLevel
        let written = dictionary.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                sizes.withUnsafeBufferPointer { sizes in
                    ZDICT_trainFromBuffer_fastCover(
                        destination.baseAddress, destination.count, source.baseAddress, sizes.baseAddress,
                        UInt32(sizes.count), parameters)
                }
            }
        }
        guard ZDICT_isError(written) == 0 else { return nil }
        return Array(dictionary.prefix(written))
    }

    private static func errorName(_ code: Int) -> String {
        String(cString: ZSTD_getErrorName(code))
    }
}
