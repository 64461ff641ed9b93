import Foundation

/// The `adaptive` retry mode's client-side sending rate, as botocore computes it: off until the first throttling
/// answer, then a token bucket whose rate drops to 70 % of the measured sending rate on each throttle and grows
/// back along a CUBIC curve on successes (never above twice the measured rate). Shared by a client's copies.
public actor AdaptiveRate {
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void
    private var enabled = false
    // Token bucket.
    private var maxRate = 1.0
    private var tokens = 1.0
    private var lastRefill: Double?
    // Rate clocker (measured sending rate, smoothed over half-second buckets).
    private var measured = 0.0
    private var count = 0.0
    private var lastBucket: Double
    // CUBIC.
    private var windowMax = 0.5
    private var lastFailure: Double

    static let minimumRate = 0.5
    static let beta = 0.7
    static let scale = 0.4

    /// - Parameters:
    ///   - now: monotonic time in seconds.
    ///   - sleep: waits the given seconds; throws when the task is cancelled.
    public init(
        now: (@Sendable () -> Double)? = nil,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.now = now ?? MonotonicClock.secondsSinceNow()
        self.sleep = sleep
        let start = self.now()
        lastBucket = (start * 2).rounded(.down) / 2
        lastFailure = start
    }

    /// Whether sends are being paced (after the first throttle).
    public var isEnabled: Bool { enabled }
    /// The bucket's current rate in requests per second.
    public var sendingRate: Double { maxRate }

    /// Waits for a token when pacing is on; returns the seconds waited.
    @discardableResult
    public func acquire() async throws -> Double {
        guard enabled else { return 0 }
        refill()
        tokens -= 1
        guard tokens < 0 else { return 0 }
        let wait = -tokens / maxRate
        do {
            try await sleep(wait)
        } catch {
            tokens += 1
            throw QueryError.cancelled
        }
        return wait
    }

    /// Learns from one answer: a throttle lowers the rate (and turns pacing on), anything else lets it grow.
    public func record(throttled: Bool) {
        let time = now()
        updateMeasuredRate(time)
        let newRate: Double
        if throttled {
            let rateToUse = enabled ? min(measured, maxRate) : measured
            windowMax = rateToUse
            lastFailure = time
            newRate = rateToUse * Self.beta
            enabled = true
        } else {
            let k = pow(windowMax * (1 - Self.beta) / Self.scale, 1.0 / 3)
            newRate = Self.scale * pow(time - lastFailure - k, 3) + windowMax
        }
        setRate(min(newRate, 2 * measured))
    }

    private func updateMeasuredRate(_ time: Double) {
        let bucket = (time * 2).rounded(.down) / 2
        count += 1
        if bucket > lastBucket {
            let current = count / (bucket - lastBucket)
            measured = current * 0.8 + measured * 0.2
            count = 0
            lastBucket = bucket
        }
    }

    private func setRate(_ rate: Double) {
        refill()
        maxRate = max(rate, Self.minimumRate)
        tokens = min(tokens, max(maxRate, 1))
    }

    private func refill() {
        let time = now()
        if let lastRefill {
            tokens = min(max(maxRate, 1), tokens + (time - lastRefill) * maxRate)
        }
        lastRefill = time
    }
}

/// Paces attempts with the client's `AdaptiveRate` (retry mode `adaptive`) and tells it about each answer.
public struct AdaptiveRateLayer: ClientLayer {
    public let rate: AdaptiveRate

    public func handle(
        _ request: OperationRequest, context: OperationContext, next: NextLayer
    ) async throws -> HTTPResponse {
        try await rate.acquire()
        do {
            let response = try await next(request)
            await rate.record(throttled: false)
            return response
        } catch let failure as AttemptFailure {
            await rate.record(throttled: RetryPolicy.classify(failure.error) == .throttling)
            throw failure
        }
    }
}
