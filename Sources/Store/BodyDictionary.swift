import Foundation
import GRDB

/// Which dictionary the new bodies of a snapshot are compressed with (`body_dictionary`, Schema/0005).
enum BodyDictionary {
    /// The id of the dictionary to compress `prepared`'s new bodies with, nil for none.
    ///
    /// New bodies use the dictionary trained for the most records. A snapshot of at least
    /// ``BodyCodec/minimumSamples`` records and more than twice as many as that dictionary was trained for (or with
    /// no dictionary yet) first trains a new one from its own records (the ``BodyCodec/maximumSamples`` first in hash
    /// order): the first large snapshot, and later ones only when the inventory has more than doubled.
    static func forSaving(_ prepared: PreparedSnapshot, in db: Database) throws -> Int64? {
        let newest = try Row.fetchOne(
            db, sql: "SELECT id, trained_for FROM body_dictionary ORDER BY trained_for DESC LIMIT 1")
        let newestID: Int64? = newest?["id"]
        // Only new and changed records are in the drafts: an unchanged collect trains nothing.
        let records = prepared.drafts.reduce(0) { $0 + $1.recordCount } + prepared.stackRecords.count
        if let newest, records <= 2 * (newest["trained_for"] as Int) { return newestID }
        guard records >= BodyCodec.minimumSamples else { return newestID }
        // A sample in hash order is a random one: evenly spaced records of the (sorted) inventory trained a dictionary
        // that compressed the bench's bodies 20 % worse.
        guard let dictionary = BodyCodec.trainDictionary(try samples(of: prepared)) else { return newestID }
        let id = BodyCodec.dictionaryID(of: dictionary)
        try db.execute(
            sql: """
                INSERT INTO body_dictionary (id, created_at, trained_for, content) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """,
            arguments: [id, StoredTime.text(Date()), records, Data(dictionary)])
        return id
    }

    /// The JSON of the new records first in hash order, at most ``BodyCodec/maximumSamples``: a random sample. The
    /// drafts' records are read from their spools one draft at a time.
    ///
    /// The candidates are sorted as (hash, position) pairs, plain values: sorting the sources themselves, an enum
    /// holding a `String`, went through their value witnesses at every move (choosing them took 1.2 % of a first
    /// collect's CPU, 11,000 records; now 1.0 %). Equal hashes keep their order, as the stable sort did.
    static func samples(of prepared: PreparedSnapshot) throws -> [[UInt8]] {
        enum Source {
            case resource(draft: Int, json: Range<Int>)
            case stack(String)
        }
        var sources: [Source] = []
        var order: [(hash: Int64, position: Int)] = []
        for (index, draft) in prepared.drafts.enumerated() {
            for record in draft.unsortedRecords {
                order.append((record.hash, sources.count))
                sources.append(.resource(draft: index, json: record.json))
            }
        }
        for record in prepared.stackRecords {
            order.append((record.hash, sources.count))
            sources.append(.stack(record.json))
        }
        order.sort { ($0.hash, $0.position) < ($1.hash, $1.position) }
        let chosen = order.prefix(BodyCodec.maximumSamples)
        var samples = [[UInt8]](repeating: [], count: chosen.count)
        var wanted: [Int: [(position: Int, json: Range<Int>)]] = [:]
        for (position, candidate) in chosen.enumerated() {
            switch sources[candidate.position] {
            case .stack(let json): samples[position] = Array(json.utf8)
            case .resource(let draft, let json): wanted[draft, default: []].append((position, json))
            }
        }
        for (draft, records) in wanted {
            let json = try prepared.drafts[draft].spooledJSON()
            for (position, range) in records { samples[position] = Array(json[range]) }
        }
        return samples
    }
}
