import PrivateLinkModel

/// The audit rules of DESIGN.md ("who can connect"), each with its fixed severity and fix.
public enum AuditRule: String, Sendable, Hashable, Codable, CaseIterable {
    case wildcardWithoutAcceptance = "PL001"
    case wildcardPrincipal = "PL002"
    case untrustedPrincipal = "PL003"
    case connectionNotAllowed = "PL004"
    case stalePendingConnection = "PL005"
    case acceptanceNotRequired = "PL006"
    case unverifiedPrivateDNS = "PL007"
    /// An interface endpoint's policy (or, without one, AWS's default) lets any principal do any action on any
    /// resource: some `Allow` statement without `Condition` whose `Principal` includes `*`, whose `Action`
    /// includes `*` or `*:*` and whose `Resource` includes `*`, other entries in those lists notwithstanding.
    /// `Deny` statements do not switch it off (the message names what they deny). A statement written with
    /// `NotPrincipal`, `NotAction` or `NotResource` never counts: it excludes something, so it is narrower than
    /// full access, and PL008 flags only what is certainly full access (`PolicyDocument.allowsEverything`).
    case fullAccessEndpointPolicy = "PL008"
    case openSecurityGroup = "PL009"
    case singleSubnetEndpoint = "PL010"
    case failedOrRejected = "PL011"

    /// The rule id printed in reports (`PL001`…).
    public var id: String { rawValue }

    /// The severity DESIGN.md gives the rule.
    public var severity: Severity {
        switch self {
        case .wildcardWithoutAcceptance: .critical
        case .wildcardPrincipal, .untrustedPrincipal, .connectionNotAllowed, .openSecurityGroup: .high
        case .stalePendingConnection, .acceptanceNotRequired, .unverifiedPrivateDNS, .fullAccessEndpointPolicy: .medium
        case .singleSubnetEndpoint: .low
        case .failedOrRejected: .info
        }
    }

    /// One line saying what the rule flags.
    public var title: String {
        switch self {
        case .wildcardWithoutAcceptance: "service allows every AWS account and does not require acceptance"
        case .wildcardPrincipal: "service allows every AWS account"
        case .untrustedPrincipal: "allowed principal outside the trusted accounts"
        case .connectionNotAllowed: "connection from an account that is not allowed now or not trusted"
        case .stalePendingConnection: "connection pending acceptance for more than 7 days"
        case .acceptanceNotRequired: "service does not require acceptance"
        case .unverifiedPrivateDNS: "private DNS name not verified"
        case .fullAccessEndpointPolicy: "interface endpoint policy allows any principal any action"
        case .openSecurityGroup: "endpoint security group admits the whole internet"
        case .singleSubnetEndpoint: "interface endpoint in a single subnet"
        case .failedOrRejected: "endpoint or connection failed or rejected"
        }
    }

    /// How to fix what the rule flags.
    public var remediation: String {
        switch self {
        case .wildcardWithoutAcceptance:
            "Replace the * principal with the account or role ARNs that need access "
                + "(aws ec2 modify-vpc-endpoint-service-permissions --remove-allowed-principals '*'), "
                + "and turn on acceptance (aws ec2 modify-vpc-endpoint-service-configuration --acceptance-required)."
        case .wildcardPrincipal:
            "Replace the * principal with the account or role ARNs that need access "
                + "(aws ec2 modify-vpc-endpoint-service-permissions --remove-allowed-principals '*')."
        case .untrustedPrincipal:
            "Remove the principal (aws ec2 modify-vpc-endpoint-service-permissions --remove-allowed-principals ARN), "
                + "or add its account to the trusted accounts if it is a known consumer."
        case .connectionNotAllowed:
            "Reject the connection (aws ec2 reject-vpc-endpoint-connections) if the consumer should no longer "
                + "have access; otherwise allow and trust its account explicitly."
        case .stalePendingConnection:
            "Accept or reject the request (aws ec2 accept-vpc-endpoint-connections / reject-vpc-endpoint-connections)."
        case .acceptanceNotRequired:
            "Require acceptance so each new consumer is reviewed "
                + "(aws ec2 modify-vpc-endpoint-service-configuration --acceptance-required)."
        case .unverifiedPrivateDNS:
            "Publish the TXT record that proves domain ownership and start verification "
                + "(aws ec2 start-vpc-endpoint-service-private-dns-verification)."
        case .fullAccessEndpointPolicy:
            "Attach a policy that allows only the principals, actions and resources the VPC needs "
                + "(aws ec2 modify-vpc-endpoint --policy-document)."
        case .openSecurityGroup:
            "Limit ingress to the VPC's CIDR or to the security groups of the clients that use the endpoint."
        case .singleSubnetEndpoint:
            "Add a subnet in another availability zone (aws ec2 modify-vpc-endpoint --add-subnet-ids) so the "
                + "endpoint survives the loss of one zone."
        case .failedOrRejected:
            "Look at the state message, fix the cause, and delete or recreate the endpoint; remove rejected "
                + "connections that are no longer wanted."
        }
    }
}
