import Foundation
import Logging

/// AWS credentials. Their description never shows the secret or the session token.
public struct Credentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public var accessKeyId: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When the credentials stop working; nil for long-lived keys.
    public var expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// The access key id with all but its last four characters masked.
    public var redactedAccessKeyId: String {
        guard accessKeyId.count > 4 else { return "****" }
        return String(repeating: "*", count: accessKeyId.count - 4) + accessKeyId.suffix(4)
    }

    public var description: String {
        "Credentials(accessKeyId: \(redactedAccessKeyId), secretAccessKey: <redacted>"
            + (sessionToken == nil ? "" : ", sessionToken: <redacted>")
            + (expiration.map { ", expiration: \($0)" } ?? "") + ")"
    }

    public var debugDescription: String { description }
}

/// Where credentials come from: environment, profile files, STS, a process, a container or instance metadata.
public protocol CredentialProvider: Sendable {
    /// Returns usable credentials, refreshing them when they are about to expire.
    func credentials(logger: Logger) async throws -> Credentials
    /// A short human description of the source, e.g. `shared credentials file (profile prod)`; never a secret.
    var sourceDescription: String { get }
}
