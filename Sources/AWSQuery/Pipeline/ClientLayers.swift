import Foundation
import Logging

/// Counts logical requests and their failures (attempts, retries and throttles are counted by `RetryLayer`).
public struct MetricsLayer: ClientLayer {
    public init() {}

    public func handle(
        _ request: OperationRequest, context: OperationContext, next: NextLayer
    ) async throws -> HTTPResponse {
        context.metrics?.record(request.action) { $0.requests += 1 }
        do {
            return try await next(request)
        } catch {
            context.metrics?.record(request.action) { $0.failures += 1 }
            throw error
        }
    }
}

/// Retries per the policy's mode with its backoff and the client's quota, and corrects the clock once when the
/// service says the signature's time is skewed.
public struct RetryLayer: ClientLayer {
    public let policy: RetryPolicy
    public let quota: RetryQuota
    public let skew: ClockSkew
    let now: @Sendable () -> Date

    public func handle(
        _ request: OperationRequest, context: OperationContext, next: NextLayer
    ) async throws -> HTTPResponse {
        let action = request.action
        var attempt = 0
        var lastRetryCost: Int?
        var skewCorrected = false
        while true {
            attempt += 1
            if Task.isCancelled { throw AttemptFailure(error: .cancelled, response: nil) }
            context.metrics?.record(action) { $0.attempts += 1 }
            let failure: AttemptFailure
            do {
                let response = try await next(request)
                if policy.quotaCapacity != nil { quota.release(lastRetryCost ?? policy.noRetryIncrement) }
                return response
            } catch let thrown as AttemptFailure {
                failure = thrown
            } catch let error as QueryError {
                failure = AttemptFailure(error: error, response: nil)
            } catch is CancellationError {
                throw AttemptFailure(error: .cancelled, response: nil)
            } catch {
                failure = AttemptFailure(error: .network(String(describing: error)), response: nil)
            }
            let error = failure.error
            if !skewCorrected, let response = failure.response,
                let offset = skew.correct(after: error, response: response, clientTime: now())
            {
                // Once per call, outside the attempt count and the quota, as the SDKs do.
                skewCorrected = true
                attempt -= 1
                context.metrics?.record(action) { $0.retries += 1 }
                context.logger.debug(
                    "aws clock skew corrected",
                    metadata: ["aws.action": "\(action)", "aws.error": "\(error)", "aws.offset": "\(offset)"])
                continue
            }
            let retryClass = RetryPolicy.classify(error)
            if retryClass == .throttling { context.metrics?.record(action) { $0.throttles += 1 } }
            guard retryClass != .nonRetryable, attempt < policy.maxAttempts else { throw failure }
            if policy.quotaCapacity != nil {
                let cost = policy.retryCost(retryClass, error: error)
                guard quota.acquire(cost) else {
                    context.logger.debug("aws retry quota exhausted", metadata: ["aws.action": "\(action)"])
                    throw failure
                }
                lastRetryCost = cost
            }
            let retryAfter = failure.response?.headers["x-amz-retry-after"].flatMap { Int($0) }
            let delay = policy.backoff(
                retry: attempt - 1, retryClass: retryClass,
                retryAfterMilliseconds: retryAfter.flatMap { $0 >= 0 ? $0 : nil })
            context.metrics?.record(action) { $0.retries += 1 }
            context.logger.debug(
                "aws retry",
                metadata: [
                    "aws.action": "\(action)", "aws.attempt": "\(attempt)", "aws.error": "\(error)",
                    "aws.delay": "\(delay)",
                ])
            do {
                try await policy.sleep(delay)
            } catch {
                throw AttemptFailure(error: .cancelled, response: nil)
            }
        }
    }
}

/// Takes a token of the run's client-side rate limiter before every attempt. When the token is not due yet, the
/// attempt waits for it: in the transport, when it schedules requests itself (one thread hand-off per paced call
/// instead of a timer's, a worker's and the transport's), else in the task first. A request handed over is signed
/// before it waits: a wait lasts seconds at most (a bucket's deficit is one token per task drawing on it), far inside
/// the five minutes SigV4 allows a signature's time.
public struct RateLimitLayer: ClientLayer {
    public let limiter: RateLimiter
    /// The bucket owner, normally the account id.
    public let key: String
    /// Whether the wait goes to the transport with the request (`OperationRequest.notBefore`).
    public var transportWaits = false

    public func handle(
        _ request: OperationRequest, context: OperationContext, next: NextLayer
    ) async throws -> HTTPResponse {
        let bucket = RateLimiter.Key(
            service: context.service.signingName, account: key, region: context.region, action: request.action)
        guard transportWaits else {
            try await limiter.acquire(bucket, filteredOrPaged: request.filteredOrPaged)
            return try await next(request)
        }
        let wait = await limiter.reserve(bucket, filteredOrPaged: request.filteredOrPaged)
        guard wait > 0 else { return try await next(request) }
        var scheduled = request
        let start = ContinuousClock.now + .seconds(wait)
        scheduled.notBefore = start
        do {
            return try await next(scheduled)
        } catch let error where Self.isCancellation(error) && ContinuousClock.now < start {
            await limiter.giveBack(bucket)  // cancelled before its start (signing or waiting): never sent
            throw error
        }
    }

    /// Whether `error` is a cancellation, in any of the forms the layers below throw it.
    static func isCancellation(_ error: any Error) -> Bool {
        switch error {
        case let failure as AttemptFailure: failure.error == .cancelled
        case let error as QueryError: error == .cancelled
        default: error is CancellationError
        }
    }
}

/// Signs every attempt with SigV4 at the corrected clock, asking the provider for credentials each time so
/// that expiring ones are refreshed between retries.
public struct SigningLayer: ClientLayer {
    public let credentials: any CredentialProvider
    public let skew: ClockSkew
    let now: @Sendable () -> Date
    /// The endpoint's canonical parts and the day's signing key, kept between calls.
    let cache = SigningCache()

    public func handle(
        _ request: OperationRequest, context: OperationContext, next: NextLayer
    ) async throws -> HTTPResponse {
        let current: Credentials
        if let given = request.credentials {
            current = given
        } else {
            current = try await resolve(logger: context.logger)
        }
        let signer = SigV4Signer(signingName: context.service.signingName, region: context.region)
        let signature = signer.sign(
            method: "POST", target: cache.target(for: request.url), headers: request.headers, body: request.body,
            credentials: current, date: skew.corrected(now()),
            signingKey: { cache.signingKey(signer, secret: current.secretAccessKey, day: $0) })
        var signed = request
        signed.headers = signature.headers
        return try await next(signed)
    }

    /// Asks the provider for credentials, turning its failures into `QueryError`.
    private func resolve(logger: Logger) async throws -> Credentials {
        do {
            return try await credentials.credentials(logger: logger)
        } catch let error as QueryError {
            throw error
        } catch is CancellationError {
            throw QueryError.cancelled
        } catch {
            throw QueryError.credentials("\(credentials.sourceDescription): \(error)")
        }
    }
}
