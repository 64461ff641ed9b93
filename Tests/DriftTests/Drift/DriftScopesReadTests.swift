import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// `DriftDetector.scopesRead(by:defaultScope:)` and `kindsRead` name everything drift looks at: an inventory
/// holding only those gives the same report as the whole snapshot (what `plinv drift` relies on to read a
/// fraction of a large snapshot).
@Suite struct DriftScopesReadTests {
    let other = Scope(account: "999999999999", region: "us-east-1")
    let third = Scope(account: "333333333333", region: "ap-south-1")

    /// The scenario with every resource's scope removed (the template's then decides).
    func unscopedResources() throws -> [DesiredResource] {
        try Scenario.resources().map { resource in
            var copy = resource
            copy.scope = nil
            return copy
        }
    }

    /// Only the resources of `kinds` in `scopes`, as the store's partial read returns them.
    func restricted(_ inventory: Inventory, to scopes: Set<Scope>?, kinds: Set<ResourceKind>) -> Inventory {
        func keep<R: InventoryResource>(_ list: [R]) -> [R] {
            kinds.contains(R.kind) ? list.filter { scopes?.contains($0.scope) ?? true } : []
        }
        return Inventory(
            endpointServices: keep(inventory.endpointServices), allowedPrincipals: keep(inventory.allowedPrincipals),
            connections: keep(inventory.connections), vpcEndpoints: keep(inventory.vpcEndpoints),
            securityGroups: keep(inventory.securityGroups), loadBalancers: keep(inventory.loadBalancers))
    }

    /// The scenario live in `Fixture.scope`, plus in `other` and `third` copies of it (same names, VPC and load
    /// balancer: natural-key candidates if scopes leaked) and an undeclared endpoint, service and principal each.
    func widerInventory() throws -> Inventory {
        var inventory = try Scenario.inventory()
        for scope in [other, third] {
            inventory.merge(
                Inventory(
                    endpointServices: [EndpointService(scope: scope, raw: try Fixture.json(Scenario.liveService))],
                    allowedPrincipals: [
                        AllowedPrincipal(
                            scope: scope,
                            raw: try Fixture.json(
                                Records.principal("arn:aws:iam::444444444444:root")))
                    ],
                    connections: [
                        EndpointConnection(
                            scope: scope,
                            raw: try Fixture.json(
                                #"{"ServiceId":"vpce-svc-1","VpcEndpointId":"vpce-c","VpcEndpointOwner":"555555555555","VpcEndpointState":"available"}"#
                            ))
                    ],
                    vpcEndpoints: [
                        VPCEndpoint(scope: scope, raw: try Fixture.json(Scenario.liveEndpoint())),
                        VPCEndpoint(scope: scope, raw: try Fixture.json(Scenario.liveEndpoint(id: "vpce-9"))),
                    ],
                    securityGroups: [SecurityGroup(scope: scope, raw: try Fixture.json(Scenario.liveGroup))],
                    loadBalancers: [LoadBalancer(scope: scope, raw: try Fixture.json(Scenario.liveLoadBalancer))]))
        }
        return inventory.sorted()
    }

    @Test func theScopesAreTheResourcesTheTemplatesOrTheDefault() throws {
        let scoped = Desired.template(try Scenario.resources())
        #expect(DriftDetector.scopesRead(by: [scoped]) == [Fixture.scope])
        #expect(DriftDetector.scopesRead(by: [scoped], defaultScope: other) == [Fixture.scope])
        var unscoped = Desired.template(try unscopedResources())
        unscoped.scope = nil
        #expect(DriftDetector.scopesRead(by: [scoped, unscoped], defaultScope: other) == [Fixture.scope, other])
        var inTemplateScope = unscoped
        inTemplateScope.scope = third
        #expect(DriftDetector.scopesRead(by: [inTemplateScope], defaultScope: other) == [third])
        #expect(DriftDetector.scopesRead(by: []) == [])
    }

