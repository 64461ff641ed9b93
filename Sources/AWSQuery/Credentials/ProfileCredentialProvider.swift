import Foundation
import Logging

/// Static keys (`aws_access_key_id`, `aws_secret_access_key`, `aws_session_token`) of one profile, read from
/// the shared credentials file or from the shared config file: the chain asks the two files at different places.
public struct ProfileCredentialProvider: CredentialProvider {
    /// Which of the two shared files to read.
    public enum File: Sendable, Hashable {
        case credentials, config
    }

    /// The profile name.
    public var profile: String
    /// The file the keys come from.
    public var file: File
    private let values: [String: String]

    /// Keys of `profile` from `file` in `sharedConfig`; nil when that file does not set `aws_access_key_id` there.
    public init?(profile: String, file: File, sharedConfig: SharedConfig) {
        guard let entry = sharedConfig.profiles[profile] else { return nil }
        let values = file == .credentials ? entry.credentialsFileValues : entry.configFileValues
        guard values["aws_access_key_id"]?.isEmpty == false else { return nil }
        self.profile = profile
        self.file = file
        self.values = values
    }

    public var sourceDescription: String {
        "shared \(file == .credentials ? "credentials" : "config") file, profile \(profile)"
    }

    public func credentials(logger: Logger) async throws -> Credentials {
        guard let accessKeyId = values["aws_access_key_id"], !accessKeyId.isEmpty else {
            throw CredentialError.partialCredentials(source: sourceDescription, missing: "aws_access_key_id")
        }
        guard let secret = values["aws_secret_access_key"], !secret.isEmpty else {
            throw CredentialError.partialCredentials(source: sourceDescription, missing: "aws_secret_access_key")
        }
        let token = [values["aws_session_token"], values["aws_security_token"]].compactMap { $0 }.first { !$0.isEmpty }
        logger.debug(
            "credentials from \(sourceDescription)", metadata: ["aws-access-key-id": "\(redacted(accessKeyId))"])
        return Credentials(accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token)
    }
}
