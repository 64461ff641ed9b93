import PrivateLinkModel
import Templates

/// Pairing desired resources with live ones: physical ids, then tags, for every entry; only then natural keys.
extension DriftRun {
    /// What a natural key found.
    enum KeyResult {
        /// The candidates and a description of the key (`name endpointsrv-app-nlb`).
        case candidates([Live], key: String)
        /// The key cannot be formed offline.
        case cannotKey(String)
    }

    /// One entry's claim on one live resource, settled once every entry of a phase has made its claims.
    struct Claim {
        var index: Int
        var resource: Live
        var method: MatchMethod
        var key: String
    }

    /// Matches every entry. Exact identities (physical id, CloudFormation tags) are claimed for all entries
    /// first; natural keys then pick only among live resources nobody claimed and that no other stack or
    /// logical id owns, in dependency order (a service's key needs its load balancers' matches).
    mutating func matchAll() {
        var claims: [Claim] = []
        var keyed: [Int] = []
        for index in entries.indices where entries[index].kind != .allowedPrincipal {
            let entry = entries[index]
            if let reason = entry.unverifiable {
                unverified(entry, attribute: nil, reason: reason)
                continue
            }
            if let physicalId = entry.physicalId {
                let found = liveIndex.withId(entry.kind, physicalId).filter { isEligible($0, for: entry) }
                decide(index, found: found, method: .physicalId, key: "physical id \(physicalId)", into: &claims)
                continue
            }
            let tagged = liveIndex.tagged(entry.kind, logicalId: entry.resource.logicalId)
                .filter { isEligible($0, for: entry) && isTagged($0, as: entry) }
            if tagged.isEmpty {
                keyed.append(index)
            } else {
                decide(
                    index, found: tagged, method: .cloudFormationTags,
                    key: "CloudFormation logical-id tag \(entry.resource.logicalId)", into: &claims)
            }
        }
        settle(claims)
        for kind in [ResourceKind.loadBalancer, .securityGroup, .endpointService, .vpcEndpoint] {
            var claims: [Claim] = []
            for index in keyed where entries[index].kind == kind {
                let entry = entries[index]
                switch naturalKey(entry, where: { isEligible($0, for: entry) && isUnowned($0, by: entry) }) {
                case .candidates(let found, let key):
                    decide(index, found: found, method: .naturalKey, key: key, into: &claims)
                case .cannotKey(let reason):
                    // In a scope the snapshot did not collect, that is the reason: nothing live could be there.
                    if let notCollected = notCollected(entry) {
                        unverified(entry, attribute: nil, reason: notCollected)
                    } else {
                        unverified(
                            entry, attribute: nil,
                            reason: "no live resource carries its CloudFormation tags, and \(reason)")
                    }
                }
            }
            settle(claims)
        }
        for index in entries.indices where entries[index].kind == .allowedPrincipal {
            if let reason = entries[index].unverifiable {
                unverified(entries[index], attribute: nil, reason: reason)
                continue
            }
            bindPermissions(index)
        }
    }

    /// One candidate is a claim; none is an absence; several are an ambiguity, never a guess.
    private mutating func decide(
        _ index: Int, found: [Live], method: MatchMethod, key: String, into claims: inout [Claim]
    ) {
        switch found.count {
        case 1: claims.append(Claim(index: index, resource: found[0], method: method, key: key))
        case 0: absent(entries[index], key: key)
        default: ambiguous(entries[index], candidates: found, key: key)
        }
    }

    /// Accepts every claim on a live resource nobody else claims; two or more claims on one live resource are a
    /// conflict finding, and none of the claimants is matched.
    private mutating func settle(_ claims: [Claim]) {
        claimed.reserveCapacity(claimed.count + claims.count)
        matches.reserveCapacity(matches.count + claims.count)
        methods.reserveCapacity(methods.count + claims.count)
        // Rival claims are usually none: only they are grouped.
        var claimedOnce = Set<LiveKey>(minimumCapacity: claims.count)
        var contested = Set<LiveKey>()
        for claim in claims where !claimedOnce.insert(claim.resource.key).inserted {
            contested.insert(claim.resource.key)
        }
        let rivalsByResource =
            contested.isEmpty
            ? [:] : Dictionary(grouping: claims.filter { contested.contains($0.resource.key) }, by: \.resource.key)
        for claim in claims {
            guard !contested.isEmpty, let rivals = rivalsByResource[claim.resource.key] else {
                accept(claim.resource, for: claim.index, method: claim.method, key: claim.key)
                continue
            }
            if rivals.first?.index == claim.index { conflict(rivals) }
        }
    }

    /// Whether a live resource may be the entry's: in its scope (any, when unknown) and not gone.
    func isEligible(_ live: Live, for entry: Entry) -> Bool {
        (entry.scope == nil || live.scope == entry.scope) && !live.isGone
    }

    /// Whether a natural key may pick a live resource: nobody claimed it, and its CloudFormation tags (if any)
    /// name neither another logical id nor another stack.
    private func isUnowned(_ live: Live, by entry: Entry) -> Bool {
        guard !claimed.contains(live.key) else { return false }
        if let logicalId = live.logicalId, logicalId != entry.resource.logicalId { return false }
        if let stack = live.stackName, let wanted = entry.stackName, stack != wanted { return false }
        return true
    }

