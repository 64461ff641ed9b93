import Foundation
import Logging
import Synchronization
import Testing

@testable import AWSQuery

@Suite struct QueryClientTests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let provider = StaticCredentialProvider(
        Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: secret, sessionToken: "session-token-secret"))
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func client(
        _ service: AWSService = .ec2, region: String = "us-east-1", endpoint: URL? = nil,
        transport: ScriptedTransport, retry: RetryPolicy, metrics: RequestMetrics? = nil,
        rateLimiter: RateLimiter? = nil
    ) throws -> QueryClient {
        try QueryClient(
            service: service, region: region, endpoint: endpoint, credentials: provider, transport: transport,
            retry: retry, rateLimiter: rateLimiter, rateLimitKey: "123456789012", metrics: metrics,
            now: { Date(timeIntervalSince1970: 1_795_000_000) })
    }

    static let throttled = ScriptedTransport.Step.respond(
        HTTPResponse(status: 503, body: Fixture.data("ec2-throttled.xml")))
    static let page2 = ScriptedTransport.Step.respond(
        HTTPResponse(status: 200, body: Fixture.data("describe-vpc-endpoints-page2.xml")))

    @Test func sendsASignedFormPostToTheDefaultEndpoint() async throws {
        let transport = ScriptedTransport([Self.page2])
        let client = try Self.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        let root = try await client.send("DescribeVpcEndpoints", [("Filter.1.Name", "vpc-id")], logger: Self.logger)
        #expect(root.name == "DescribeVpcEndpointsResponse")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://ec2.us-east-1.amazonaws.com/")
        #expect(
            String(decoding: request.body, as: UTF8.self)
                == "Action=DescribeVpcEndpoints&Version=2016-11-15&Filter.1.Name=vpc-id")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("X-Amz-Security-Token") == "session-token-secret")
        #expect(request.header("Content-Length") == nil)
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
        #expect(
            authorization.contains(
                "/us-east-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "))
    }

    @Test(arguments: [
        (AWSService.ec2, "us-east-1", "https://ec2.us-east-1.amazonaws.com/"),
        (AWSService.elbv2, "eu-west-1", "https://elasticloadbalancing.eu-west-1.amazonaws.com/"),
        (AWSService.sts, "ap-southeast-2", "https://sts.ap-southeast-2.amazonaws.com/"),
        (AWSService.ec2, "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn/"),
    ])
    func defaultEndpoints(service: AWSService, region: String, expected: String) throws {
        #expect(try service.defaultEndpoint(region: region).absoluteString == expected)
    }

    @Test func anExplicitEndpointWinsAndBadOnesAreRejected() throws {
        let transport = ScriptedTransport([Self.page2])
        let local = try #require(URL(string: "http://127.0.0.1:5000"))
        let client = try Self.client(endpoint: local, transport: transport, retry: .standard)
        #expect(client.endpoint == local)
        #expect(throws: QueryError.self) {
            try Self.client(endpoint: URL(string: "file:///tmp/x"), transport: transport, retry: .standard)
        }
        #expect(throws: QueryError.self) {
            try Self.client(region: "us east/1", transport: transport, retry: .standard)
        }
    }

    @Test func throttlingIsRetriedWithBackoffThenSucceeds() async throws {
        let recorder = SleepRecorder()
        let metrics = RequestMetrics()
        let transport = ScriptedTransport([Self.throttled, Self.throttled, Self.page2])
        let client = try Self.client(
            transport: transport, retry: .instant(random: 0.5, recorder: recorder), metrics: metrics)
        _ = try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        #expect(transport.requests.count == 3)
        #expect(recorder.delays == [.milliseconds(500), .seconds(1)])
        let counts = try #require(metrics.snapshot()["DescribeVpcEndpoints"])
        #expect(counts.requests == 1)
        #expect(counts.attempts == 3)
        #expect(counts.retries == 2)
        #expect(counts.throttles == 2)
        #expect(counts.failures == 0)
        #expect(client.quota.available == 500 - 5 - 5 + 5)
    }

    @Test func throttlingStopsAfterMaxAttemptsWithTheLastError() async throws {
        let recorder = SleepRecorder()
        let transport = ScriptedTransport([Self.throttled])
        let client = try Self.client(transport: transport, retry: .instant(recorder: recorder, maxAttempts: 4))
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        }
        #expect(error?.code == "RequestLimitExceeded")
        #expect(transport.requests.count == 4)
        #expect(recorder.delays == [.milliseconds(500), .seconds(1), .seconds(2)])
    }

    @Test(arguments: ["AuthFailure", "UnauthorizedOperation", "InvalidParameterValue"])
    func clientErrorsAreNotRetried(code: String) async throws {
        let body = "<Response><Errors><Error><Code>\(code)</Code><Message>no</Message></Error></Errors></Response>"
        let transport = ScriptedTransport([.respond(HTTPResponse(status: 403, body: Data(body.utf8)))])
        let recorder = SleepRecorder()
        let client = try Self.client(transport: transport, retry: .instant(recorder: recorder))
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        }
        #expect(error?.code == code)
        #expect(transport.requests.count == 1)
        #expect(recorder.delays.isEmpty)
    }

    @Test func anEmptyQuotaStopsRetries() async throws {
        let transport = ScriptedTransport([.fail(.network("connection reset"))])
        let recorder = SleepRecorder()
        let client = try Self.client(
            transport: transport, retry: .instant(recorder: recorder, maxAttempts: 10, quota: 12))
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        }
        #expect(error == .network("connection reset"))
        #expect(transport.requests.count == 3)  // two retries cost 5 each of 12; the third finds 2
        #expect(client.quota.available == 2)
    }

    @Test func networkErrorsAndHTML500AreRetriedAsTransient() async throws {
        let html = ScriptedTransport.Step.respond(HTTPResponse(status: 500, body: Fixture.data("moto-500.html")))
        let transport = ScriptedTransport([.fail(.network("reset")), html, Self.page2])
        let recorder = SleepRecorder()
        let client = try Self.client(transport: transport, retry: .instant(random: 1, recorder: recorder))
        _ = try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        #expect(recorder.delays == [.seconds(1), .seconds(2)])  // botocore: rand × 2^retry s, not a 50 ms base
    }

    @Test func aTimedOutRequestCostsTenQuotaTokens() async throws {
        let transport = ScriptedTransport([.fail(.network("Operation timed out after 30000 milliseconds")), Self.page2])
        let client = try Self.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        _ = try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        #expect(client.quota.available == 500)  // 10 taken for the retry, 10 given back by its success
        let failing = ScriptedTransport([.fail(.network("Operation timed out"))])
        let exhausted = try Self.client(transport: failing, retry: .instant(recorder: SleepRecorder()))
        await #expect(throws: QueryError.self) { try await exhausted.send("DescribeVpcEndpoints", logger: Self.logger) }
        #expect(exhausted.quota.available == 480)
    }

    @Test func legacyModeRetriesFiveTimesUncappedWithoutAQuota() async throws {
        let recorder = SleepRecorder()
        let transport = ScriptedTransport([Self.throttled])
        let retry = RetryPolicy(mode: .legacy, random: { 1 }, sleep: { recorder.record($0) })
        let client = try Self.client(transport: transport, retry: retry)
        await #expect(throws: QueryError.self) { try await client.send("DescribeVpcEndpoints", logger: Self.logger) }
        #expect(transport.requests.count == 5)
        #expect(recorder.delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8)])
    }

    @Test func cancellationStopsABackoffWaitPromptly() async throws {
        let transport = ScriptedTransport([Self.throttled])
        let retry = RetryPolicy(
            maxAttempts: 3, throttlingBaseDelay: .seconds(3600), maxBackoff: .seconds(7200), random: { 1 })
        let client = try Self.client(transport: transport, retry: retry)
        let task = Task { try await client.send("DescribeVpcEndpoints", logger: Self.logger) }
        for await _ in transport.arrivals { break }  // the first attempt happened; the client is now backing off
        task.cancel()
        let result = await task.result
        #expect(throws: QueryError.cancelled) { try result.get() }
        #expect(transport.requests.count == 1)
    }

    @Test func errorDescriptionsNeverCarrySecrets() async throws {
        let transport = ScriptedTransport(status: 401, fixture: "moto-auth-failure.xml")
        let client = try Self.client(transport: transport, retry: .instant(recorder: SleepRecorder()))
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        }
        let text = "\(String(describing: error)) \(String(reflecting: error))"
        #expect(!text.contains(Self.secret))
        #expect(!text.contains("session-token-secret"))
        #expect(!text.contains("Signature="))
    }

    @Test func sendingDrawsFromTheRateLimiterBucketOfTheAccount() async throws {
        let clock = FakeClock()
        let limiter = RateLimiter(batchInterval: 0, now: { clock.now }, sleep: { clock.sleep($0) })
        let transport = ScriptedTransport([Self.page2])
        let client = try Self.client(
            transport: transport, retry: .instant(recorder: SleepRecorder()), rateLimiter: limiter)
        for _ in 0..<11 { _ = try await client.send("AcceptVpcEndpointConnections", logger: Self.logger) }
        #expect(clock.sleeps == [1])
        let left = await limiter.tokens(
            account: "123456789012", region: "us-east-1", action: "AcceptVpcEndpointConnections")
        #expect(left == 0)
    }

    /// A limiter on a fake clock whose `AcceptVpcEndpointConnections` bucket (10, refilling 1 a second) was just
    /// emptied by 10 calls through a client on a transport that schedules requests, and that client.
    static func emptiedBucket(
        retry: RetryPolicy = .instant(recorder: SleepRecorder())
    ) async throws -> (clock: FakeClock, limiter: RateLimiter, transport: ScriptedTransport, client: QueryClient) {
        let clock = FakeClock()
        let limiter = RateLimiter(batchInterval: 0, now: { clock.now }, sleep: { clock.sleep($0) })
        let transport = ScriptedTransport([Self.page2], schedulesRequests: true)
        let client = try Self.client(transport: transport, retry: retry, rateLimiter: limiter)
        for _ in 0..<10 { _ = try await client.send("AcceptVpcEndpointConnections", logger: Self.logger) }
        return (clock, limiter, transport, client)
    }

    // A transport that schedules requests (libcurl's event thread) is handed the wait with the request: the task does
    // not sleep first, which on a paced collect cost a timer's and a worker's thread hand-off per call.
    @Test func aSchedulingTransportIsHandedTheRateLimitWait() async throws {
        let (clock, _, transport, client) = try await Self.emptiedBucket()
        let before = ContinuousClock.now
        _ = try await client.send("AcceptVpcEndpointConnections", logger: Self.logger)
        let after = ContinuousClock.now
        #expect(clock.sleeps.isEmpty, "the task slept instead of handing the wait over")
        #expect(transport.starts.prefix(10).allSatisfy { $0 == nil }, "a call within the bucket waits for nothing")
        // The bucket (10, refilling 1 a second) is empty: the 11th call may start one second after it was made.
        let start = try #require(transport.starts.last ?? nil)
        #expect(start >= before + .seconds(1) && start <= after + .seconds(1))
    }

    // A call cancelled while its start time had not come was never sent: its token goes back to the bucket.
    @Test func aCallCancelledBeforeItsStartGivesItsTokenBack() async throws {
        let limiter = try await Self.emptiedBucket().limiter
        let cancelling = ScriptedTransport([.fail(.cancelled)], schedulesRequests: true)
        let cancelled = try Self.client(
            transport: cancelling, retry: .instant(recorder: SleepRecorder()), rateLimiter: limiter)
        await #expect(throws: QueryError.cancelled) {
            try await cancelled.send("AcceptVpcEndpointConnections", logger: Self.logger)
        }
        #expect(cancelling.starts.count == 1 && cancelling.starts[0] != nil)
        let left = await limiter.tokens(
            account: "123456789012", region: "us-east-1", action: "AcceptVpcEndpointConnections")
        #expect(left == 0, "the cancelled call's token was not given back")
    }

    // Cancelled while its credentials were fetched (before it was ever handed over): the token goes back too.
    @Test func aCallCancelledWhileSigningGivesItsTokenBack() async throws {
        final class CancelledEleventh: CredentialProvider {
            let calls = Mutex(0)
            var sourceDescription: String { "test" }
            func credentials(logger: Logger) async throws -> Credentials {
                let call = calls.withLock {
                    $0 += 1
                    return $0
                }
                if call == 11 { throw CancellationError() }
                return Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: nil)
            }
        }
        let clock = FakeClock()
        let limiter = RateLimiter(batchInterval: 0, now: { clock.now }, sleep: { clock.sleep($0) })
        let transport = ScriptedTransport([Self.page2], schedulesRequests: true)
        let client = try QueryClient(
            service: .ec2, region: "us-east-1", endpoint: nil, credentials: CancelledEleventh(), transport: transport,
            retry: .instant(recorder: SleepRecorder()), rateLimiter: limiter, rateLimitKey: "123456789012",
            metrics: nil, now: { Date(timeIntervalSince1970: 1_795_000_000) })
        for _ in 0..<10 { _ = try await client.send("AcceptVpcEndpointConnections", logger: Self.logger) }
        await #expect(throws: QueryError.cancelled) {
            try await client.send("AcceptVpcEndpointConnections", logger: Self.logger)
        }
        #expect(transport.requests.count == 10, "the cancelled call was sent")
        let left = await limiter.tokens(
            account: "123456789012", region: "us-east-1", action: "AcceptVpcEndpointConnections")
        #expect(left == 0, "the cancelled call's token was not given back")
    }

    // In adaptive mode the adaptive layer waits after the limiter, in the task: were the limiter's wait handed to the
    // transport, the two would overlap and calls go out faster than the adaptive rate.
    @Test func inAdaptiveModeTheTaskWaitsForTheLimiterFirst() async throws {
        let recorder = SleepRecorder()
        let adaptive = RetryPolicy(mode: .adaptive, random: { 0.5 }, sleep: { recorder.record($0) })
        let (clock, _, transport, client) = try await Self.emptiedBucket(retry: adaptive)
        _ = try await client.send("AcceptVpcEndpointConnections", logger: Self.logger)
        #expect(clock.sleeps == [1])
        #expect(transport.starts.allSatisfy { $0 == nil })
    }

    @Test func credentialFailuresBecomeCredentialErrors() async throws {
        struct Failing: CredentialProvider {
            struct Boom: Error {}
            var sourceDescription: String { "failing test source" }
            func credentials(logger: Logger) async throws -> Credentials { throw Boom() }
        }
        let transport = ScriptedTransport([Self.page2])
        let client = try QueryClient(service: .ec2, region: "us-east-1", credentials: Failing(), transport: transport)
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        }
        #expect("\(String(describing: error))".contains("failing test source"))
        #expect(transport.requests.isEmpty)
    }
}
