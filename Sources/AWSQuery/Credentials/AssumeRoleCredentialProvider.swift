import Foundation
import Logging

/// Credentials of an IAM role assumed with STS `AssumeRole`, signed with a base provider's credentials.
///
/// Used for profiles with `role_arn` + `source_profile` / `credential_source`, and for the CLI's `--role-arn`.
/// Wrap it in `CachingCredentialProvider` (the chain does) so the role is assumed again only near expiry.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    /// The role to assume.
    public var roleARN: String
    /// `RoleSessionName`.
    public var sessionName: String
    /// `ExternalId`, when the role's trust policy asks for one.
    public var externalID: String?
    /// `DurationSeconds`; nil lets STS choose (one hour).
    public var durationSeconds: Int?
    /// The profile that configured the role, for the description.
    public var profile: String?
    /// Whose credentials sign the `AssumeRole` call.
    public let base: any CredentialProvider
    /// The STS client.
    public var sts: STSClient

    /// A provider that assumes `roleArn` with `base`'s credentials through `sts`.
    public init(
        roleArn: String, base: any CredentialProvider, sessionName: String? = nil, externalId: String? = nil,
        durationSeconds: Int? = nil, profile: String? = nil, sts: STSClient
    ) {
        self.roleARN = roleArn
        self.base = base
        self.sessionName = sessionName ?? Self.defaultSessionName()
        self.externalID = externalId
        self.durationSeconds = durationSeconds
        self.profile = profile
        self.sts = sts
    }

    /// `plinv-<epoch seconds>`, as botocore's `botocore-session-<epoch>`.
    public static func defaultSessionName(now: Date = Date()) -> String {
        "plinv-\(Int(now.timeIntervalSince1970))"
    }

    public var sourceDescription: String {
        "assume role \(roleARN)" + (profile.map { " (profile \($0))" } ?? "") + " from \(base.sourceDescription)"
    }

    public func credentials(logger: Logger) async throws -> Credentials {
        let source = try await base.credentials(logger: logger)
        logger.debug("assuming role", metadata: ["aws-role-arn": "\(roleARN)", "aws-role-session": "\(sessionName)"])
        return try await sts.assumeRole(
            roleARN: roleARN, sessionName: sessionName, externalID: externalID, durationSeconds: durationSeconds,
            source: source, logger: logger
        ).credentials
    }
}
