import Drift
import Foundation
import PrivateLinkModel
import Testing
@testable import Store

/// `SnapshotStore.difference(from:to:)`: two snapshots reduced to the records that tell them apart, which is all
/// change detection needs, so comparing two nights of 100,000 unchanged resources reads no record at all.
@Suite struct SnapshotDifferenceTests {
    typealias F = StoreFixtures

    /// A later night of the seed scenario at `day` days after the first, with the provider's stacks read.
    func night(_ day: Double, scopes: [ScopeStatus]? = nil, inventory: Inventory, stacks: [DeployedStack]) -> Snapshot {
        var snapshot = Snapshot(
            takenAt: Date(timeIntervalSinceReferenceDate: 806_000_000 + day * 86_400),
            status: scopes == nil ? .complete : .partial, label: nil,
            scopes: scopes ?? [ScopeStatus(scope: F.provider, state: .ok), ScopeStatus(scope: F.consumer, state: .ok)],
            inventory: inventory.sorted())
        snapshot.stacks = stacks
        snapshot.stackScopes = [F.provider]
        return snapshot
    }

    /// Four nights: acceptance turned off, a connection gone and the stack updated (2); the consumer scope failing
    /// while a principal is granted and a second stack created (3; the consumer's endpoint and group are carried
    /// across the gap); the connection back with its first record, a new version of an old body, and the first
    /// stack deleted (4).
    func saveFourNights(_ store: SnapshotStore) throws -> [Int64] {
        let first = F.seedInventory()
        var second = F.seedInventory(acceptanceRequired: false)
        second.connections.removeAll { $0.vpcEndpointId == "vpce-0bbb" }
        var third = second
        third.allowedPrincipals.append(
            AllowedPrincipal(
                scope: F.provider,
                raw: .object([
                    "ServiceId": .string(F.serviceId), "Principal": .string("arn:aws:iam::444444444444:root"),
                    "PrincipalType": .string("Account"),
                ])))
        let failedConsumer = [
            ScopeStatus(scope: F.provider, state: .ok),
            ScopeStatus(scope: F.consumer, state: .failed, error: "UnauthorizedOperation"),
        ]
        third.vpcEndpoints = []
        third.securityGroups = []
        var fourth = second
        fourth.connections = first.connections
        let created = StackStoreTests.stack("orders")
        let updated = StackStoreTests.stack("orders", status: "UPDATE_COMPLETE", updated: "2026-11-27T10:00:00.000Z")
        let other = StackStoreTests.stack("other", template: nil)
        return [
            try store.save(night(0, inventory: first, stacks: [created])),
            try store.save(night(1, inventory: second, stacks: [updated])),
            try store.save(night(2, scopes: failedConsumer, inventory: third, stacks: [updated, other])),
            try store.save(night(3, inventory: fourth, stacks: [other])),
        ]
    }

    @Test func onlyTheRecordsThatDifferAreRead() throws {
        try F.withStore { store, _ in
            let ids = try saveFourNights(store)
            let (old, new) = try store.difference(from: ids[0], to: ids[1])
            #expect(old.inventory.endpointServices.map(\.acceptanceRequired) == [true])
            #expect(new.inventory.endpointServices.map(\.acceptanceRequired) == [false])
            #expect(old.inventory.connections.map(\.vpcEndpointId) == ["vpce-0bbb"])
            #expect(new.inventory.connections.isEmpty)
            // The principal, the other connection, the endpoint, its group and the balancer are the same records.
            for inventory in [old.inventory, new.inventory] {
                #expect(inventory.allowedPrincipals.isEmpty && inventory.vpcEndpoints.isEmpty)
                #expect(inventory.securityGroups.isEmpty && inventory.loadBalancers.isEmpty)
            }
        }
    }

    @Test func headersScopesAndStacksAreWhole() throws {
        try F.withStore { store, _ in
            let ids = try saveFourNights(store)
            let (old, new) = try store.difference(from: ids[1], to: ids[2])
            for (partial, id) in [(old, ids[1]), (new, ids[2])] {
                var whole = try store.snapshot(id: id)
                whole.inventory = partial.inventory
                #expect(partial == whole)
            }
            #expect(new.succeededScopes == [F.provider])
        }
    }

    /// Whether change detection on `store.difference` equals it on the whole snapshots for every pair of `ids`;
    /// returns how many pairs had changes.
    func compareEveryPair(_ store: SnapshotStore, _ ids: [Int64]) throws -> Int {
        var compared = 0
        for (i, from) in ids.enumerated() {
            for to in ids[(i + 1)...] {
                let whole = ChangeDetector().changes(from: try store.snapshot(id: from), to: try store.snapshot(id: to))
                let (old, new) = try store.difference(from: from, to: to)
                #expect(ChangeDetector().changes(from: old, to: new) == whole, "\(from) → \(to)")
                compared += whole.isEmpty ? 0 : 1
            }
        }
        return compared
    }

    @Test func changesFromTheDifferenceEqualChangesFromTheWholeSnapshots() throws {
        try F.withStore { store, _ in
            let ids = try saveFourNights(store)
            // Every pair differs: the comparison is not between empty lists.
            #expect(try compareEveryPair(store, ids) == 6)
            let stackRules = ChangeDetector().changes(
                from: try store.snapshot(id: ids[0]), to: try store.snapshot(id: ids[3])
            ).map(\.rule).filter { $0.hasPrefix("change.stack") }
            #expect(Set(stackRules) == ["change.stack.created", "change.stack.deleted"])
        }
    }

    @Test func afterPruningTheRemainingNightsCompareTheSame() throws {
        try F.withStore { store, _ in
            let ids = try saveFourNights(store)
            let pruned = try store.prune(
                keepDays: 1, now: Date(timeIntervalSinceReferenceDate: 806_000_000 + 2 * 86_400))
            #expect(pruned.deletedSnapshots == [ids[0]])
            #expect(try compareEveryPair(store, Array(ids[1...])) == 3)
        }
    }

    @Test func aSnapshotComparedWithItselfReadsNoRecord() throws {
        try F.withStore { store, _ in
            let ids = try saveFourNights(store)
            let (old, new) = try store.difference(from: ids[3], to: ids[3])
            #expect(old.inventory.resourceCount == 0 && new.inventory.resourceCount == 0)
            #expect(try store.snapshot(id: ids[3]).inventory.resourceCount > 0)
        }
    }

    @Test func aMissingSnapshotIsNamed() throws {
        try F.withStore { store, _ in
            let ids = try saveFourNights(store)
            #expect(throws: StoreError.snapshotNotFound(id: 99)) { try store.difference(from: ids[0], to: 99) }
        }
    }
}
