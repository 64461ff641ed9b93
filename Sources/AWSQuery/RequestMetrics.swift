import Synchronization

/// Counts of API traffic, per action: what the collector reports as API calls.
public final class RequestMetrics: Sendable {
    /// The counts for one action.
    public struct Counts: Sendable, Hashable {
        /// Logical requests (one per `send`, however many attempts it took).
        public var requests = 0
        /// HTTP requests sent, including retries.
        public var attempts = 0
        public var retries = 0
        /// Responses classified as throttling.
        public var throttles = 0
        /// Requests that ended in an error.
        public var failures = 0

        public init() {}
    }

    private let counts = Mutex<[String: Counts]>([:])

    public init() {}

    /// The counts so far, by action.
    public func snapshot() -> [String: Counts] { counts.withLock { $0 } }

    /// The sum over all actions.
    public func total() -> Counts {
        snapshot().values.reduce(into: Counts()) { sum, next in
            sum.requests += next.requests
            sum.attempts += next.attempts
            sum.retries += next.retries
            sum.throttles += next.throttles
            sum.failures += next.failures
        }
    }

    /// Applies `change` to the counts of `action`.
    func record(_ action: String, _ change: (inout Counts) -> Void) {
        counts.withLock { change(&$0[action, default: Counts()]) }
    }
}
