import Drift
import Foundation
import Testing
import TestSupport

/// Stored problem records: the same bytes Foundation's encoder wrote before, read back whatever wrote them, and a
/// damaged list named by record and field.
@Suite struct ProblemRecordStorageTests {
    /// The encoder reports used to store records with (kept here as the oracle).
    static var foundationEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    static var foundationDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Text that needs escaping, or looks as if it did.
    static let hostile = [
        "plain", "", "quote \" and backslash \\", "a/b</script>", "tab\tnew\nline\r", "\u{0}\u{1}\u{1F}\u{7F}",
        "émoji 🛡️ ü", "line\u{2028}separator\u{2029}", "<b>&amp;</b>", "arn:aws:iam::123456789012:root",
    ]

    static func records(count: Int, seed: UInt64) -> [ProblemRecord] {
        var random = SeededGenerator(seed: seed)
        func text() -> String {
            hostile.randomElement(using: &random)! + String(Int.random(in: 0..<99, using: &random))
        }
        return (0..<count).map { _ in
            ProblemRecord(
                id: text(), severity: Severity.allCases.randomElement(using: &random)!, title: text(),
                resourceType: text(), resourceId: text(), principal: Bool.random(using: &random) ? text() : nil,
                account: text(), region: text(), topic: text(),
                // Fractions of a second included: both writers keep whole seconds.
                firstSeen: Date(timeIntervalSince1970: Double(Int.random(in: 0..<2_000_000_000, using: &random)) + 0.75)
            )
        }
    }

    @Test func writesTheBytesFoundationsEncoderWrote() throws {
        let records = Self.records(count: 500, seed: 3)
        let ours = ProblemRecord.storedJSON(records)
        let foundation = try Self.foundationEncoder.encode(records)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(ProblemRecord.storedJSON([]) == Data("[]".utf8))
    }

    @Test func readsBackWhatEitherWriterStored() throws {
        let records = Self.records(count: 500, seed: 4)
        let stored = try Self.foundationEncoder.encode(records)
        let expected = try Self.foundationDecoder.decode([ProblemRecord].self, from: stored)
        #expect(try ProblemRecord.records(storedJSON: stored) == expected)
        #expect(try ProblemRecord.records(storedJSON: ProblemRecord.storedJSON(records)) == expected)
        // Whole seconds survive exactly.
        #expect(
            expected.allSatisfy {
                $0.firstSeen.timeIntervalSince1970.rounded(.down) == $0.firstSeen.timeIntervalSince1970
            })
    }

    @Test func aDamagedListIsNamedByRecordAndField() throws {
        let good = String(decoding: ProblemRecord.storedJSON(Self.records(count: 3, seed: 5)), as: UTF8.self)
        func reading(_ text: String) -> UnreadableProblemRecords? {
            do {
                _ = try ProblemRecord.records(storedJSON: Data(text.utf8))
                return nil
            } catch { return error }
        }
        let truncated = try #require(reading(String(good.dropLast(5))))
        #expect(truncated.record == nil && truncated.reason.hasPrefix("invalid JSON at line 1"))
        #expect(reading(#"{"id":"x"}"#)?.reason == "not a JSON array")
        let second = good.range(
            of: #""severity":"#, options: [],
            range: good.index(after: good.range(of: "},{")!.lowerBound)..<good.endIndex)!
        let renamed = good.replacingCharacters(in: second, with: #""severitY":"#)
        #expect(
            reading(renamed) == UnreadableProblemRecords(record: 1, reason: #""severity" is missing or not a string"#))
        #expect(reading(renamed)?.description.contains("record 2: ") == true)
        let badSeverity =
            #"[{"account":"a","firstSeen":"2026-12-01T00:00:00Z","id":"i","region":"r","resourceId":"x","resourceType":"t","severity":"urgent","title":"t","topic":"p"}]"#
        #expect(reading(badSeverity) == UnreadableProblemRecords(record: 0, reason: #"unknown severity "urgent""#))
        let badDate = badSeverity.replacingOccurrences(of: "urgent", with: "high").replacingOccurrences(
            of: "2026-12-01T00:00:00Z", with: "yesterday")
        #expect(
            reading(badDate) == UnreadableProblemRecords(record: 0, reason: #""firstSeen" is not a date: yesterday"#))
        let numericPrincipal = badSeverity.replacingOccurrences(of: "urgent", with: "high").replacingOccurrences(
            of: #""id":"i""#, with: #""id":"i","principal":7"#)
        #expect(
            reading(numericPrincipal) == UnreadableProblemRecords(record: 0, reason: #""principal" is not a string"#))
        let nullPrincipal = numericPrincipal.replacingOccurrences(of: #""principal":7"#, with: #""principal":null"#)
        #expect(reading(nullPrincipal) == nil)
    }
}
