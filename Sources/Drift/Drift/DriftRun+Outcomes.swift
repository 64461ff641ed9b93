import PrivateLinkModel
import Templates

/// What happens when a desired resource has no single live match.
extension DriftRun {
    /// Fix texts shared by the drift findings.
    enum Remediation {
        static let missing = "Deploy the stack so CloudFormation creates it again, or remove it from the template "
            + "if it was retired on purpose."
        static let changed = "Update the stack so CloudFormation sets the declared value again, or change the template "
            + "if the live value is the one you want."
        static let ambiguous = "Deploy through CloudFormation so the intended resource carries the "
            + "aws:cloudformation:logical-id and stack-name tags, or remove the duplicate."
        static let unmanaged = "Declare it in a template (import it into a stack), or delete it if nobody needs it."
        static let extraPrincipal = "Remove the principal (aws ec2 modify-vpc-endpoint-service-permissions "
            + "--remove-allowed-principals ARN), or declare it in the template if the access is intended."
        static let extraRule = "Revoke the rule, or declare it in the template if it is intended."
    }

    /// No live candidate: `missing` where the scope was collected, otherwise not verified.
    mutating func absent(_ entry: Entry, key: String) {
        let what = "\(entry.resource.type) \(entry.resource.logicalId) (\(key))"
        if let reason = entry.resource.conditionUnknownReason {
            unverified(entry, attribute: nil, reason: "no live match, and its condition cannot be decided offline: \(reason)")
            return
        }
        guard let scope = entry.scope else {
            unverified(entry, attribute: nil,
                       reason: "no live match, and the template's account and region are unknown (pass --account and --region)")
            return
        }
        guard succeededScopes.contains(scope) else {
            unverified(entry, attribute: nil, reason: "\(scope) was not collected successfully in this snapshot")
            return
        }
        report(.missing, severity: DriftRule.missingSeverity(entry.kind), entry: entry, kind: entry.kind,
               resourceId: entry.resource.logicalId, scope: scope, expected: .string(key),
               message: "\(what) is declared but does not exist in \(scope).", remediation: Remediation.missing)
    }

    /// Two or more live candidates: a finding of its own, never a guess.
    mutating func ambiguous(_ entry: Entry, candidates: [Live], key: String) {
        let ids = candidates.map(\.id).sorted()
        let scope = entry.scope ?? candidates[0].scope
        report(.ambiguous, severity: .medium, entry: entry, kind: entry.kind, resourceId: entry.resource.logicalId,
               scope: scope, expected: .string(key), actual: .array(ids.map(JSONValue.string)),
               message: "\(entry.resource.type) \(entry.resource.logicalId) matches \(ids.count) live resources by "
                   + "\(key) (\(ids.joined(separator: ", "))); plinv does not guess which one the template means.",
               remediation: Remediation.ambiguous)
    }
}
