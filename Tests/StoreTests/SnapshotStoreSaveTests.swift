import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

@Suite struct SnapshotStoreSaveTests {
    typealias F = StoreFixtures

    /// The stored snapshot with the id the store gave it: what reading it back must equal.
    func stored(_ snapshot: Snapshot, id: Int64) -> Snapshot {
        var expected = snapshot
        expected.id = id
        return expected
    }

    func versionCount(_ store: SnapshotStore) throws -> Int {
        try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM resource_version") ?? 0 }
    }

    @Test func roundTripReturnsExactlyWhatWasSaved() throws {
        try F.withStore { store, _ in
            let snapshot = F.seedSnapshot()
            let id = try store.save(snapshot)
            let read = try store.snapshot(id: id)
            #expect(read == stored(snapshot, id: id))
            #expect(read.takenAt == snapshot.takenAt)  // sub-millisecond precision survives
            #expect(read.inventory.resourceCount == 7)
            #expect(try store.latestSnapshotID() == id)
        }
    }

    @Test func partialSnapshotReadsBackWithItsFailedScopeAndNothingFromIt() throws {
        try F.withStore { store, _ in
            let first = try store.save(F.seedSnapshot())
            var inventory = F.seedInventory()
            inventory.vpcEndpoints = []
            inventory.securityGroups = []
            let partial = Snapshot(
                takenAt: Date(timeIntervalSinceReferenceDate: 806_086_400), status: .partial, label: nil,
                scopes: [
                    ScopeStatus(scope: F.provider, state: .ok),
                    ScopeStatus(scope: F.consumer, state: .failed, error: "AccessDenied on DescribeVpcEndpoints"),
                ],
                inventory: inventory)
            let second = try store.save(partial)
            #expect(try store.snapshot(id: second) == stored(partial, id: second))
            #expect(try store.snapshot(id: first) == stored(F.seedSnapshot(), id: first))
        }
    }

