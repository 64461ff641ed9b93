import Foundation
import Logging

/// One API call as it passes through the layers: where it goes, the encoded body, and how the protocol
/// reads an error out of an answer. Protocol-neutral: the Query and JSON 1.1 clients both build one.
public struct OperationRequest: Sendable {
    /// The operation name, for metrics, logs, rate-limit buckets and errors.
    public var action: String
    public var url: URL
    /// The protocol's headers (Content-Type, X-Amz-Target); the signing layer adds its own.
    public var headers: [(String, String)]
    /// Exactly the bytes that are signed and sent.
    public var body: [UInt8]
    /// Whether the call sends a filter or paging parameter (EC2 gives the others a smaller rate-limit bucket).
    public var filteredOrPaged: Bool
    /// Credentials for this call only instead of the client's provider (STS called with a source identity).
    public var credentials: Credentials?
    /// The error a response stands for, nil for a success; the protocol's error decoder.
    public var readError: @Sendable (HTTPResponse) -> QueryError?
    /// When the rate limiter lets the call go out, if it must wait: set by `RateLimitLayer` when the transport
    /// schedules requests itself.
    public var notBefore: ContinuousClock.Instant? = nil
}

/// What every layer may read about the client a call goes through.
public struct OperationContext: Sendable {
    public var service: AWSService
    /// The signing region.
    public var region: String
    public var logger: Logger
    public var metrics: RequestMetrics?
}

/// A failed attempt inside the retry layer: the error and the response it came from, if the service answered
/// (its headers carry `x-amz-retry-after` and the server's `Date`).
struct AttemptFailure: Error {
    var error: QueryError
    var response: HTTPResponse?
}

/// The rest of the pipeline, as a layer sees it.
public typealias NextLayer = @Sendable (OperationRequest) async throws -> HTTPResponse

/// One stage around the transport: it may change the request, call `next` zero or more times, and change or
/// replace what comes back.
public protocol ClientLayer: Sendable {
    func handle(_ request: OperationRequest, context: OperationContext, next: NextLayer) async throws -> HTTPResponse
}

/// Layers around a transport, outermost first. The transport stage turns error responses into thrown
/// errors with the protocol's `readError`, so every layer sees one error model whatever the protocol.
public struct ClientPipeline: Sendable {
    public let layers: [any ClientLayer]
    public let transport: any HTTPTransport

    public init(layers: [any ClientLayer], transport: any HTTPTransport) {
        self.layers = layers
        self.transport = transport
    }

    /// The standard chain: metrics, retry (with its quota and clock-skew correction), rate limit, the adaptive
    /// mode's sending rate, signing.
    public static func standard(
        transport: any HTTPTransport, credentials: any CredentialProvider, retry: RetryPolicy, quota: RetryQuota,
        skew: ClockSkew, rateLimiter: RateLimiter?, rateLimitKey: String?, now: @escaping @Sendable () -> Date
    ) -> ClientPipeline {
        var layers: [any ClientLayer] = [MetricsLayer(), RetryLayer(policy: retry, quota: quota, skew: skew, now: now)]
        if let rateLimiter {
            // In adaptive mode the adaptive layer's wait must come after the limiter's, as the two did before the
            // transport could wait: handed to the transport, the limiter's wait would overlap it, and the request go
            // out faster than the adaptive rate.
            let transportWaits = transport.schedulesRequests && retry.mode != .adaptive
            layers.append(
                RateLimitLayer(limiter: rateLimiter, key: rateLimitKey ?? "", transportWaits: transportWaits))
        }
        if retry.mode == .adaptive { layers.append(AdaptiveRateLayer(rate: AdaptiveRate())) }
        layers.append(SigningLayer(credentials: credentials, skew: skew, now: now))
        return ClientPipeline(layers: layers, transport: transport)
    }

    /// Sends `request` through every layer; returns a success response or throws `QueryError`.
    public func send(_ request: OperationRequest, context: OperationContext) async throws -> HTTPResponse {
        let transport = self.transport
        var next: NextLayer = { request in
            try await Self.exchange(request, transport: transport, context: context)
        }
        for layer in layers.reversed() {
            let inner = next
            next = { try await layer.handle($0, context: context, next: inner) }
        }
        do {
            return try await next(request)
        } catch let failure as AttemptFailure {
            throw failure.error
        }
    }

    /// The innermost stage: one HTTP exchange, its error response read by the protocol.
    static func exchange(
        _ request: OperationRequest, transport: any HTTPTransport, context: OperationContext
    ) async throws -> HTTPResponse {
        let response: HTTPResponse
        let http = HTTPRequest(method: "POST", url: request.url, headers: request.headers, body: request.body)
        do {
            if let start = request.notBefore {
                response = try await transport.send(http, notBefore: start)
            } else {
                response = try await transport.send(http)
            }
        } catch let error as QueryError {
            throw AttemptFailure(error: error, response: nil)
        } catch is CancellationError {
            throw AttemptFailure(error: .cancelled, response: nil)
        } catch {
            throw AttemptFailure(error: .network(String(describing: error)), response: nil)
        }
        context.logger.debug(
            "aws response",
            metadata: [
                "aws.service": "\(context.service.name)", "aws.action": "\(request.action)",
                "aws.status": "\(response.status)",
            ])
        if let error = request.readError(response) { throw AttemptFailure(error: error, response: response) }
        return response
    }
}
