import Drift
import Foundation
import PrivateLinkModel

/// The contract's types as `JSONEncoder` spells them, member by member in key order.
extension PrettyJSONWriter {
    /// The severities as an object's keys sort: `critical`, `high`, `info`, `low`, `medium`.
    static let severitiesInKeyOrder: [Severity] = [.critical, .high, .info, .low, .medium]

    /// `{"id","scopes":[{"account","error","region","status"}],"status","takenAt"}`; `id` and `error` null when absent.
    mutating func write(_ snapshot: ReportSnapshot, _ output: inout ReportBuffer) {
        beginObject(&output)
        key("id", &output)
        integer(snapshot.id, &output)
        key("scopes", &output)
        beginArray(&output)
        for scope in snapshot.scopes {
            beginObject(&output)
            key("account", &output)
            string(scope.scope.account, &output)
            key("error", &output)
            string(scope.error, &output)
            key("region", &output)
            string(scope.scope.region, &output)
            key("status", &output)
            string(scope.state.rawValue, &output)
            end(&output)
        }
        end(&output)
        key("status", &output)
        string(snapshot.status.rawValue, &output)
        key("takenAt", &output)
        string(ValueText.date(snapshot.takenAt), &output)
        end(&output)
    }

    /// `[{"account","region"}]`, in the order given.
    mutating func write(_ scopes: [Scope], _ output: inout ReportBuffer) {
        beginArray(&output)
        for scope in scopes {
            beginObject(&output)
            key("account", &output)
            string(scope.account, &output)
            key("region", &output)
            string(scope.region, &output)
            end(&output)
        }
        end(&output)
    }

    /// A finding as `Finding.encode(to:)` spells it: every contract member (null when absent), `matchedBy` when known.
    mutating func write(_ finding: Finding, _ output: inout ReportBuffer) {
        beginObject(&output)
        key("account", &output)
        string(finding.account, &output)
        key("actual", &output)
        value(finding.actual ?? .null, &output)
        key("attribute", &output)
        string(finding.attribute, &output)
        key("expected", &output)
        value(finding.expected ?? .null, &output)
        key("id", &output)
        string(finding.id, &output)
        key("kind", &output)
        string(finding.kind.rawValue, &output)
        key("logicalId", &output)
        string(finding.logicalId, &output)
        if let matchedBy = finding.matchedBy {
            key("matchedBy", &output)
            string(matchedBy, &output)
        }
        key("message", &output)
        string(finding.message, &output)
        key("region", &output)
        string(finding.region, &output)
        key("remediation", &output)
        string(finding.remediation, &output)
        key("resourceId", &output)
        string(finding.resourceId, &output)
        key("resourceType", &output)
        string(finding.resourceType, &output)
        key("rule", &output)
        string(finding.rule, &output)
        key("severity", &output)
        string(finding.severity.rawValue, &output)
        key("source", &output)
        write(finding.source, &output)
        end(&output)
    }

    /// `{"file","line"}`, or null.
    mutating func write(_ source: SourceLocation?, _ output: inout ReportBuffer) {
        guard let source else { return null(&output) }
        beginObject(&output)
        key("file", &output)
        string(source.file, &output)
        key("line", &output)
        integer(source.line, &output)
        end(&output)
    }

    /// `{"critical","high","info","low","medium"}`.
    mutating func write(_ summary: SeveritySummary, _ output: inout ReportBuffer) {
        beginObject(&output)
        for severity in Self.severitiesInKeyOrder {
            key(severity.rawValue, &output)
            integer(summary.count(of: severity), &output)
        }
        end(&output)
    }

    /// Template items not compared: `{"account","attribute","logicalId","reason","region","resourceType","source"}`.
    mutating func write(_ items: [UncheckedItem], _ output: inout ReportBuffer) {
        beginArray(&output)
        for item in items {
            beginObject(&output)
            key("account", &output)
            string(item.scope?.account, &output)
            key("attribute", &output)
            string(item.attribute, &output)
            key("logicalId", &output)
            string(item.logicalId, &output)
            key("reason", &output)
            string(item.reason, &output)
            key("region", &output)
            string(item.scope?.region, &output)
            key("resourceType", &output)
            string(item.resourceType, &output)
            key("source", &output)
            write(item.source, &output)
            end(&output)
        }
        end(&output)
    }

    /// One problem, referring to its findings by id; absent optional members are left out.
    mutating func write(_ problem: Problem, _ output: inout ReportBuffer) {
        beginObject(&output)
        key("account", &output)
        string(problem.account, &output)
        key("findingIds", &output)
        beginArray(&output)
        for id in problem.findingIds { string(id, &output) }
        end(&output)
        if let firstSeen = problem.firstSeen {
            key("firstSeen", &output)
            string(ValueText.date(firstSeen), &output)
        }
        key("id", &output)
        string(problem.id, &output)
        key("isEvent", &output)
        bool(problem.isEvent, &output)
        key("lifecycle", &output)
        string(problem.lifecycle.rawValue, &output)
        if let principal = problem.principal {
            key("principal", &output)
            string(principal, &output)
        }
        key("region", &output)
        string(problem.region, &output)
        if let remediation = problem.remediation {
            key("remediation", &output)
            string(remediation, &output)
        }
        key("resourceId", &output)
        string(problem.resourceId, &output)
        key("resourceType", &output)
        string(problem.resourceType, &output)
        key("rules", &output)
        beginArray(&output)
        for rule in problem.rules { string(rule, &output) }
        end(&output)
        key("severity", &output)
        string(problem.severity.rawValue, &output)
        if let source = problem.source {
            key("source", &output)
            write(source, &output)
        }
        if let suppression = problem.suppression {
            key("suppression", &output)
            beginObject(&output)
            if let expires = suppression.expires {
                key("expires", &output)
                string(expires, &output)
            }
            key("inForce", &output)
            bool(suppression.isInForce, &output)
            key("owner", &output)
            string(suppression.owner, &output)
            key("reason", &output)
            string(suppression.reason, &output)
            key("source", &output)
            write(suppression.source, &output)
            end(&output)
        }
        key("title", &output)
        string(problem.title, &output)
        end(&output)
    }
}
