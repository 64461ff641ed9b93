import PrivateLinkModel
import Templates

/// What happens when a desired resource has no single live match.
extension DriftRun {
    /// Fix texts shared by the drift findings.
    enum Remediation {
        static let missing =
            "Deploy the stack so CloudFormation creates it again, or remove it from the template "
            + "if it was retired on purpose."
        static let changed =
            "Update the stack so CloudFormation sets the declared value again, or change the template "
            + "if the live value is the one you want."
        static let ambiguous =
            "Deploy through CloudFormation so the intended resource carries the "
            + "aws:cloudformation:logical-id and stack-name tags, or remove the duplicate."
        static let conflict =
            "Compare with the deployed stack (--stacks) so physical ids decide, or remove the "
            + "declaration that no longer exists from the template."
        static let unmanaged = "Declare it in a template (import it into a stack), or delete it if nobody needs it."
        static let extraPrincipal =
            "Remove the principal (aws ec2 modify-vpc-endpoint-service-permissions "
            + "--remove-allowed-principals ARN), or declare it in the template if the access is intended."
        static let extraRule = "Revoke the rule, or declare it in the template if it is intended."
    }

    /// Why nothing can match `entry` when its account and region are known and the snapshot did not collect them;
    /// nil otherwise.
    func notCollected(_ entry: Entry) -> String? {
        guard let scope = entry.scope, !succeededScopes.contains(scope) else { return nil }
        return "\(scope) was not collected successfully in this snapshot"
    }

    /// No live candidate: `missing` where the scope was collected, otherwise not verified.
    mutating func absent(_ entry: Entry, key: String) {
        let what = "\(entry.resource.type) \(entry.resource.logicalId) (\(key))"
        // In a scope the snapshot did not collect, that is why nothing matched, whatever else holds.
        if let reason = notCollected(entry) {
            unverified(entry, attribute: nil, reason: reason)
            return
        }
        if let reason = entry.resource.conditionUnknownReason {
            unverified(
                entry, attribute: nil, reason: "no live match, and its condition cannot be decided offline: \(reason)")
            return
        }
        if let reason = entry.notEvaluated {
            unverified(entry, attribute: nil, reason: "no live match, and part of it was not evaluated: \(reason)")
            return
        }
        guard let scope = entry.scope else {
            unverified(
                entry, attribute: nil,
                reason: "no live match (\(key)) and nothing says where it is deployed: account and region unknown "
                    + "(pass --account and --region)")
            return
        }
        // A gone copy that is certainly this resource (its physical id or tags) says why it is missing.
        let gone = liveIndex.gone(entry.kind).filter { resource in
            resource.scope == scope
                && (resource.id == entry.physicalId || resource.logicalId == entry.resource.logicalId)
        }
        let states = gone.map {
            "\($0.id) is \($0.record["State"]?.stringValue ?? $0.record["ServiceState"]?.stringValue ?? "gone")"
        }
        report(
            .missing, severity: DriftRule.missingSeverity(entry.kind), entry: entry, kind: entry.kind,
            resourceId: entry.resource.logicalId, scope: scope, expected: .string(key),
            message: "\(what) is declared but does not exist in \(scope)"
                + (states.isEmpty ? "." : " (\(states.sorted().joined(separator: ", ")))."),
            remediation: Remediation.missing)
    }

    /// Two or more live candidates: a finding of its own, never a guess.
    mutating func ambiguous(_ entry: Entry, candidates: [Live], key: String) {
        let ids = candidates.map(\.id).sorted()
        let scope = entry.scope ?? candidates[0].scope
        accountedFor.formUnion(candidates.map(\.key))
        report(
            .ambiguous, severity: .medium, entry: entry, kind: entry.kind, resourceId: entry.resource.logicalId,
            scope: scope, expected: .string(key), actual: .array(ids.map(JSONValue.string)),
            message: "\(entry.resource.type) \(entry.resource.logicalId) matches \(ids.count) live resources by "
                + "\(key) (\(ids.joined(separator: ", "))); plinv does not guess which one the template means.",
            remediation: Remediation.ambiguous)
    }

    /// Two or more declarations claim one live resource: a finding naming them all, a not-verified row for each,
    /// and no match, because taking either would be a guess. The live resource counts as declared.
    mutating func conflict(_ claims: [Claim]) {
        let resource = claims[0].resource
        let claimants = claims.map { entries[$0.index] }
        let names = claimants.map(\.resource.logicalId).sorted()
        claimed.insert(resource.key)
        report(
            .conflict, severity: .medium, entry: claimants[0], kind: resource.kind, resourceId: resource.id,
            scope: resource.scope, expected: .string(claims[0].key), actual: .array(names.map(JSONValue.string)),
            message: "\(names.count) declared resources (\(names.joined(separator: ", "))) all match live "
                + "\(resource.kind.cloudFormationType) \(resource.id) by \(claims[0].key); plinv does not guess which "
                + "one it is, so none of them is compared.",
            remediation: Remediation.conflict)
        for claimant in claimants {
            let others = names.filter { $0 != claimant.resource.logicalId }.joined(separator: ", ")
            unverified(
                claimant, attribute: nil,
                reason:
                    "it matches \(resource.id), which \(others) also matches; plinv does not guess which declaration it is"
            )
        }
    }
}
