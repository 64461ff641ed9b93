import Foundation
import Logging

/// Credentials of an IAM role assumed with STS `AssumeRoleWithWebIdentity` (an unsigned call) using the
/// OIDC token in a file: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` + `AWS_ROLE_SESSION_NAME` (EKS IRSA),
/// or a profile's `web_identity_token_file` + `role_arn` + `role_session_name`. The file is re-read on each
/// fetch because it rotates.
public struct WebIdentityCredentialProvider: CredentialProvider {
    /// The role to assume.
    public var roleARN: String
    /// The token file.
    public var tokenFile: String
    /// `RoleSessionName`.
    public var sessionName: String
    /// Where the settings came from: `environment variables` or `profile NAME`.
    public var origin: String
    /// The STS client.
    public var sts: STSClient

    /// A provider that exchanges the token in `tokenFile` for `roleArn`'s credentials.
    public init(roleArn: String, tokenFile: String, sessionName: String? = nil, origin: String, sts: STSClient) {
        self.roleARN = roleArn
        self.tokenFile = tokenFile
        self.sessionName = sessionName ?? AssumeRoleCredentialProvider.defaultSessionName()
        self.origin = origin
        self.sts = sts
    }

    /// The provider configured by the environment (unless `useEnvironment` is false) or else by `profile`; nil
    /// when neither names a token file.
    /// - Throws: `CredentialError.invalidProfile` when a token file is set without a role ARN.
    public static func configured(
        environment: AWSEnvironment, useEnvironment: Bool, profileName: String, profile: SharedConfig.Profile?,
        sts: STSClient
    ) throws -> WebIdentityCredentialProvider? {
        if useEnvironment, let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] {
            guard let role = environment["AWS_ROLE_ARN"] ?? profile?["role_arn"] else {
                throw CredentialError.partialCredentials(source: "environment variables", missing: "AWS_ROLE_ARN")
            }
            return WebIdentityCredentialProvider(
                roleArn: role, tokenFile: file,
                sessionName: environment["AWS_ROLE_SESSION_NAME"] ?? profile?["role_session_name"],
                origin: "environment variables", sts: sts)
        }
        guard let profile, let file = profile["web_identity_token_file"] else { return nil }
        guard let role = profile["role_arn"] else {
            throw CredentialError.invalidProfile(
                profile: profileName, reason: "web_identity_token_file is set without role_arn")
        }
        return WebIdentityCredentialProvider(
            roleArn: role, tokenFile: file, sessionName: profile["role_session_name"], origin: "profile \(profileName)",
            sts: sts)
    }

    public var sourceDescription: String { "web identity token for \(roleARN) (\(origin))" }

    public func credentials(logger: Logger) async throws -> Credentials {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw CredentialError.fileUnreadable(path: tokenFile)
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw CredentialError.invalidSetting(
                name: "web identity token file \(tokenFile)", value: "", expected: "a token")
        }
        logger.debug("assuming role with web identity", metadata: ["aws-role-arn": "\(roleARN)"])
        return try await sts.assumeRoleWithWebIdentity(
            roleARN: roleARN, sessionName: sessionName, token: token, logger: logger
        ).credentials
    }
}
