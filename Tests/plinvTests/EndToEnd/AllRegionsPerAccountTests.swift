import Foundation
import PrivateLinkModel
import TestSupport
import Testing

/// `collect --all-regions` reads the regions enabled for each account, not one list for all: an account that
/// disabled a region (account:DisableRegion) is not read there, while another account is.
@Suite struct AllRegionsPerAccountTests {
    @Test func eachAccountIsReadInItsOwnEnabledRegions() async throws {
        let peer = try await Peer.shared()
        let (narrow, wide) = (await peer.freshAccount(), await peer.freshAccount())
        let region = "eu-north-1"
        _ = try await peer.awsCLI(
            ["account", "disable-region", "--region-name", region],
            environment: try await peer.environment(account: narrow))
        let directory = try TemporaryDirectory(prefix: "plinv-regions")
        defer { directory.remove() }
        let environment = try await peer.environment(extra: ["PLINV_DB": directory.file("plinv.sqlite").path])
        let collected = try await PlinvBinary.run(
            [
                "collect", "--all-regions", "--endpoint-url", peer.url.absoluteString,
                "--role-arn", "arn:aws:iam::\(narrow):role/plinv-read", "--role-arn",
                "arn:aws:iam::\(wide):role/plinv-read",
            ],
            environment: environment)
        #expect(collected.status == 0, "\(collected.stderrText)")
        let inventory = try await PlinvBinary.run(["inventory", "--format", "json"], environment: environment)
        let scopes = (try JSONValue.parse(inventory.stdout)["snapshot"]?["scopes"]?.arrayValue ?? []).map {
            ($0["account"]?.stringValue ?? "", $0["region"]?.stringValue ?? "")
        }
        let narrowRegions = Set(scopes.filter { $0.0 == narrow }.map(\.1))
        let wideRegions = Set(scopes.filter { $0.0 == wide }.map(\.1))
        #expect(wideRegions.contains(region) && wideRegions.count > 10, "\(wideRegions.sorted())")
        #expect(!narrowRegions.contains(region))
        #expect(narrowRegions == wideRegions.subtracting([region]))
    }
}
