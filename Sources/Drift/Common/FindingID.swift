import PrivateLinkModel

/// Stable finding ids: the same condition gives the same id in every run, on every platform.
///
/// The id is FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over the UTF-8 bytes of
/// kind, rule, account, region, resource id, attribute and principal, each followed by a 0x1F unit
/// separator so that `("ab", "c")` and `("a", "bc")` never collide. It is printed as 16 lowercase hex
/// digits. FNV-1a (`FNV1a64`, shared with the store) is not a cryptographic hash; it only has to be stable
/// across processes and platforms and well spread.
public enum FindingID {
    /// The id for one condition.
    public static func make(
        kind: Finding.Kind, rule: String, account: String, region: String,
        resourceId: String, attribute: String? = nil, principal: String? = nil
    ) -> String {
        // Field by field, without collecting them into an array first: an audit makes one id per finding.
        var hasher = FNV1a64()
        hasher.add(field: kind.rawValue)
        hasher.add(field: rule)
        hasher.add(field: account)
        hasher.add(field: region)
        hasher.add(field: resourceId)
        hasher.add(field: attribute ?? "")
        hasher.add(field: principal ?? "")
        return hasher.hexDigits
    }
}