    @Test func failedScopeDoesNotLookLikeDeletion() throws {
        try F.withStore { store, _ in
            _ = try store.save(F.seedSnapshot())
            var partial = F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400))
            partial.status = .partial
            partial.scopes = [
                ScopeStatus(scope: F.provider, state: .ok),
                ScopeStatus(scope: F.consumer, state: .failed, error: "timeout"),
            ]
            partial.inventory.vpcEndpoints = []
            partial.inventory.securityGroups = []
            _ = try store.save(partial)
            let versionsBefore = try versionCount(store)
            let third = try store.save(F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_172_800)))
            // The consumer's endpoint and group continue their version across the failed snapshot.
            #expect(try versionCount(store) == versionsBefore)
            #expect(try store.snapshot(id: third).inventory.vpcEndpoints.map(\.vpcEndpointId) == ["vpce-0aaa"])
        }
    }

    @Test func unchangedResourcesAddNoRowsAndChangedOnesAddOneVersion() throws {
        try F.withStore { store, _ in
            _ = try store.save(F.seedSnapshot())
            let versions = try versionCount(store)
            _ = try store.save(F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400)))
            #expect(try versionCount(store) == versions)
            let changed = F.seedSnapshot(
                at: Date(timeIntervalSinceReferenceDate: 806_172_800),
                inventory: F.seedInventory(acceptanceRequired: false))
            let id = try store.save(changed)
            #expect(try versionCount(store) == versions + 1)
            #expect(try store.snapshot(id: id).inventory.endpointServices.first?.acceptanceRequired == false)
            #expect(try store.snapshot(id: id - 1).inventory.endpointServices.first?.acceptanceRequired == true)
        }
    }

    @Test func deletedThenReappearedResourceIsAbsentInBetween() throws {
        try F.withStore { store, _ in
            _ = try store.save(F.seedSnapshot())
            var without = F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400))
            without.inventory.loadBalancers = []
            let middle = try store.save(without)
            let last = try store.save(F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_172_800)))
            #expect(try store.snapshot(id: middle).inventory.loadBalancers.isEmpty)
            #expect(try store.snapshot(id: last).inventory.loadBalancers.count == 1)
            let bodies = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM body") }
            #expect(bodies == 7)  // the reappeared record reuses its stored body
        }
    }

    // The first save into an empty store need not look bodies up by hash (none is stored yet), but two resources with
    // the same record must still share one body row.
    @Test func resourcesWithTheSameRecordShareOneBodyInTheFirstSave() throws {
        try F.withStore { store, _ in
            var inventory = F.manyEndpoints(3, in: F.consumer)
            inventory.vpcEndpoints += inventory.vpcEndpoints.map { VPCEndpoint(scope: F.provider, raw: $0.raw) }
            inventory = inventory.sorted()
            let id = try store.save(F.seedSnapshot(inventory: inventory))
            let bodies = try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM body") }
            #expect(bodies == 3)
            #expect(try store.snapshot(id: id) == stored(F.seedSnapshot(inventory: inventory), id: id))
        }
    }

    @Test func writeInterruptedInsideTheTransactionLeavesNoTrace() throws {
        struct Interrupted: Error {}
        try F.withStore { store, _ in
            let first = try store.save(F.seedSnapshot())
            #expect(throws: Interrupted.self) {
                _ = try store.save(
                    F.seedSnapshot(
                        at: Date(timeIntervalSinceReferenceDate: 806_086_400),
                        inventory: F.manyEndpoints(50))
                ) { _ in throw Interrupted() }
            }
            #expect(try store.latestSnapshotID() == first)
            #expect(try store.summaries().count == 1)
            let rows = try store.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM body) + (SELECT count(*) FROM snapshot_scope)")
            }
            #expect(rows == 7 + 2)
            #expect(try store.snapshot(id: first) == stored(F.seedSnapshot(), id: first))
        }
    }

    @Test func snapshotThatCannotBeStoredExactlyIsRefusedWhole() throws {
        try F.withStore { store, _ in
            var orphan = F.seedSnapshot()
            orphan.scopes = [
                ScopeStatus(scope: F.provider, state: .ok),
                ScopeStatus(scope: F.consumer, state: .failed, error: "throttled"),
            ]
            #expect(throws: StoreError.self) { try store.save(orphan) }
            var duplicate = F.seedSnapshot()
            duplicate.inventory.loadBalancers += duplicate.inventory.loadBalancers
            #expect(throws: StoreError.self) { try store.save(duplicate) }
            var infinite = F.seedSnapshot()
            let arn = infinite.inventory.loadBalancers[0].loadBalancerArn
            infinite.inventory.loadBalancers[0].raw = .object([
                "LoadBalancerArn": .string(arn), "Ratio": .double(.infinity),
            ])
            #expect(throws: StoreError.self) { try store.save(infinite) }
            let latest = try store.latestSnapshotID()
            #expect(latest == nil)
        }
    }

    @Test func aWholeNumberDoubleReadsBackAsADouble() throws {
        try F.withStore { store, _ in
            var wholeDouble = F.seedSnapshot()
            let arn = wholeDouble.inventory.loadBalancers[0].loadBalancerArn
            wholeDouble.inventory.loadBalancers[0].raw = .object(["LoadBalancerArn": .string(arn), "Ratio": .double(1)])
            let id = try store.save(wholeDouble)
            #expect(try store.snapshot(id: id).inventory.loadBalancers[0].raw["Ratio"] == .double(1))
        }
    }

    @Test func summariesAndTrendCountEachKind() throws {
        try F.withStore { store, _ in
            let first = try store.save(F.seedSnapshot())
            let second = try store.save(
                F.seedSnapshot(
                    at: Date(timeIntervalSinceReferenceDate: 806_086_400),
                    inventory: F.manyEndpoints(3), label: nil))
            let summaries = try store.summaries()
            #expect(summaries.map(\.id) == [second, first])
            #expect(summaries[1].counts[.connection] == 2)
            #expect(summaries[1].label == "nightly")
            #expect(summaries[1].scopes == F.seedSnapshot().scopes)
            #expect(summaries[0].counts[.vpcEndpoint] == 3)
            #expect(summaries[0].counts[.endpointService] == 0)
            let trend = try store.trend()
            #expect(trend.map(\.snapshotID) == [first, second])
            #expect(trend[0].services == 1 && trend[0].connections == 2 && trend[0].endpoints == 1)
            #expect(try store.previousSnapshotID(before: second) == first)
            let beforeFirst = try store.previousSnapshotID(before: first)
            #expect(beforeFirst == nil)
        }
    }

    @Test func unknownSnapshotIsAClearError() throws {
        try F.withStore { store, _ in
            #expect(throws: StoreError.snapshotNotFound(id: 42)) { try store.snapshot(id: 42) }
        }
    }

    /// 10,000 endpoints, saved unchanged again and again: the file grows by a few bytes per resource at most.
    @Test func unchangedSnapshotsCostFewBytesPerResource() throws {
        let resources = 10_000
        let unchangedSaves = 3
        let bound = 8.0
        try F.withStore { store, _ in
            let inventory = F.manyEndpoints(resources)
            func snapshot(_ day: Int) -> Snapshot {
                Snapshot(
                    takenAt: Date(timeIntervalSinceReferenceDate: 806_000_000 + Double(day) * 86_400),
                    status: .complete, scopes: [ScopeStatus(scope: F.consumer, state: .ok)], inventory: inventory)
            }
            func fileBytes() throws -> Int {
                try store.pool.writeWithoutTransaction { db in
                    try db.checkpoint(.truncate)
                    let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
                    let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
                    return pages * size
                }
            }
            // Start the ids at 126 so the measured saves cross 127 → 128, where every stored
            // last_snapshot grows from a 1-byte to a 2-byte integer: the worst case, not the best.
            try store.pool.write { db in
                try db.execute(sql: "INSERT INTO sqlite_sequence (name, seq) VALUES ('snapshot', 125)")
            }
            let firstID = try store.save(snapshot(0))
            #expect(firstID == 126)
            let afterFirst = try fileBytes()
            for day in 1...unchangedSaves {
                _ = try store.save(snapshot(day))
            }
            let afterUnchanged = try fileBytes()
            let perResource = Double(afterUnchanged - afterFirst) / Double(unchangedSaves * resources)
            print(
                "store: first snapshot of \(resources) endpoints = \(afterFirst) bytes; "
                    + "each unchanged snapshot adds \(String(format: "%.3f", perResource)) bytes/resource "
                    + "(\(afterUnchanged - afterFirst) bytes over \(unchangedSaves) snapshots, bound \(bound))")
            #expect(perResource < bound)
            #expect(try store.snapshot(id: firstID + Int64(unchangedSaves)).inventory == inventory)
        }
    }
}
