import Foundation
import PrivateLinkModel

/// Rules about consumers' connections to our services: PL004, PL005, PL011.
extension Auditor {
    /// Appends the findings for one connection to `findings`.
    func connectionFindings(
        _ connection: EndpointConnection, context: AuditContext, succeededScopes: Set<Scope>, now: Date,
        into findings: inout [Finding]
    ) {
        let scope = connection.scope
        let state = connection.vpcEndpointState.lowercased()
        let consumer = connection.vpcEndpointOwner
        let what = context.describeService(connection.serviceId, in: scope)
        let type = ResourceKind.connection.cloudFormationType
        let endpoint = connection.vpcEndpointId

        if !EndpointStates.ended.contains(state), succeededScopes.contains(scope) {
            let access = ConsumerAccess.evaluate(
                account: consumer, principals: context.principals(of: connection.serviceId, in: scope),
                owner: scope.account, trusted: context.trusted)
            if !access.allowed || !access.trusted {
                let reason =
                    switch (access.allowed, access.trusted) {
                    case (false, false): "no allowed principal covers it any more and it is not a trusted account"
                    case (false, true): "no allowed principal covers it any more"
                    default: "it is not a trusted account"
                    }
                findings.append(
                    Self.finding(
                        .connectionNotAllowed, resourceType: type, resourceId: endpoint, scope: scope,
                        attribute: "VpcEndpointOwner", principal: consumer, actual: .string(consumer),
                        message: "Account \(consumer) has endpoint \(endpoint) connected to \(what) "
                            + "(\(connection.vpcEndpointState)), but \(reason): the access outlives its permission."))
            }
        }

        if state == EndpointStates.pendingAcceptance, let created = connection.creationTimestamp,
            now.timeIntervalSince(created) > pendingAcceptanceLimit
        {
            let days = Int(now.timeIntervalSince(created) / 86_400)
            findings.append(
                Self.finding(
                    .stalePendingConnection, resourceType: type, resourceId: endpoint, scope: scope,
                    attribute: "VpcEndpointState", actual: .string(connection.vpcEndpointState),
                    message: "Account \(consumer) asked to connect endpoint \(endpoint) to \(what) \(days) days ago "
                        + "and is still waiting: a request nobody decides on is either forgotten or unwanted."))
        }

        if EndpointStates.failedOrRejected.contains(state) {
            findings.append(
                Self.finding(
                    .failedOrRejected, resourceType: type, resourceId: endpoint, scope: scope,
                    attribute: "VpcEndpointState", actual: .string(connection.vpcEndpointState),
                    message: "The connection of account \(consumer)'s endpoint \(endpoint) to \(what) is "
                        + "\(connection.vpcEndpointState) and carries no traffic."))
        }
    }
}
