import Foundation
import TestSupport
import Testing

/// `AWS_MAX_ATTEMPTS` and `AWS_RETRY_MODE` reach every client plinv makes: against a proxy that throttles every
/// `DescribeRegions`, `collect --all-regions` sends it exactly as many times as the configuration allows.
@Suite struct RetryConfigurationEndToEndTests {
    static func describeRegionsAttempts(_ settings: [String: String]) async throws -> (Int, ProcessResult) {
        let peer = try await Peer.shared()
        var plan = FaultProxy.Plan()
        plan.always = ["DescribeRegions": "throttle"]
        let proxy = try await FaultProxy.start(upstream: peer.url, plan: plan)
        defer { proxy.stop() }
        let directory = try TemporaryDirectory(prefix: "plinv-retry")
        defer { directory.remove() }
        let environment = try await peer.environment(
            account: await peer.freshAccount(),
            extra: settings.merging(
                ["PLINV_DB": directory.file("plinv.sqlite").path, "AWS_ENDPOINT_URL": proxy.url.absoluteString]
            ) { $1 })
        let result = try await PlinvBinary.run(["collect", "--all-regions"], environment: environment)
        return (try await proxy.counts().byAction["DescribeRegions"]?.requests ?? 0, result)
    }

    @Test func maxAttemptsBoundsTheTries() async throws {
        let (attempts, result) = try await Self.describeRegionsAttempts(["AWS_MAX_ATTEMPTS": "2"])
        #expect(attempts == 2, "\(result.stderrText)")
        #expect(result.status == 1)
        #expect(result.stderrText.contains("RequestLimitExceeded"))
    }

    @Test func legacyModeTriesFiveTimes() async throws {
        let (attempts, result) = try await Self.describeRegionsAttempts(["AWS_RETRY_MODE": "legacy"])
        #expect(attempts == 5, "\(result.stderrText)")
    }

    @Test func standardModeTriesThreeTimes() async throws {
        let (attempts, _) = try await Self.describeRegionsAttempts(["AWS_RETRY_MODE": "standard"])
        #expect(attempts == 3)
    }
}
