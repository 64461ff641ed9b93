import Foundation
import Logging

/// A client for one AWS Query-protocol service in one region: encodes actions as signed form posts and reads XML
/// answers; signing, retries, clock-skew correction, rate limits and metrics are the layers of its pipeline,
/// shared with the JSON 1.1 client (`JSONClient`).
public struct QueryClient: Sendable {
    public let service: AWSService
    /// The region signed into the credential scope.
    public let region: String
    /// The URL requests are posted to.
    public let endpoint: URL
    /// Asked for credentials before every attempt, so that expiring ones are refreshed between retries.
    public let credentials: any CredentialProvider
    public let transport: any HTTPTransport
    public let retry: RetryPolicy
    /// Client-side throttling shared across clients of one run; nil sends at once.
    public let rateLimiter: RateLimiter?
    /// The bucket owner for the rate limiter, normally the account id.
    public let rateLimitKey: String?
    /// Where requests, attempts, retries and throttles are counted; shareable across clients.
    public let metrics: RequestMetrics?
    /// The retry quota of this client (shared by its copies).
    public let quota: RetryQuota
    /// The clock offset learnt from skew errors (shared by its copies).
    public let clockSkew: ClockSkew
    /// The layers every call goes through.
    public let pipeline: ClientPipeline

    /// The `Content-Type` of every request; signed.
    public static let formContentType = "application/x-www-form-urlencoded; charset=utf-8"

    /// - Parameter endpoint: overrides `https://<prefix>.<region>.amazonaws.com` (e.g. a local peer URL).
    /// - Throws: `QueryError.invalidConfiguration` for an unusable region or endpoint.
    public init(
        service: AWSService, region: String, endpoint: URL? = nil, credentials: any CredentialProvider,
        transport: any HTTPTransport = CurlTransport(), retry: RetryPolicy = .standard,
        rateLimiter: RateLimiter? = nil, rateLimitKey: String? = nil, metrics: RequestMetrics? = nil
    ) throws {
        try self.init(
            service: service, region: region, endpoint: endpoint, credentials: credentials, transport: transport,
            retry: retry, rateLimiter: rateLimiter, rateLimitKey: rateLimitKey, metrics: metrics, now: { Date() })
    }

    /// As the public initializer, with the signing clock injected.
    init(
        service: AWSService, region: String, endpoint: URL?, credentials: any CredentialProvider,
        transport: any HTTPTransport, retry: RetryPolicy, rateLimiter: RateLimiter?, rateLimitKey: String?,
        metrics: RequestMetrics?, now: @escaping @Sendable () -> Date
    ) throws {
        self.endpoint = try Self.validated(endpoint, service: service, region: region)
        self.service = service
        self.region = region
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.rateLimiter = rateLimiter
        self.rateLimitKey = rateLimitKey
        self.metrics = metrics
        self.quota = RetryQuota(capacity: retry.quotaCapacity ?? Int.max)
        self.clockSkew = ClockSkew()
        self.pipeline = .standard(
            transport: transport, credentials: credentials, retry: retry, quota: quota, skew: clockSkew,
            rateLimiter: rateLimiter, rateLimitKey: rateLimitKey, now: now)
    }

    /// `endpoint` when it is usable, else the service's default endpoint for `region`.
    static func validated(_ endpoint: URL?, service: AWSService, region: String) throws -> URL {
        guard let endpoint else { return try service.defaultEndpoint(region: region) }
        guard let scheme = endpoint.scheme?.lowercased(), ["http", "https"].contains(scheme),
            let host = endpoint.host, !host.isEmpty
        else {
            throw QueryError.invalidConfiguration(
                "endpoint '\(endpoint.absoluteString)' for \(service.name) needs an http(s) scheme and a host")
        }
        return endpoint
    }

    /// Sends `action` with `parameters` (wire names, e.g. `Filter.1.Name`) and returns the response's root element.
    /// - Parameter credentials: signs with these instead of the client's provider (STS with a source identity).
    /// - Throws: `QueryError` — the last error when retries are exhausted or not allowed.
    public func send(
        _ action: String, _ parameters: [(String, String)] = [], credentials: Credentials? = nil, logger: Logger
    ) async throws -> XMLNode {
        try await send(action, parameters, credentials: credentials, items: nil, logger: logger).root
    }

    /// Sends `action` with `parameters` and returns the response with the list items at `items` left as bytes.
    /// - Throws: `QueryError`, as `send(_:_:credentials:logger:)`.
    public func send(
        _ action: String, _ parameters: [(String, String)] = [], credentials: Credentials? = nil,
        items: XMLItemPath?, logger: Logger
    ) async throws -> XMLPage {
        let paging = service.paging
        let request = OperationRequest(
            action: action, url: endpoint, headers: [("Content-Type", Self.formContentType)],
            body: FormEncoder.encodedBytes([("Action", action), ("Version", service.apiVersion)] + parameters),
            filteredOrPaged: parameters.contains {
                $0.0.hasPrefix("Filter.") || $0.0 == paging.limitParameter || $0.0 == paging.tokenParameter
            },
            credentials: credentials,
            readError: { response in
                (200..<300).contains(response.status)
                    ? nil : QueryError.fromErrorResponse(status: response.status, body: response.body)
            })
        let response = try await pipeline.send(
            request, context: OperationContext(service: service, region: region, logger: logger, metrics: metrics))
        do {
            return try Self.interpret(response, action: action, items: items).get()
        } catch {
            metrics?.record(action) { $0.failures += 1 }
            throw error
        }
    }

    /// A 2xx response's XML root, or the error the response stands for.
    static func interpret(_ response: HTTPResponse, action: String) -> Result<XMLNode, QueryError> {
        interpret(response, action: action, items: nil).map(\.root)
    }

    /// A 2xx response's XML with the items at `items` left as bytes, or the error the response stands for.
    static func interpret(_ response: HTTPResponse, action: String, items: XMLItemPath?) -> Result<XMLPage, QueryError>
    {
        guard (200..<300).contains(response.status) else {
            return .failure(QueryError.fromErrorResponse(status: response.status, body: response.body))
        }
        do {
            return .success(try XMLPage.parse(response.body, items: items))
        } catch let error as XMLNode.ParseError {
            return .failure(.malformedResponse(action: action, status: response.status, detail: error.description))
        } catch {
            return .failure(.malformedResponse(action: action, status: response.status, detail: "\(error)"))
        }
    }
}
