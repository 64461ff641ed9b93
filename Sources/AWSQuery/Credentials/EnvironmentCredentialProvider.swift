import Foundation
import Logging

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (or the legacy
/// `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION` (ISO-8601).
public struct EnvironmentCredentialProvider: CredentialProvider {
    /// The environment read on every call.
    public var environment: AWSEnvironment

    /// A provider over `environment`.
    public init(environment: AWSEnvironment) {
        self.environment = environment
    }

    /// Whether `AWS_ACCESS_KEY_ID` is set: the provider takes part in the chain only then.
    public var isConfigured: Bool { environment["AWS_ACCESS_KEY_ID"] != nil }

    public var sourceDescription: String { "environment variables" }

    public func credentials(logger: Logger) async throws -> Credentials {
        guard let accessKeyId = environment["AWS_ACCESS_KEY_ID"] else {
            throw CredentialError.partialCredentials(source: sourceDescription, missing: "AWS_ACCESS_KEY_ID")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
            throw CredentialError.partialCredentials(source: sourceDescription, missing: "AWS_SECRET_ACCESS_KEY")
        }
        var expiration: Date?
        if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
            guard let date = CredentialsJSON.date(text) else {
                throw CredentialError.invalidSetting(
                    name: "AWS_CREDENTIAL_EXPIRATION", value: text, expected: "an ISO-8601 timestamp")
            }
            expiration = date
        }
        logger.debug(
            "credentials from environment variables", metadata: ["aws-access-key-id": "\(redacted(accessKeyId))"])
        return Credentials(
            accessKeyId: accessKeyId, secretAccessKey: secret,
            sessionToken: environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"], expiration: expiration)
    }
}

/// An access key id with all but its last four characters masked, for log lines.
func redacted(_ accessKeyId: String) -> String {
    Credentials(accessKeyId: accessKeyId, secretAccessKey: "").redactedAccessKeyId
}
