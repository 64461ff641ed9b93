import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

/// Bodies stored as zstd frames, with dictionaries trained from the database's own records (migration 0005).
@Suite struct BodyCompressionTests {
    typealias F = StoreFixtures

    /// The seed scenario plus `endpoints` interface endpoints in the consumer scope, taken on `day`.
    static func snapshot(endpoints: Int, day: Int = 0) -> Snapshot {
        var inventory = F.seedInventory()
        inventory.vpcEndpoints += F.manyEndpoints(endpoints).vpcEndpoints
        return F.seedSnapshot(
            at: Date(timeIntervalSinceReferenceDate: 806_000_000 + Double(day) * 86_400), inventory: inventory.sorted())
    }

    /// The dictionary id a zstd frame names (RFC 8878, 3.1.1.1), 0 for none; nil when `frame` is not a zstd frame.
    static func dictionaryID(ofFrame frame: [UInt8]) -> Int64? {
        guard frame.count > 6, frame.prefix(4) == [0x28, 0xB5, 0x2F, 0xFD] else { return nil }
        let descriptor = frame[4]
        let size = [0, 1, 2, 4][Int(descriptor & 3)]
        let start = 5 + (descriptor & 0x20 == 0 ? 1 : 0)  // a window descriptor unless the frame is one segment
        return frame[start..<(start + size)].reversed().reduce(0) { $0 << 8 | Int64($1) }
    }

