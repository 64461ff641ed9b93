import Foundation
import PrivateLinkModel

/// The hashes that index stored texts (equal hashes are always confirmed by comparing the text) and the raw record
/// digests as stored.
enum ContentHash {
    /// The hash `body.hash` holds (since migration 0008): of the UTF-8 bytes of a body's JSON, as the signed integer
    /// SQLite stores. It reads eight bytes a step; FNV-1a, which it replaced, one, and cost 4 % of the CPU of a first
    /// collect (every new record is hashed). Never change it without a migration that rehashes every body.
    ///
    /// Each little-endian word `w` (the last one zero-padded) mixes in as `h = rotl(h ^ (w × k1), 29) × k2`, from
    /// `h = seed ^ (length × k1)`; MurmurHash3's 64-bit finaliser then spreads the bits.
    static func body(_ bytes: UnsafeRawBufferPointer) -> Int64 {
        let k1: UInt64 = 0x9E37_79B9_7F4A_7C15, k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = hash ^ (word &* k1)
            return ((mixed << 29) | (mixed >> 35)) &* k2
        }
        var hash: UInt64 = 0x2545_F491_4F6C_DD1D ^ (UInt64(bytes.count) &* k1)
        let whole = bytes.count & ~7
        var offset = 0
        while offset < whole {
            hash = mix(hash, UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for index in offset..<bytes.count { tail |= UInt64(bytes[index]) << (8 * UInt64(index - offset)) }
            hash = mix(hash, tail)
        }
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return Int64(bitPattern: hash)
    }

    /// ``body(_:)`` of the UTF-8 bytes of `text`.
    static func body(_ text: String) -> Int64 {
        var text = text
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// The 64-bit FNV-1a hash of the UTF-8 bytes of `text`, as the signed integer SQLite stores: what
    /// `template_body.hash` holds (and `body.hash` held before 0008).
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
