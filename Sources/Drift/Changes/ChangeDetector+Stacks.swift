import PrivateLinkModel

/// CloudFormation stacks created, deleted or updated between two snapshots (`change.stack.*`, info).
///
/// Stacks are compared only in scopes whose stacks both snapshots read: a snapshot taken without `--stacks`
/// says nothing about them. A stack is identified by its `StackId`, so deleting and re-creating a stack of the
/// same name is one deletion and one creation. An update names what changed (`StackStatus`, `LastUpdatedTime`,
/// `TemplateBody`, `Parameters`) and the stack's resources that changed in the same comparison, so a report shows
/// the stack update next to the resource changes it caused. Parameters compare as CloudFormation returns them:
/// a `NoEcho` value is `****` on both sides and never shown.
extension ChangeDetector {
    /// The stack findings from `old` to `new`; `resourceChanges` are the resource findings of the same pair.
    public func stackChanges(from old: Snapshot, to new: Snapshot, resourceChanges: [Finding] = []) -> [Finding] {
        let comparable = old.stackScopes.intersection(new.stackScopes)
        let before = Self.stacksByKey(old.stacks, in: comparable)
        let after = Self.stacksByKey(new.stacks, in: comparable)
        var findings: [Finding] = []
        for (key, stack) in after {
            guard let previous = before[key] else {
                findings.append(
                    Self.stackFinding(
                        .stackCreated, stack, after: Self.summary(stack),
                        message: "Stack \(stack.name) was created in \(stack.scope) (\(stack.status))"
                            + Self.caused(by: stack, in: resourceChanges) + "."))
                continue
            }
            if let update = Self.update(from: previous, to: stack, resourceChanges: resourceChanges) {
                findings.append(update)
            }
        }
        for (key, stack) in before where after[key] == nil {
            findings.append(
                Self.stackFinding(
                    .stackDeleted, stack, before: Self.summary(stack),
                    message: "Stack \(stack.name) no longer exists in \(stack.scope)"
                        + Self.caused(by: stack, in: resourceChanges) + "."))
        }
        return findings.sortedForReport()
    }

    /// A stack of one scope.
    private struct StackKey: Hashable {
        var scope: Scope
        var stackId: String
    }

    private static func stacksByKey(_ stacks: [DeployedStack], in scopes: Set<Scope>) -> [StackKey: DeployedStack] {
        var result: [StackKey: DeployedStack] = [:]
        for stack in stacks where scopes.contains(stack.scope) {
            result[StackKey(scope: stack.scope, stackId: stack.stackId)] = stack
        }
        return result
    }

    /// The update finding when status, last-updated time, template or parameters differ; nil when none does.
    /// A template read on one side only (its stack gained or lost checked types) is not a template change.
    private static func update(from old: DeployedStack, to new: DeployedStack, resourceChanges: [Finding]) -> Finding? {
        var changed: [String] = []
        var was: JSONObject = [:], now: JSONObject = [:]
        if old.status != new.status {
            changed.append("StackStatus")
            was["StackStatus"] = .string(old.status)
            now["StackStatus"] = .string(new.status)
        }
        if old.lastUpdatedTime != new.lastUpdatedTime {
            changed.append("LastUpdatedTime")
            was["LastUpdatedTime"] = old.lastUpdatedTime.map(JSONValue.string) ?? .null
            now["LastUpdatedTime"] = new.lastUpdatedTime.map(JSONValue.string) ?? .null
        }
        if let oldBody = old.templateBody, let newBody = new.templateBody, oldBody != newBody {
            changed.append("TemplateBody")
        }
        let oldParameters = old.parameters, newParameters = new.parameters
        if oldParameters != newParameters {
            changed.append("Parameters")
            let keys = Set(oldParameters.keys).union(newParameters.keys).filter {
                oldParameters[$0] != newParameters[$0]
            }
            func values(_ parameters: [String: String]) -> JSONValue {
                .object(
                    JSONObject(
                        Dictionary(
                            uniqueKeysWithValues: keys.map { ($0, parameters[$0].map(JSONValue.string) ?? .null) })))
            }
            was["Parameters"] = values(oldParameters)
            now["Parameters"] = values(newParameters)
        }
        guard !changed.isEmpty else { return nil }
        let what = changed.map { aspect in
            switch aspect {
            case "StackStatus": "status \(old.status) → \(new.status)"
            case "LastUpdatedTime": "last updated \(new.lastUpdatedTime ?? "never")"
            case "TemplateBody": "template changed"
            default:
                "parameters \(((now["Parameters"]?.objectValue ?? [:]).keys.sorted()).joined(separator: ", ")) changed"
            }
        }
        return stackFinding(
            .stackUpdated, new, attribute: changed.joined(separator: ","), before: .object(was), after: .object(now),
            message: "Stack \(new.name) in \(new.scope) was updated: \(what.joined(separator: "; "))"
                + caused(by: new, in: resourceChanges) + ".")
    }

    /// `; its resources that changed: id, id` for the resource findings about this stack's resources, else "".
    private static func caused(by stack: DeployedStack, in resourceChanges: [Finding]) -> String {
        let physical = Set(stack.resources.map(\.physicalId).filter { !$0.isEmpty })
        let ids = Set(
            resourceChanges.filter {
                $0.account == stack.scope.account && $0.region == stack.scope.region && physical.contains($0.resourceId)
            }.map(\.resourceId)
        ).sorted()
        return ids.isEmpty ? "" : "; its resources that changed: \(ids.joined(separator: ", "))"
    }

    /// What a created or deleted stack's finding carries: name, id and status.
    private static func summary(_ stack: DeployedStack) -> JSONValue {
        .object([
            "StackName": .string(stack.name), "StackId": .string(stack.stackId), "StackStatus": .string(stack.status),
        ])
    }

    private static func stackFinding(
        _ rule: ChangeRule, _ stack: DeployedStack, attribute: String? = nil, before: JSONValue? = nil,
        after: JSONValue? = nil, message: String
    ) -> Finding {
        let scope = stack.scope
        return Finding(
            id: FindingID.make(
                kind: .change, rule: rule.rawValue, account: scope.account, region: scope.region,
                resourceId: stack.stackId, attribute: attribute, principal: nil),
            kind: .change, rule: rule.rawValue, severity: rule.severity, resourceType: "AWS::CloudFormation::Stack",
            resourceId: stack.name, account: scope.account, region: scope.region, attribute: attribute,
            expected: before, actual: after, message: message)
    }
}
