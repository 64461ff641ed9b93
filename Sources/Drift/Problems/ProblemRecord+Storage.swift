import Foundation
import PrivateLinkModel

extension ProblemRecord {
    /// The text a report stores its records as: a JSON array of objects with sorted keys, `principal` left out when
    /// there is none, dates as `yyyy-MM-ddTHH:mm:ssZ`. These are the bytes Foundation's `JSONEncoder` wrote with
    /// `.sortedKeys`, `.withoutEscapingSlashes` and `.iso8601` dates, which reports stored before, written directly:
    /// at 80,000 problems the encoder was a tenth of a `plinv report`.
    public static func storedJSON(_ records: [ProblemRecord]) -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.count * 320)
        bytes.append(UInt8(ascii: "["))
        for (index, record) in records.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            record.storedValue.writeCanonical(into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return Data(bytes)
    }

    /// The records of a stored text (written by ``storedJSON(_:)`` or by the `JSONEncoder` before it).
    public static func records(storedJSON data: Data) throws(UnreadableProblemRecords) -> [ProblemRecord] {
        let list: [JSONValue]
        do {
            guard let elements = try JSONValue.parse(data).arrayValue else {
                throw UnreadableProblemRecords(record: nil, reason: "not a JSON array")
            }
            list = elements
        } catch let error as UnreadableProblemRecords {
            throw error
        } catch {
            throw UnreadableProblemRecords(record: nil, reason: "\(error)")
        }
        var records: [ProblemRecord] = []
        records.reserveCapacity(list.count)
        for (index, value) in list.enumerated() {
            do {
                records.append(try ProblemRecord(storedValue: value))
            } catch {
                throw UnreadableProblemRecords(record: index, reason: error.reason)
            }
        }
        return records
    }

    /// The record as the JSON object it is stored as.
    var storedValue: JSONValue {
        var members: JSONObject = [
            "id": .string(id), "severity": .string(severity.rawValue), "title": .string(title),
            "resourceType": .string(resourceType), "resourceId": .string(resourceId), "account": .string(account),
            "region": .string(region), "topic": .string(topic), "firstSeen": .string(AWSTimestamp.format(firstSeen)),
        ]
        if let principal { members["principal"] = .string(principal) }
        return .object(members)
    }

    /// The record a stored JSON object holds; every member but `principal` is required.
    init(storedValue value: JSONValue) throws(UnreadableProblemRecords) {
        guard let members = value.objectValue else {
            throw UnreadableProblemRecords(record: nil, reason: "not a JSON object")
        }
        func text(_ key: String) throws(UnreadableProblemRecords) -> String {
            guard let text = members[key]?.stringValue else {
                throw UnreadableProblemRecords(record: nil, reason: "\"\(key)\" is missing or not a string")
            }
            return text
        }
        let severityText = try text("severity")
        guard let severity = Severity(rawValue: severityText) else {
            throw UnreadableProblemRecords(record: nil, reason: "unknown severity \"\(severityText)\"")
        }
        let firstSeenText = try text("firstSeen")
        guard let firstSeen = AWSTimestamp.parse(firstSeenText) else {
            throw UnreadableProblemRecords(record: nil, reason: "\"firstSeen\" is not a date: \(firstSeenText)")
        }
        let principal: String?
        switch members["principal"] {
        case nil, .null?: principal = nil
        case .string(let text)?: principal = text
        default: throw UnreadableProblemRecords(record: nil, reason: "\"principal\" is not a string")
        }
        self.init(
            id: try text("id"), severity: severity, title: try text("title"), resourceType: try text("resourceType"),
            resourceId: try text("resourceId"), principal: principal, account: try text("account"),
            region: try text("region"), topic: try text("topic"), firstSeen: firstSeen)
    }
}
