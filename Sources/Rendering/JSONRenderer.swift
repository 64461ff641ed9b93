import Drift
import Foundation
import PrivateLinkModel

/// Renders the contract's findings document (`drift`, `audit`, `changes`, `report --format json`):
/// `{"schemaVersion":1,"snapshot":{…},"findings":[…],"summary":{…}}`, keys sorted, pretty-printed.
///
/// `findings` holds the report's findings and changes together, most severe first. The document is written finding by
/// finding, in exactly the bytes Foundation's `JSONEncoder` gives the contract's types (`[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]`); beside them, `generatedAt`, `plinvVersion`, the earlier snapshot a report compared with
/// (`comparedWith`, same shape as `snapshot`) and, for a report that compared two snapshots, `changeCoverage` (how
/// many scopes were collected successfully in both, and the others); for a report with drift `coverage`,
/// `notVerified` and `notChecked`; for a report that groups its findings `problems` and `problemSummary` (absent
/// members are left out).
public struct JSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: ReportInput) throws -> String {
        try ReportBuffer.text { try render(report, into: &$0) }
    }

    public func write(_ report: ReportInput, to sink: any ReportSink) throws {
        try ReportBuffer.write(to: sink) { try render(report, into: &$0) }
    }

    /// Writes the document into `output`, its members in key order.
    private func render(_ report: ReportInput, into output: inout ReportBuffer) throws {
        var json = PrettyJSONWriter()
        let hasDrift = report.driftCoverage != nil
        json.beginObject(&output)
        if let comparison = report.changeComparison {
            json.key("changeCoverage", &output)
            json.beginObject(&output)
            json.key("compared", &output)
            json.integer(comparison.compared.count, &output)
            json.key("notCompared", &output)
            json.write(comparison.notCompared, &output)
            json.end(&output)
        }
        if let comparedWith = report.comparedWith {
            json.key("comparedWith", &output)
            json.write(comparedWith, &output)
        }
        if let coverage = report.driftCoverage {
            json.key("coverage", &output)
            json.beginObject(&output)
            for (key, count) in [
                ("declared", coverage.declared), ("notChecked", coverage.notChecked),
                ("notVerified", coverage.notVerified), ("verified", coverage.verified),
            ] {
                json.key(key, &output)
                json.integer(count, &output)
            }
            json.end(&output)
        }
        json.key("findings", &output)
        json.beginArray(&output)
        for finding in report.allFindings {
            json.write(finding, &output)
            try output.flushIfFull()
        }
        json.end(&output)
        json.key("generatedAt", &output)
        json.string(ValueText.date(report.generatedAt), &output)
        if hasDrift || !report.notChecked.isEmpty {
            json.key("notChecked", &output)
            json.write(report.notChecked.sorted(), &output)
        }
        if hasDrift || !report.notVerified.isEmpty {
            json.key("notVerified", &output)
            json.write(report.notVerified.sorted(), &output)
        }
        if let version = report.plinvVersion {
            json.key("plinvVersion", &output)
            json.string(version, &output)
        }
        if let problems = report.problems {
            let summary = problems.summary
            json.key("problemSummary", &output)
            json.beginObject(&output)
            for severity in PrettyJSONWriter.severitiesInKeyOrder {
                json.key(severity.rawValue, &output)
                json.integer(summary[severity] ?? 0, &output)
            }
            json.end(&output)
            json.key("problems", &output)
            json.beginArray(&output)
            for problem in problems.problems {
                json.write(problem, &output)
                try output.flushIfFull()
            }
            json.end(&output)
        }
        json.key("schemaVersion", &output)
        json.integer(ContractJSON.schemaVersion, &output)
        json.key("snapshot", &output)
        json.write(report.snapshot, &output)
        json.key("summary", &output)
        json.write(report.summary, &output)
        json.end(&output)
        output.append("\n")
    }
}

/// Renders the contract's inventory document (`plinv inventory --format json`): the snapshot header
/// and the six resource lists, each record the AWS CLI's shape plus `Account` and `Region`.
public struct InventoryJSONRenderer: ReportRenderer {
    public init() {}

    /// The inventory document of `report.inventory` (an empty inventory when the report has none).
    public func render(_ report: ReportInput) throws -> String {
        let inventory = (report.inventory ?? Inventory()).sorted()
        return try ContractJSON.encode(
            InventoryDocument(
                schemaVersion: ContractJSON.schemaVersion, snapshot: ContractSnapshot(report.snapshot),
                endpointServices: inventory.endpointServices.map(\.contractJSON),
                allowedPrincipals: inventory.allowedPrincipals.map(\.contractJSON),
                connections: inventory.connections.map(\.contractJSON),
                vpcEndpoints: inventory.vpcEndpoints.map(\.contractJSON),
                securityGroups: inventory.securityGroups.map(\.contractJSON),
                loadBalancers: inventory.loadBalancers.map(\.contractJSON)))
    }
}

/// The shared JSON encoding of the contract documents.
enum ContractJSON {
    /// The `schemaVersion` of every document.
    static let schemaVersion = 1

    /// Pretty-printed, key-sorted JSON with a final newline.
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            throw RenderingError.jsonEncoding(reason: "\(error)")
        }
    }
}

/// The contract's `snapshot` object.
struct ContractSnapshot: Encodable {
    /// One entry of `snapshot.scopes`.
    struct ScopeEntry: Encodable {
        let account: String
        let region: String
        let status: String
        let error: String?

        func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(account, forKey: .account)
            try container.encode(region, forKey: .region)
            try container.encode(status, forKey: .status)
            try container.encode(error, forKey: .error)  // null when absent, never left out
        }

        private enum CodingKeys: String, CodingKey { case account, region, status, error }
    }

    let id: Int64?
    let takenAt: String
    let status: String
    let scopes: [ScopeEntry]

    init(_ snapshot: ReportSnapshot) {
        id = snapshot.id
        takenAt = ValueText.date(snapshot.takenAt)
        status = snapshot.status.rawValue
        scopes = snapshot.scopes.map {
            ScopeEntry(account: $0.scope.account, region: $0.scope.region, status: $0.state.rawValue, error: $0.error)
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(takenAt, forKey: .takenAt)
        try container.encode(status, forKey: .status)
        try container.encode(scopes, forKey: .scopes)
    }

    private enum CodingKeys: String, CodingKey { case id, takenAt, status, scopes }
}

/// `{"schemaVersion","snapshot","endpointServices",…,"loadBalancers"}`.
struct InventoryDocument: Encodable {
    let schemaVersion: Int
    let snapshot: ContractSnapshot
    let endpointServices: [JSONValue]
    let allowedPrincipals: [JSONValue]
    let connections: [JSONValue]
    let vpcEndpoints: [JSONValue]
    let securityGroups: [JSONValue]
    let loadBalancers: [JSONValue]
}