    /// Whether a live resource carries the entry's CloudFormation tags.
    private func isTagged(_ resource: Live, as entry: Entry) -> Bool {
        guard resource.logicalId == entry.resource.logicalId else { return false }
        guard let stack = entry.stackName else { return true }
        return resource.stackName == stack
    }

    /// The natural-key candidates for an entry, among the live resources `eligible` admits.
    private func naturalKey(_ entry: Entry, where eligible: (Live) -> Bool) -> KeyResult {
        switch entry.kind {
        case .loadBalancer:
            guard
                case .value(let name) = required(
                    "Name", of: entry, absent: "it has no Name (CloudFormation generates one)")
            else {
                return .cannotKey(failure("Name", of: entry, absent: "it has no Name (CloudFormation generates one)"))
            }
            let found = liveIndex.keyed(.loadBalancer, LiveIndex.NaturalKey(first: LiveIndex.text(name))).filter(
                eligible)
            return .candidates(found, key: "name \(name.scalarText ?? "")")
        case .securityGroup:
            let noName = "it has no GroupName (CloudFormation generates one)"
            guard case .value(let name) = required("GroupName", of: entry, absent: noName)
            else { return .cannotKey(failure("GroupName", of: entry, absent: noName)) }
            guard case .value(let vpc) = required("VpcId", of: entry, absent: "it has no VpcId")
            else { return .cannotKey(failure("VpcId", of: entry, absent: "it has no VpcId")) }
            let key = LiveIndex.NaturalKey(first: LiveIndex.text(name), second: LiveIndex.text(vpc))
            let found = liveIndex.keyed(.securityGroup, key).filter(eligible)
            return .candidates(found, key: "group name \(name.scalarText ?? "") in VPC \(vpc.scalarText ?? "")")
        case .endpointService:
            return serviceKey(entry, where: eligible)
        case .vpcEndpoint:
            return endpointKey(entry, where: eligible)
        case .allowedPrincipal, .connection:
            return .cannotKey("the type has no natural key")
        }
    }

    /// A service by the load balancer ARNs it fronts: any live service sharing one of them.
    private func serviceKey(_ entry: Entry, where eligible: (Live) -> Bool) -> KeyResult {
        var arns: Set<String> = []
        var named = false
        for name in ["NetworkLoadBalancerArns", "GatewayLoadBalancerArns"] {
            guard let property = entry.resource[property: name] else { continue }
            named = true
            switch resolve(property.value, file: entry.key.file) {
            case .value(let list): arns.formUnion((list.arrayValue ?? [list]).compactMap(\.stringValue))
            case .unverifiable(let reason): return .cannotKey("\(name): \(reason)")
            }
        }
        guard named, !arns.isEmpty else { return .cannotKey("it names no load balancer") }
        let found = liveIndex.services(fronting: arns).filter(eligible)
        return .candidates(found, key: "load balancer \(arns.sorted().joined(separator: ", "))")
    }

    /// An endpoint by VPC, service name and type (CloudFormation's default type is `Gateway`).
    private func endpointKey(_ entry: Entry, where eligible: (Live) -> Bool) -> KeyResult {
        guard case .value(let vpc) = required("VpcId", of: entry, absent: "it has no VpcId")
        else { return .cannotKey(failure("VpcId", of: entry, absent: "it has no VpcId")) }
        guard case .value(let service) = required("ServiceName", of: entry, absent: "it has no ServiceName")
        else { return .cannotKey(failure("ServiceName", of: entry, absent: "it has no ServiceName")) }
        var type = "gateway"
        if let typeValue = resolveString("VpcEndpointType", of: entry) {
            guard case .value(let text) = typeValue else {
                return .cannotKey(failure("VpcEndpointType", of: entry, absent: ""))
            }
            type = (text.stringValue ?? "").lowercased()
        }
        let key = LiveIndex.NaturalKey(first: LiveIndex.text(vpc), second: LiveIndex.text(service), third: type)
        let found = liveIndex.keyed(.vpcEndpoint, key).filter(eligible)
        return .candidates(
            found, key: "\(type) endpoint to \(service.stringValue ?? "") in VPC \(vpc.stringValue ?? "")")
    }

    /// A key property resolved to a scalar; `.unverifiable(absent)` when the template does not set it.
    private func required(_ name: String, of entry: Entry, absent: String) -> Resolution {
        resolveString(name, of: entry) ?? .unverifiable(absent)
    }

    /// Why a key property could not be resolved.
    private func failure(_ name: String, of entry: Entry, absent: String) -> String {
        if case .unverifiable(let reason) = required(name, of: entry, absent: absent) { return reason }
        return absent
    }

    /// Records a match, claims the live resource and adopts its scope.
    mutating func accept(_ resource: Live, for index: Int, method: MatchMethod, key: String) {
        entries[index].scope = resource.scope
        let entry = entries[index]
        matches[entry.key] = resource
        methods[entry.key] = (method, key)
        claimed.insert(resource.key)
        matched.append(
            MatchedResource(
                logicalId: entry.resource.logicalId, resourceType: entry.resource.type, resourceId: resource.id,
                scope: resource.scope, method: method, source: entry.location))
    }
}
