import Foundation
import Logging

/// The STS calls the role providers make, over a pluggable Query-protocol sender.
///
/// `send` posts one STS action (`Version=2011-06-15` is added by the sender) and returns the response's root
/// element; it signs with the given credentials, or sends unsigned when they are nil (web identity).
public struct STSClient: Sendable {
    /// Sends one action: name, parameters, signing credentials (nil: unsigned), logger.
    public typealias Send = @Sendable (String, [(String, String)], Credentials?, Logger) async throws -> XMLNode

    /// The region whose STS endpoint is called (for descriptions).
    public var region: String
    private let send: Send

    /// A client over an explicit sender (tests, or a `QueryClient`).
    public init(region: String, send: @escaping Send) {
        self.region = region
        self.send = send
    }

    /// What `AssumeRole` / `AssumeRoleWithWebIdentity` returned.
    public struct AssumedRole: Sendable, Hashable {
        /// The role's temporary credentials.
        public var credentials: Credentials
        /// `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
        public var assumedRoleARN: String?
    }

    /// `AssumeRole`, signed with `source`.
    public func assumeRole(
        roleARN: String, sessionName: String, externalID: String?, durationSeconds: Int?, source: Credentials,
        logger: Logger
    ) async throws -> AssumedRole {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return try await call("AssumeRole", parameters, source, logger)
    }

    /// `AssumeRoleWithWebIdentity`, unsigned: the token is the proof.
    public func assumeRoleWithWebIdentity(
        roleARN: String, sessionName: String, token: String, logger: Logger
    ) async throws -> AssumedRole {
        let parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token)]
        return try await call("AssumeRoleWithWebIdentity", parameters, nil, logger)
    }

    private func call(
        _ action: String, _ parameters: [(String, String)], _ credentials: Credentials?, _ logger: Logger
    ) async throws -> AssumedRole {
        let root = try await send(action, parameters, credentials, logger)
        guard let node = root.firstDescendant(named: "Credentials"),
            let accessKeyId = node.child("AccessKeyId")?.text, !accessKeyId.isEmpty,
            let secret = node.child("SecretAccessKey")?.text, !secret.isEmpty
        else {
            throw CredentialError.stsFailed(action: action, reason: "the response has no Credentials element")
        }
        let expiration = node.child("Expiration").flatMap { CredentialsJSON.date($0.text) }
        let token = node.child("SessionToken")?.text
        let credentials = Credentials(
            accessKeyId: accessKeyId, secretAccessKey: secret, sessionToken: token?.isEmpty == false ? token : nil,
            expiration: expiration)
        return AssumedRole(
            credentials: credentials, assumedRoleARN: root.firstDescendant(named: "AssumedRoleUser")?.child("Arn")?.text
        )
    }
}

extension STSClient {
    /// Who a set of credentials belongs to, from `GetCallerIdentity`.
    public struct CallerIdentity: Sendable, Hashable {
        /// The 12-digit account id.
        public var account: String
        /// The caller's ARN (user, or `assumed-role/ROLE/SESSION`).
        public var arn: String
        /// The unique id of the caller.
        public var userID: String
    }

    /// `GetCallerIdentity`, signed with `credentials`: the account a provider's credentials act in.
    /// - Throws: `QueryError` from the call, or `CredentialError.stsFailed` when the answer has no account.
    public func callerIdentity(using credentials: Credentials, logger: Logger) async throws -> CallerIdentity {
        let root = try await send("GetCallerIdentity", [], credentials, logger)
        guard let account = root.firstDescendant(named: "Account")?.text, !account.isEmpty else {
            throw CredentialError.stsFailed(action: "GetCallerIdentity", reason: "the response has no Account element")
        }
        return CallerIdentity(
            account: account, arn: root.firstDescendant(named: "Arn")?.text ?? "",
            userID: root.firstDescendant(named: "UserId")?.text ?? "")
    }
}
