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
        let resourceTexts = prepared.drafts.flatMap { draft in draft.unsortedRecords.map { ($0.hash, $0.json) } }
        let texts = resourceTexts + prepared.stackRecords.map { ($0.hash, $0.json) }
        let samples = texts.sorted { $0.0 < $1.0 }.prefix(BodyCodec.maximumSamples).map(\.1.utf8)
        guard let dictionary = BodyCodec.trainDictionary(samples) else { return newestID }
        let id = BodyCodec.dictionaryID(of: dictionary)
        try db.execute(
            sql: """
                INSERT INTO body_dictionary (id, created_at, trained_for, content) VALUES (?, ?, ?, ?)
                ON CONFLICT (id) DO NOTHING
                """,
            arguments: [id, StoredTime.text(Date()), records, Data(dictionary)])
        return id
    }
}
