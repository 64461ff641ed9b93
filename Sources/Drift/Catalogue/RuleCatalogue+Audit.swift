extension AuditRule {
    /// The rule's catalogue entry: its severity and fix are the rule's own, so the two cannot disagree.
    var entry: RuleEntry {
        RuleEntry(
            id: id, family: .audit, title: catalogueTitle, severity: severity, meaning: meaning, why: why,
            fix: remediation)
    }

    /// The heading reports print after the id.
    private var catalogueTitle: String {
        switch self {
        case .wildcardWithoutAcceptance: "Open to every account, unreviewed"
        case .wildcardPrincipal: "Open to every account"
        case .untrustedPrincipal: "Untrusted allowed principal"
        case .connectionNotAllowed: "Connection from a disallowed account"
        case .stalePendingConnection: "Stale pending connection"
        case .acceptanceNotRequired: "Acceptance not required"
        case .unverifiedPrivateDNS: "Unverified private DNS name"
        case .fullAccessEndpointPolicy: "Full-access endpoint policy"
        case .openSecurityGroup: "Endpoint security group open to the internet"
        case .singleSubnetEndpoint: "Endpoint in a single subnet"
        case .failedOrRejected: "Failed or rejected endpoint or connection"
        }
    }

    private var meaning: String {
        switch self {
        case .wildcardWithoutAcceptance:
            "An endpoint service allows the principal `*` and does not require acceptance."
        case .wildcardPrincipal: "An endpoint service allows the principal `*`; acceptance is still required."
        case .untrustedPrincipal:
            "An endpoint service allows a principal whose account or organization is not among the trusted ones "
                + "(the owner account is always trusted)."
        case .connectionNotAllowed:
            "A consumer's endpoint is connected to (or asks to connect to) a service although its account is no longer "
                + "allowed, or is not trusted."
        case .stalePendingConnection: "A connection request has waited for acceptance for more than 7 days."
        case .acceptanceNotRequired: "An endpoint service accepts every allowed principal's connection without review."
        case .unverifiedPrivateDNS: "An endpoint service's private DNS name has not passed domain verification."
        case .fullAccessEndpointPolicy:
            "An interface endpoint's policy lets any principal perform any action on any resource (AWS's default policy)."
        case .openSecurityGroup: "A security group attached to an interface endpoint admits 0.0.0.0/0 or ::/0."
        case .singleSubnetEndpoint: "An interface endpoint has a network interface in only one subnet."
        case .failedOrRejected: "An endpoint or a connection is in the failed or rejected state."
        }
    }

    private var why: String {
        switch self {
        case .wildcardWithoutAcceptance:
            "Any AWS account in the world can connect to the service, and nobody reviews the connection."
        case .wildcardPrincipal:
            "Any AWS account can ask to connect; one mistaken acceptance gives a stranger a private path to the service."
        case .untrustedPrincipal: "That account can connect to the service, and nobody said it should."
        case .connectionNotAllowed:
            "Removing a principal does not close connections it already made: the access outlives its permission."
        case .stalePendingConnection:
            "Either a consumer is blocked waiting for you, or a request nobody recognises is waiting for a careless click."
        case .acceptanceNotRequired:
            "A newly allowed principal is connected at once; nobody sees who starts using the service."
        case .unverifiedPrivateDNS:
            "Consumers cannot use the private DNS name until it is verified, so they fall back to raw endpoint names."
        case .fullAccessEndpointPolicy:
            "The endpoint can be used to reach any resource of the service, including other accounts' resources, "
                + "a common data exfiltration path."
        case .openSecurityGroup:
            "Anything that can route to the endpoint's interfaces can use it, not only the VPC's clients."
        case .singleSubnetEndpoint: "The endpoint stops working when that availability zone does."
        case .failedOrRejected: "It carries no traffic; it is either a fault to fix or clutter to remove."
        }
    }
}
