import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

/// A collect records each scope into a draft as its pages arrive and saves them in one transaction: what it
/// stores must read back exactly as a snapshot saved whole, unchanged records must cost no rows, and whatever
/// happened meanwhile (another snapshot, a failed scope, an interrupted write) must leave the history right.
@Suite struct StreamedSaveTests {
    typealias F = StoreFixtures

    /// A stand-in for the digest of a record as received: any function of the record will do here.
    static func digest(_ raw: JSONValue) -> UInt128 {
        UInt128(UInt64(bitPattern: ContentHash.fnv1a64(String(decoding: raw.canonicalData(), as: UTF8.self))))
    }

    /// Records `inventory` into new drafts as a streaming collect does: a resource whose digest its draft knows
    /// is carried forward, any other written. Returns the drafts (one per scope of `scopes`) and what was written.
    static func record(
        _ inventory: Inventory, scopes: [Scope], into store: SnapshotStore,
        digest: (JSONValue) -> UInt128? = Self.digest
    ) throws -> (drafts: [ScopeDraft], written: [String]) {
        var drafts: [Scope: ScopeDraft] = [:]
        for scope in scopes { drafts[scope] = try store.recorder(for: scope) }
        var written: [String] = []
        func add<Resource: InventoryResource>(_ resources: [Resource]) throws {
            for resource in resources {
                let draft = try #require(drafts[resource.scope])
                let digest = digest(resource.raw)
                if let digest, try draft.carryForward(Resource.kind, id: resource.resourceId, digest: digest) {
                    continue
                }
                try draft.record(
                    Resource.kind, id: resource.resourceId, digest: digest, canonicalJSON: resource.raw.canonicalData())
                written.append("\(Resource.kind.rawValue) \(resource.resourceId)")
            }
        }
        try add(inventory.endpointServices)
        try add(inventory.allowedPrincipals)
        try add(inventory.connections)
        try add(inventory.vpcEndpoints)
        try add(inventory.securityGroups)
        try add(inventory.loadBalancers)
        return (scopes.compactMap { drafts[$0] }, written)
    }

    /// Saves `snapshot` as a streaming collect does: its inventory recorded into drafts, the header saved with them.
    @discardableResult
    static func saveStreamed(
        _ snapshot: Snapshot, into store: SnapshotStore, digest: (JSONValue) -> UInt128? = Self.digest
    ) throws -> (id: Int64, written: [String]) {
        let ok = snapshot.scopes.filter { $0.state == .ok }.map(\.scope)
        let (drafts, written) = try record(snapshot.inventory, scopes: ok, into: store, digest: digest)
        var header = snapshot
        header.inventory = Inventory()
        return (try store.save(header, drafts: drafts), written)
    }

