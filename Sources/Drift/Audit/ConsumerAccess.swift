import PrivateLinkModel

/// Whether one consumer account may connect to a service now, and whether it is trusted.
public struct ConsumerAccess: Sendable, Hashable, Codable {
    /// Some allowed principal covers the account (or it is the owner).
    public var allowed: Bool
    /// The account is trusted, or is covered by a trusted organization or OU.
    public var trusted: Bool

    /// Evaluates `account` against a service's allowed principals.
    ///
    /// `*` covers every account; an account, role, user or assumed-role principal covers its own account;
    /// an organization or OU principal is assumed to cover the consumer, because membership cannot be
    /// seen offline; a service principal covers no account. The owner is always allowed and trusted.
    public static func evaluate(
        account: String, principals: [Principal], owner: String, trusted: TrustedPrincipals
    ) -> ConsumerAccess {
        if account == owner { return ConsumerAccess(allowed: true, trusted: true) }
        let covering = principals.filter { principal in
            switch principal.kind {
            case .everyone, .organization, .organizationalUnit: true
            case .account, .role, .user, .assumedRole: principal.account == account
            case .service, .unknown: false
            }
        }
        let trustedByMembership = covering.contains {
            ($0.kind == .organization || $0.kind == .organizationalUnit) && trusted.isTrusted($0, owner: owner)
        }
        return ConsumerAccess(
            allowed: !covering.isEmpty,
            trusted: trusted.isTrusted(account: account, owner: owner) || trustedByMembership)
    }
}
