import Foundation

/// How an error counts for retrying, per the AWS SDK standard retry mode.
public enum RetryClass: Sendable, Hashable {
    case throttling
    case transient
    case nonRetryable
}

/// The retry modes of the AWS SDKs (`AWS_RETRY_MODE` / `retry_mode`).
public enum RetryMode: String, Sendable, Hashable, CaseIterable {
    /// botocore's historical mode: 5 attempts, `rand × 2^retry` seconds uncapped, no retry quota.
    case legacy
    /// The cross-SDK standard mode: 3 attempts, `rand × min(2^retry, 20)` seconds, a retry quota.
    case standard
    /// Standard retries plus a client-side sending rate that falls on throttling and recovers after.
    case adaptive
}

/// When and how long to retry, as botocore 1.43 does by default (its pre-2026 retry behaviour, the one
/// `pip install boto3` gives without `AWS_NEW_RETRIES_2026`): classification, full-jitter exponential backoff
/// with a one-second base for every retryable error, and in standard/adaptive mode a retry quota.
///
/// The random source and the sleep are injectable so that tests are deterministic and instant.
public struct RetryPolicy: Sendable {
    /// Which SDK retry mode this policy follows.
    public var mode: RetryMode
    /// Total attempts including the first (1 disables retries).
    public var maxAttempts: Int
    public var transientBaseDelay: Duration
    public var throttlingBaseDelay: Duration
    /// The cap of a computed backoff; nil for none (legacy mode).
    public var maxBackoff: Duration?
    /// Quota capacity per client instance; nil for no quota (legacy mode).
    public var quotaCapacity: Int?
    public var transientRetryCost: Int
    public var throttlingRetryCost: Int
    /// The cost of retrying a timed-out request (botocore: 10).
    public var timeoutRetryCost: Int
    /// Tokens returned to the quota by a first-try success.
    public var noRetryIncrement: Int
    /// A number in [0, 1) for jitter.
    public var random: @Sendable () -> Double
    /// Waits for the given time; throws when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Standard mode by default; every base is botocore's one second (`ExponentialBackoff`, `_retry.json`).
    public init(
        mode: RetryMode = .standard, maxAttempts: Int? = nil, transientBaseDelay: Duration = .seconds(1),
        throttlingBaseDelay: Duration = .seconds(1), maxBackoff: Duration? = .seconds(20), quotaCapacity: Int? = 500,
        transientRetryCost: Int = 5, throttlingRetryCost: Int = 5, timeoutRetryCost: Int = 10,
        noRetryIncrement: Int = 1,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.mode = mode
        self.maxAttempts = max(1, maxAttempts ?? (mode == .legacy ? 5 : 3))
        self.transientBaseDelay = transientBaseDelay
        self.throttlingBaseDelay = throttlingBaseDelay
        self.maxBackoff = mode == .legacy ? nil : maxBackoff
        self.quotaCapacity = mode == .legacy ? nil : quotaCapacity
        self.transientRetryCost = transientRetryCost
        self.throttlingRetryCost = throttlingRetryCost
        self.timeoutRetryCost = timeoutRetryCost
        self.noRetryIncrement = noRetryIncrement
        self.random = random
        self.sleep = sleep
    }

    /// Standard mode with 3 attempts.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// Standard mode with `maxAttempts` attempts (e.g. from `AWS_MAX_ATTEMPTS`).
    public static func standard(maxAttempts: Int) -> RetryPolicy { RetryPolicy(maxAttempts: maxAttempts) }

    /// The policy for a configured `retry_mode` (nil: standard, as plinv has always defaulted) and
    /// `max_attempts` (nil: the mode's default, 3 or legacy's 5).
    public static func configured(mode: String?, maxAttempts: Int?) -> RetryPolicy {
        RetryPolicy(mode: mode.flatMap { RetryMode(rawValue: $0.lowercased()) } ?? .standard, maxAttempts: maxAttempts)
    }

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

    /// The quota cost of retrying an error of this class (a timed-out request costs `timeoutRetryCost`).
    public func retryCost(_ retryClass: RetryClass, error: QueryError? = nil) -> Int {
        if retryClass == .throttling { return throttlingRetryCost }
        if case .network(let detail)? = error,
            detail.lowercased().contains("timed out")
                || detail.lowercased().contains("timeout")
        {
            return timeoutRetryCost
        }
        return transientRetryCost
    }

    /// The wait before retry number `retry` (0 for the first retry): `random × min(maxBackoff, base × 2^retry)`
    /// (no cap in legacy mode), or in standard/adaptive mode a server's `x-amz-retry-after` (ms) clamped to
    /// `[computed, computed + 5 s]`.
    public func backoff(retry: Int, retryClass: RetryClass, retryAfterMilliseconds: Int? = nil) -> Duration {
        let base = retryClass == .throttling ? throttlingBaseDelay : transientBaseDelay
        let exponent = Double(1 << min(max(retry, 0), 30))
        let ceiling = min(maxBackoff?.seconds ?? .infinity, base.seconds * exponent)
        let computed = min(max(random(), 0), 1) * ceiling
        if let retryAfter = retryAfterMilliseconds, mode != .legacy {
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
