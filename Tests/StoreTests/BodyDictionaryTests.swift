import Foundation
import PrivateLinkModel
import Testing

@testable import Store

/// A dictionary is trained on a random sample of a snapshot's new records: the `BodyCodec.maximumSamples` whose
/// canonical JSON hashes lowest, in hash order, resources and stacks alike.
@Suite struct BodyDictionaryTests {
    /// Every new record's canonical JSON in `prepared`, resources and stacks, with its body hash computed here.
    static func candidates(_ prepared: PreparedSnapshot) throws -> [(hash: Int64, json: [UInt8])] {
        var found: [(hash: Int64, json: [UInt8])] = []
        for draft in prepared.drafts {
            let spooled = try draft.spooledJSON()
            for record in draft.unsortedRecords {
                let json = Array(spooled[record.json])
                found.append((json.withUnsafeBytes(ContentHash.body), json))
            }
        }
        for record in prepared.stackRecords {
            found.append((ContentHash.body(record.json), Array(record.json.utf8)))
        }
        return found
    }

    /// Checks that `samples` are the lowest-hashing of `candidates`, in hash order, and as many as the codec takes.
    static func expectLowestInHashOrder(_ samples: [[UInt8]], of candidates: [(hash: Int64, json: [UInt8])]) {
        #expect(samples.count == min(BodyCodec.maximumSamples, candidates.count))
        let hashes = samples.map { $0.withUnsafeBytes(ContentHash.body) }
        #expect(hashes == hashes.sorted(), "in hash order")
        // Every sample is a candidate's JSON, each taken once; none left out hashes lower than one taken.
        var left = Dictionary(grouping: candidates.map(\.json), by: { $0 }).mapValues(\.count)
        for sample in samples {
            #expect((left[sample] ?? 0) > 0, "a sample that is no record's JSON, or taken twice")
            left[sample, default: 0] -= 1
        }
        let highestTaken = hashes.max() ?? .min
        let lowestLeft = left.filter { $0.value > 0 }.keys.map { $0.withUnsafeBytes(ContentHash.body) }.min() ?? .max
        #expect(highestTaken <= lowestLeft, "a record left out hashes lower than one taken")
    }

    @Test func aLargeSnapshotsSamplesAreItsLowestHashingRecordsInHashOrder() throws {
        let prepared = try PreparedSnapshot(Migration0005Tests.snapshot())
        let candidates = try Self.candidates(prepared)
        #expect(candidates.count > BodyCodec.maximumSamples)
        #expect(!prepared.stackRecords.isEmpty && prepared.drafts.count > 1)
        Self.expectLowestInHashOrder(try BodyDictionary.samples(of: prepared), of: candidates)
    }

    // Fewer records than the codec takes: all of them, stacks and exports among them, in hash order.
    @Test func aSmallSnapshotsSamplesAreAllItsRecordsStacksIncluded() throws {
        var snapshot = BodyCompressionTests.snapshot(endpoints: 20)
        snapshot.stacks = [StackStoreTests.stack("orders"), StackStoreTests.stack("other", template: nil)]
        snapshot.exports = [StackStoreTests.export]
        snapshot.stackScopes = [StoreFixtures.provider]
        let prepared = try PreparedSnapshot(snapshot)
        let candidates = try Self.candidates(prepared)
        #expect(candidates.count < BodyCodec.maximumSamples && prepared.stackRecords.count == 3)
        let samples = try BodyDictionary.samples(of: prepared)
        Self.expectLowestInHashOrder(samples, of: candidates)
        for record in prepared.stackRecords { #expect(samples.contains(Array(record.json.utf8))) }
    }
}