    static func count(_ table: String, in store: SnapshotStore) throws -> Int {
        try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    /// The snapshot as it reads back with `id` set.
    static func stored(_ snapshot: Snapshot, id: Int64) -> Snapshot {
        var expected = snapshot
        expected.id = id
        return expected
    }

    @Test func aStreamedSnapshotReadsBackAsTheSnapshotSavedWhole() throws {
        try F.withStore { streamed, _ in
            try F.withStore { whole, _ in
                let snapshot = F.seedSnapshot()
                let (id, written) = try Self.saveStreamed(snapshot, into: streamed)
                #expect(written.count == 7)
                #expect(try streamed.snapshot(id: id) == Self.stored(snapshot, id: id))
                let wholeID = try whole.save(snapshot)
                #expect(try streamed.summaries().first?.counts == whole.summaries().first?.counts)
                let bodies = { (store: SnapshotStore) in
                    try store.pool.read { try String.fetchSet($0, sql: "SELECT plinv_body(data) FROM body") }
                }
                #expect(try bodies(streamed) == bodies(whole))
                #expect(wholeID == id)
            }
        }
    }

    @Test func anUnchangedCollectWritesNothingAndAddsNoRows() throws {
        try F.withStore { store, _ in
            try Self.saveStreamed(F.seedSnapshot(), into: store)
            let versions = try Self.count("resource_version", in: store)
            let bodies = try Self.count("body", in: store)
            let next = F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400))
            let (id, written) = try Self.saveStreamed(next, into: store)
            #expect(written.isEmpty, "every record was carried forward: \(written)")
            #expect(try Self.count("resource_version", in: store) == versions)
            #expect(try Self.count("body", in: store) == bodies)
            #expect(try store.snapshot(id: id) == Self.stored(next, id: id))
            #expect(try store.snapshot(id: id - 1).inventory == next.inventory)
            let digests = try store.pool.read {
                try Int.fetchOne($0, sql: "SELECT count(*) FROM resource_version WHERE length(raw_digest) = 16")
            }
            #expect(digests == versions)
        }
    }

    /// The seed inventory with the service changed, the load balancer gone, a new endpoint, and the group's record
    /// arriving under a new digest with the same content.
    static func changedInventory() -> Inventory {
        var inventory = F.seedInventory(acceptanceRequired: false)
        inventory.loadBalancers = []
        inventory.vpcEndpoints += F.manyEndpoints(1).vpcEndpoints
        return inventory.sorted()
    }

    @Test(arguments: [false, true])
    func changedDeletedAndNewRecordsAreStoredAsBefore(mostlyChanged: Bool) throws {
        try F.withStore { store, _ in
            let (first, _) = try Self.saveStreamed(F.seedSnapshot(), into: store)
            let versions = try Self.count("resource_version", in: store)
            let inventory = Self.changedInventory()
            let scopes = [ScopeStatus(scope: F.provider, state: .ok), ScopeStatus(scope: F.consumer, state: .ok)]
            let next = Snapshot(
                takenAt: Date(timeIntervalSinceReferenceDate: 806_086_400), status: .complete,
                scopes: scopes, inventory: inventory)
            // Mostly changed: every digest is new, so no version is carried and none is extended in bulk.
            let (id, written) = try Self.saveStreamed(next, into: store) { raw in
                raw["GroupId"] != nil || mostlyChanged ? Self.digest(raw) &+ 1 : Self.digest(raw)
            }
            #expect(written.contains("endpointService \(F.serviceId)") && written.contains("securityGroup sg-0ep"))
            #expect(try store.snapshot(id: id) == Self.stored(next, id: id))
            #expect(try store.snapshot(id: first) == Self.stored(F.seedSnapshot(), id: first))
            // The changed service and the new endpoint start versions; the group's goes on under its new digest.
            #expect(try Self.count("resource_version", in: store) == versions + 2)
            let group = try store.pool.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT last_snapshot, raw_digest FROM resource_version WHERE kind = 'securityGroup'
                        """)
            }
            #expect(group?["last_snapshot"] == id)
            let groupRecord = try #require(F.seedInventory().securityGroups.first?.raw)
            #expect(ContentHash.digest(group?["raw_digest"]) == Self.digest(groupRecord) &+ 1)
            let balancer = try store.pool.read { db in
                try Int64.fetchOne(db, sql: "SELECT last_snapshot FROM resource_version WHERE kind = 'loadBalancer'")
            }
            #expect(balancer == first, "the deleted load balancer's version ends where it was last seen")
        }
    }

    @Test func aSnapshotStoredWhileCollectingIsComparedByBody() throws {
        try F.withStore { store, _ in
            try Self.saveStreamed(F.seedSnapshot(), into: store)
            // The collect starts (its drafts know snapshot 1), another one stores a changed snapshot meanwhile.
            let late = F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_172_800))
            let (drafts, written) = try Self.record(late.inventory, scopes: [F.provider, F.consumer], into: store)
            #expect(written.isEmpty)
            let meanwhile = F.seedSnapshot(
                at: Date(timeIntervalSinceReferenceDate: 806_086_400),
                inventory: Self.changedInventory())
            let middle = try store.save(meanwhile)
            var header = late
            header.inventory = Inventory()
            let id = try store.save(header, drafts: drafts)
            #expect(try store.snapshot(id: id) == Self.stored(late, id: id))
            #expect(try store.snapshot(id: middle) == Self.stored(meanwhile, id: middle))
            #expect(try store.snapshot(id: middle - 1).inventory == late.inventory)
        }
    }

    @Test func aFailedScopeKeepsItsHistoryAcrossTheGap() throws {
        try F.withStore { store, _ in
            try Self.saveStreamed(F.seedSnapshot(), into: store)
            let versions = try Self.count("resource_version", in: store)
            var partial = F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400))
            partial.status = .partial
            partial.scopes = [
                ScopeStatus(scope: F.provider, state: .ok),
                ScopeStatus(scope: F.consumer, state: .failed, error: "timeout"),
            ]
            partial.inventory.vpcEndpoints = []
            partial.inventory.securityGroups = []
            let (gap, _) = try Self.saveStreamed(partial, into: store)
            let (third, written) = try Self.saveStreamed(
                F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_172_800)), into: store)
            #expect(written.isEmpty)
            #expect(try Self.count("resource_version", in: store) == versions)
            #expect(try store.snapshot(id: gap).inventory.vpcEndpoints.isEmpty)
            #expect(try store.snapshot(id: third).inventory == F.seedInventory())
        }
    }

    @Test func aResourceRecordedTwiceOrInAScopeNotCollectedIsRefused() throws {
        try F.withStore { store, _ in
            try Self.saveStreamed(F.seedSnapshot(), into: store)
            let endpoint = try #require(F.seedInventory().vpcEndpoints.first)
            let draft = try store.recorder(for: F.consumer)
            #expect(try draft.carryForward(.vpcEndpoint, id: endpoint.resourceId, digest: Self.digest(endpoint.raw)))
            #expect(throws: StoreError.self) {
                try draft.record(.vpcEndpoint, id: endpoint.resourceId, digest: nil, canonicalJSON: Data("{}".utf8))
            }
            let fresh = try store.recorder(for: Scope(account: "333333333333", region: "eu-west-1"))
            try fresh.record(
                .vpcEndpoint, id: "vpce-1", digest: nil, canonicalJSON: Data(#"{"VpcEndpointId":"vpce-1"}"#.utf8))
            #expect(throws: StoreError.self) {
                try fresh.record(
                    .vpcEndpoint, id: "vpce-1", digest: nil, canonicalJSON: Data(#"{"VpcEndpointId":"vpce-1"}"#.utf8))
            }
            let header = Snapshot(
                takenAt: Date(timeIntervalSinceReferenceDate: 806_086_400), status: .partial,
                scopes: [ScopeStatus(scope: fresh.scope, state: .failed, error: "throttled")], inventory: Inventory())
            #expect(throws: StoreError.self) { try store.save(header, drafts: [fresh]) }
            #expect(try store.summaries().count == 1)
        }
    }

    @Test func aWriteInterruptedInsideTheTransactionLeavesNoTrace() throws {
        struct Interrupted: Error {}
        try F.withStore { store, _ in
            let (first, _) = try Self.saveStreamed(F.seedSnapshot(), into: store)
            let rows = { try Self.count("body", in: store) + Self.count("resource_version", in: store) }
            let before = try rows()
            let next = F.seedSnapshot(
                at: Date(timeIntervalSinceReferenceDate: 806_086_400), inventory: F.manyEndpoints(50))
            let (drafts, _) = try Self.record(next.inventory, scopes: [F.provider, F.consumer], into: store)
            var header = next
            header.inventory = Inventory()
            #expect(throws: Interrupted.self) {
                _ = try store.save(header, drafts: drafts) { _ in throw Interrupted() }
            }
            #expect(try store.latestSnapshotID() == first)
            #expect(try rows() == before)
            let last = try store.pool.read {
                try Int64.fetchOne($0, sql: "SELECT max(last_snapshot) FROM resource_version")
            }
            #expect(last == first)
        }
    }

    /// Appends 4,000 records of up to 1.4 KB (over 2 MiB in all) and returns them with their ranges.
    private static func fill(_ spool: inout RecordSpool) throws -> (records: [[UInt8]], ranges: [Range<Int>]) {
        var records: [[UInt8]] = [], ranges: [Range<Int>] = []
        for index in 0..<4_000 {
            let json = Array(#"{"Index":\#(index),"Padding":"\#(String(repeating: "é", count: index % 700))"}"#.utf8)
            ranges.append(try json.withUnsafeBytes { try spool.append($0) })
            records.append(json)
        }
        #expect(records.reduce(0) { $0 + $1.count } > 2 * RecordSpool.memoryLimit)
        return (records, ranges)
    }

    @Test func recordsBeyondWhatASpoolKeepsInMemoryReadBackWhole() throws {
        // No budget: beyond its own megabyte the spool writes to its file.
        var spool = RecordSpool(budget: SpoolBudget(bytes: 0))
        let (records, ranges) = try Self.fill(&spool)
        let spilled = spool.spilled  // (a spool's description is all its bytes)
        #expect(spilled)
        let contents = try spool.contents()
        spool.discard()
        #expect(ranges.map { Array(contents[$0]) } == records)
        #expect(ranges.indices.allSatisfy { $0 == 0 || ranges[$0 - 1].upperBound == ranges[$0].lowerBound })
        #expect(String(decoding: contents[ranges[3_999]], as: UTF8.self).hasPrefix(#"{"Index":3999,"#))

        try F.withStore { store, _ in
            let many = F.seedSnapshot(inventory: F.manyEndpoints(3_000))
            let (id, written) = try Self.saveStreamed(many, into: store)
            #expect(written.count == 3_000)
            #expect(try store.snapshot(id: id) == Self.stored(many, id: id))
        }
    }

    @Test func spoolsKeepRecordsInMemoryWhileTheirSharedBudgetLasts() throws {
        let budget = SpoolBudget(bytes: 8 * RecordSpool.chunkSize)
        var first = RecordSpool(budget: budget)
        let (records, ranges) = try Self.fill(&first)
        let firstSpilled = first.spilled  // (a spool's description is all its bytes)
        #expect(!firstSpilled)
        let taken = 8 * RecordSpool.chunkSize - budget.available
        #expect(taken > 0 && taken <= 3 * RecordSpool.chunkSize, "the first megabyte is the spool's own")
        let firstContents = try first.contents()
        #expect(ranges.map { Array(firstContents[$0]) } == records)

        // A second spool gets what is left, then writes everything to its file and gives its share back; the first
        // one's share comes back when it is discarded.
        var second = RecordSpool(budget: budget)
        for _ in 0..<3 { _ = try Self.fill(&second) }
        let secondSpilled = second.spilled
        #expect(secondSpilled)
        #expect(budget.available == 8 * RecordSpool.chunkSize - taken, "a spool writing to its file holds no share")
        let secondContents = try second.contents()
        #expect(ranges.map { Array(secondContents[$0]) } == records, "the file's bytes come first, in order")
        second.discard()
        #expect(budget.available == 8 * RecordSpool.chunkSize - taken)
        first.discard()
        #expect(budget.available == 8 * RecordSpool.chunkSize)

        // A record larger than a chunk gets one of its own.
        var large = RecordSpool(budget: budget)
        let big = [UInt8](repeating: 0x61, count: 3 * RecordSpool.chunkSize)
        let small = big.withUnsafeBytes { try? large.append(UnsafeRawBufferPointer(rebasing: $0[0..<10])) }
        let whole = try big.withUnsafeBytes { try large.append($0) }
        #expect(small == 0..<10 && whole == 10..<(10 + big.count))
        let largeContents = try large.contents()
        let largeSpilled = large.spilled
        #expect(Array(largeContents[whole]) == big && !largeSpilled)
        large.discard()
        #expect(budget.available == 8 * RecordSpool.chunkSize)
    }

    @Test func migration0006GivesEveryVersionADigestColumnAndOldVersionsNone() throws {
        try F.withStore { store, _ in
            _ = try store.save(F.seedSnapshot())
            let digests = try store.pool.read { db in
                try Row.fetchAll(db, sql: "SELECT raw_digest FROM resource_version").map { $0["raw_digest"] as Data? }
            }
            #expect(digests.count == 7 && digests.allSatisfy { $0 == nil }, "a snapshot saved whole has no digests")
            // The next streamed collect compares those records by body and records their digests.
            let (_, written) = try Self.saveStreamed(
                F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_086_400)), into: store)
            #expect(written.count == 7)
            #expect(try Self.count("resource_version", in: store) == 7)
            let (_, again) = try Self.saveStreamed(
                F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_172_800)), into: store)
            #expect(again.isEmpty)
        }
    }
}
