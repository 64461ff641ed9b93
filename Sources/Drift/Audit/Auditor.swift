import Foundation
import PrivateLinkModel

/// Runs the audit rules PL001–PL011 (DESIGN.md, "Audit rules") over one inventory.
///
/// A pure function of its inputs: the clock is passed in as `now`, trust as `trustedAccounts`.
/// States compare case-insensitively. Rules that fire on the *absence* of something (PL004: no allowed
/// principal covers a connection) only fire in scopes collected successfully, since a failed scope may
/// be missing records.
public struct Auditor: Sendable {
    /// How long a connection may wait for acceptance before PL005 fires (7 days by default).
    public var pendingAcceptanceLimit: TimeInterval

    /// An auditor with the given PL005 limit.
    public init(pendingAcceptanceLimit: TimeInterval = 7 * 24 * 60 * 60) {
        self.pendingAcceptanceLimit = pendingAcceptanceLimit
    }

    /// Every audit finding for `inventory`, in report order.
    ///
    /// - Parameters:
    ///   - succeededScopes: the scopes collected successfully (`Snapshot.succeededScopes`).
    ///   - trustedAccounts: account ids, organization or OU ids/ARNs (see `TrustedPrincipals`); the owner
    ///     account of each service is always trusted in addition.
    ///   - now: the time the PL005 age is measured against.
    public func audit(
        _ inventory: Inventory, succeededScopes: Set<Scope>, trustedAccounts: Set<String>, now: Date
    ) -> [Finding] {
        let context = AuditContext(inventory: inventory, trusted: TrustedPrincipals(trustedAccounts))
        // Each rule appends to one list: returning arrays that `+=` joined copied every finding (a dozen strings
        // retained) and then dropped the original.
        var findings: [Finding] = []
        // Room for one finding per resource the rules read, which an audit seldom exceeds: grown from empty, a list of
        // 10,000 findings was moved to new memory a dozen times as it grew.
        findings.reserveCapacity(
            inventory.endpointServices.count + inventory.allowedPrincipals.count + inventory.connections.count
                + inventory.vpcEndpoints.count + inventory.securityGroups.count)
        // A deleted, deleting or failed service admits nobody: its settings and principals are not findings.
        let gone = Set(
            inventory.endpointServices.filter { Lifecycle.isGone($0.record) }.map {
                ServiceKey(scope: $0.scope, serviceId: $0.serviceId)
            })
        for service in inventory.endpointServices
        where !gone.contains(ServiceKey(scope: service.scope, serviceId: service.serviceId)) {
            serviceFindings(service, context: context, into: &findings)
        }
        for permission in inventory.allowedPrincipals
        where !gone.contains(ServiceKey(scope: permission.scope, serviceId: permission.serviceId)) {
            principalFindings(permission, context: context, into: &findings)
        }
        for connection in inventory.connections {
            connectionFindings(
                connection, context: context, succeededScopes: succeededScopes, now: now, into: &findings)
        }
        var verdicts = PolicyVerdicts()
        var texts = RepeatedTexts()
        for endpoint in inventory.vpcEndpoints {
            endpointFindings(endpoint, verdicts: &verdicts, texts: &texts, into: &findings)
        }
        securityGroupFindings(context: context, into: &findings)
        findings.sortForReport()
        return findings
    }

    /// Every audit finding for a snapshot's inventory, with its own scope status.
    public func audit(_ snapshot: Snapshot, trustedAccounts: Set<String>, now: Date) -> [Finding] {
        audit(snapshot.inventory, succeededScopes: snapshot.succeededScopes, trustedAccounts: trustedAccounts, now: now)
    }

    /// The who-can-connect view of every endpoint service, sorted by scope then service id.
    public func serviceAccess(_ inventory: Inventory, trustedAccounts: Set<String>) -> [ServiceAccessView] {
        let context = AuditContext(inventory: inventory, trusted: TrustedPrincipals(trustedAccounts))
        return inventory.endpointServices
            .sorted { ($0.scope, $0.serviceId) < ($1.scope, $1.serviceId) }
            .map { ServiceAccessView(service: $0, context: context) }
    }

    /// Builds an audit finding with its stable id.
    static func finding(
        _ rule: AuditRule, resourceType: String, resourceId: String, scope: Scope,
        attribute: String? = nil, principal: String? = nil, actual: JSONValue? = nil, message: String
    ) -> Finding {
        Finding(
            id: FindingID.make(
                kind: .audit, rule: rule.id, account: scope.account, region: scope.region,
                resourceId: resourceId, attribute: attribute, principal: principal),
            kind: .audit, rule: rule.id, severity: rule.severity, resourceType: resourceType,
            resourceId: resourceId, account: scope.account, region: scope.region, attribute: attribute,
            actual: actual, message: message, remediation: rule.remediation)
    }
}
