import PrivateLinkModel

/// Rules about the endpoints we consume: PL008, PL009, PL010, PL011.
extension Auditor {
    /// PL008 (full-access policy), PL010 (one subnet) and PL011 (failed or rejected) for one endpoint; `verdicts`
    /// remembers what each distinct policy text allows across the endpoints of one audit, `texts` the texts endpoints
    /// in a row share.
    func endpointFindings(
        _ endpoint: VPCEndpoint, verdicts: inout PolicyVerdicts, texts: inout RepeatedTexts,
        into findings: inout [Finding]
    ) {
        // Each member is looked up once: a lookup is a binary search of the record's keys, and the rules below read
        // most of them twice or more.
        let scope = endpoint.scope
        let id = endpoint.vpcEndpointId
        let endpointState = endpoint.state
        let endpointType = texts.lowercased(endpoint.vpcEndpointType)
        let isInterface = endpointType == "interface"
        let serviceName = endpoint.serviceName
        let vpcId = endpoint.vpcId
        let scopeText = texts.scope(scope)
        let type = ResourceKind.vpcEndpoint.cloudFormationType
        /// `interface endpoint vpce-1 to com.amazonaws.… in VPC vpc-1 (account/region)`: made only for the rules
        /// that fire, and PL008 writes it straight into its message.
        func what() -> String {
            String(
                concatenating: endpointType.isEmpty ? "" : endpointType + " ", "endpoint ", id, " to ", serviceName,
                " in VPC ", vpcId, " (", scopeText, ")")
        }

        if EndpointStates.isFailedOrRejected(endpointState) {
            findings.append(
                Self.finding(
                    .failedOrRejected, resourceType: type, resourceId: id, scope: scope, attribute: "State",
                    actual: .string(endpointState),
                    message: "The \(what()) is \(endpointState) and carries no traffic."))
        }
        guard isInterface, !EndpointStates.hasEnded(endpointState) else { return }

        let policyDocument = endpoint.policyDocument
        if let denied = verdicts.deniedActionsIfFullAccess(policyText: policyDocument, isInterface: isInterface) {
            let source =
                policyDocument == nil
                ? "has no policy, so the default full-access policy applies"
                : "has a policy that allows every principal every action on every resource"
                    + (denied.isEmpty ? "" : " (its Deny statements take away only \(denied.joined(separator: ", ")))")
            findings.append(
                Self.finding(
                    .fullAccessEndpointPolicy, resourceType: type, resourceId: id, scope: scope,
                    attribute: "PolicyDocument", actual: policyDocument.map(JSONValue.string) ?? .null,
                    message: String(
                        concatenating: "The ", endpointType, endpointType.isEmpty ? "" : " ", "endpoint ", id, " to ",
                        serviceName, " in VPC ", vpcId, " (", scopeText, ") ", source,
                        ": anyone who can reach it may use any account's ", serviceName, " resources through it.")))
        }
        if let subnet = endpoint.soleSubnetId {
            findings.append(
                Self.finding(
                    .singleSubnetEndpoint, resourceType: type, resourceId: id, scope: scope, attribute: "SubnetIds",
                    actual: .array([.string(subnet)]),
                    message: "The \(what()) has a network interface only in subnet \(subnet), so losing that "
                        + "availability zone cuts off every client."))
        }
    }

    /// PL009: one finding per security group that admits 0.0.0.0/0 or ::/0 and sits on a live interface endpoint.
    func securityGroupFindings(context: AuditContext, into findings: inout [Finding]) {
        var endpointsByGroup: [Scope: [String: [String]]] = [:]
        for endpoint in context.endpoints
        where endpoint.isInterface && !EndpointStates.hasEnded(endpoint.state) {
            for group in endpoint.securityGroupIds {
                endpointsByGroup[endpoint.scope, default: [:]][group, default: []].append(endpoint.vpcEndpointId)
            }
        }
        for (scope, groups) in endpointsByGroup {
            for (groupId, endpoints) in groups {
                guard let group = context.securityGroups[scope]?[groupId] else { continue }
                let open = group.ingress.filter(\.admitsAnyAddress)
                guard !open.isEmpty else { continue }
                let ports = open.map(Self.describePorts).joined(separator: ", ")
                let names = endpoints.sorted().joined(separator: ", ")
                findings.append(
                    Self.finding(
                        .openSecurityGroup, resourceType: ResourceKind.securityGroup.cloudFormationType,
                        resourceId: groupId, scope: scope, attribute: "IpPermissions", actual: .array(open.map(\.raw)),
                        message: "Security group \(groupId) (\(group.groupName)) in \(scope) admits any address "
                            + "(\(ports)) to interface endpoint(s) \(names): anything that can route to the VPC "
                            + "can use them."))
            }
        }
    }