    @Test func aCheckedResourceWithoutAScopeReadsEveryScope() throws {
        let resources = try unscopedResources()
        var template = Desired.template(resources)
        template.scope = nil
        #expect(DriftDetector.scopesRead(by: [Desired.template(try Scenario.resources()), template]) == nil)
        // A resource drift does not check never decides where to look.
        var onlyUnchecked = Desired.template(resources.filter { $0.logicalId == "Cert" })
        onlyUnchecked.scope = nil
        #expect(DriftDetector.scopesRead(by: [onlyUnchecked]) == [])
    }

    @Test func connectionsAreNeverRead() throws {
        #expect(!DriftDetector.kindsRead.contains(.connection))
        #expect(DriftDetector.kindsRead.count == ResourceKind.allCases.count - 1)
        #expect(DriftDetector.kindsRead(by: [Desired.template(try Scenario.resources())]) == DriftDetector.kindsRead)
    }

    @Test func loadBalancersAndGroupsAreReadOnlyWhenDeclared() throws {
        let endpointOnly = Desired.template(try Scenario.resources().filter { $0.logicalId == "EC2Endpoint" })
        #expect(DriftDetector.kindsRead(by: [endpointOnly]) == [.endpointService, .allowedPrincipal, .vpcEndpoint])
        #expect(DriftDetector.kindsRead(by: []) == [.endpointService, .allowedPrincipal, .vpcEndpoint])
        // Without them the report is the whole inventory's: the endpoint's group reference is unresolved either way.
        let inventory = try widerInventory()
        let kinds = DriftDetector.kindsRead(by: [endpointOnly])
        let whole = DriftDetector().detect([endpointOnly], inventory: inventory, succeededScopes: [Fixture.scope])
        let partial = DriftDetector().detect(
            [endpointOnly], inventory: restricted(inventory, to: [Fixture.scope], kinds: kinds),
            succeededScopes: [Fixture.scope])
        #expect(partial == whole)
        #expect(!whole.matched.isEmpty)
    }

    @Test(arguments: [false, true])
    func theReadScopesGiveTheWholeSnapshotsReport(withSecondTemplate: Bool) throws {
        // One template in Fixture.scope; optionally a second, deployed (by the default scope) in `other`, where it
        // finds an unmanaged endpoint, service and principal. `third` is never declared: reading it changes nothing.
        var templates = [Desired.template(try Scenario.resources())]
        if withSecondTemplate {
            var second = LoadedTemplate(
                file: "other.yaml", resources: try unscopedResources(), stackName: "app", scope: nil)
            second.scope = nil
            templates.append(second)
        }
        let inventory = try widerInventory()
        let succeeded: Set<Scope> = [Fixture.scope, other, third]
        let whole = DriftDetector().detect(
            templates, inventory: inventory, succeededScopes: succeeded, defaultScope: other)
        let scopes = try #require(DriftDetector.scopesRead(by: templates, defaultScope: other))
        #expect(scopes == (withSecondTemplate ? [Fixture.scope, other] : [Fixture.scope]))
        let partial = DriftDetector().detect(
            templates, inventory: restricted(inventory, to: scopes, kinds: DriftDetector.kindsRead(by: templates)),
            succeededScopes: succeeded, defaultScope: other)
        #expect(partial == whole)
        // The comparison has something to lose: the second template's scope holds findings of its own.
        #expect(whole.findings.contains { $0.account == other.account } == withSecondTemplate)
        // And leaving out a scope drift reads would change the report.
        if withSecondTemplate {
            let tooFew = DriftDetector().detect(
                templates, inventory: restricted(inventory, to: [Fixture.scope], kinds: DriftDetector.kindsRead),
                succeededScopes: succeeded, defaultScope: other)
            #expect(tooFew != whole)
        }
    }

    @Test func withAnUnknownScopeTheWholeInventoryIsRead() throws {
        var unscoped = Desired.template(try unscopedResources())
        unscoped.scope = nil
        let inventory = try widerInventory()
        let scopes = DriftDetector.scopesRead(by: [unscoped])
        #expect(scopes == nil)
        let whole = DriftDetector().detect(
            [unscoped], inventory: inventory, succeededScopes: [Fixture.scope, other, third])
        let partial = DriftDetector().detect(
            [unscoped], inventory: restricted(inventory, to: scopes, kinds: DriftDetector.kindsRead),
            succeededScopes: [Fixture.scope, other, third])
        #expect(partial == whole)
    }
}
