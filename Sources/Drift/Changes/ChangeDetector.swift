import PrivateLinkModel

/// What changed between two snapshots, as `change` findings (rules and severities in `ChangeRule`).
///
/// Resources are matched by kind, scope and resource id. Attributes are the raw record's top-level
/// members, compared with lists as sets (`JSONValue.unordered`) and policy documents as JSON
/// (`PolicyDocument.isEquivalent`). A finding's `expected` is the value before, `actual` the value after.
///
/// Added and removed resources are reported only for scopes collected successfully in *both*
/// snapshots: a scope that failed (or was not collected) on either side says nothing about what exists.
public struct ChangeDetector: Sendable {
    /// A detector; it has no settings.
    public init() {}

    /// The changes from `old` to `new`, in report order.
    public func changes(from old: Snapshot, to new: Snapshot) -> [Finding] {
        let resources = changes(
            from: old.inventory, succeeded: old.succeededScopes, to: new.inventory, succeeded: new.succeededScopes)
        return (resources + stackChanges(from: old, to: new, resourceChanges: resources)).sortedForReport()
    }

    /// The changes between two inventories, given the scopes each collected successfully.
    public func changes(
        from old: Inventory, succeeded oldScopes: Set<Scope>, to new: Inventory, succeeded newScopes: Set<Scope>
    ) -> [Finding] {
        let comparable = oldScopes.intersection(newScopes)
        let before = Self.records(old), after = Self.records(new)
        var findings: [Finding] = []
        for (key, record) in after {
            if let previous = before[key] {
                // AWS keeps listing deleted endpoints and services for a while: that is a removal, not an edit.
                switch (Self.isGone(previous), Self.isGone(record)) {
                case (false, true): findings.append(disappearance(key: key, record: previous))
                case (true, false): findings.append(appearance(key: key, record: record))
                case (true, true): break
                case (false, false): findings += modifications(key: key, before: previous, after: record)
                }
            } else if comparable.contains(key.scope) {
                findings.append(appearance(key: key, record: record))
            }
        }
        for (key, record) in before where after[key] == nil && comparable.contains(key.scope) {
            findings.append(disappearance(key: key, record: record))
        }
        return findings.sortedForReport()
    }

    /// Whether a record is of an endpoint or service that is deleted or being deleted.
    static func isGone(_ record: JSONValue) -> Bool { Lifecycle.isGone(record) }

    /// One resource of any kind.
    struct Key: Hashable {
        var kind: ResourceKind
        var scope: Scope
        var resourceId: String
    }

    /// Every resource of an inventory by key. A connection is keyed by its endpoint id (an endpoint
    /// connects to one service); a permission by service and principal, the principal named in the finding.
    static func records(_ inventory: Inventory) -> [Key: JSONValue] {
        var result: [Key: JSONValue] = [:]
        func add<R: InventoryResource>(_ list: [R], id: ((R) -> String)? = nil) {
            for item in list {
                result[Key(kind: R.kind, scope: item.scope, resourceId: id?(item) ?? item.resourceId)] = item.raw
            }
        }
        add(inventory.endpointServices)
        add(inventory.allowedPrincipals)
        add(inventory.connections) { $0.vpcEndpointId }
        add(inventory.vpcEndpoints)
        add(inventory.securityGroups)
        add(inventory.loadBalancers)
        return result
    }

    /// Builds a change finding with its stable id.
    static func finding(
        _ rule: ChangeRule, key: Key, resourceId: String? = nil, attribute: String? = nil, principal: String? = nil,
        before: JSONValue? = nil, after: JSONValue? = nil, severity: Severity? = nil, message: String
    ) -> Finding {
        let id = resourceId ?? key.resourceId
        return Finding(
            id: FindingID.make(
                kind: .change, rule: rule.rawValue, account: key.scope.account, region: key.scope.region,
                resourceId: id, attribute: attribute, principal: principal),
            kind: .change, rule: rule.rawValue, severity: severity ?? rule.severity,
            resourceType: key.kind.cloudFormationType, resourceId: id, account: key.scope.account,
            region: key.scope.region, attribute: attribute, expected: before, actual: after, message: message)
    }
}
