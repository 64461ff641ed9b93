import Foundation
import PrivateLinkModel

/// The 64-bit FNV-1a hash that indexes stored bodies; equal hashes are always confirmed by comparing text.
enum ContentHash {
    /// The hash of the UTF-8 bytes of `text`, as the signed integer SQLite stores (`FNV1a64.hash`, over the
    /// contiguous bytes in one loop: it runs over every record a collect stores).
    static func fnv1a64(_ text: String) -> Int64 {
        var text = text
        return text.withUTF8 { fnv1a64(UnsafeRawBufferPointer($0)) }
    }

    /// The hash of `bytes`: the same as for the text they encode.
    static func fnv1a64(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        var hasher = FNV1a64()
        bytes.withMemoryRebound(to: UInt8.self) { hasher.add($0) }
        return Int64(bitPattern: hasher.value)
    }

    /// A raw record digest as `resource_version.raw_digest` holds it: 16 bytes, most significant first.
    static func blob(_ digest: UInt128) -> Data {
        withBlob(of: digest) { Data($0) }
    }

    /// Calls `body` with the bytes of ``blob(_:)``, without making a `Data`.
    static func withBlob<T>(of digest: UInt128, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try withUnsafeBytes(of: digest.bigEndian, body)
    }

    /// The digest stored in `blob`; nil when there is none or it is not 16 bytes (never written by plinv).
    static func digest(_ blob: Data?) -> UInt128? {
        guard let blob, blob.count == MemoryLayout<UInt128>.size else { return nil }
        return blob.withUnsafeBytes { UInt128(bigEndian: $0.loadUnaligned(as: UInt128.self)) }
    }
}
