import Foundation

/// A principal as written in an endpoint service's allowed principals, classified by what it names.
///
/// | written as | kind | account |
/// | --- | --- | --- |
/// | `*` | `everyone` | — |
/// | `123456789012` | `account` | that id |
/// | `arn:aws:iam::123456789012:root` | `account` | `123456789012` |
/// | `arn:aws:iam::123456789012:role/Name` | `role` | `123456789012` |
/// | `arn:aws:iam::123456789012:user/Name` | `user` | `123456789012` |
/// | `arn:aws:sts::123456789012:assumed-role/Name/session` | `assumedRole` | `123456789012` |
/// | `elasticloadbalancing.amazonaws.com` | `service` (an AWS service, not an account) | — |
/// | `arn:aws:organizations::111122223333:organization/o-abc` | `organization` (id `o-abc`) | — |
/// | `arn:aws:organizations::111122223333:ou/o-abc/ou-root-x` | `organizationalUnit` (`ou-root-x` of `o-abc`) | — |
/// | anything else | `unknown` | — |
///
/// The account inside an organizations ARN is the management account, not the members: it is kept in
/// `arn` but never treated as the principal's account.
public struct Principal: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a principal names.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case everyone, account, role, user, assumedRole, service, organization, organizationalUnit, unknown
    }

    /// The principal exactly as written.
    public var arn: String
    public var kind: Kind
    /// The 12-digit account for `account`, `role`, `user` and `assumedRole`.
    public var account: String?
    /// `o-…` for `organization` and `organizationalUnit`.
    public var organizationId: String?
    /// `ou-…` for `organizationalUnit`.
    public var organizationalUnitId: String?

    /// Classifies a principal string (see the table on the type).
    public init(_ text: String) {
        arn = text
        kind = .unknown
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" {
            kind = .everyone
        } else if Self.isAccountId(trimmed) {
            kind = .account
            account = trimmed
        } else if trimmed.hasPrefix("arn:") {
            classifyARN(trimmed)
        } else if !trimmed.contains(":"), !trimmed.contains("/"), trimmed.contains(".") {
            kind = .service
        }
    }

    public var description: String { arn }

    /// Whether `text` is a 12-digit AWS account id.
    public static func isAccountId(_ text: some StringProtocol) -> Bool {
        text.count == 12 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Fills kind and ids from `arn:partition:service:region:account:resource`.
    private mutating func classifyARN(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6 else { return }
        let service = parts[2], accountField = parts[4], resource = parts[5]
        switch service {
        case "iam" where Self.isAccountId(accountField):
            if resource == "root" {
                kind = .account
            } else if resource.hasPrefix("role/") {
                kind = .role
            } else if resource.hasPrefix("user/") {
                kind = .user
            } else {
                return
            }
            account = String(accountField)
        case "sts" where Self.isAccountId(accountField) && resource.hasPrefix("assumed-role/"):
            kind = .assumedRole
            account = String(accountField)
        case "organizations":
            let path = resource.split(separator: "/").map(String.init)
            if path.count == 2, path[0] == "organization", path[1].hasPrefix("o-") {
                kind = .organization
                organizationId = path[1]
            } else if path.count == 3, path[0] == "ou", path[1].hasPrefix("o-"), path[2].hasPrefix("ou-") {
                kind = .organizationalUnit
                organizationId = path[1]
                organizationalUnitId = path[2]
            }
        default:
            return
        }
    }
}
