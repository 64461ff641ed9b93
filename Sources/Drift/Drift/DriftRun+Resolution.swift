import PrivateLinkModel
import Templates

/// Turning desired values into JSON, with same-template references resolved through live matches.
extension DriftRun {
    /// A desired value as JSON, or why it cannot be known.
    enum Resolution {
        case value(JSONValue)
        case unverifiable(String)
    }

    /// Resolves `value` of a resource in template `file`.
    func resolve(_ value: DesiredValue, file: String) -> Resolution {
        // Most values are plain scalars or lists of them: nothing to look up.
        if case .known(let json) = value { return .value(json) }
        if case .list(let elements) = value {
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements {
                guard case .known(let json) = element.value else { break }
                values.append(json)
            }
            if values.count == elements.count { return .value(.array(values)) }
        }
        if let reason = value.unknownReason { return .unverifiable(reason) }
        for reference in value.references where liveValue(of: reference, file: file) == nil {
            return .unverifiable(unresolvedReason(reference, file: file))
        }
        guard let json = value.resolved({ liveValue(of: $0, file: file) }) else {
            return .unverifiable("a reference resolves to a list or object inside a string")
        }
        return .value(json)
    }

    /// The live value a `Ref`/`Fn::GetAtt` stands for, read from the referenced resource's match.
    func liveValue(of reference: ResourceReference, file: String) -> JSONValue? {
        guard let match = matches[EntryKey(file: file, logicalId: reference.logicalId)] else { return nil }
        let record = match.record
        switch (match.kind, reference.attribute) {
        case (.loadBalancer, nil), (.loadBalancer, "LoadBalancerArn"): return record["LoadBalancerArn"]
        case (.loadBalancer, "LoadBalancerName"): return record["LoadBalancerName"]
        case (.loadBalancer, "DNSName"): return record["DNSName"]
        case (.loadBalancer, "CanonicalHostedZoneID"): return record["CanonicalHostedZoneId"]
        case (.loadBalancer, "LoadBalancerFullName"):
            guard let arn = record["LoadBalancerArn"]?.stringValue, let range = arn.range(of: ":loadbalancer/") else {
                return nil
            }
            return .string(String(arn[range.upperBound...]))
        case (.securityGroup, nil), (.securityGroup, "GroupId"): return record["GroupId"]
        case (.securityGroup, "VpcId"): return record["VpcId"]
        case (.endpointService, nil), (.endpointService, "ServiceId"): return record["ServiceId"]
        case (.endpointService, "ServiceName"): return record["ServiceName"]
        case (.vpcEndpoint, nil), (.vpcEndpoint, "Id"): return record["VpcEndpointId"]
        case (.vpcEndpoint, "CreationTimestamp"): return record["CreationTimestamp"]
        case (.vpcEndpoint, "NetworkInterfaceIds"): return record["NetworkInterfaceIds"]
        default: return nil
        }
    }

    /// Why a reference has no live value.
    func unresolvedReason(_ reference: ResourceReference, file: String) -> String {
        let key = EntryKey(file: file, logicalId: reference.logicalId)
        if matches[key] != nil {
            return "\(reference) names an attribute plinv does not read"
        }
        if entries.contains(where: { $0.key == key }) {
            return "\(reference) refers to a resource with no live match"
        }
        return "\(reference) refers to a \(reference.resourceType), which plinv does not read"
    }

    /// A resolved property as a string, or why it is not one.
    func resolveString(_ name: String, of entry: Entry) -> Resolution? {
        guard let property = entry.resource[property: name] else { return nil }
        switch resolve(property.value, file: entry.key.file) {
        case .value(let json):
            guard let text = json.scalarText else { return .unverifiable("\(name) is not a single value") }
            return .value(.string(text))
        case .unverifiable(let reason):
            return .unverifiable("\(name): \(reason)")
        }
    }
}

extension JSONValue {
    /// A Boolean, from `true` or the strings `"true"`/`"false"` in any case.
    var booleanValue: Bool? {
        switch self {
        case .bool(let value): value
        case .string(let text) where text.lowercased() == "true": true
        case .string(let text) where text.lowercased() == "false": false
        default: nil
        }
    }
}
