/// A client-side limiter with one token bucket per (service, account, region, action), sized from EC2's
/// published request buckets, so that a busy collector waits instead of provoking `RequestLimitExceeded`.
///
/// A request takes a token at once (the balance may go negative, which queues later callers in turn) and
/// waits until the bucket would have refilled to its share. The clock and the sleep are injectable.
///
/// A wait is lengthened to end on the next multiple of ``batchInterval`` on the limiter's clock, so that the calls a
/// bucket holds back start together instead of one every 1/rate seconds, and plinv runs in fewer, longer bursts. A
/// call never starts before its token is due, and each starts less than one interval after it, so the rate is the
/// bucket's; a call that finds a token free may start before held-back calls still waiting for their grid point.
public actor RateLimiter {
    /// A bucket's size and refill rate.
    public struct Bucket: Sendable, Hashable {
        public var capacity: Double
        public var refillPerSecond: Double

        public init(capacity: Double, refillPerSecond: Double) {
            self.capacity = capacity
            self.refillPerSecond = refillPerSecond
        }
    }

    /// What a bucket is shared by.
    public struct Key: Sendable, Hashable {
        public var service: String
        public var account: String
        public var region: String
        public var action: String

        public init(service: String = "ec2", account: String, region: String, action: String) {
            (self.service, self.account, self.region, self.action) = (service, account, region, action)
        }
    }

    private struct State {
        var tokens: Double
        var updated: Double
        var bucket: Bucket
    }

    /// The grid, in seconds, that held-back calls start on (0: each as soon as its token is due).
    public nonisolated let batchInterval: Double
    private var states: [Key: State] = [:]
    private let now: @Sendable () -> Double
    private let sleep: @Sendable (Double) async throws -> Void

    /// The grid plinv paces on: a call a bucket holds back starts on the next multiple of 2 s, at most 2 s later than
    /// its token allows. Workers that call again as soon as a call returns still get the bucket's rate: the tokens
    /// that accrue while they wait let their next calls go at once, so a bucket refilling 20 a second sends about
    /// forty calls in one burst every 2 s. While a call waits, AWS's bucket holds its token and what accrues, up to
    /// 1 + 2 s × the refill; every bucket holds that much (`everyBucketHoldsAnIntervalsRefill`), else AWS would lose
    /// tokens to its cap and throttle the calls bunched on the grid point. Measured on the bench's paced collect of
    /// 1,007 calls (BENCHMARKS.md, twenty-fifth pass): 0.38 ms of CPU a call on a 0.2 s grid, 0.28 on 1 s, 0.24 on
    /// 2 s; wall 45.3, 46.1 and 46.1 s.
    public static let defaultBatchInterval = 2.0

    /// - Parameters:
    ///   - batchInterval: the grid held-back calls start on, in seconds; 0 starts each when its token is due.
    ///   - now: monotonic time in seconds.
    ///   - sleep: waits the given seconds; throws when the task is cancelled.
    public init(
        batchInterval: Double = RateLimiter.defaultBatchInterval,
        now: (@Sendable () -> Double)? = nil,
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    ) {
        self.batchInterval = max(0, batchInterval)
        self.now = now ?? MonotonicClock.secondsSinceNow()
        self.sleep = sleep
    }

    /// Takes one token for `action`, waiting as long as needed. Returns the seconds waited.
    ///
    /// The token is taken on the actor; the wait happens off it, so that the waiting task resumes where it will
    /// run next instead of hopping through the actor first (one thread hand-off less per throttled call).
    /// - Parameter filteredOrPaged: whether the call sends a filter or paging parameter (EC2 gives unfiltered
    ///   unpaginated calls of some actions a smaller bucket).
    @discardableResult
    public nonisolated func acquire(
        service: String = "ec2", account: String, region: String, action: String, filteredOrPaged: Bool = true
    ) async throws -> Double {
        try await acquire(
            Key(service: service, account: account, region: region, action: action), filteredOrPaged: filteredOrPaged)
    }

    /// Takes one token from `key`'s bucket, waiting as long as needed. Returns the seconds waited.
    @discardableResult
    public nonisolated func acquire(_ key: Key, filteredOrPaged: Bool = true) async throws -> Double {
        let wait = await take(key, filteredOrPaged: filteredOrPaged)
        guard wait > 0 else { return 0 }
        do {
            try await sleep(wait)
        } catch {
            await giveBack(key)
            throw QueryError.cancelled
        }
        return wait
    }

    /// Takes a token from `key`'s bucket (creating it full on first use); returns the seconds to wait: until it is due,
    /// then to the grid.
    private func take(_ key: Key, filteredOrPaged: Bool) -> Double {
        let time = now()
        var state =
            states[key]
            ?? {
                let bucket = Self.bucket(service: key.service, action: key.action, filteredOrPaged: filteredOrPaged)
                return State(tokens: bucket.capacity, updated: time, bucket: bucket)
            }()
        state.tokens = min(state.bucket.capacity, state.tokens + (time - state.updated) * state.bucket.refillPerSecond)
        state.updated = time
        state.tokens -= 1
        states[key] = state
        guard state.tokens < 0 else { return 0 }
        return onTheGrid(-state.tokens / state.bucket.refillPerSecond, from: time)
    }

    /// `wait`, from `time`, lengthened to end on the next multiple of ``batchInterval`` (never shortened).
    private func onTheGrid(_ wait: Double, from time: Double) -> Double {
        guard batchInterval > 0 else { return wait }
        // A due time a nanosecond past a grid point is a float's rounding of that point, not a token due later.
        let slot = ((time + wait - 1e-9) / batchInterval).rounded(.up) * batchInterval
        return max(wait, slot - time)
    }

    /// Takes one token from `key`'s bucket without waiting; returns the seconds until it is due (on the grid), which
    /// the caller waits before sending (or gives the token back with ``giveBack(_:)`` if it never sends).
    public func reserve(_ key: Key, filteredOrPaged: Bool = true) -> Double {
        take(key, filteredOrPaged: filteredOrPaged)
    }

    /// Returns the token of a wait that was cancelled.
    public func giveBack(_ key: Key) {
        states[key]?.tokens += 1
    }

    /// Tokens currently left for a key (after refill), for diagnostics and tests.
    public func tokens(service: String = "ec2", account: String, region: String, action: String) -> Double? {
        guard let state = states[Key(service: service, account: account, region: region, action: action)] else {
            return nil
        }
        return min(state.bucket.capacity, state.tokens + (now() - state.updated) * state.bucket.refillPerSecond)
    }

    /// Actions EC2 lists with their own bucket (aws-query-api.md §2.2).
    public static let specificBuckets: [String: Bucket] = [
        "AcceptVpcEndpointConnections": Bucket(capacity: 10, refillPerSecond: 1),
        "RejectVpcEndpointConnections": Bucket(capacity: 10, refillPerSecond: 1),
        "CreateVpcEndpoint": Bucket(capacity: 4, refillPerSecond: 0.3),
        "DeleteVpcEndpoints": Bucket(capacity: 4, refillPerSecond: 0.3),
        "ModifyVpcEndpoint": Bucket(capacity: 4, refillPerSecond: 0.3),
        "CreateVpcEndpointServiceConfiguration": Bucket(capacity: 10, refillPerSecond: 1),
        "DeleteVpcEndpointServiceConfigurations": Bucket(capacity: 10, refillPerSecond: 1),
        "ModifyVpcEndpointServiceConfiguration": Bucket(capacity: 10, refillPerSecond: 1),
        "DescribeSecurityGroupReferences": Bucket(capacity: 20, refillPerSecond: 5),
        "DescribeStaleSecurityGroups": Bucket(capacity: 20, refillPerSecond: 5),
        "CreateTags": Bucket(capacity: 100, refillPerSecond: 10),
        "DeleteTags": Bucket(capacity: 100, refillPerSecond: 10),
    ]

    /// Actions with a smaller bucket when called without a filter or pagination.
    public static let unfilteredUnpagedActions: Set<String> = [
        "DescribeInstances", "DescribeInstanceStatus", "DescribeNetworkInterfaces", "DescribeSecurityGroups",
        "DescribeSnapshots", "DescribeSpotInstanceRequests", "DescribeVolumes",
    ]

    /// CloudFormation's buckets. AWS publishes no request rates for the CloudFormation API (its quotas page lists
    /// stack counts, not calls per second), and throttles it harder than EC2's describe calls in practice; these
    /// stay well below what a busy account sees throttled, and the standard retry mode absorbs the rest.
    /// `GetTemplate` returns up to 1 MB and gets the smallest bucket.
    public static let cloudFormationBuckets: [String: Bucket] = [
        "DescribeStacks": Bucket(capacity: 20, refillPerSecond: 4),
        "ListStackResources": Bucket(capacity: 20, refillPerSecond: 4),
        "ListExports": Bucket(capacity: 10, refillPerSecond: 2),
        "GetTemplate": Bucket(capacity: 10, refillPerSecond: 2),
    ]

    /// The bucket for an action of `service` (its signing name): CloudFormation's own table (5 per second
    /// refilling 1 for any action not in it), else EC2's rules below, which ELBv2 and STS share.
    public static func bucket(service: String, action: String, filteredOrPaged: Bool) -> Bucket {
        if service == "cloudformation" {
            return cloudFormationBuckets[action] ?? Bucket(capacity: 5, refillPerSecond: 1)
        }
        return bucket(for: action, filteredOrPaged: filteredOrPaged)
    }

    /// The bucket for an action: specific ones first, then unfiltered-unpaginated 50/10, non-mutating 100/20,
    /// and everything else (mutating) 50/5.
    public static func bucket(for action: String, filteredOrPaged: Bool) -> Bucket {
        if let bucket = specificBuckets[action] { return bucket }
        if !filteredOrPaged && unfilteredUnpagedActions.contains(action) {
            return Bucket(capacity: 50, refillPerSecond: 10)
        }
        if ["Describe", "List", "Search", "Get"].contains(where: { action.hasPrefix($0) }) {
            return Bucket(capacity: 100, refillPerSecond: 20)
        }
        return Bucket(capacity: 50, refillPerSecond: 5)
    }
}
