/// Seconds on a monotonic clock, the time base the rate limiters use (injectable in tests).
enum MonotonicClock {
    /// A clock reading seconds since the moment it was made.
    static func secondsSinceNow() -> @Sendable () -> Double {
        let start = ContinuousClock.now
        return { (ContinuousClock.now - start).seconds }
    }
}
