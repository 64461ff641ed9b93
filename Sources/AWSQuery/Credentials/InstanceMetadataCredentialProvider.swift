import Foundation
import Logging

/// Credentials of the EC2 instance's IAM role from the instance metadata service, IMDSv2 first.
///
/// `PUT latest/api/token` (TTL header) gives a session token; `GET latest/meta-data/iam/security-credentials/`
/// gives the role name; `GET …/<role>` gives the credentials. If the token request is refused (403/404/405), times
/// out or cannot connect, the GETs are sent without a token (IMDSv1), as botocore does, unless
/// `AWS_EC2_METADATA_V1_DISABLED` / `ec2_metadata_v1_disabled` is true: then that is an error. The endpoint is
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the profile's `ec2_metadata_service_endpoint`, or `http://169.254.169.254`.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    /// The service's base URL.
    public var endpoint: URL
    /// Per-request timeout (botocore: 1 s).
    public var timeout: TimeInterval
    /// Whether IMDSv1 (no session token) is refused.
    public var v1Disabled: Bool

    /// A provider for the given endpoint.
    public init(endpoint: URL = Self.defaultEndpoint, timeout: TimeInterval = 1, v1Disabled: Bool = false) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.v1Disabled = v1Disabled
    }

    /// A provider configured from the environment and profile; nil when `AWS_EC2_METADATA_DISABLED` is `true`.
    /// - Throws: `CredentialError.invalidSetting` for a malformed endpoint or `ec2_metadata_v1_disabled`.
    public init?(environment: AWSEnvironment, profile: SharedConfig.Profile?) throws {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let endpoint: URL
        if let text = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] {
            endpoint = try ClientConfiguration.endpoint("AWS_EC2_METADATA_SERVICE_ENDPOINT", text)
        } else if let text = profile?["ec2_metadata_service_endpoint"] {
            endpoint = try ClientConfiguration.endpoint("ec2_metadata_service_endpoint", text)
        } else {
            endpoint = Self.defaultEndpoint
        }
        var v1Disabled = false
        if let text = environment["AWS_EC2_METADATA_V1_DISABLED"] {
            v1Disabled = try ClientConfiguration.bool("AWS_EC2_METADATA_V1_DISABLED", text)
        } else if let text = profile?["ec2_metadata_v1_disabled"] {
            v1Disabled = try ClientConfiguration.bool("ec2_metadata_v1_disabled", text)
        }
        self.init(endpoint: endpoint, v1Disabled: v1Disabled)
    }

    public var sourceDescription: String { "EC2 instance metadata" }

    /// `http://169.254.169.254`.
    public static let defaultEndpoint = URL(string: "http://169.254.169.254") ?? URL(fileURLWithPath: "/")

    public func credentials(logger: Logger) async throws -> Credentials {
        let client = MetadataHTTPClient(timeout: timeout, source: sourceDescription)
        var headers: [String: String] = [:]
        var v1Reason = ""
        do {
            let tokenResponse = try await client.send(
                "PUT", url("latest/api/token"), headers: ["x-aws-ec2-metadata-token-ttl-seconds": "21600"])
            switch tokenResponse.status {
            case 200: headers["x-aws-ec2-metadata-token"] = String(decoding: tokenResponse.body, as: UTF8.self)
            case 400: v1Reason = "400"
            default: v1Reason = "the IMDSv2 token request answered HTTP \(tokenResponse.status)"
            }
        } catch CredentialError.metadataRequestFailed(_, _, let reason) {
            // botocore: a token request that times out or cannot connect falls back to IMDSv1 too.
            v1Reason = "the IMDSv2 token request failed (\(reason))"
        }
        // botocore's BadIMDSRequestError: a 400 means the request itself is wrong, and there is no fallback.
        if v1Reason == "400" { throw failure("latest/api/token", status: 400) }
        if headers.isEmpty {
            if v1Disabled {
                throw CredentialError.metadataRequestFailed(
                    source: sourceDescription, url: MetadataHTTPClient.display(url("latest/api/token")),
                    reason: v1Reason + ", and IMDSv1 is disabled (ec2_metadata_v1_disabled)")
            }
            logger.debug("trying IMDSv1", metadata: ["aws-imds-reason": "\(v1Reason)"])
        }
        let rolePath = "latest/meta-data/iam/security-credentials/"
        let roleResponse = try await client.send("GET", url(rolePath), headers: headers)
        guard roleResponse.status == 200 else { throw failure(rolePath, status: roleResponse.status) }
        let role =
            String(decoding: roleResponse.body, as: UTF8.self)
            .split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !role.isEmpty else {
            throw CredentialError.metadataResponseInvalid(
                source: sourceDescription, reason: "the instance has no IAM role")
        }
        logger.debug("fetching instance role credentials", metadata: ["aws-instance-role": "\(role)"])
        let credentialsResponse = try await client.send("GET", url(rolePath + role), headers: headers)
        guard credentialsResponse.status == 200 else {
            throw failure(rolePath + role, status: credentialsResponse.status)
        }
        do throws(CredentialsJSON.ReadError) {
            let object = try CredentialsJSON.object(credentialsResponse.body)
            if let code = object["Code"] as? String, code != "Success" {
                throw CredentialsJSON.ReadError(reason: "the service answered Code \(code)")
            }
            return try CredentialsJSON.credentials(
                object, tokenKey: "Token", requireToken: true, requireExpiration: true)
        } catch {
            throw CredentialError.metadataResponseInvalid(source: sourceDescription, reason: error.reason)
        }
    }

    private func url(_ path: String) -> URL {
        let base = endpoint.absoluteString.hasSuffix("/") ? endpoint.absoluteString : endpoint.absoluteString + "/"
        return URL(string: base + path) ?? endpoint
    }

    private func failure(_ path: String, status: Int) -> CredentialError {
        .metadataRequestFailed(
            source: sourceDescription, url: MetadataHTTPClient.display(url(path)), reason: "HTTP status \(status)")
    }
}
