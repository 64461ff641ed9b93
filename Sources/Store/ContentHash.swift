import PrivateLinkModel

/// The 64-bit FNV-1a hash that indexes stored bodies; equal hashes are always confirmed by comparing text.
enum ContentHash {
    /// The hash of the UTF-8 bytes of `text`, as the signed integer SQLite stores.
    static func fnv1a64(_ text: String) -> Int64 {
        Int64(bitPattern: FNV1a64.hash(text))
    }
}
