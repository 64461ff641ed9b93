import PrivateLinkModel

/// The finding for each sort of change.
extension ChangeDetector {
    /// A resource that exists only in the newer snapshot.
    func appearance(key: Key, record: JSONValue) -> Finding {
        let scope = key.scope
        switch key.kind {
        case .allowedPrincipal:
            let (service, principal) = permissionParts(record)
            return Self.finding(
                .principalGranted, key: key, resourceId: service, attribute: "AllowedPrincipals", principal: principal,
                after: .string(principal), severity: principal == "*" ? .high : nil,
                message: "Principal \(principal) was granted access to endpoint service \(service) in \(scope).")
        case .connection:
            let state = record["VpcEndpointState"]?.stringValue ?? ""
            let rule = ChangeRule.connection(enteredState: state)
            return Self.finding(
                rule, key: key, attribute: "VpcEndpointState", after: .string(state),
                message: "Account \(owner(record)) connected endpoint \(key.resourceId) to \(service(record)) in "
                    + "\(scope); the connection is \(state).")
        default:
            return Self.finding(
                .added, key: key, after: record,
                message: "\(noun(key.kind)) \(key.resourceId) was created in \(scope).")
        }
    }

    /// A resource that exists only in the older snapshot.
    func disappearance(key: Key, record: JSONValue) -> Finding {
        let scope = key.scope
        switch key.kind {
        case .allowedPrincipal:
            let (service, principal) = permissionParts(record)
            return Self.finding(
                .principalRevoked, key: key, resourceId: service, attribute: "AllowedPrincipals", principal: principal,
                before: .string(principal),
                message: "Principal \(principal) was revoked from endpoint service \(service) in \(scope).")
        case .connection:
            return Self.finding(
                .connectionDeleted, key: key, attribute: "VpcEndpointState",
                before: record["VpcEndpointState"] ?? .null,
                message: "The connection of account \(owner(record))'s endpoint \(key.resourceId) to "
                    + "\(service(record)) in \(scope) is gone.")
        default:
            return Self.finding(
                .removed, key: key, before: record,
                message: "\(noun(key.kind)) \(key.resourceId) no longer exists in \(scope).")
        }
    }

    /// One finding per top-level member that differs.
    func modifications(key: Key, before: JSONValue, after: JSONValue) -> [Finding] {
        let old = before.objectValue ?? [:], new = after.objectValue ?? [:]
        let members = Set(old.keys).union(new.keys).sorted()
        return members.compactMap { member in
            let was = old[member], now = new[member]
            guard !Self.same(member, was, now) else { return nil }
            return modification(key: key, member: member, before: was, after: now, record: after)
        }
    }

    /// The finding for one changed member.
    private func modification(key: Key, member: String, before: JSONValue?, after: JSONValue?, record: JSONValue)
        -> Finding
    {
        let what = "\(noun(key.kind)) \(key.resourceId) in \(key.scope)"
        switch (key.kind, member) {
        case (.connection, "VpcEndpointState"):
            let state = after?.stringValue ?? "gone"
            return Self.finding(
                ChangeRule.connection(enteredState: state), key: key, attribute: member, before: before, after: after,
                message:
                    "The connection of account \(owner(record))'s endpoint \(key.resourceId) to \(service(record)) "
                    + "went from \(before?.stringValue ?? "nothing") to \(state).")
        case (.endpointService, "AcceptanceRequired"):
            let disabled = after?.boolValue != true
            return Self.finding(
                disabled ? .acceptanceDisabled : .acceptanceEnabled, key: key, attribute: member, before: before,
                after: after,
                message: disabled
                    ? "Acceptance was turned off for \(what): new connections are no longer reviewed."
                    : "Acceptance was turned on for \(what).")
        case (.vpcEndpoint, "PolicyDocument"):
            return Self.finding(
                .policy, key: key, attribute: member, before: Self.policyJSON(before), after: Self.policyJSON(after),
                message: "The policy of \(what) changed.")
        case (.securityGroup, "IpPermissions") where Self.admitsAnyAddress(after) && !Self.admitsAnyAddress(before):
            return Self.finding(
                .ingressOpened, key: key, attribute: member, before: before, after: after,
                message: "\(what) now admits any address (0.0.0.0/0 or ::/0).")
        case (_, "Tags"):
            return Self.finding(
                .tags, key: key, attribute: member, before: before, after: after,
                message: "The tags of \(what) changed.")
        default:
            return Self.finding(
                .modified, key: key, attribute: member, before: before, after: after,
                message: "\(member) of \(what) changed.")
        }
    }

    /// Whether two member values are the same: policies as JSON, everything else with lists as sets.
    static func same(_ member: String, _ lhs: JSONValue?, _ rhs: JSONValue?) -> Bool {
        guard let lhs, let rhs else { return lhs == nil && rhs == nil }
        if member == "PolicyDocument", let a = lhs.stringValue.flatMap(PolicyDocument.init(text:)),
            let b = rhs.stringValue.flatMap(PolicyDocument.init(text:))
        {
            return a.isEquivalent(to: b)
        }
        return lhs.isEquivalentIgnoringOrder(to: rhs)
    }

    /// A policy member shown as JSON when it parses, as the text otherwise.
    static func policyJSON(_ value: JSONValue?) -> JSONValue? {
        guard let text = value?.stringValue, let document = PolicyDocument(text: text) else { return value }
        return document.value
    }

    /// Whether an `IpPermissions` list has a rule open to the internet.
    static func admitsAnyAddress(_ value: JSONValue?) -> Bool {
        (value?.arrayValue ?? []).map(SecurityGroupRule.init).contains(where: \.admitsAnyAddress)
    }

    private func permissionParts(_ record: JSONValue) -> (service: String, principal: String) {
        (record["ServiceId"]?.stringValue ?? "", record["Principal"]?.stringValue ?? "")
    }

    private func owner(_ record: JSONValue) -> String { record["VpcEndpointOwner"]?.stringValue ?? "?" }

    private func service(_ record: JSONValue) -> String { record["ServiceId"]?.stringValue ?? "?" }

    /// How a kind is named at the start of a sentence.
    private func noun(_ kind: ResourceKind) -> String {
        switch kind {
        case .endpointService: "Endpoint service"
        case .allowedPrincipal: "Allowed principal"
        case .connection: "Connection"
        case .vpcEndpoint: "VPC endpoint"
        case .securityGroup: "Security group"
        case .loadBalancer: "Load balancer"
        }
    }
}
