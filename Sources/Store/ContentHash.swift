/// The 64-bit FNV-1a hash that indexes stored bodies; equal hashes are always confirmed by comparing text.
enum ContentHash {
    /// The hash of the UTF-8 bytes of `text`, as the signed integer SQLite stores.
    static func fnv1a64(_ text: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