    /// The dictionary each stored body names, by body id.
    static func frameDictionaries(_ store: SnapshotStore) throws -> [Int64: Int64?] {
        try store.pool.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, data FROM body").map { row in
                    (row["id"] as Int64, dictionaryID(ofFrame: Array(row["data"] as Data)))
                })
        }
    }

    static func dictionaries(_ store: SnapshotStore) throws -> [Row] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, trained_for FROM body_dictionary ORDER BY trained_for")
        }
    }

    @Test func aLargeSnapshotTrainsADictionaryAndItsBodiesTakeAFifthOfTheirJSON() throws {
        try F.withStore { store, _ in
            let saved = Self.snapshot(endpoints: 2_000)
            let id = try store.save(saved)
            var expected = saved
            expected.id = id
            #expect(try store.snapshot(id: id) == expected)

            let dictionaries = try Self.dictionaries(store)
            #expect(dictionaries.count == 1)
            let dictionary: Int64 = try #require(dictionaries.first)["id"]
            #expect(dictionaries.first?["trained_for"] == saved.inventory.counts.values.reduce(0, +))
            #expect(try Set(Self.frameDictionaries(store).values) == [dictionary], "every body names the dictionary")

            let (stored, json) = try store.pool.read { db in
                let row = try #require(
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT sum(length(data)) AS stored, sum(length(CAST(plinv_body(data) AS BLOB))) AS json FROM body
                            """))
                return (row["stored"] as Int, row["json"] as Int)
            }
            #expect(json > 1_000_000)
            #expect(stored * 5 < json, "compressed \(stored) bytes of \(json) bytes of JSON")
        }
    }

    // plinv_compress reads its argument's bytes as bound or stored: a text bound without a terminating NUL (as every
    // new body is, from the draft's spool), one with it, a blob, an empty text; each reads back byte for byte.
    @Test func plinvCompressReadsEveryFormOfItsArgumentByteForByte() throws {
        try F.withStore { store, _ in
            let texts = ["{\"A\":\"é 𝄞\"}", "", String(repeating: "{\"Key\":\"value\"}", count: 200)]
            try store.pool.write { db in
                try db.execute(sql: "CREATE TEMP TABLE compressed (n INTEGER, data BLOB)")
                let insert = try PreparedInsert(db, sql: "INSERT INTO compressed VALUES (?, plinv_compress(?, NULL))")
                for (n, text) in texts.enumerated() {
                    // The bytes sit inside a larger buffer: a reader that looked for a NUL would run past them.
                    let padded = Array(text.utf8) + Array("tail that is not the text".utf8)
                    try padded.withUnsafeBytes { bytes in
                        try insert.run {
                            $0.bind(Int64(n))
                            $0.bind(utf8: UnsafeRawBufferPointer(rebasing: bytes[..<text.utf8.count]))
                        }
                    }
                    let stored = try Data.fetchOne(
                        db, sql: "SELECT plinv_body(data) FROM compressed WHERE n = ?", arguments: [n])
                    #expect(stored.map { Array($0) } == Array(text.utf8), "bound without NUL: \(n)")
                    for argument: DatabaseValueConvertible in [text, Data(text.utf8)] {
                        let direct = try Data.fetchOne(
                            db, sql: "SELECT CAST(plinv_body(plinv_compress(?, NULL)) AS BLOB)", arguments: [argument])
                        #expect(direct.map { Array($0) } == Array(text.utf8), "\(type(of: argument)): \(n)")
                    }
                }
            }
        }
    }

    @Test func aSmallDatabaseCompressesWithoutADictionary() throws {
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot())
            #expect(try Self.dictionaries(store).isEmpty)
            #expect(try Set(Self.frameDictionaries(store).values) == [0])
            #expect(try store.snapshot(id: id).inventory == F.seedInventory())
        }
    }

    @Test func aNewDictionaryIsTrainedOnlyWhenTheInventoryMoreThanDoubles() throws {
        try F.withStore { store, _ in
            let first = try store.save(Self.snapshot(endpoints: 1_000))
            let grown = try store.save(Self.snapshot(endpoints: 1_500, day: 1))
            #expect(try Self.dictionaries(store).count == 1)
            let doubled = try store.save(Self.snapshot(endpoints: 2_500, day: 2))
            let dictionaries = try Self.dictionaries(store).map { $0["id"] as Int64 }
            #expect(dictionaries.count == 2)
            // Bodies keep the dictionary they were written with; the new ones use the new dictionary.
            let frames = try Self.frameDictionaries(store)
            #expect(Set(frames.values) == Set(dictionaries.map(Optional.some)))
            let newBodies = try store.pool.read { db in
                try Int64.fetchSet(
                    db, sql: "SELECT body_id FROM resource_version WHERE first_snapshot = ?", arguments: [doubled])
            }
            #expect(newBodies.count == 1_000 && newBodies.allSatisfy { frames[$0]! == dictionaries.last })
            for (id, endpoints, day) in [(first, 1_000, 0), (grown, 1_500, 1), (doubled, 2_500, 2)] {
                var expected = Self.snapshot(endpoints: endpoints, day: day)
                expected.id = id
                #expect(try store.snapshot(id: id) == expected)
            }
        }
    }

    @Test func aDamagedBodyIsOneClearErrorAndLeavesTheRestReadable() throws {
        try F.withStore { store, path in
            let id = try store.save(F.seedSnapshot())
            try store.pool.write { db in
                try db.execute(
                    sql: "UPDATE body SET data = CAST(substr(data, 1, 8) || x'00112233' AS BLOB) WHERE id = 1")
            }
            do {
                _ = try store.snapshot(id: id)
                Issue.record("reading a damaged body succeeded")
            } catch let error as StoreError {
                guard case .corrupt(let errorPath, let reason) = error else {
                    Issue.record("expected .corrupt, got \(error)")
                    return
                }
                #expect(errorPath == path)
                #expect(reason.contains("plinv_body"))
            }
            #expect(try store.summaries().map(\.id) == [id])
        }
    }

    // Records are parsed from their bytes in place, so the JSON reader is what rejects bad UTF-8 or a cut record: each
    // must be one clear error naming the record, for a whole snapshot and for the partial reads of drift.
    @Test(arguments: [
        ("{\"VpcEndpointId\":\"vpce-", "end of input"), ("{\"VpcEndpointId\":\"\u{FFFD}\"}", "invalid UTF-8"),
    ])
    func aBodyThatIsNotJSONIsAnUnreadableRecord(_ text: String, _ why: String) throws {
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot())
            try store.pool.write { db in
                // x'C3' starts a two-byte sequence that never ends: invalid UTF-8 inside the JSON string.
                let bytes = text.replacingOccurrences(of: "\u{FFFD}", with: "\u{01}")
                try db.execute(
                    sql: """
                        UPDATE body SET data = plinv_compress(CAST(replace(?, char(1), CAST(x'C3' AS TEXT)) AS TEXT), NULL)
                        WHERE id = (SELECT body_id FROM resource_version WHERE kind = 'vpcEndpoint' LIMIT 1)
                        """, arguments: [bytes])
            }
            for read in [
                { _ = try store.snapshot(id: id) },
                { _ = try store.inventory(of: id, kinds: [.vpcEndpoint], scopes: nil) },
            ] {
                do {
                    try read()
                    Issue.record("reading a body that is not JSON succeeded")
                } catch let error as StoreError {
                    guard case .unreadableRecord(let kind, let resource, let reason) = error else {
                        Issue.record("expected .unreadableRecord, got \(error)")
                        continue
                    }
                    #expect(
                        kind == "vpcEndpoint" && resource.hasPrefix("vpce-") && reason.hasPrefix("invalid JSON")
                            && reason.contains(why), "\(error)")
                }
            }
        }
    }

    @Test func aRecordOfAKindThisPlinvDoesNotKnowIsAnUnreadableRecordNamingIt() throws {
        // A kind from a newer plinv, or a damaged row: one clear error with the kind's text and the resource.
        try F.withStore { store, _ in
            let id = try store.save(F.seedSnapshot())
            let resourceId: String = try store.pool.write { db in
                let resourceId =
                    try String.fetchOne(
                        db, sql: "SELECT resource_id FROM resource_version WHERE kind = 'vpcEndpoint' LIMIT 1") ?? ""
                try db.execute(
                    sql:
                        "UPDATE resource_version SET kind = 'futureKind' WHERE kind = 'vpcEndpoint' AND resource_id = ?",
                    arguments: [resourceId])
                return resourceId
            }
            #expect(!resourceId.isEmpty)
            do {
                _ = try store.snapshot(id: id)
                Issue.record("reading a record of an unknown kind succeeded")
            } catch let error as StoreError {
                guard case .unreadableRecord(let kind, let resource, let reason) = error else {
                    Issue.record("expected .unreadableRecord, got \(error)")
                    return
                }
                #expect(kind == "futureKind" && resource == resourceId && reason == "unknown resource kind", "\(error)")
            }
        }
    }

    @Test func aFrameAnnouncingMoreThanSQLiteHoldsIsRefusedBeforeAllocating() throws {
        // A frame header alone: magic number, a single-segment descriptor with an 8-byte content size, the size.
        func header(announcing size: UInt64) -> [UInt8] {
            [0x28, 0xB5, 0x2F, 0xFD, 0xE0] + (0..<8).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
        }
        let codec = BodyCodec()
        for size in [UInt64(BodyCodec.maximumBodySize) + 1, UInt64(1) << 40] {
            #expect(throws: StoreError.self) {
                try header(announcing: size).withUnsafeBytes { frame in
                    try codec.decompress(frame, load: { _ in [] }) { _ in Issue.record("decompressed \(size) bytes") }
                }
            }
        }
        // Reports' problems are one value: anything up to SQLite's own limit for a value must read back.
        #expect(BodyCodec.maximumBodySize >= 1_000_000_000)
    }

    @Test func oneCodecDecompressesBodiesOfEverySizeInAnyOrderAndAfterAFailure() throws {
        // One codec reuses its buffer and remembers the last frame: a short body after a long one, the same body
        // twice, and a body after a frame it refused must each read back exactly.
        let codec = BodyCodec()
        let texts = [
            Array(#"{"VpcEndpointId":"vpce-1"}"#.utf8), Array(repeating: UInt8(ascii: "x"), count: 2_100_000),
            Array(#"{"a":1}"#.utf8), Array(repeating: UInt8(ascii: "y"), count: 70_000),
        ]
        func frame(_ text: [UInt8]) throws -> [UInt8] {
            try text.withUnsafeBytes { try codec.compress($0, dictionaryID: nil, load: { _ in [] }) { Array($0) } }
        }
        let frames = try texts.map(frame)
        func read(_ frame: [UInt8]) throws -> [UInt8] {
            try frame.withUnsafeBytes { try codec.decompress($0, load: { _ in [] }) { Array($0) } }
        }
        for index in [0, 1, 0, 0, 2, 1, 3, 2, 2] {
            #expect(try read(frames[index]) == texts[index], "body \(index)")
        }
        // A frame cut short is refused; the body read before it, and others, still read back whole.
        _ = try read(frames[3])
        #expect(throws: StoreError.self) { try read(Array(frames[3].dropLast(8))) }
        #expect(try read(frames[3]) == texts[3])
        #expect(throws: StoreError.self) { try read(Array(frames[0].dropLast(3))) }
        #expect(try read(frames[0]) == texts[0])
        // Two bodies of several zstd blocks each, of one size: the refused one writes its first blocks over the
        // buffer before failing, so the one read before it must be decompressed again, not taken from memory.
        func varied(_ seed: UInt64) -> [UInt8] {
            var state = seed
            return (0..<400_000).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(ascii: "a") + UInt8(truncatingIfNeeded: state >> 60)
            }
        }
        let (first, second) = (varied(1), varied(2))
        let (firstFrame, secondFrame) = (try frame(first), try frame(second))
        #expect(try read(firstFrame) == first)
        #expect(throws: StoreError.self) { try read(Array(secondFrame.dropLast(20))) }
        #expect(try read(firstFrame) == first)
    }

    @Test func aBodyWhoseDictionaryIsMissingNamesIt() throws {
        try F.withStore { store, _ in
            let id = try store.save(Self.snapshot(endpoints: 1_000))
            let dictionary = try store.pool.write { db in
                let dictionary = try Int64.fetchOne(db, sql: "SELECT id FROM body_dictionary")
                try db.execute(sql: "DELETE FROM body_dictionary")
                return dictionary
            }
            let reopened = try SnapshotStore(path: store.path)  // connections that never loaded the dictionary
            do {
                _ = try reopened.snapshot(id: id)
                Issue.record("read bodies whose dictionary is gone")
            } catch let error as StoreError {
                #expect("\(error)".contains("dictionary \(try #require(dictionary)), which the database does not hold"))
            }
        }
    }

    @Test func withoutPlinvsFunctionsTheBodyViewsFailAndTheRestReads() throws {
        // What a user of the sqlite3 shell sees (Schema/README.md): the tables, and views that do not read bodies.
        try F.withStore { store, path in
            _ = try store.save(F.seedSnapshot())
            let plain = try DatabaseQueue(path: path)
            try plain.read { db in
                #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM resource_version") == 7)
                do {
                    _ = try Row.fetchAll(db, sql: "SELECT * FROM services")
                    Issue.record("services read without plinv_body")
                } catch let error as DatabaseError {
                    #expect(error.message == "no such function: plinv_body")
                }
            }
        }
    }
}
