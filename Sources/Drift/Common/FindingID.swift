/// Stable finding ids: the same condition gives the same id in every run, on every platform.
///
/// The id is FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the UTF-8 bytes of
/// kind, rule, account, region, resource id, attribute and principal, each followed by a 0x1F unit
/// separator so that `("ab", "c")` and `("a", "bc")` never collide. It is printed as 16 lowercase hex
/// digits. FNV-1a is not a cryptographic hash; it only has to be stable and well spread, and it is
/// written here because CryptoKit is not available on Linux.
public enum FindingID {
    /// The id for one condition.
    public static func make(
        kind: Finding.Kind, rule: String, account: String, region: String,
        resourceId: String, attribute: String? = nil, principal: String? = nil
    ) -> String {
        let fields = [kind.rawValue, rule, account, region, resourceId, attribute ?? "", principal ?? ""]
        return hex(fnv1a64(fields))
    }

    /// FNV-1a 64 over the fields, each terminated by 0x1F.
    static func fnv1a64(_ fields: [String]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for field in fields {
            for byte in field.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// Sixteen lowercase hex digits, zero-padded.
    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
