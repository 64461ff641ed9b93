import Foundation
import PrivateLinkModel

/// Rules about consumers' connections to our services: PL004, PL005, PL011.
extension Auditor {
    /// The findings for one connection.
    func connectionFindings(
        _ connection: EndpointConnection, context: AuditContext, succeededScopes: Set<Scope>, now: Date
    ) -> [Finding] {
        let scope = connection.scope
        let state = connection.vpcEndpointState.lowercased()
        let consumer = connection.vpcEndpointOwner
        let what = context.describeService(connection.serviceId, in: scope)
        let type = ResourceKind.connection.cloudFormationType
        let endpoint = connection.vpcEndpointId
        var findings: [Finding] = []

        if !EndpointStates.ended.contains(state), succeededScopes.contains(scope) {
            let access = ConsumerAccess.evaluate(
                account: consumer, principals: context.principals(of: connection.serviceId, in: scope),
                owner: scope.account, trusted: context.trusted)
            if !access.allowed || !access.trusted {
                let reason = switch (access.allowed, access.trusted) {
                case (false, false): "no allowed principal covers it any more and it is not a trusted account"
                case (false, true): "no allowed principal covers it any more"
                default: "it is not a trusted account"
                }
                findings.append(Self.finding(
                    .connectionNotAllowed, resourceType: type, resourceId: endpoint, scope: scope,
                    attribute: "VpcEndpointOwner", principal: consumer, actual: .string(consumer),
                    message: "Account \(consumer) has endpoint \(endpoint) connected to \(what) "
                        + "(\(connection.vpcEndpointState)), but \(reason): the access outlives its permission."))
            }
        }

        if state == EndpointStates.pendingAcceptance, let created = connection.creationTimestamp,
           now.timeIntervalSince(created) > pendingAcceptanceLimit {
            let days = Int(now.timeIntervalSince(created) / 86_400)
            findings.append(Self.finding(
                .stalePendingConnection, resourceType: type, resourceId: endpoint, scope: scope,
                attribute: "VpcEndpointState", actual: .string(connection.vpcEndpointState),
                message: "Account \(consumer) asked to connect endpoint \(endpoint) to \(what) \(days) days ago "
                    + "and is still waiting: a request nobody decides on is either forgotten or unwanted."))
        }

        if EndpointStates.failedOrRejected.contains(state) {
            findings.append(Self.finding(
                .failedOrRejected, resourceType: type, resourceId: endpoint, scope: scope,
                attribute: "VpcEndpointState", actual: .string(connection.vpcEndpointState),
                message: "The connection of account \(consumer)'s endpoint \(endpoint) to \(what) is "
                    + "\(connection.vpcEndpointState) and carries no traffic."))
        }
        return findings
    }
}

/// Whether one consumer account may connect to a service now, and whether it is trusted.
public struct ConsumerAccess: Sendable, Hashable, Codable {
    /// Some allowed principal covers the account (or it is the owner).
    public var allowed: Bool
    /// The account is trusted, or is covered by a trusted organization or OU.
    public var trusted: Bool

    /// Evaluates `account` against a service's allowed principals.
    ///
    /// `*` covers every account; an account, role, user or assumed-role principal covers its own account;
    /// an organization or OU principal is assumed to cover the consumer, because membership cannot be
    /// seen offline; a service principal covers no account. The owner is always allowed and trusted.
    public static func evaluate(
        account: String, principals: [Principal], owner: String, trusted: TrustedPrincipals
    ) -> ConsumerAccess {
        if account == owner { return ConsumerAccess(allowed: true, trusted: true) }
        let covering = principals.filter { principal in
            switch principal.kind {
            case .everyone, .organization, .organizationalUnit: true
            case .account, .role, .user, .assumedRole: principal.account == account
            case .service, .unknown: false
            }
        }
        let trustedByMembership = covering.contains {
            ($0.kind == .organization || $0.kind == .organizationalUnit) && trusted.isTrusted($0, owner: owner)
        }
        return ConsumerAccess(
            allowed: !covering.isEmpty,
            trusted: trusted.isTrusted(account: account, owner: owner) || trustedByMembership)
    }
}
