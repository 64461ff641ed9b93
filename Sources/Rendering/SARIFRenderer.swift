import Drift
import Foundation

/// Renders SARIF 2.1.0 (`--format sarif`) for GitHub code scanning and other SARIF readers.
///
/// One run by the tool `plinv` (with its version), whose rules are the rule catalogue; one result per finding and
/// change. A finding with a template line (every drift finding, and an audit finding on a declared resource) is
/// located there: `physicalLocation.artifactLocation.uri` is the template path as given (percent-encoded where a
/// URI needs it), `region.startLine` the line. A finding without one (or from a deployed stack's template) is located on a logical location
/// `account/region/type/id`. `partialFingerprints.plinvFindingId/v1` is the finding's stable id, so a reader tracks it
/// across runs. Failed scopes are tool notifications, and make `executionSuccessful` false.
public struct SARIFRenderer: ReportRenderer {
    /// The schema the output declares, OASIS's published SARIF 2.1.0 schema (errata 01).
    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    /// The partial fingerprint's name.
    public static let fingerprintName = "plinvFindingId/v1"

    public init() {}

    public func render(_ report: ReportInput) throws -> String {
        let findings = report.allFindings
        var rules = RuleCatalogue.entries.map(SARIF.Rule.init)
        var ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for finding in findings where ruleIndex[finding.rule] == nil {
            ruleIndex[finding.rule] = rules.count
            rules.append(SARIF.Rule(unknown: finding.rule))
        }
        let results = findings.map { SARIF.Result($0, ruleIndex: ruleIndex[$0.rule] ?? 0) }
        let failed = report.snapshot.failedScopes
        let notifications =
            failed.map {
                SARIF.Notification(
                    level: "error",
                    message: SARIF.Message(
                        text:
                            "Scope \(ValueText.scope($0.scope)) was not collected: \($0.error ?? "unknown error"). "
                            + "Nothing in it is reported as missing."))
            } + Self.coverageNotifications(report.driftCoverage) + Self.comparisonNotifications(report.changeComparison)
        let invocation = SARIF.Invocation(
            executionSuccessful: failed.isEmpty, endTimeUtc: ValueText.date(report.generatedAt),
            toolExecutionNotifications: notifications.isEmpty ? nil : notifications)
        let log = SARIF.Log(
            schema: Self.schemaURI, version: "2.1.0",
            runs: [
                SARIF.Run(
                    tool: SARIF.Tool(
                        driver: SARIF.Driver(
                            name: "plinv", version: report.plinvVersion, semanticVersion: report.plinvVersion,
                            informationUri: nil, rules: rules)),
                    invocations: [invocation], results: results,
                    properties: SARIF.RunProperties(
                        snapshotId: report.snapshot.id, snapshotTakenAt: ValueText.date(report.snapshot.takenAt),
                        comparedWithSnapshotId: report.comparedWith?.id))
            ])
        return try ContractJSON.encode(log)
    }

    /// A drift check that verified nothing, as a warning carrying the coverage sentence (the other formats list each
    /// resource not verified, with the reason).
    static func coverageNotifications(_ coverage: DriftCoverage?) -> [SARIF.Notification] {
        guard let coverage, coverage.verifiedNothing else { return [] }
        return [SARIF.Notification(level: "warning", message: SARIF.Message(text: coverage.sentence))]
    }

    /// What a changes report could not compare, as warnings: one when it compared nothing, one per scope not compared.
    static func comparisonNotifications(_ comparison: ChangeComparison?) -> [SARIF.Notification] {
        guard let comparison else { return [] }
        var texts = comparison.notCompared.prefix(ChangeComparison.namedAtMost).map {
            "Scope \(ValueText.scope($0)) was not collected successfully in both snapshots: nothing in it is reported "
                + "as added or removed."
        }
        let more = comparison.notCompared.count - ChangeComparison.namedAtMost
        if more > 0 {
            texts.append(
                "\(more) more scopes were not collected successfully in both snapshots (the JSON report lists them).")
        }
        if comparison.comparedNothing {
            texts.insert(
                "Nothing was compared: no account and region was collected successfully in both snapshots, so no "
                    + "change can be reported.", at: 0)
        }
        return texts.map { SARIF.Notification(level: "warning", message: SARIF.Message(text: $0)) }
    }

    /// The SARIF `level` of a severity: critical and high are errors, medium a warning, low and info notes.
    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low, .info: "note"
        }
    }

    /// GitHub's `security-severity` score of a severity (its critical / high / medium / low bands).
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        case .info: "0.0"
        }
    }

    /// A template path as a relative URI reference: `/` kept, anything outside RFC 3986's unreserved set encoded.
    static func uriReference(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
