/// The 64-bit FNV-1a hash (offset basis 0xcbf29ce484222325, prime 0x100000001b3): stable on every platform
/// and in every process, unlike `Hasher`, which is seeded per process.
///
/// Not a cryptographic hash: it only has to be stable and well spread. The store indexes bodies by it and
/// drift and audit derive finding ids from it, so its output must never change.
public struct FNV1a64: Sendable, Hashable {
    /// The hash of everything added so far.
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hash of nothing yet (the offset basis).
    public init() {}

    /// Adds one byte.
    public mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// Adds the UTF-8 bytes of `text`.
    public mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte) }
    }

    /// The hash of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) -> UInt64 {
        var hasher = FNV1a64()
        hasher.add(text)
        return hasher.value
    }
}
