import Foundation
import Logging

extension STSClient {
    /// STS over the Query client: signed calls go through `QueryClient` (retries included); the unsigned
    /// `AssumeRoleWithWebIdentity` is posted directly over `transport` and read the same way.
    /// - Parameters:
    ///   - region: the STS region; `us-east-1` is the global endpoint's region.
    ///   - endpoint: overrides `https://sts.<region>.amazonaws.com`.
    public static func query(
        region: String, endpoint: URL? = nil, transport: any HTTPTransport = CurlTransport(),
        retry: RetryPolicy = .standard, metrics: RequestMetrics? = nil
    ) -> STSClient {
        // One Query client for every signed call (its pipeline: retry quota, clock skew, metrics); each call brings the
        // source credentials it is signed with, so the client's own provider is never asked.
        let signed = Result {
            try QueryClient(
                service: .sts, region: region, endpoint: endpoint, credentials: CallerSuppliedCredentials(),
                transport: transport, retry: retry, metrics: metrics)
        }
        return STSClient(region: region) { action, parameters, credentials, logger in
            if let credentials {
                return try await signed.get().send(action, parameters, credentials: credentials, logger: logger)
            }
            let url = try endpoint ?? AWSService.sts.defaultEndpoint(region: region)
            let body = FormEncoder.encode([("Action", action), ("Version", AWSService.sts.apiVersion)] + parameters)
            let request = HTTPRequest(
                method: "POST", url: url, headers: [("Content-Type", QueryClient.formContentType)],
                body: Array(body.utf8))
            // Unsigned (AssumeRoleWithWebIdentity): retried as botocore's STS client retries it, including the
            // identity provider's passing IDPCommunicationError.
            var retries = 0
            while true {
                do {
                    return try await sendUnsigned(request, action: action, transport: transport, logger: logger)
                } catch let error as QueryError {
                    let retryClass = RetryPolicy.classify(error)
                    guard retryClass != .nonRetryable, retries + 1 < retry.maxAttempts else { throw error }
                    logger.debug(
                        "retrying STS call",
                        metadata: ["aws.action": "\(action)", "aws.error": "\(error.code ?? "\(error)")"])
                    try await retry.sleep(retry.backoff(retry: retries, retryClass: retryClass))
                    retries += 1
                }
            }
        }
    }

    /// One unsigned STS call over `transport`, its response read as the Query client reads it.
    private static func sendUnsigned(
        _ request: HTTPRequest, action: String, transport: any HTTPTransport, logger: Logger
    ) async throws -> XMLNode {
        let response: HTTPResponse
        do {
            response = try await transport.send(request)
        } catch let error as QueryError {
            throw error
        } catch {
            throw QueryError.network("STS \(action): \(error)")
        }
        logger.debug(
            "aws response",
            metadata: ["aws.service": "STS", "aws.action": "\(action)", "aws.status": "\(response.status)"])
        return try QueryClient.interpret(response, action: action).get()
    }

    /// STS for a resolved configuration: its region (else `us-east-1`, where the AWS CLI's credential providers
    /// go without one), its STS endpoint setting or FIPS/dual-stack endpoint, and its retry settings.
    public static func query(
        configuration: ClientConfiguration, transport: any HTTPTransport = CurlTransport()
    ) -> STSClient {
        let region = configuration.region?.value ?? "us-east-1"
        return query(
            region: region, endpoint: try? configuration.endpointURL(for: .sts, region: region), transport: transport,
            retry: .configured(mode: configuration.retryMode?.value, maxAttempts: configuration.maxAttempts?.value))
    }
}

extension AssumeRoleCredentialProvider {
    /// Assumes `roleArn` with `base`'s credentials through STS in `region` (the CLI's `--role-arn`).
    public init(
        roleArn: String, base: any CredentialProvider, sessionName: String? = nil, externalId: String? = nil,
        region: String, endpoint: URL? = nil
    ) {
        self.init(
            roleArn: roleArn, base: base, sessionName: sessionName, externalId: externalId,
            sts: .query(region: region, endpoint: endpoint))
    }
}

extension AWSService {
    /// The SDKs' service id, which names its endpoint settings: `EC2`, `Elastic Load Balancing v2`, `STS`,
    /// `CloudFormation` (`AWS_ENDPOINT_URL_CLOUDFORMATION`, `cloudformation =` in a `[services]` section).
    public var sdkServiceID: String {
        switch endpointPrefix {
        case "ec2": return "EC2"
        case "elasticloadbalancing": return "Elastic Load Balancing v2"
        case "sts": return "STS"
        case "cloudformation": return "CloudFormation"
        default: return name
        }
    }
}

extension ClientConfiguration {
    /// The configured endpoint for `service` and its source; nil for the default AWS endpoint.
    public func endpoint(for service: AWSService) -> ConfiguredValue<URL>? {
        endpoint(forServiceID: service.sdkServiceID)
    }

    /// The configured endpoint URL for `service`; nil for the default AWS endpoint.
    public func endpointURL(for service: AWSService) -> URL? { endpoint(for: service)?.value }
}

/// The provider of the shared STS client: every signed call passes its own source credentials, so this is never
/// asked; if it were, it would say so rather than sign with something else.
private struct CallerSuppliedCredentials: CredentialProvider {
    var sourceDescription: String { "the source credentials of each STS call" }

    func credentials(logger: Logger) async throws -> Credentials {
        throw QueryError.invalidConfiguration("an STS call was made without its source credentials")
    }
}
