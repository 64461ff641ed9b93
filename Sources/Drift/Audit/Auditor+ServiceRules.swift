import PrivateLinkModel

/// Rules about the services we own and who they allow: PL001, PL002, PL003, PL006, PL007.
extension Auditor {
    /// PL001/PL002 (principal `*`), PL006 (no acceptance) and PL007 (private DNS not verified).
    func serviceFindings(_ service: EndpointService, context: AuditContext, into findings: inout [Finding]) {
        let scope = service.scope
        let what = context.describeService(service.serviceId, in: scope)
        let type = ResourceKind.endpointService.cloudFormationType
        let allowsEveryone = context.principals(of: service.serviceId, in: scope).contains { $0.kind == .everyone }
        if allowsEveryone {
            if service.acceptanceRequired == false {
                findings.append(
                    Self.finding(
                        .wildcardWithoutAcceptance, resourceType: type, resourceId: service.serviceId, scope: scope,
                        attribute: "AllowedPrincipals", principal: "*", actual: .string("*"),
                        message: "Principal * (every AWS account) may connect to \(what) and acceptance is off, "
                            + "so any account can reach the service without review."))
            } else {
                findings.append(
                    Self.finding(
                        .wildcardPrincipal, resourceType: type, resourceId: service.serviceId, scope: scope,
                        attribute: "AllowedPrincipals", principal: "*", actual: .string("*"),
                        message: "Principal * (every AWS account) may request a connection to \(what); only manual "
                            + "acceptance stands between any account and the service."))
            }
        }
        if service.acceptanceRequired == false {
            findings.append(
                Self.finding(
                    .acceptanceNotRequired, resourceType: type, resourceId: service.serviceId, scope: scope,
                    attribute: "AcceptanceRequired", actual: .bool(false),
                    message: "\(what) does not require acceptance, so every allowed principal is connected "
                        + "as soon as it asks, with no review."))
        }
        if let name = service.privateDnsName, !name.isEmpty,
            let state = service.privateDnsNameState, state.lowercased() != "verified"
        {
            findings.append(
                Self.finding(
                    .unverifiedPrivateDNS, resourceType: type, resourceId: service.serviceId, scope: scope,
                    attribute: "PrivateDnsNameConfiguration.State", actual: .string(state),
                    message: "The private DNS name \(name) of \(what) is \(state), not verified, so consumers "
                        + "cannot use it and it is not proven to belong to the service owner."))
        }
    }

    /// PL003: an allowed principal that is not trusted (`*` is left to PL001/PL002).
    func principalFindings(_ permission: AllowedPrincipal, context: AuditContext, into findings: inout [Finding]) {
        let principal = Principal(permission.principal)
        let owner = permission.scope.account
        guard principal.kind != .everyone, !context.trusted.isTrusted(principal, owner: owner) else { return }
        let what = context.describeService(permission.serviceId, in: permission.scope)
        let who: String
        switch principal.kind {
        case .organization, .organizationalUnit:
            who =
                "\(principal.kind == .organization ? "Organization" : "Organizational unit") \(principal.arn), "
                + "which is not configured as trusted,"
        case .unknown:
            who = "Principal \(principal.arn), which names no account plinv can recognise,"
        default:
            who = "\(principal.arn) (account \(principal.account ?? "?"), not a trusted account)"
        }
        findings.append(
            Self.finding(
                .untrustedPrincipal, resourceType: ResourceKind.allowedPrincipal.cloudFormationType,
                resourceId: permission.serviceId, scope: permission.scope, attribute: "AllowedPrincipals",
                principal: principal.arn, actual: .string(principal.arn),
                message: "\(who) is allowed to connect to \(what); access outside the trusted accounts "
                    + "should be a deliberate, reviewed exception."))
    }
}
