import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

@Suite struct SnapshotStorePruneTests {
    typealias F = StoreFixtures
    static let day0 = Date(timeIntervalSinceReferenceDate: 806_000_000)

    static func day(_ number: Int) -> Date { day0.addingTimeInterval(Double(number) * 86_400) }

    /// Ten nightly snapshots: the load balancer exists on days 0–2, acceptance is switched off on day 5.
    func history(_ store: SnapshotStore) throws -> [Int64] {
        try (0..<10).map { number in
            var inventory = F.seedInventory(acceptanceRequired: number < 5)
            if number > 2 { inventory.loadBalancers = [] }
            return try store.save(F.seedSnapshot(at: Self.day(number), inventory: inventory))
        }
    }

    func count(_ store: SnapshotStore, _ table: String) throws -> Int {
        try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    @Test func dropsOldSnapshotsAndWhatOnlyTheyHeldKeepingKeptOnesExact() throws {
        try F.withStore { store, _ in
            let ids = try history(store)
            let keptBefore = try ids[7...].map { try store.snapshot(id: $0) }
            let result = try store.prune(keepDays: 3, now: Self.day(9).addingTimeInterval(3_600))
            #expect(result.deletedSnapshots == Array(ids[0...6]))
            #expect(result.keptSnapshots == 3)
            #expect(try store.summaries().map(\.id) == ids[7...].reversed())
            #expect(try ids[7...].map { try store.snapshot(id: $0) } == keptBefore)
            #expect(throws: StoreError.snapshotNotFound(id: ids[0])) { try store.snapshot(id: ids[0]) }
            // The load balancer and the old service state are gone; the current service state stays,
            // still saying when it was first seen (day 5, a pruned snapshot).
            #expect(result.deletedVersions == 2)
            #expect(result.deletedBodies == 2)
            let firstSeen = try store.pool.read { db in
                try String.fetchOne(
                    db, sql: "SELECT first_seen_at FROM resource_version WHERE kind = 'endpointService'")
            }
            #expect(firstSeen == StoredTime.text(Self.day(5)))
            #expect(try count(store, "body") == 6)
        }
    }

    @Test func historyContinuesAfterPruning() throws {
        try F.withStore { store, _ in
            _ = try history(store)
            _ = try store.prune(keepDays: 3, now: Self.day(9).addingTimeInterval(3_600))
            let versions = try count(store, "resource_version")
            let id = try store.save(
                F.seedSnapshot(
                    at: Self.day(10),
                    inventory: F.seedInventory(acceptanceRequired: false)
                        .removingLoadBalancers()))
            #expect(try count(store, "resource_version") == versions)  // unchanged: extended in place
            #expect(try store.snapshot(id: id).inventory.endpointServices.first?.acceptanceRequired == false)
        }
    }

    @Test func alwaysKeepsTheNewestSnapshot() throws {
        try F.withStore { store, _ in
            let ids = try history(store)
            let newest = try store.snapshot(id: ids[9])
            let result = try store.prune(keepDays: 0, now: Self.day(400))
            #expect(result.deletedSnapshots.count == 9)
            #expect(try store.summaries().map(\.id) == [ids[9]])
            #expect(try store.snapshot(id: ids[9]) == newest)
            #expect(try count(store, "body") == newest.inventory.resourceCount)
            #expect(try store.pool.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") } == "ok")
            try store.vacuum()
            #expect(try store.snapshot(id: ids[9]) == newest)
        }
    }

    @Test func nothingToPruneChangesNothing() throws {
        try F.withStore { store, _ in
            let ids = try history(store)
            let result = try store.prune(keepDays: 30, now: Self.day(10))
            #expect(
                result == PruneResult(deletedSnapshots: [], deletedVersions: 0, deletedBodies: 0, keptSnapshots: 10))
            #expect(try store.summaries().count == ids.count)
            #expect(throws: StoreError.self) { try store.prune(keepDays: -1, now: Self.day(10)) }
        }
    }
}

extension Inventory {
    /// The same inventory without load balancers.
    func removingLoadBalancers() -> Inventory {
        var copy = self
        copy.loadBalancers = []
        return copy
    }
}
