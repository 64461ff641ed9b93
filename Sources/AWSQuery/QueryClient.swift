import Foundation
import Logging

/// A client for one AWS Query-protocol service in one region: builds, signs and sends actions,
/// retries per the standard mode, keeps to client-side rate limits and reads XML responses.
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
    /// The signing time source.
    let now: @Sendable () -> Date

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
        if let endpoint {
            guard let scheme = endpoint.scheme?.lowercased(), ["http", "https"].contains(scheme),
                let host = endpoint.host, !host.isEmpty
            else {
                throw QueryError.invalidConfiguration(
                    "endpoint '\(endpoint.absoluteString)' for \(service.name) needs an http(s) scheme and a host")
            }
            self.endpoint = endpoint
        } else {
            self.endpoint = try service.defaultEndpoint(region: region)
        }
        self.service = service
        self.region = region
        self.credentials = credentials
        self.transport = transport
        self.retry = retry
        self.rateLimiter = rateLimiter
        self.rateLimitKey = rateLimitKey
        self.metrics = metrics
        self.quota = RetryQuota(capacity: retry.quotaCapacity)
        self.now = now
    }

    /// Sends `action` with `parameters` (wire names, e.g. `Filter.1.Name`) and returns the response's root element.
    /// - Throws: `QueryError` — the last error when retries are exhausted or not allowed.
    public func send(_ action: String, _ parameters: [(String, String)] = [], logger: Logger) async throws -> XMLNode {
        metrics?.record(action) { $0.requests += 1 }
        let body = Array(
            FormEncoder.encode([("Action", action), ("Version", service.apiVersion)] + parameters).utf8)
        let paging = service.paging
        let filteredOrPaged = parameters.contains {
            $0.0.hasPrefix("Filter.") || $0.0 == paging.limitParameter || $0.0 == paging.tokenParameter
        }
        let signer = SigV4Signer(signingName: service.signingName, region: region)
        var attempt = 0
        var lastRetryCost: Int?
        while true {
            attempt += 1
            if Task.isCancelled { throw failed(action, QueryError.cancelled) }
            if let rateLimiter {
                try await rateLimiter.acquire(
                    service: service.signingName, account: rateLimitKey ?? "", region: region, action: action,
                    filteredOrPaged: filteredOrPaged)
            }
            let current = try await resolveCredentials(action: action, logger: logger)
            let signature = signer.sign(
                method: "POST", url: endpoint, headers: [("Content-Type", Self.formContentType)], body: body,
                credentials: current, date: now())
            metrics?.record(action) { $0.attempts += 1 }
            var retryAfter: Int?
            let outcome: Result<XMLNode, QueryError>
            do {
                let response = try await transport.send(
                    HTTPRequest(method: "POST", url: endpoint, headers: signature.headers, body: body))
                retryAfter = response.headers["x-amz-retry-after"].flatMap { Int($0) }
                logger.debug(
                    "aws response",
                    metadata: [
                        "aws.service": "\(service.name)", "aws.action": "\(action)", "aws.attempt": "\(attempt)",
                        "aws.status": "\(response.status)",
                    ])
                outcome = Self.interpret(response, action: action)
            } catch let error as QueryError {
                outcome = .failure(error)
            } catch is CancellationError {
                outcome = .failure(.cancelled)
            } catch {
                outcome = .failure(.network(String(describing: error)))
            }
            let error: QueryError
            switch outcome {
            case .success(let root):
                quota.release(lastRetryCost ?? retry.noRetryIncrement)
                return root
            case .failure(let failure):
                error = failure
            }
            let retryClass = RetryPolicy.classify(error)
            if retryClass == .throttling { metrics?.record(action) { $0.throttles += 1 } }
            guard retryClass != .nonRetryable, attempt < retry.maxAttempts else { throw failed(action, error) }
            let cost = retry.retryCost(retryClass)
            guard quota.acquire(cost) else {
                logger.debug("aws retry quota exhausted", metadata: ["aws.action": "\(action)"])
                throw failed(action, error)
            }
            lastRetryCost = cost
            let delay = retry.backoff(retry: attempt - 1, retryClass: retryClass, retryAfterMilliseconds: retryAfter)
            metrics?.record(action) { $0.retries += 1 }
            logger.debug(
                "aws retry",
                metadata: [
                    "aws.action": "\(action)", "aws.attempt": "\(attempt)", "aws.error": "\(error)",
                    "aws.delay": "\(delay)",
                ])
            do {
                try await retry.sleep(delay)
            } catch {
                throw failed(action, QueryError.cancelled)
            }
        }
    }

    /// Counts a failed request and hands its error back for throwing.
    private func failed(_ action: String, _ error: QueryError) -> QueryError {
        metrics?.record(action) { $0.failures += 1 }
        return error
    }

    /// Asks the provider for credentials, turning its failures into `QueryError`.
    private func resolveCredentials(action: String, logger: Logger) async throws -> Credentials {
        do {
            return try await credentials.credentials(logger: logger)
        } catch let error as QueryError {
            throw failed(action, error)
        } catch is CancellationError {
            throw failed(action, .cancelled)
        } catch {
            throw failed(action, .credentials("\(credentials.sourceDescription): \(error)"))
        }
    }

    /// A 2xx response's XML root, or the error the response stands for.
    static func interpret(_ response: HTTPResponse, action: String) -> Result<XMLNode, QueryError> {
        guard (200..<300).contains(response.status) else {
            return .failure(QueryError.fromErrorResponse(status: response.status, body: response.body))
        }
        do {
            return .success(try XMLNode.parse(response.body))
        } catch let error as XMLNode.ParseError {
            return .failure(.malformedResponse(action: action, status: response.status, detail: error.description))
        } catch {
            return .failure(.malformedResponse(action: action, status: response.status, detail: "\(error)"))
        }
    }
}
