import Drift
import Foundation
import PrivateLinkModel
import Testing

@Suite struct ChangeDetectorTests {
    let detector = ChangeDetector()
    let scopes: Set<Scope> = [Fixture.scope]

    func changes(_ old: Inventory, _ new: Inventory, oldScopes: Set<Scope>? = nil, newScopes: Set<Scope>? = nil)
        -> [Finding]
    {
        detector.changes(from: old, succeeded: oldScopes ?? scopes, to: new, succeeded: newScopes ?? scopes)
    }

    static func connection(_ state: String) -> String {
        Records.connection(owner: "222222222222", state: state)
    }

    struct Transition: Sendable, CustomTestStringConvertible {
        var from: String?
        var to: String?
        var rule: String
        var testDescription: String { "\(from ?? "none") → \(to ?? "none") is \(rule)" }
    }

    @Test(arguments: [
        Transition(from: nil, to: "pendingAcceptance", rule: "change.connection.requested"),
        Transition(from: "pendingAcceptance", to: "available", rule: "change.connection.accepted"),
        Transition(from: "PendingAcceptance", to: "Rejected", rule: "change.connection.rejected"),
        Transition(from: "available", to: "deleted", rule: "change.connection.deleted"),
        Transition(from: "available", to: nil, rule: "change.connection.deleted"),
        Transition(from: "available", to: "failed", rule: "change.connection.state"),
    ])
    func connectionTransitionsAreNamed(_ transition: Transition) throws {
        let old = try Fixture.inventory(connections: transition.from.map { [Self.connection($0)] } ?? [])
        let new = try Fixture.inventory(connections: transition.to.map { [Self.connection($0)] } ?? [])
        let found = changes(old, new)
        #expect(found.map(\.rule) == [transition.rule])
        let finding = try #require(found.first)
        #expect(finding.kind == .change)
        #expect(finding.resourceId == "vpce-c1")
        #expect(finding.resourceType == "AWS::EC2::VPCEndpointConnection")
        #expect(finding.expected?.stringValue == transition.from)
        #expect(finding.actual?.stringValue == transition.to)
    }

    @Test func principalsGrantedAndRevokedAreNamed() throws {
        let old = try Fixture.inventory(principals: [Records.principal("arn:aws:iam::222222222222:root")])
        let new = try Fixture.inventory(principals: [
            Records.principal("arn:aws:iam::333333333333:root"), Records.principal("*"),
        ])
        let found = changes(old, new)
        let granted = found.filter { $0.rule == "change.principal.granted" }
        let revoked = found.filter { $0.rule == "change.principal.revoked" }
        #expect(Set(granted.compactMap(\.actual?.stringValue)) == ["arn:aws:iam::333333333333:root", "*"])
        #expect(revoked.compactMap(\.expected?.stringValue) == ["arn:aws:iam::222222222222:root"])
        #expect(granted.first { $0.actual == .string("*") }?.severity == .high)
        #expect(granted.first { $0.actual != .string("*") }?.severity == .medium)
        #expect(found.allSatisfy { $0.resourceId == "vpce-svc-1" && $0.attribute == "AllowedPrincipals" })
        #expect(Set(found.map(\.id)).count == 3)
    }

    @Test func acceptanceTurnedOffIsHighAndOnIsInfo() throws {
        let on = try Fixture.inventory(services: [Records.service(acceptance: true)])
        let off = try Fixture.inventory(services: [Records.service(acceptance: false)])
        let disabled = try #require(changes(on, off).first)
        #expect(disabled.rule == "change.acceptance.disabled")
        #expect(disabled.severity == .high)
        #expect(disabled.expected == .bool(true) && disabled.actual == .bool(false))
        #expect(changes(off, on).map(\.rule) == ["change.acceptance.enabled"])
    }

    @Test func listOrderAndPolicyFormattingAreNotChanges() throws {
        let old = try Fixture.inventory(endpoints: [
            Records.endpoint(subnets: ["subnet-a", "subnet-b"], policy: Records.fullPolicy)
        ])
        let new = try Fixture.inventory(endpoints: [
            Records.endpoint(
                subnets: ["subnet-b", "subnet-a"],
                policy: """
                    {"Statement":[{"Resource":"*","Action":"*","Principal":{"AWS":"*"},"Effect":"Allow"}], "Version":"2012-10-17"}
                    """)
        ])
        #expect(changes(old, new).isEmpty)
    }

