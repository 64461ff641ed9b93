/// The accounts and organizations a team trusts to connect to its services.
///
/// Built from `--trusted-account` values and the config file. Each entry may be:
/// - a 12-digit account id, or an account principal ARN (`arn:aws:iam::123456789012:root`),
/// - an organization id (`o-abc`) or organization ARN: trusts that organization as a principal,
/// - an OU id (`ou-…`) or OU ARN: trusts that organizational unit as a principal.
///
/// Trust rules (what `isTrusted` answers):
/// - the service's owner account is always trusted;
/// - `account`, `role`, `user`, `assumedRole`: trusted when their account is;
/// - `organization`: trusted only when that organization is configured;
/// - `organizationalUnit`: trusted when that OU or its organization is configured (nested OUs cannot be
///   resolved offline: an OU ARN names only its own id, not its parents);
/// - `service` (`elasticloadbalancing.amazonaws.com`): an AWS service acting for AWS, not another
///   customer's account, so trusted;
/// - `everyone` (`*`) and `unknown`: never trusted.
public struct TrustedPrincipals: Sendable, Hashable {
    public var accounts: Set<String> = []
    public var organizationIds: Set<String> = []
    public var organizationalUnitIds: Set<String> = []
    /// Entries that are none of the forms above; kept so the CLI can warn about them.
    public var unrecognized: Set<String> = []

    /// Classifies each configured entry.
    public init(_ entries: some Sequence<String>) {
        for entry in entries {
            let principal = Principal(entry)
            switch principal.kind {
            case .account, .role, .user, .assumedRole:
                if let account = principal.account { accounts.insert(account) }
            case .organization:
                if let id = principal.organizationId { organizationIds.insert(id) }
            case .organizationalUnit:
                if let id = principal.organizationalUnitId { organizationalUnitIds.insert(id) }
            case .everyone, .service, .unknown:
                if entry.hasPrefix("o-") {
                    organizationIds.insert(entry)
                } else if entry.hasPrefix("ou-") {
                    organizationalUnitIds.insert(entry)
                } else {
                    unrecognized.insert(entry)
                }
            }
        }
    }

    /// Whether `account` is trusted for a service owned by `owner`.
    public func isTrusted(account: String, owner: String) -> Bool {
        account == owner || accounts.contains(account)
    }

    /// Whether `principal` is trusted for a service owned by `owner` (rules on the type).
    public func isTrusted(_ principal: Principal, owner: String) -> Bool {
        switch principal.kind {
        case .account, .role, .user, .assumedRole:
            guard let account = principal.account else { return false }
            return isTrusted(account: account, owner: owner)
        case .organization:
            return principal.organizationId.map(organizationIds.contains) ?? false
        case .organizationalUnit:
            return principal.organizationalUnitId.map(organizationalUnitIds.contains) == true
                || principal.organizationId.map(organizationIds.contains) == true
        case .service:
            return true
        case .everyone, .unknown:
            return false
        }
    }
}
