import COpenSSL
import Foundation

/// An IAM Identity Center (SSO) access token as the AWS CLI caches it after `aws sso login`.
///
/// Fields as botocore's `SSOTokenLoader` and `SSOTokenProvider` read and write them: `startUrl`, `region`,
/// `accessToken`, `expiresAt`, and for refreshable tokens `refreshToken`, `clientId`, `clientSecret`,
/// `registrationExpiresAt`. Never printed: its description names only the start URL and expiry.
public struct SSOToken: Sendable, Hashable, CustomStringConvertible {
    /// The bearer token sent to the portal.
    public var accessToken: String
    /// When the access token stops working.
    public var expiresAt: Date
    /// The OIDC refresh token, when the login registered a client that may refresh.
    public var refreshToken: String?
    /// The registered OIDC client.
    public var clientId: String?
    /// The registered OIDC client's secret.
    public var clientSecret: String?
    /// When the client registration stops working (no refresh after that).
    public var registrationExpiresAt: Date?
    /// The cache file as read, kept so that rewriting it after a refresh loses none of its other fields.
    var document: Data

    public var description: String { "SSO token (expires \(expiresAt))" }

    /// Whether a refresh is possible: a refresh token and a client whose registration has not expired.
    public func isRefreshable(at now: Date) -> Bool {
        guard refreshToken != nil, clientId != nil, clientSecret != nil else { return false }
        return registrationExpiresAt.map { $0 > now } ?? true
    }

    public static func == (lhs: SSOToken, rhs: SSOToken) -> Bool {
        lhs.accessToken == rhs.accessToken && lhs.expiresAt == rhs.expiresAt && lhs.refreshToken == rhs.refreshToken
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(accessToken) }
}

/// The AWS CLI's SSO token cache: `~/.aws/sso/cache/<sha1 hex of the cache key>.json`, the key being the
/// `sso_session` name (or, for a legacy profile, its `sso_start_url`).
public struct SSOTokenCache: Sendable {
    /// The cache directory.
    public var directory: String

    /// The cache of `environment`'s home directory.
    public init(environment: AWSEnvironment) {
        self.directory = environment.expand("~/.aws/sso/cache")
    }

    /// A cache in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The file holding the token for `key`.
    public func path(forKey key: String) -> String {
        directory + "/" + Self.sha1Hex(key) + ".json"
    }

    /// The cached token for `key`; nil when there is no file.
    /// - Throws: `CredentialError.ssoLoginRequired` (naming `profile`) for a file without a usable token.
    public func load(key: String, profile: String) throws -> SSOToken? {
        let file = path(forKey: key)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        guard let value = try? JSONSerialization.jsonObject(with: data), let object = value as? [String: Any],
            let accessToken = object["accessToken"] as? String, !accessToken.isEmpty,
            let expiresText = object["expiresAt"] as? String, let expiresAt = Self.date(expiresText)
        else {
            throw CredentialError.ssoLoginRequired(
                profile: profile, reason: "the SSO token cache file \(file) has no valid accessToken and expiresAt")
        }
        return SSOToken(
            accessToken: accessToken, expiresAt: expiresAt, refreshToken: object["refreshToken"] as? String,
            clientId: object["clientId"] as? String, clientSecret: object["clientSecret"] as? String,
            registrationExpiresAt: (object["registrationExpiresAt"] as? String).flatMap(Self.date),
            document: data)
    }

    /// Writes `token` back under `key` (after a refresh), keeping the file's other fields, readable by the owner only.
    public func save(_ token: SSOToken, key: String) throws {
        var document = (try? JSONSerialization.jsonObject(with: token.document)) as? [String: Any] ?? [:]
        document["accessToken"] = token.accessToken
        document["expiresAt"] = Self.format(token.expiresAt)
        document["refreshToken"] = token.refreshToken
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = path(forKey: key)
        let temporary = file + ".tmp-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw CredentialError.fileUnreadable(path: temporary) }
        // rename(2) replaces the file atomically: a concurrent reader sees the old token or the new one.
        guard rename(temporary, file) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CredentialError.fileUnreadable(path: file)
        }
    }

    /// `2026-12-01T15:30:00Z` as the AWS CLI writes it.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// An ISO-8601 timestamp with or without fractional seconds, `Z` or `UTC` suffix (both appear in caches).
    static func date(_ text: String) -> Date? {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("UTC") { trimmed = String(trimmed.dropLast(3)) + "Z" }
        return CredentialsJSON.date(trimmed)
    }

    /// The lowercase hex SHA-1 of the UTF-8 bytes of `text` (how the AWS CLI names cache files).
    static func sha1Hex(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                _ = SHA1(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return Crypto.hex(digest)
    }
}
