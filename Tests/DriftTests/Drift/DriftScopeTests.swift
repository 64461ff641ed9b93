import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

@Suite struct DriftScopeTests {
    let other = Scope(account: "999999999999", region: "us-east-1")

    /// The scenario with no scope on the template.
    func unscoped() throws -> [DesiredResource] {
        try Scenario.resources().map { resource in
            var copy = resource
            copy.scope = nil
            return copy
        }
    }

    @Test func aSnapshotWithOneScopeDoesNotGiveTheTemplateItsScope() throws {
        // The one collected scope is not assumed to be where the template is deployed: nothing is missing.
        let report = DriftDetector().detect(
            [Desired.template(try unscoped())], inventory: try Scenario.inventory(endpoints: []),
            succeededScopes: [Fixture.scope])
        #expect(!report.findings.contains { $0.kind == .missing })
        #expect(
            report.notVerified.contains {
                $0.logicalId == "EC2Endpoint" && $0.reason.contains("account and region unknown")
            })
    }

    @Test func withSeveralScopesAndNoDefaultMissingIsNotGuessed() throws {
        let report = DriftDetector().detect(
            [Desired.template(try unscoped())], inventory: try Scenario.inventory(endpoints: []),
            succeededScopes: [Fixture.scope, other])
        // Matching still works across scopes…
        #expect(report.matched.first { $0.logicalId == "EndpointService" }?.scope == Fixture.scope)
        // …but an absent resource cannot be placed in a scope.
        #expect(!report.findings.contains { $0.kind == .missing })
        #expect(report.notVerified.contains { $0.logicalId == "EC2Endpoint" && $0.reason.contains("--account") })
    }

    @Test func theDefaultScopeRestrictsMatching() throws {
        let report = DriftDetector().detect(
            [Desired.template(try unscoped())], inventory: try Scenario.inventory(),
            succeededScopes: [Fixture.scope, other], defaultScope: other)
        #expect(report.matched.isEmpty)
        #expect(report.findings.filter { $0.kind == .missing }.allSatisfy { $0.account == other.account })
        #expect(report.findings.contains { $0.logicalId == "NLB" && $0.kind == .missing })
        // The service's key is its load balancer's live ARN; with the NLB missing it cannot be identified.
        #expect(
            report.notVerified.contains { $0.logicalId == "EndpointService" && $0.reason.contains("no live match") })
    }

    /// In a scope the snapshot failed to collect, the reason a resource is not verified is that scope, whatever else
    /// would have keyed it: a resource keyed by another's live id must not read as "no live resource carries its tags".
    @Test func inAFailedScopeTheReasonIsTheScope() throws {
        // An undecided condition would be a reason too; the scope comes first.
        var resources = try Scenario.resources()
        let index = try #require(resources.firstIndex { $0.logicalId == "EC2Endpoint" })
        resources[index].condition = "CreateEndpoint"
        resources[index].conditionUnknownReason = "parameter EnvType comes from Fn::ImportValue"
        let report = DriftDetector().detect(
            [Desired.template(resources)],
            inventory: try Scenario.inventory(
                services: [], principals: [], endpoints: [], groups: [], loadBalancers: []),
            succeededScopes: [])
        #expect(report.findings.isEmpty)
        let reasons = Dictionary(report.notVerified.map { ($0.logicalId ?? "", $0.reason) }) { first, _ in first }
        #expect(reasons["EndpointService"] == "\(Fixture.scope) was not collected successfully in this snapshot")
        #expect(reasons["EC2Endpoint"] == "\(Fixture.scope) was not collected successfully in this snapshot")
        #expect(!report.notVerified.contains { $0.reason.contains("CloudFormation tags") })
    }

    @Test func anUndecidedConditionIsNotMissing() throws {
        var resources = try Scenario.resources()
        let index = try #require(resources.firstIndex { $0.logicalId == "EC2Endpoint" })
        resources[index].condition = "CreateEndpoint"
        resources[index].conditionUnknownReason = "parameter EnvType comes from Fn::ImportValue"
        let report = DriftDetector().detect(
            [Desired.template(resources)], inventory: try Scenario.inventory(endpoints: []),
            succeededScopes: [Fixture.scope])
        #expect(!report.findings.contains { $0.kind == .missing })
        #expect(report.notVerified.contains { $0.logicalId == "EC2Endpoint" && $0.reason.contains("condition") })
    }

    @Test func aDeclaredServiceWithoutPermissionsHasUnmanagedPrincipals() throws {
        let resources = try Scenario.resources().filter { $0.logicalId != "EndpointServicePermissions" }
        let report = DriftDetector().detect(
            [Desired.template(resources)], inventory: try Scenario.inventory(), succeededScopes: [Fixture.scope])
        let extra = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(extra.rule == "drift.principal.extra")
        #expect(extra.logicalId == "EndpointService")
        #expect(extra.actual == .string("arn:aws:iam::222222222222:root"))
    }

    @Test func referencesResolveWithinTheirOwnTemplate() throws {
        // The same logical ids in a second file refer to that file's resources, not the first file's.
        let first = Desired.template(try Scenario.resources())
        var second = LoadedTemplate(
            file: "other.yaml",
            resources: [
                Desired.resource(
                    "EndpointService", Scenario.serviceType, line: 3,
                    [
                        "NetworkLoadBalancerArns": Desired.list([Desired.ref("NLB", Scenario.lbType, line: 5)], line: 4)
                    ])
            ])
        second.scope = Fixture.scope
        let report = DriftDetector().detect(
            [first, second], inventory: try Scenario.inventory(), succeededScopes: [Fixture.scope])
        #expect(
            report.notVerified.contains { $0.logicalId == "EndpointService" && $0.reason.contains("does not read") })
        #expect(report.matched.filter { $0.logicalId == "EndpointService" }.count == 1)
    }

    @Test func oneFileInTwoRegionsGivesNotVerifiedRowsToldApartByScope() throws {
        // The same template deployed in two regions, its endpoint's VPC imported: each copy is not verified, in its
        // own scope, so the report does not show two identical rows.
        let endpoint = Desired.resource(
            "Endpoint", "AWS::EC2::VPCEndpoint", line: 3, scope: nil,
            [
                "VpcId": Desired.unknown("Fn::ImportValue network-VpcId is not in the snapshot's exports", line: 5),
                "ServiceName": Desired.value(.string("com.amazonaws.eu-west-1.ec2"), line: 6),
            ])
        let west = Scope(account: Fixture.scope.account, region: "eu-west-1")
        let east = Scope(account: Fixture.scope.account, region: "us-east-1")
        var first = LoadedTemplate(file: "consumer.yaml", resources: [endpoint])
        first.scope = west
        var second = first
        second.scope = east
        let report = DriftDetector().detect([first, second], inventory: Inventory(), succeededScopes: [west, east])
        let rows = report.notVerified.filter { $0.logicalId == "Endpoint" }
        #expect(rows.count == 2)
        #expect(Set(rows.compactMap(\.scope)) == [west, east])
    }
}