    /// `tcp 443`, `tcp 0-65535`, `all traffic`.
    static func describePorts(_ rule: SecurityGroupRule) -> String {
        if rule.ipProtocol == "-1" { return "all traffic" }
        switch (rule.fromPort, rule.toPort) {
        case let (from?, to?) where from == to: return "\(rule.ipProtocol) \(from)"
        case let (from?, to?): return "\(rule.ipProtocol) \(from)-\(to)"
        default: return rule.ipProtocol
        }
    }
}

extension VPCEndpoint {
    /// Whether this is an interface endpoint (compared case-insensitively).
    var isInterface: Bool { vpcEndpointType.lowercased() == "interface" }

    /// The policy in force: the document when there is one; AWS's default full-access policy for an
    /// interface endpoint without one; nil when the text is not JSON (nothing can be said about it).
    var effectivePolicy: PolicyDocument? { Self.effectivePolicy(text: policyDocument, isInterface: isInterface) }

    /// `effectivePolicy` for an endpoint with the policy text `text` and of the type `isInterface` says.
    static func effectivePolicy(text: String?, isInterface: Bool) -> PolicyDocument? {
        guard let text else { return isInterface ? .defaultFullAccess : nil }
        return PolicyDocument(text: text)
    }
}

/// What each distinct endpoint policy text allows, worked out once per audit: endpoints mostly share a few policies
/// (AWS's default above all), and parsing and normalising one is most of what PL008 costs per endpoint.
struct PolicyVerdicts {
    /// What the policy in force depends on: the text (nil when the endpoint has none) and the endpoint's type.
    private struct Key: Hashable {
        let text: String?
        let isInterface: Bool
    }

    private var byText: [Key: [String]?] = [:]
    /// The last key asked about and its verdict: endpoints in a row mostly share their policy, often the very same
    /// string (a snapshot read shares repeated strings), which compares equal without hashing the text.
    private var last: (key: Key, verdict: [String]?)?

    /// The actions the policy in force denies when it otherwise allows everyone everything, for an endpoint with the
    /// policy text `policyText` (nil: none) and of the type `isInterface` says; nil when the policy does not allow
    /// everything, or cannot be read.
    mutating func deniedActionsIfFullAccess(policyText: String?, isInterface: Bool) -> [String]? {
        let key = Key(text: policyText, isInterface: isInterface)
        if let last, last.key == key { return last.verdict }
        let verdict =
            byText[key]
            ?? {
                let verdict = VPCEndpoint.effectivePolicy(text: policyText, isInterface: isInterface).flatMap {
                    $0.allowsEverything ? $0.deniedActions : nil
                }
                byText[key] = .some(verdict)
                return verdict
            }()
        last = (key, verdict)
        return verdict
    }
}

/// Texts that endpoints in a row share, made again only when they change: an inventory lists a scope's resources
/// together, and its endpoints mostly have one type.
struct RepeatedTexts {
    private var scopes = RepeatedText()
    private var lowercase = RepeatedText()

    /// `scope.description`.
    mutating func scope(_ scope: Scope) -> String {
        scopes.text(scope.account, scope.region) { scope.description }
    }

    /// `text.lowercased()`.
    mutating func lowercased(_ text: String) -> String {
        lowercase.text(text) { text.lowercased() }
    }
}

extension PolicyDocument {
    /// The policy AWS applies to an endpoint created without one.
    static let defaultFullAccess = PolicyDocument(
        .object([
            "Statement": .array([
                .object([
                    "Effect": .string("Allow"), "Principal": .string("*"),
                    "Action": .string("*"), "Resource": .string("*"),
                ])
            ])
        ]))
}
