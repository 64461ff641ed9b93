import Testing
import TestSupport

@testable import AWSQuery

@Suite struct RateLimiterTests {
    /// A limiter on `clock` that starts each call when its token is due (no grid).
    static func limiter(_ clock: FakeClock) -> RateLimiter {
        RateLimiter(batchInterval: 0, now: { clock.now }, sleep: { clock.sleep($0) })
    }

    @Test(arguments: [
        ("DescribeVpcEndpoints", true, 100.0, 20.0),
        ("DescribeSecurityGroups", false, 50, 10),
        ("DescribeSecurityGroups", true, 100, 20),
        ("AcceptVpcEndpointConnections", true, 10, 1),
        ("RejectVpcEndpointConnections", true, 10, 1),
        ("CreateVpcEndpoint", true, 4, 0.3),
        ("DescribeStaleSecurityGroups", true, 20, 5),
        ("GetManagedPrefixListEntries", true, 100, 20),
        ("AuthorizeSecurityGroupIngress", true, 50, 5),
    ])
    func bucketsFollowEC2sPublishedSizes(action: String, filtered: Bool, capacity: Double, refill: Double) {
        #expect(
            RateLimiter.bucket(for: action, filteredOrPaged: filtered)
                == .init(capacity: capacity, refillPerSecond: refill))
    }

    @Test func waitsForATokenOnceTheBucketIsEmpty() async throws {
        let clock = FakeClock()
        let limiter = Self.limiter(clock)
        for _ in 0..<100 {
            try await limiter.acquire(account: "111", region: "us-east-1", action: "DescribeVpcEndpoints")
        }
        #expect(clock.sleeps.isEmpty)
        let waited = try await limiter.acquire(account: "111", region: "us-east-1", action: "DescribeVpcEndpoints")
        #expect(abs(waited - 0.05) < 1e-9)
        #expect(clock.sleeps.count == 1)
    }

    @Test func acceptDrainsAfterTenAndRefillsOnePerSecond() async throws {
        let clock = FakeClock()
        let limiter = Self.limiter(clock)
        for _ in 0..<10 { try await limiter.acquire(account: "a", region: "r", action: "AcceptVpcEndpointConnections") }
        let first = try await limiter.acquire(account: "a", region: "r", action: "AcceptVpcEndpointConnections")
        #expect(abs(first - 1) < 1e-9)
        clock.advance(10)
        let refilled = try #require(
            await limiter.tokens(account: "a", region: "r", action: "AcceptVpcEndpointConnections"))
        #expect(abs(refilled - 10) < 1e-9)
    }

    @Test func bucketsAreSeparatePerAccountRegionAndAction() async throws {
        let clock = FakeClock()
        let limiter = Self.limiter(clock)
        for _ in 0..<10 { try await limiter.acquire(account: "a", region: "r", action: "AcceptVpcEndpointConnections") }
        try await limiter.acquire(account: "b", region: "r", action: "AcceptVpcEndpointConnections")
        try await limiter.acquire(account: "a", region: "s", action: "AcceptVpcEndpointConnections")
        try await limiter.acquire(account: "a", region: "r", action: "RejectVpcEndpointConnections")
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aCancelledWaitReturnsItsToken() async throws {
        let clock = FakeClock()
        let limiter = RateLimiter(batchInterval: 0, now: { clock.now }, sleep: { _ in throw CancellationError() })
        for _ in 0..<4 { try await limiter.acquire(account: "a", region: "r", action: "CreateVpcEndpoint") }
        await #expect(throws: QueryError.cancelled) {
            try await limiter.acquire(account: "a", region: "r", action: "CreateVpcEndpoint")
        }
        let left = try #require(await limiter.tokens(account: "a", region: "r", action: "CreateVpcEndpoint"))
        #expect(abs(left) < 1e-9)
    }

    // A 20-a-second bucket, emptied: its next calls are due every 0.05 s, and start four at a time on the 0.2 s grid.
    @Test func heldBackCallsStartTogetherOnTheGrid() async throws {
        let clock = FakeClock()
        let limiter = RateLimiter(batchInterval: 0.2, now: { clock.now }, sleep: { clock.sleep($0) })
        let key = RateLimiter.Key(account: "a", region: "r", action: "DescribeVpcEndpoints")
        for _ in 0..<100 { #expect(await limiter.reserve(key) == 0) }
        var waits: [Double] = []
        for _ in 0..<8 { waits.append(await limiter.reserve(key)) }
        let expected = [0.2, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4, 0.4]
        #expect(zip(waits, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "\(waits)")
        // A wait that already ends on the grid keeps its length: a 1-a-second bucket's next call waits 1 s, not 1.2.
        let accept = RateLimiter.Key(account: "a", region: "r", action: "AcceptVpcEndpointConnections")
        for _ in 0..<10 { #expect(await limiter.reserve(accept) == 0) }
        #expect(abs(await limiter.reserve(accept) - 1) < 1e-9)
    }

    // At 0.4 s on the clock a 5-a-second bucket's next call is due at 0.4 + 0.2, which a Double makes
    // 0.6000000000000001: that is the grid point 0.6, not a reason to wait for 0.8.
    @Test func aDueTimeRoundedPastAGridPointStaysOnIt() async throws {
        let clock = FakeClock()
        clock.advance(0.2)
        clock.advance(0.2)
        let limiter = RateLimiter(batchInterval: 0.2, now: { clock.now }, sleep: { clock.sleep($0) })
        let key = RateLimiter.Key(account: "a", region: "r", action: "DescribeStaleSecurityGroups")
        for _ in 0..<20 { #expect(await limiter.reserve(key) == 0) }
        #expect(abs(await limiter.reserve(key) - 0.2) < 1e-9)
        #expect(RateLimiter(batchInterval: -1).batchInterval == 0, "a negative interval is no grid")
    }

    // Calls arriving at random times through a 20-a-second bucket: on the grid, each starts at or after the time it
    // starts without one and less than an interval later, and AWS's bucket of the same size never runs dry.
    @Test(arguments: [1, 2, 3])
    func theGridKeepsTheBucketsRate(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let arrivals = (0..<600).map { _ in Double.random(in: 0..<20, using: &random) }.sorted()
        func starts(_ interval: Double) async -> [Double] {
            let clock = FakeClock()
            let limiter = RateLimiter(batchInterval: interval, now: { clock.now }, sleep: { clock.sleep($0) })
            let key = RateLimiter.Key(account: "a", region: "r", action: "DescribeVpcEndpoints")
            var result: [Double] = []
            for arrival in arrivals {
                clock.advance(arrival - clock.now)
                result.append(arrival + (await limiter.reserve(key)))
            }
            return result
        }
        let interval = RateLimiter.defaultBatchInterval
        let exact = await starts(0)
        let batched = await starts(interval)
        #expect(zip(batched, exact).allSatisfy { $0 >= $1 - 1e-9 && $0 < $1 + interval })
        let heldBack = zip(arrivals, batched).filter { $1 > $0 + 1e-9 }.map(\.1)
        #expect(heldBack.count > 50, "too few calls were held back to test anything")
        #expect(
            heldBack.allSatisfy { abs($0 / interval - ($0 / interval).rounded()) < 1e-6 }, "a call started off the grid"
        )
        let throttled = Self.throttled(batched, by: RateLimiter.Bucket(capacity: 100, refillPerSecond: 20))
        #expect(throttled.isEmpty, "calls at \(throttled.prefix(3)) s would be throttled")
    }

    // Workers that each call again as soon as their last call returns (the collect's permission listings) are held
    // back by the bucket, not by the grid: on the default grid the last of 1,007 calls starts less than one interval
    // after it would start with none, and AWS's bucket of the same size never runs dry. Held-back calls wait for a grid
    // point, but the tokens that accrue meanwhile let the next calls go at once. Each case's workers ask for more than
    // the bucket refills, so it holds calls back: the describe bucket (100, 20 a second), DescribeStaleSecurityGroups'
    // (20, 5) and CloudFormation's default (5, 1).
    @Test(arguments: [
        (1, 0.0, "ec2", "DescribeVpcEndpointServicePermissions"),
        (8, 0.0, "ec2", "DescribeVpcEndpointServicePermissions"),
        (8, 0.05, "ec2", "DescribeVpcEndpointServicePermissions"),
        (8, 0.35, "ec2", "DescribeVpcEndpointServicePermissions"),
        (32, 0.2, "ec2", "DescribeVpcEndpointServicePermissions"),
        (4, 0.1, "ec2", "DescribeStaleSecurityGroups"),
        (2, 0.3, "cloudformation", "DescribeStackResources"),
    ])
    func aLoopOfWorkersKeepsTheBucketsRate(workers: Int, latency: Double, service: String, action: String)
        async throws
    {
        let bucket = RateLimiter.bucket(service: service, action: action, filteredOrPaged: true)
        let calls = 1_007
        func starts(_ interval: Double) async -> [Double] {
            let clock = FakeClock()
            let limiter = RateLimiter(batchInterval: interval, now: { clock.now }, sleep: { clock.sleep($0) })
            let key = RateLimiter.Key(service: service, account: "a", region: "r", action: action)
            var ready = [Double](repeating: 0.001, count: workers)  // when each worker next asks for a token
            var result: [Double] = []
            for _ in 0..<calls {
                let worker = ready.indices.min { ready[$0] < ready[$1] }!
                clock.advance(ready[worker] - clock.now)
                let start = ready[worker] + (await limiter.reserve(key))
                result.append(start)
                ready[worker] = start + latency
            }
            return result
        }
        let exact = await starts(0)
        let gridded = await starts(RateLimiter.defaultBatchInterval)
        // Held back by the bucket: without a grid the last call starts when its token is due.
        let due = 0.001 + (Double(calls) - bucket.capacity) / bucket.refillPerSecond
        #expect(abs(exact.max()! - due) < 0.01, "the bucket did not hold the calls back: \(exact.max()!) s")
        #expect(
            gridded.max()! < exact.max()! + RateLimiter.defaultBatchInterval + 1e-9,
            "\(workers) workers, latency \(latency) s: the last call at \(gridded.max()!) s, \(exact.max()!) s without")
        let throttled = Self.throttled(gridded, by: bucket)
        #expect(throttled.isEmpty, "calls at \(throttled.prefix(3)) s would be throttled")
    }

    /// AWS's side: the starts (seconds from 0) that a bucket of this size, full at 0, would throttle, spending a token
    /// on each call it receives.
    static func throttled(_ starts: [Double], by bucket: RateLimiter.Bucket) -> [Double] {
        var tokens = bucket.capacity
        var last = 0.0
        var throttled: [Double] = []
        for start in starts.sorted() {
            tokens = min(bucket.capacity, tokens + (start - last) * bucket.refillPerSecond) - 1
            last = start
            if tokens < -1e-6 { throttled.append(start) }
        }
        return throttled
    }

    // While a held-back call waits (less than an interval past its due time), AWS's bucket holds that call's token and
    // up to an interval's refill. A bucket smaller than that would lose tokens to its cap, and the calls bunched on the
    // grid point would be throttled (as `theGridKeepsTheBucketsRate` finds for an 8 s grid), so every bucket holds
    // one token more than an interval's refill.
    @Test func everyBucketHoldsAnIntervalsRefill() {
        let buckets =
            Array(RateLimiter.specificBuckets.values) + Array(RateLimiter.cloudFormationBuckets.values) + [
                RateLimiter.bucket(for: "DescribeVpcEndpoints", filteredOrPaged: true),
                RateLimiter.bucket(for: "DescribeSecurityGroups", filteredOrPaged: false),
                RateLimiter.bucket(for: "CreateSecurityGroup", filteredOrPaged: true),
                RateLimiter.bucket(service: "cloudformation", action: "DescribeStackResources", filteredOrPaged: true),
            ]
        for bucket in buckets {
            #expect(
                1 + RateLimiter.defaultBatchInterval * bucket.refillPerSecond <= bucket.capacity,
                "\(bucket.capacity) tokens, \(bucket.refillPerSecond) a second")
        }
    }
}
