import Foundation

/// How an error counts for retrying, per the AWS SDK standard retry mode.
public enum RetryClass: Sendable, Hashable {
    case throttling
    case transient
    case nonRetryable
}

/// The AWS SDK "standard" retry mode: classification, full-jitter exponential backoff and a retry quota.
///
/// Defaults follow the 2026 cross-SDK specification (aws-query-api.md §2.1a): 3 attempts, bases 50 ms
/// (transient) and 1 s (throttling), backoff capped at 20 s, quota 500 with costs 14 / 5.
/// The random source and the sleep are injectable so that tests are deterministic and instant.
public struct RetryPolicy: Sendable {
    /// Total attempts including the first (1 disables retries).
    public var maxAttempts: Int
    public var transientBaseDelay: Duration
    public var throttlingBaseDelay: Duration
    public var maxBackoff: Duration
    /// Quota capacity per client instance.
    public var quotaCapacity: Int
    public var transientRetryCost: Int
    public var throttlingRetryCost: Int
    /// Tokens returned to the quota by a first-try success.
    public var noRetryIncrement: Int
    /// A number in [0, 1) for jitter.
    public var random: @Sendable () -> Double
    /// Waits for the given time; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxAttempts: Int = 3, transientBaseDelay: Duration = .milliseconds(50),
        throttlingBaseDelay: Duration = .seconds(1), maxBackoff: Duration = .seconds(20), quotaCapacity: Int = 500,
        transientRetryCost: Int = 14, throttlingRetryCost: Int = 5, noRetryIncrement: Int = 1,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.transientBaseDelay = transientBaseDelay
        self.throttlingBaseDelay = throttlingBaseDelay
        self.maxBackoff = maxBackoff
        self.quotaCapacity = quotaCapacity
        self.transientRetryCost = transientRetryCost
        self.throttlingRetryCost = throttlingRetryCost
        self.noRetryIncrement = noRetryIncrement
        self.random = random
        self.sleep = sleep
    }

    /// Standard mode with 3 attempts.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// Standard mode with `maxAttempts` attempts (e.g. from `AWS_MAX_ATTEMPTS`).
    public static func standard(maxAttempts: Int) -> RetryPolicy { RetryPolicy(maxAttempts: maxAttempts) }

    /// Error codes that mean "slow down" (both generations of the standard mode, plus EC2's own).
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "LimitExceededException", "PriorRequestNotComplete", "RequestThrottled", "EC2ThrottledException",
        "RequestLimitExceeded", "SlowDown", "BandwidthLimitExceeded",
    ]

    /// Error codes that mean a passing fault on the service side.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "IDPCommunicationError",
    ]

    /// Classifies by error code first, then by HTTP status (500/502/503/504 transient, 429 throttling),
    /// then network errors (transient).
    public static func classify(_ error: Error) -> RetryClass {
        guard let error = error as? QueryError else { return .nonRetryable }
        if let code = error.code {
            if throttlingCodes.contains(code) { return .throttling }
            if transientCodes.contains(code) { return .transient }
        }
        switch error {
        case .network:
            return .transient
        case .cancelled, .credentials, .invalidConfiguration, .malformedResponse:
            return .nonRetryable
        case .service, .httpStatus:
            switch error.status {
            case 429: return .throttling
            case 500, 502, 503, 504: return .transient
            default: return .nonRetryable
            }
        }
    }

    /// The quota cost of retrying an error of this class.
    public func retryCost(_ retryClass: RetryClass) -> Int {
        retryClass == .throttling ? throttlingRetryCost : transientRetryCost
    }

    /// The wait before retry number `retry` (0 for the first retry): `random × min(maxBackoff, base × 2^retry)`,
    /// or a server's `x-amz-retry-after` (ms) clamped to `[computed, computed + 5 s]`.
    public func backoff(retry: Int, retryClass: RetryClass, retryAfterMilliseconds: Int? = nil) -> Duration {
        let base = retryClass == .throttling ? throttlingBaseDelay : transientBaseDelay
        let exponent = Double(1 << min(max(retry, 0), 30))
        let ceiling = min(maxBackoff.seconds, base.seconds * exponent)
        let computed = min(max(random(), 0), 1) * ceiling
        if let retryAfter = retryAfterMilliseconds {
            let seconds = min(max(Double(retryAfter) / 1000, computed), computed + 5)
            return .milliseconds(Int64((seconds * 1000).rounded()))
        }
        return .microseconds(Int64((computed * 1_000_000).rounded()))
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