    @Test func attributeChangesCarryBeforeAndAfter() throws {
        let old = try Fixture.inventory(endpoints: [
            Records.endpoint(subnets: ["subnet-a", "subnet-b"], policy: Records.fullPolicy)
        ])
        let new = try Fixture.inventory(endpoints: [
            Records.endpoint(
                subnets: ["subnet-a"],
                policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:Describe*","Resource":"*"}]}"#)
        ])
        let found = changes(old, new)
        #expect(found.map(\.rule) == ["change.policy", "change.modified"])
        let subnets = try #require(found.first { $0.attribute == "SubnetIds" })
        #expect(subnets.expected == .array([.string("subnet-a"), .string("subnet-b")]))
        #expect(subnets.actual == .array([.string("subnet-a")]))
        let policy = try #require(found.first { $0.attribute == "PolicyDocument" })
        #expect(policy.actual?["Statement"] != nil, "policies are shown as JSON, not text")
    }

    @Test func ingressOpenedToTheInternetIsHigh() throws {
        let old = try Fixture.inventory(groups: [Records.group(ingressCidr: "10.0.0.0/16")])
        let new = try Fixture.inventory(groups: [Records.group(ingressCidr: "0.0.0.0/0")])
        let finding = try #require(changes(old, new).first)
        #expect(finding.rule == "change.ingress.opened")
        #expect(finding.severity == .high)
        #expect(changes(new, old).map(\.rule) == ["change.modified"])
    }

    @Test func addedAndRemovedResources() throws {
        let old = try Fixture.inventory(endpoints: [Records.endpoint()])
        let new = try Fixture.inventory(services: [Records.service()])
        let found = changes(old, new)
        #expect(Set(found.map(\.rule)) == ["change.added", "change.removed"])
        #expect(found.first { $0.rule == "change.removed" }?.resourceId == "vpce-1")
        #expect(found.first { $0.rule == "change.added" }?.resourceId == "vpce-svc-1")
    }

    @Test func anEndpointStillListedAsDeletedIsRemovedNotModified() throws {
        let live =
            #"{"VpcEndpointId":"vpce-9","VpcEndpointType":"Interface","State":"available","SubnetIds":["subnet-a"]}"#
        let deleted = live.replacingOccurrences(of: "available", with: "deleted")
        let old = try Fixture.inventory(endpoints: [live])
        let new = try Fixture.inventory(endpoints: [deleted])
        let found = changes(old, new)
        #expect(found.map(\.rule) == ["change.removed"])
        #expect(found.first?.resourceId == "vpce-9")
        #expect(changes(new, new).isEmpty)
        #expect(changes(new, old).map(\.rule) == ["change.added"])
    }

    @Test func aScopeThatFailedOnEitherSideGivesNoAddedOrRemovedNoise() throws {
        let old = try Fixture.inventory(
            endpoints: [Records.endpoint()], groups: [Records.group(ingressCidr: "10.0.0.0/16")])
        let new = try Fixture.inventory(
            services: [Records.service()], groups: [Records.group(ingressCidr: "0.0.0.0/0")])
        let failedLater = changes(old, new, newScopes: [])
        let failedEarlier = changes(old, new, oldScopes: [])
        // What was seen on both sides still compares; existence does not.
        #expect(failedLater.map(\.rule) == ["change.ingress.opened"])
        #expect(failedEarlier.map(\.rule) == ["change.ingress.opened"])
    }

    @Test func snapshotsUseTheirOwnScopeStatus() throws {
        let old = Snapshot(
            takenAt: Fixture.now, status: .complete, scopes: [ScopeStatus(scope: Fixture.scope, state: .ok)],
            inventory: try Fixture.inventory(endpoints: [Records.endpoint()]))
        let new = Snapshot(
            takenAt: Fixture.now, status: .partial,
            scopes: [ScopeStatus(scope: Fixture.scope, state: .failed, error: "AccessDenied")],
            inventory: Inventory())
        #expect(detector.changes(from: old, to: new).isEmpty)
        var complete = new
        complete.scopes = [ScopeStatus(scope: Fixture.scope, state: .ok)]
        #expect(detector.changes(from: old, to: complete).map(\.rule) == ["change.removed"])
    }

    @Test func idsAreStableAcrossRuns() throws {
        let old = try Fixture.inventory(
            services: [Records.service(acceptance: true)], connections: [Self.connection("pendingAcceptance")])
        let new = try Fixture.inventory(
            services: [Records.service(acceptance: false)], connections: [Self.connection("available")])
        #expect(changes(old, new).map(\.id) == changes(old, new).map(\.id))
        #expect(changes(old, new).map(\.rule) == ["change.acceptance.disabled", "change.connection.accepted"])
    }
}
