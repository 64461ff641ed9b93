import Testing

@testable import AWSQuery

@Suite struct RateLimiterTests {
    static func limiter(_ clock: FakeClock) -> RateLimiter {
        RateLimiter(now: { clock.now }, sleep: { clock.sleep($0) })
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
        let limiter = RateLimiter(now: { clock.now }, sleep: { _ in throw CancellationError() })
        for _ in 0..<4 { try await limiter.acquire(account: "a", region: "r", action: "CreateVpcEndpoint") }
        await #expect(throws: QueryError.cancelled) {
            try await limiter.acquire(account: "a", region: "r", action: "CreateVpcEndpoint")
        }
        let left = try #require(await limiter.tokens(account: "a", region: "r", action: "CreateVpcEndpoint"))
        #expect(abs(left) < 1e-9)
    }
}
