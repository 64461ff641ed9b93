import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// How `collect` behaves as a scheduler sees it: partial results, exit codes, the API calls it makes.
@Suite struct CollectBehaviourTests {
    @Test func aFailedScopeGivesAPartialSnapshotAndExit3() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let result = try await scenario.collect(extra: ["--profile", "ghost"])
        #expect(result.status == 3, "\(result.stderrText)")
        #expect(
            Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "the snapshot id is printed")
        #expect(result.stderrText.contains("failed scope"))

        let listing = try JSONValue.parse(try await scenario.plinv(["snapshots", "--format", "json"]).stdout)
        let snapshot = try #require(listing["snapshots"]?.arrayValue?.first)
        #expect(snapshot["status"] == .string("partial"))
        let scopes = snapshot["scopes"]?.arrayValue ?? []
        let failed = scopes.filter { $0["status"] == .string("failed") }
        #expect(failed.count == ArticleScenario.regions.count)
        #expect(failed.allSatisfy { ($0["error"]?.stringValue ?? "").contains("ghost") })
        #expect(scopes.filter { $0["status"] == .string("ok") }.count == 4, "the reachable accounts are all kept")
        #expect((snapshot["counts"]?["endpointService"]?.intValue ?? 0) > 0)
    }

    @Test func nothingCollectedIsExit1AndStoresNothing() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let result = try await scenario.plinv(
            [
                "collect", "--profile", "ghost", "--region", "eu-west-1", "--endpoint-url",
                scenario.peer.url.absoluteString,
            ])
        #expect(result.status == 1)
        #expect(result.stdoutText.isEmpty)
        let listing = try await scenario.plinv(["snapshots", "--format", "json"])
        #expect(try JSONValue.parse(listing.stdout)["snapshots"]?.arrayValue?.isEmpty == true)
    }

    @Test func collectMakesTheMinimumNumberOfAPICalls() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let result = try await scenario.collect()
        #expect(result.status == 0)
        // Per account: AssumeRole and GetCallerIdentity. Per scope: service configurations, endpoints, security
        // groups, load balancers; where we own services, one permissions listing per service and one connections
        // listing. Every list fits one page here.
        var minimum = 2 * 2
        for region in ArticleScenario.regions {
            let services = scenario.summary["regions"]?[region]?["provider"]?["serviceId"] == nil ? 0 : 1
            minimum += 4 + services + (services > 0 ? 1 : 0)  // provider scope
            minimum += 4  // consumer scope: no services of its own
        }
        let summary = try #require(result.stderrText.split(separator: "\n").first { $0.contains("API calls") })
        let calls = try #require(
            summary.split(separator: ",").first { $0.contains("API calls") }?
                .trimmingCharacters(in: .whitespaces).split(separator: " ").first.flatMap { Int($0) })
        #expect(calls == minimum, "\(summary)")
    }
}
