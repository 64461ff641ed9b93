import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

@testable import AWSQuery

/// The Query client through `scripts/fault_proxy.py` in front of moto (signature checks on): injected
/// faults are retried within the budget with nothing lost or duplicated, an exhausted budget ends in the
/// last error after exactly `maxAttempts` with the quota charged per retry class, and a truncated body
/// is handled as botocore handles it.
///
/// Truncation, decided as botocore 1.43 does: a body cut short of its Content-Length is a connection
/// error (urllib3 `ProtocolError` → `ConnectionClosedError`, an `HTTPClientError`, retried as
/// transient); a complete HTTP 200 whose XML is cut (a short Content-Length) is a parse error
/// (`ResponseParserError`, raised outside botocore's retry loop, not retried). plinv's client gives
/// `.network` (retried) and `.malformedResponse` (not retried, one attempt) for the same two cases.
@Suite struct FaultInjectionTests {
    static let logger = Logger(label: "fault-injection-test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The waits the client asked for, recorded instead of slept.
    final class SleepLog: Sendable {
        private let waits = Mutex<[Duration]>([])
        var all: [Duration] { waits.withLock { $0 } }
        func record(_ wait: Duration) { waits.withLock { $0.append(wait) } }
    }

    /// A retry policy that records its waits instead of sleeping, with a fixed jitter.
    static func policy(maxAttempts: Int, sleeps: SleepLog) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, random: { 0.5 }, sleep: { sleeps.record($0) })
    }

    /// A client for moto, directly or through `proxy`.
    static func client(
        via proxy: FaultProxy?, retry: RetryPolicy = .standard, metrics: RequestMetrics? = nil
    ) async throws -> QueryClient {
        let peer = try await MotoPeer.shared.info()
        let endpoint = proxy?.url ?? URL(string: peer.url)
        return try QueryClient(
            service: .ec2, region: "us-east-1", endpoint: endpoint,
            credentials: StaticCredentialProvider(
                Credentials(accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey)),
            retry: retry, metrics: metrics)
    }

    /// Every service id of every page, in order, duplicates kept.
    static func serviceIds(_ client: QueryClient, pageSize: Int) async throws -> (ids: [String], pages: Int) {
        var ids: [String] = []
        var pages = 0
        for try await page in client.pages("DescribeVpcEndpointServices", maxResults: pageSize, logger: logger) {
            pages += 1
            ids +=
                page.root.child("serviceDetailSet")?.children(named: "item").compactMap { $0.child("serviceId")?.text }
                ?? []
        }
        return (ids, pages)
    }

    static func proxy(_ configure: (inout FaultProxy.Plan) -> Void) async throws -> FaultProxy {
        var plan = FaultProxy.Plan()
        configure(&plan)
        return try await FaultProxy.start(upstream: URL(string: try await MotoPeer.shared.info().url)!, plan: plan)
    }

    @Test(arguments: [11, 42, 2026])
    func pagingThroughInjectedFaultsLosesAndDuplicatesNothing(seed: Int) async throws {
        let direct = try await Self.serviceIds(try await Self.client(via: nil), pageSize: 10)
        let proxy = try await Self.proxy {
            $0.seed = seed
            ($0.throttle, $0.error500, $0.error503, $0.drop) = (0.1, 0.04, 0.04, 0.04)
            ($0.slow, $0.slowMilliseconds, $0.truncate, $0.truncateMode) = (0.02, 20, 0.04, "cut")
        }
        defer { proxy.stop() }
        let metrics = RequestMetrics()
        let sleeps = SleepLog()
        let client = try await Self.client(
            via: proxy, retry: Self.policy(maxAttempts: 6, sleeps: sleeps), metrics: metrics)
        let faulty = try await Self.serviceIds(client, pageSize: 10)
        let counts = try await proxy.counts()
        let total = metrics.total()
        print("fault proxy seed \(seed): \(counts.summary); client attempts=\(total.attempts) retries=\(total.retries)")

        #expect(direct.pages > 5, "moto should page the listing")
        #expect(faulty.ids == direct.ids)
        #expect(Set(faulty.ids).count == faulty.ids.count)
        #expect(faulty.pages == direct.pages)
        let failedAttempts = counts.faultsInjected - counts.faults["slow", default: 0]
        #expect(failedAttempts > 0, "the plan should inject failures")
        #expect(total.requests == direct.pages)
        #expect(total.attempts == counts.requests)
        #expect(total.retries == failedAttempts)
        #expect(total.throttles == counts.faults["throttle"])
        #expect(total.failures == 0)
        #expect(sleeps.all.count == total.retries)
    }

    /// One fault kind on every attempt: its retry class, the error it ends in, the quota cost per retry.
    struct Exhaustion: Sendable, CustomTestStringConvertible {
        var kind: String
        var retryCost: Int
        var throttles: Bool
        var check: @Sendable (QueryError) -> Bool
        var testDescription: String { kind }
    }

    static let exhaustions: [Exhaustion] = [
        Exhaustion(kind: "throttle", retryCost: 5, throttles: true) {
            $0.code == "RequestLimitExceeded" && $0.status == 503
        },
        Exhaustion(kind: "error500", retryCost: 5, throttles: false) { $0.code == "InternalError" && $0.status == 500 },
        Exhaustion(kind: "error503", retryCost: 5, throttles: false) {
            if case .httpStatus(503, let excerpt) = $0 { return excerpt.contains("Unavailable") }
            return false
        },
        Exhaustion(kind: "drop", retryCost: 5, throttles: false) {
            if case .network = $0 { return true }
            return false
        },
        Exhaustion(kind: "truncate", retryCost: 5, throttles: false) {
            if case .network = $0 { return true }
            return false
        },
    ]

    @Test(arguments: exhaustions)
    func aFaultOnEveryAttemptEndsAfterExactlyMaxAttemptsWithTheQuotaCharged(_ exhaustion: Exhaustion) async throws {
        let proxy = try await Self.proxy {
            $0.always = ["DescribeVpcEndpoints": exhaustion.kind]
            $0.truncateMode = "cut"
        }
        defer { proxy.stop() }
        let metrics = RequestMetrics()
        let sleeps = SleepLog()
        let client = try await Self.client(
            via: proxy, retry: Self.policy(maxAttempts: 3, sleeps: sleeps), metrics: metrics)
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeVpcEndpoints", logger: Self.logger)
        }
        let failure = try #require(error)
        #expect(exhaustion.check(failure), "\(exhaustion.kind) ended in: \(failure)")
        let counts = try await proxy.counts()
        print("fault proxy always \(exhaustion.kind): \(counts.summary)")
        #expect(counts.byAction["DescribeVpcEndpoints"] == FaultProxy.Counts.ActionCounts(requests: 3, faults: 3))
        let action = try #require(metrics.snapshot()["DescribeVpcEndpoints"])
        #expect(action.attempts == 3)
        #expect(action.retries == 2)
        #expect(action.failures == 1)
        #expect(action.throttles == (exhaustion.throttles ? 3 : 0))
        #expect(client.quota.available == client.quota.capacity - 2 * exhaustion.retryCost)
        let base: Duration = .seconds(1)  // botocore 1.43: one second for throttling and transient errors alike
        #expect(sleeps.all == [base / 2, base], "backoff is jitter 0.5 × base × 2^retry")

        // Another action is untouched, and its first-try success gives one token back.
        _ = try await client.send("DescribeVpcs", logger: Self.logger)
        #expect(client.quota.available == client.quota.capacity - 2 * exhaustion.retryCost + 1)
    }

    @Test func aCompleteResponseWithCutXMLIsOneClearMalformedResponseErrorNotRetried() async throws {
        let proxy = try await Self.proxy {
            $0.always = ["DescribeRegions": "truncate"]
            $0.truncateMode = "short"
        }
        defer { proxy.stop() }
        let metrics = RequestMetrics()
        let client = try await Self.client(
            via: proxy, retry: Self.policy(maxAttempts: 3, sleeps: SleepLog()), metrics: metrics)
        let error = await #expect(throws: QueryError.self) {
            try await client.send("DescribeRegions", logger: Self.logger)
        }
        guard case .malformedResponse(let action, let status, let detail) = try #require(error) else {
            Issue.record("expected malformedResponse, got \(String(describing: error))")
            return
        }
        #expect(action == "DescribeRegions" && status == 200)
        #expect(detail.contains("malformed XML at line"), "\(detail)")
        #expect(metrics.snapshot()["DescribeRegions"]?.attempts == 1)
        #expect(try await proxy.counts().truncations["short"] == 1)
    }
}
