import PrivateLinkModel
import Templates

/// Pairing desired resources with live ones: tags first, then natural keys.
extension DriftRun {
    /// What a natural key found.
    enum KeyResult {
        /// The candidates and a description of the key (`name endpointsrv-app-nlb`).
        case candidates([Live], key: String)
        /// The key cannot be formed offline.
        case cannotKey(String)
    }

    /// Matches every entry, in dependency order: a service's key needs its load balancers' matches.
    mutating func matchAll() {
        for kind in [ResourceKind.loadBalancer, .securityGroup, .endpointService, .vpcEndpoint] {
            for index in entries.indices where entries[index].kind == kind {
                match(index)
            }
        }
        for index in entries.indices where entries[index].kind == .allowedPrincipal {
            bindPermissions(index)
        }
    }

    /// Matches one entry by tags, then by natural key.
    private mutating func match(_ index: Int) {
        let entry = entries[index]
        let eligible = { (live: Live) in (entry.scope == nil || live.scope == entry.scope) && !Self.isGone(live) }
        let tagged = liveIndex.tagged(entry.kind, logicalId: entry.resource.logicalId).filter { eligible($0) && isTagged($0, as: entry) }
        if tagged.count == 1 {
            accept(tagged[0], for: index, method: .cloudFormationTags)
            return
        }
        if tagged.count > 1 {
            ambiguous(entry, candidates: tagged, key: "CloudFormation logical-id tag \(entry.resource.logicalId)")
            return
        }
        switch naturalKey(entry, where: eligible) {
        case .candidates(let found, let key):
            if found.count == 1 {
                accept(found[0], for: index, method: .naturalKey)
            } else if found.isEmpty {
                absent(entry, key: key)
            } else {
                ambiguous(entry, candidates: found, key: key)
            }
        case .cannotKey(let reason):
            unverified(entry, attribute: nil, reason: "no live resource carries its CloudFormation tags, and \(reason)")
        }
    }

    /// Whether a live resource is deleted or being deleted: AWS still lists it for a while, but it is not there.
    static func isGone(_ resource: Live) -> Bool {
        let state = (resource.raw["State"]?.stringValue ?? resource.raw["ServiceState"]?.stringValue ?? "").lowercased()
        return state == "deleted" || state == "deleting"
    }

    /// Whether a live resource carries the entry's CloudFormation tags.
    private func isTagged(_ resource: Live, as entry: Entry) -> Bool {
        let tags = resource.tags
        guard tags.value(forKey: "aws:cloudformation:logical-id") == entry.resource.logicalId else { return false }
        guard let stack = entry.resource.stackName else { return true }
        return tags.value(forKey: "aws:cloudformation:stack-name") == stack
    }

    /// The natural-key candidates for an entry, among the live resources `eligible` admits.
    private func naturalKey(_ entry: Entry, where eligible: (Live) -> Bool) -> KeyResult {
        switch entry.kind {
        case .loadBalancer:
            guard case .value(let name) = required("Name", of: entry, absent: "it has no Name (CloudFormation generates one)")
            else { return .cannotKey(failure("Name", of: entry, absent: "it has no Name (CloudFormation generates one)")) }
            let found = liveIndex.keyed(.loadBalancer, LiveIndex.text(name)).filter(eligible)
            return .candidates(found, key: "name \(name.scalarText ?? "")")
        case .securityGroup:
            let noName = "it has no GroupName (CloudFormation generates one)"
            guard case .value(let name) = required("GroupName", of: entry, absent: noName)
            else { return .cannotKey(failure("GroupName", of: entry, absent: noName)) }
            guard case .value(let vpc) = required("VpcId", of: entry, absent: "it has no VpcId")
            else { return .cannotKey(failure("VpcId", of: entry, absent: "it has no VpcId")) }
            let found = liveIndex.keyed(.securityGroup, LiveIndex.text(name) + "\u{1F}" + LiveIndex.text(vpc)).filter(eligible)
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
            case .value(let list): arns.formUnion((list.arrayValue ?? []).compactMap(\.stringValue))
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
            guard case .value(let text) = typeValue else { return .cannotKey(failure("VpcEndpointType", of: entry, absent: "")) }
            type = (text.stringValue ?? "").lowercased()
        }
        let key = LiveIndex.text(vpc) + "\u{1F}" + LiveIndex.text(service) + "\u{1F}" + type
        let found = liveIndex.keyed(.vpcEndpoint, key).filter(eligible)
        return .candidates(found, key: "\(type) endpoint to \(service.stringValue ?? "") in VPC \(vpc.stringValue ?? "")")
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

    /// Records a match and adopts the live scope.
    mutating func accept(_ resource: Live, for index: Int, method: MatchMethod) {
        entries[index].scope = resource.scope
        let entry = entries[index]
        matches[entry.key] = resource
        matched.append(MatchedResource(
            logicalId: entry.resource.logicalId, resourceType: entry.resource.type, resourceId: resource.id,
            scope: resource.scope, method: method, source: entry.location))
    }
}
