import Synchronization

/// The standard mode's retry token bucket, shared by all requests of one client.
/// A retry takes its cost; an empty bucket means "return the error, don't retry".
public final class RetryQuota: Sendable {
    private let state: Mutex<Int>
    public let capacity: Int

    public init(capacity: Int = 500) {
        self.capacity = capacity
        self.state = Mutex(capacity)
    }

    /// Tokens left.
    public var available: Int { state.withLock { $0 } }

    /// Takes `cost` tokens if that many are left; returns whether the retry may go ahead.
    public func acquire(_ cost: Int) -> Bool {
        state.withLock { tokens in
            guard tokens >= cost else { return false }
            tokens -= cost
            return true
        }
    }

    /// Gives back `amount` tokens, never above capacity.
    public func release(_ amount: Int) {
        state.withLock { tokens in tokens = capacity - tokens < amount ? capacity : tokens + amount }
    }
}
