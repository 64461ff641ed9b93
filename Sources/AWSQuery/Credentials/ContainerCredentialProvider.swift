import Foundation
import Logging

/// Credentials from the ECS / EKS Pod Identity container endpoint.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is fetched from `http://169.254.170.2`; otherwise
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which must be https, a loopback address, or one of the container
/// hosts botocore allows. `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every fetch) or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN` is sent as the `Authorization` header.
///
/// As botocore's `ContainerMetadataFetcher`: a failed request, a status other than 200 or a body that is not
/// credentials is retried after a pause, three attempts in all.
public struct ContainerCredentialProvider: CredentialProvider {
    /// The environment holding the variables above.
    public var environment: AWSEnvironment
    /// The per-request timeout (botocore: 2 s).
    public var timeout: TimeInterval
    /// Attempts in all (botocore: 3).
    public var attempts: Int
    /// The pause between attempts (botocore: 1 s).
    public var retryDelay: Duration

    /// A provider over `environment`.
    public init(
        environment: AWSEnvironment, timeout: TimeInterval = 2, attempts: Int = 3, retryDelay: Duration = .seconds(1)
    ) {
        self.environment = environment
        self.timeout = timeout
        self.attempts = max(attempts, 1)
        self.retryDelay = retryDelay
    }

    /// Whether either URI variable is set: the provider takes part in the chain only then.
    public var isConfigured: Bool {
        environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil
            || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
    }

    public var sourceDescription: String { "container credentials endpoint" }

    /// Hosts allowed over plain http besides loopback addresses.
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]

    /// The URL to fetch, validated.
    /// - Throws: `CredentialError.invalidSetting` when neither variable is usable.
    public func endpoint() throws -> URL {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            guard let url = URL(string: "http://169.254.170.2" + relative) else {
                throw CredentialError.invalidSetting(
                    name: "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", value: relative, expected: "a URL path")
            }
            return url
        }
        let name = "AWS_CONTAINER_CREDENTIALS_FULL_URI"
        guard let text = environment[name] else {
            throw CredentialError.invalidSetting(name: name, value: "", expected: "a URL")
        }
        guard let url = URL(string: text), let host = url.host?.lowercased(), let scheme = url.scheme?.lowercased()
        else {
            throw CredentialError.invalidSetting(name: name, value: "(not shown)", expected: "an absolute URL")
        }
        let bareHost = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        guard
            scheme == "https"
                || (scheme == "http" && (Self.isLoopback(bareHost) || Self.allowedHTTPHosts.contains(bareHost)))
        else {
            throw CredentialError.invalidSetting(
                name: name, value: MetadataHTTPClient.display(url),
                expected: "https, or http to a loopback address or one of "
                    + Self.allowedHTTPHosts.sorted().joined(separator: ", "))
        }
        return url
    }

    public func credentials(logger: Logger) async throws -> Credentials {
        let url = try endpoint()
        var attempt = 1
        while true {
            do {
                return try await fetch(url, logger: logger)
            } catch let error as CredentialError {
                switch error {
                case .metadataRequestFailed, .metadataResponseInvalid:
                    guard attempt < attempts else { throw error }
                    logger.debug(
                        "container credentials attempt failed; retrying",
                        metadata: ["aws-attempt": "\(attempt)", "aws-error": "\(error)"])
                    attempt += 1
                    try await Task.sleep(for: retryDelay)
                default:
                    throw error
                }
            }
        }
    }

    /// One request for credentials.
    private func fetch(_ url: URL, logger: Logger) async throws -> Credentials {
        var headers = ["Accept": "application/json"]
        if let token = try authorizationToken() { headers["Authorization"] = token }
        logger.debug(
            "fetching container credentials", metadata: ["aws-credential-url": "\(MetadataHTTPClient.display(url))"])
        let client = MetadataHTTPClient(timeout: timeout, source: sourceDescription)
        let response = try await client.send("GET", url, headers: headers)
        guard response.status == 200 else {
            throw CredentialError.metadataRequestFailed(
                source: sourceDescription, url: MetadataHTTPClient.display(url),
                reason: "HTTP status \(response.status)")
        }
        do throws(CredentialsJSON.ReadError) {
            return try CredentialsJSON.credentials(
                CredentialsJSON.object(response.body), tokenKey: "Token", requireToken: false, requireExpiration: false)
        } catch {
            throw CredentialError.metadataResponseInvalid(source: sourceDescription, reason: error.reason)
        }
    }

    /// The token from the token file (re-read each time, as it rotates) or the token variable.
    private func authorizationToken() throws -> String? {
        var token: String?
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CredentialError.fileUnreadable(path: path)
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw CredentialError.invalidSetting(
                name: "AWS_CONTAINER_AUTHORIZATION_TOKEN", value: "(not shown)", expected: "a single line")
        }
        return token
    }

    /// Whether `host` is a loopback IP address (127.0.0.0/8 or ::1).
    static func isLoopback(_ host: String) -> Bool {
        if host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
