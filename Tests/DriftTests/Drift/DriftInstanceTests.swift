import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// One template file deployed in several scopes, and live resources that AWS still lists after deletion.
@Suite struct DriftInstanceTests {
    let other = Scope(account: "999999999999", region: "us-east-1")

    /// `inventory` moved to another scope.
    func moved(_ inventory: Inventory, to scope: Scope) -> Inventory {
        func move<R: InventoryResource>(_ list: [R]) -> [R] { list.map { R(scope: scope, raw: $0.raw) } }
        return Inventory(
            endpointServices: move(inventory.endpointServices), allowedPrincipals: move(inventory.allowedPrincipals),
            connections: move(inventory.connections), vpcEndpoints: move(inventory.vpcEndpoints),
            securityGroups: move(inventory.securityGroups), loadBalancers: move(inventory.loadBalancers))
    }

    @Test func eachCopyOfAFileIsComparedWithItsOwnScope() throws {
        let here = Desired.template(try Scenario.resources())
        let there = Desired.template(
            try Scenario.resources().map { resource in
                var copy = resource
                copy.scope = other
                return copy
            })
        var inventory = try Scenario.inventory()
        let drifted = Scenario.liveService.replacingOccurrences(
            of: #""AcceptanceRequired":true"#, with: #""AcceptanceRequired":false"#)
        inventory.merge(moved(try Scenario.inventory(services: [drifted]), to: other))
        let report = DriftDetector().detect(
            [here, there], inventory: inventory, succeededScopes: [Fixture.scope, other])
        #expect(report.findings.filter { $0.kind != .unmanaged }.map(\.attribute) == ["AcceptanceRequired"])
        let finding = try #require(report.findings.first { $0.attribute == "AcceptanceRequired" })
        #expect(finding.account == other.account && finding.region == other.region)
        #expect(Set(report.matched.map(\.scope)) == [Fixture.scope, other])
    }

    @Test func theSameFileInTwoScopesIsMatchedPerScope() throws {
        let here = Desired.template(try Scenario.resources())
        let there = Desired.template(
            try Scenario.resources().map { resource in
                var copy = resource
                copy.scope = other
                return copy
            })
        let report = DriftDetector().detect(
            [here, there], inventory: try Scenario.inventory(), succeededScopes: [Fixture.scope, other])
        // The first copy matches its own scope exactly and reports nothing there…
        #expect(!report.findings.contains { $0.account == Fixture.scope.account })
        #expect(report.matched.allSatisfy { $0.scope == Fixture.scope })
        // …and the second copy's resources are missing in the other scope, each once.
        let missing = report.findings.filter { $0.kind == .missing }
        #expect(!missing.isEmpty)
        #expect(missing.allSatisfy { $0.account == other.account && $0.region == other.region })
        #expect(Set(missing.compactMap(\.logicalId)).count == missing.count)
    }

    @Test func aDeletedEndpointIsMissingNotMatched() throws {
        let deleted = Scenario.liveEndpoint().replacingOccurrences(
            of: #""State":"available""#, with: #""State":"deleted""#)
        let report = DriftDetector().detect(
            [Desired.template(try Scenario.resources())], inventory: try Scenario.inventory(endpoints: [deleted]),
            succeededScopes: [Fixture.scope])
        #expect(report.findings.contains { $0.kind == .missing && $0.logicalId == "EC2Endpoint" })
        #expect(!report.findings.contains { $0.kind == .unmanaged })
        #expect(!report.matched.contains { $0.logicalId == "EC2Endpoint" })
    }
}
