import Foundation
import Logging
import Testing

@testable import AWSQuery

/// Clock-skew correction against a loopback stub whose clock runs ahead (`Fixtures/skew_stub.py`): a skew error
/// with a skewed `Date` is corrected once, the offset stays with the client, a second skew error is not looped on.
@Suite struct ClockSkewTests {
    static let script = Fixture.directory.appendingPathComponent("skew_stub.py").path

    static func queryClient(_ server: CurlTransportTests.RawServer, now: @escaping @Sendable () -> Date = { Date() })
        throws -> QueryClient
    {
        try QueryClient(
            service: .ec2, region: "us-east-1", endpoint: server.url("/"), credentials: QueryClientTests.provider,
            transport: CurlTransport(), retry: .instant(recorder: SleepRecorder()), rateLimiter: nil,
            rateLimitKey: nil, metrics: nil, now: now)
    }

    @Test func aSkewedQueryCallIsCorrectedOnceAndTheOffsetIsKept() async throws {
        let server = try await CurlTransportTests.RawServer.start([Self.script, "3600"])
        let metrics = RequestMetrics()
        let client = try QueryClient(
            service: .ec2, region: "us-east-1", endpoint: server.url("/"), credentials: QueryClientTests.provider,
            transport: CurlTransport(), retry: .instant(recorder: SleepRecorder()), rateLimiter: nil,
            rateLimitKey: nil, metrics: metrics, now: { Date() })
        let root = try await client.send("DescribeRegions", logger: QueryClientTests.logger)
        #expect(root.name == "DescribeRegionsResponse")
        #expect(await server.next(2).map { $0[0] } == ["403", "200"])
        // The correction is the stub's hour; HTTP's Date has whole seconds and a loaded machine answers late, so the
        // bound is loose: what matters is that the hour is found, not how long the round trip took.
        #expect(abs(client.clockSkew.seconds - 3600) < 120)
        _ = try await client.send("DescribeRegions", logger: QueryClientTests.logger)
        #expect(await server.next(1).map { $0[0] } == ["200"])  // the next call is signed at the corrected time
        let counts = try #require(metrics.snapshot()["DescribeRegions"])
        #expect(counts.requests == 2)
        #expect(counts.attempts == 3)
        #expect(counts.failures == 0)
    }

    @Test func aSkewErrorThatStaysIsRetriedOnlyOnce() async throws {
        let server = try await CurlTransportTests.RawServer.start([Self.script, "3600", "always"])
        let client = try Self.queryClient(server)
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeRegions", logger: QueryClientTests.logger)
        }
        #expect(error?.code == "RequestTimeTooSkewed")
        #expect(await server.next(2).count == 2)  // the first answer and one corrected retry, no loop
        #expect(abs(client.clockSkew.seconds - 3600) < 120)
    }

    @Test func aSmallSkewIsLeftAlone() async throws {
        let server = try await CurlTransportTests.RawServer.start([Self.script, "120", "always"])
        let client = try Self.queryClient(server)
        await #expect(throws: QueryError.self) {
            try await client.send("DescribeRegions", logger: QueryClientTests.logger)
        }
        #expect(await server.next(1).map { $0[0] } == ["403"])
        #expect(client.clockSkew.seconds == 0)
    }

    @Test func theJSONProtocolIsCorrectedThroughTheSamePipeline() async throws {
        let server = try await CurlTransportTests.RawServer.start([Self.script, "-3600"])
        struct Roots: Decodable { var Roots: [String] }
        let client = try JSONClient(
            service: .organizations, region: "eu-west-1", endpoint: server.url("/"),
            credentials: QueryClientTests.provider, retry: .instant(recorder: SleepRecorder()))
        let roots = try await client.send("ListRoots", as: Roots.self, logger: QueryClientTests.logger)
        #expect(roots.Roots.isEmpty)
        #expect(await server.next(2).map { $0[0] } == ["403", "200"])
    }

    @Test func httpDatesParse() throws {
        let date = try #require(ClockSkew.parseHTTPDate("Tue, 01 Dec 2026 15:17:38 GMT"))
        #expect(date.timeIntervalSince1970 == 1_796_138_258)
        #expect(ClockSkew.parseHTTPDate("yesterday") == nil)
    }
}
