import Drift
import Foundation
import PrivateLinkModel

/// Renders the contract's findings document (`drift`, `audit`, `changes`, `report --format json`):
/// `{"schemaVersion":1,"snapshot":{…},"findings":[…],"summary":{…}}`, keys sorted, pretty-printed.
///
/// `findings` holds the report's findings and changes together, most severe first.
public struct JSONRenderer: ReportRenderer {
    public init() {}

    public func render(_ report: ReportInput) throws -> String {
        let hasDrift = report.driftCoverage != nil
        return try ContractJSON.encode(
            FindingsDocument(
                schemaVersion: ContractJSON.schemaVersion, snapshot: ContractSnapshot(report.snapshot),
                findings: report.allFindings, summary: report.summary,
                generatedAt: ValueText.date(report.generatedAt), plinvVersion: report.plinvVersion,
                comparedWith: report.comparedWith.map(ContractSnapshot.init),
                coverage: report.driftCoverage, problems: report.problems.map { $0.problems.map(ProblemsJSON.Entry.init) },
                problemSummary: report.problems.map { section in
                    Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, section.summary[$0] ?? 0) })
                },
                notVerified: hasDrift || !report.notVerified.isEmpty ? report.notVerified.sorted() : nil,
                notChecked: hasDrift || !report.notChecked.isEmpty ? report.notChecked.sorted() : nil))
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

/// `{"schemaVersion","snapshot","findings","summary"}` and, beside them, `generatedAt`, `plinvVersion`, the earlier
/// snapshot a report compared with (`comparedWith`, same shape as `snapshot`) and for a report with drift `coverage`,
/// `notVerified` and `notChecked` (absent members are left out).
struct FindingsDocument: Encodable {
    let schemaVersion: Int
    let snapshot: ContractSnapshot
    let findings: [Finding]
    let summary: SeveritySummary
    let generatedAt: String
    let plinvVersion: String?
    let comparedWith: ContractSnapshot?
    let coverage: DriftCoverage?
    /// One entry per problem (an addition beside `findings`, which keeps every finding).
    let problems: [ProblemsJSON.Entry]?
    /// Counted problems by severity: what the exit code and the summary count.
    let problemSummary: [String: Int]?
    let notVerified: [UncheckedItem]?
    let notChecked: [UncheckedItem]?
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
