import Foundation
import Logging

/// Credentials of the EC2 instance's IAM role from the instance metadata service, IMDSv2 first.
///
/// `PUT latest/api/token` (TTL header) gives a session token; `GET latest/meta-data/iam/security-credentials/`
/// gives the role name; `GET …/<role>` gives the credentials. If the token request is refused (403/404/405)
/// the GETs are sent without a token (IMDSv1), as botocore does. The endpoint is
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT`, the profile's `ec2_metadata_service_endpoint`, or `http://169.254.169.254`.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    /// The service's base URL.
    public var endpoint: URL
    /// Per-request timeout (botocore: 1 s).
    public var timeout: TimeInterval

    /// A provider for the given endpoint.
    public init(endpoint: URL = Self.defaultEndpoint, timeout: TimeInterval = 1) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    /// A provider configured from the environment and profile; nil when `AWS_EC2_METADATA_DISABLED` is `true`.
    /// - Throws: `CredentialError.invalidSetting` for a malformed endpoint.
    public init?(environment: AWSEnvironment, profile: SharedConfig.Profile?) throws {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        if let text = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] {
            self.init(endpoint: try ClientConfiguration.endpoint("AWS_EC2_METADATA_SERVICE_ENDPOINT", text))
        } else if let text = profile?["ec2_metadata_service_endpoint"] {
            self.init(endpoint: try ClientConfiguration.endpoint("ec2_metadata_service_endpoint", text))
        } else {
            self.init()
        }
    }

    public var sourceDescription: String { "EC2 instance metadata" }

    /// `http://169.254.169.254`.
    public static let defaultEndpoint = URL(string: "http://169.254.169.254") ?? URL(fileURLWithPath: "/")

    public func credentials(logger: Logger) async throws -> Credentials {
        let client = MetadataHTTPClient(timeout: timeout, source: sourceDescription)
        var headers: [String: String] = [:]
        let tokenResponse = try await client.send(
            "PUT", url("latest/api/token"), headers: ["x-aws-ec2-metadata-token-ttl-seconds": "21600"])
        switch tokenResponse.status {
        case 200: headers["x-aws-ec2-metadata-token"] = String(decoding: tokenResponse.body, as: UTF8.self)
        case 403, 404, 405: logger.debug("IMDSv2 token refused; trying IMDSv1")
        default: throw failure("latest/api/token", status: tokenResponse.status)
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
