import PrivateLinkModel

/// One security group permission for one source: the unit both sides are compared in.
///
/// A template writes one source per entry (`CidrIp`, `CidrIpv6`, `SourceSecurityGroupId`,
/// `SourcePrefixListId`, or their `Destination…` forms for egress); the API groups sources per protocol
/// and port range. Both are flattened to (protocol, from, to, source). Protocol numbers become names
/// (`6` → `tcp`, `17` → `udp`, `1` → `icmp`, `58` → `icmpv6`, `all` → `-1`); ports are kept only for tcp,
/// udp, icmp and icmpv6 (EC2 ignores them for any other protocol); IPv6 CIDRs are written as RFC 5952 says.
/// Descriptions are not compared: they grant nothing.
struct FlatSecurityGroupRule: Sendable, Hashable, Comparable, CustomStringConvertible {
    var ipProtocol: String
    var fromPort: Int?
    var toPort: Int?
    /// `cidr:…`, `cidr6:…`, `sg:…` or `pl:…`.
    var source: String

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.ipProtocol, lhs.fromPort ?? -2, lhs.toPort ?? -2, lhs.source)
            < (rhs.ipProtocol, rhs.fromPort ?? -2, rhs.toPort ?? -2, rhs.source)
    }

    /// `tcp 443-443 cidr:10.0.0.0/16`: stable text, used in finding ids.
    var description: String {
        let ports =
            fromPort == nil && toPort == nil
            ? "" : " \(fromPort.map(String.init) ?? "*")-\(toPort.map(String.init) ?? "*")"
        return "\(ipProtocol)\(ports) \(source)"
    }

    /// The rule as a person reads it: `tcp 443 from 0.0.0.0/0`, `all traffic from security group sg-1`.
    var readable: String {
        let what: String
        switch (ipProtocol, fromPort, toPort) {
        case ("-1", _, _), ("all", _, _): what = "all traffic"
        case (_, let from?, let to?) where from == to: what = "\(ipProtocol) \(from)"
        case (_, let from?, let to?): what = "\(ipProtocol) \(from)-\(to)"
        default: what = ipProtocol
        }
        let parts = source.split(separator: ":", maxSplits: 1).map(String.init)
        let origin = parts.count == 2 ? parts[1] : source
        switch parts.first {
        case "sg": return "\(what) from security group \(origin)"
        case "pl": return "\(what) from prefix list \(origin)"
        default: return "\(what) from \(origin)"
        }
    }

    /// Whether the rule admits the whole internet.
    var admitsAnyAddress: Bool { source == "cidr:0.0.0.0/0" || source == "cidr6:::/0" }

    /// The rule as a template entry would write it.
    var json: JSONValue {
        var members: JSONObject = ["IpProtocol": .string(ipProtocol)]
        if let fromPort { members["FromPort"] = .integer(fromPort) }
        if let toPort { members["ToPort"] = .integer(toPort) }
        let parts = source.split(separator: ":", maxSplits: 1).map(String.init)
        let key =
            switch parts.first {
            case "cidr": "CidrIp"
            case "cidr6": "CidrIpv6"
            case "sg": "SecurityGroupId"
            default: "PrefixListId"
            }
        members[key] = .string(parts.count == 2 ? parts[1] : source)
        return .object(members)
    }

    /// Flattens the API's `IpPermissions` list.
    static func live(_ permissions: JSONValue?) -> [FlatSecurityGroupRule] {
        (permissions?.arrayValue ?? []).flatMap { entry -> [FlatSecurityGroupRule] in
            let rule = SecurityGroupRule(entry)
            let sources =
                rule.ipv4Ranges.map { "cidr:\($0)" } + rule.ipv6Ranges.map { "cidr6:\($0)" }
                + rule.groupIds.map { "sg:\($0)" } + rule.prefixListIds.map { "pl:\($0)" }
            return sources.map { make(protocol: rule.ipProtocol, from: rule.fromPort, to: rule.toPort, source: $0) }
        }
    }

    /// Flattens one resolved template entry; nil when it names no source plinv understands.
    static func desired(_ entry: JSONValue) -> FlatSecurityGroupRule? {
        let sourceKeys: [(String, String)] = [
            ("CidrIp", "cidr"), ("CidrIpv6", "cidr6"), ("SourceSecurityGroupId", "sg"),
            ("DestinationSecurityGroupId", "sg"),
            ("SourcePrefixListId", "pl"), ("DestinationPrefixListId", "pl"),
        ]
        guard let (key, prefix) = sourceKeys.first(where: { entry[$0.0] != nil }),
            let value = entry[key].flatMap(Self.text)
        else { return nil }
        return make(
            protocol: entry["IpProtocol"].flatMap(Self.text) ?? "-1",
            from: entry["FromPort"].flatMap(Self.int), to: entry["ToPort"].flatMap(Self.int),
            source: "\(prefix):\(value)")
    }

    /// EC2's default egress rules (all traffic to anywhere), which a group keeps while it declares no egress rule.
    static let defaultEgress: Set<FlatSecurityGroupRule> = [
        make(protocol: "-1", from: nil, to: nil, source: "cidr:0.0.0.0/0"),
        make(protocol: "-1", from: nil, to: nil, source: "cidr6:::/0"),
    ]

    /// Protocols whose rules have ports (or, for ICMP, type and code); any other protocol's ports are ignored by EC2.
    static let protocolsWithPorts: Set<String> = ["tcp", "udp", "icmp", "icmpv6"]

    /// A rule in canonical form: protocol names for the numbers EC2 names (`6` is `tcp`, `all` is `-1`), ports only
    /// for protocols that have them, IPv6 CIDRs in RFC 5952 form.
    private static func make(protocol text: String, from: Int?, to: Int?, source: String) -> FlatSecurityGroupRule {
        let names = ["6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"]
        let name = names[text.lowercased()] ?? text.lowercased()
        let canonicalSource =
            source.hasPrefix("cidr6:") ? "cidr6:" + IPv6CIDR.canonical(String(source.dropFirst(6))) : source
        return protocolsWithPorts.contains(name)
            ? FlatSecurityGroupRule(ipProtocol: name, fromPort: from, toPort: to, source: canonicalSource)
            : FlatSecurityGroupRule(ipProtocol: name, fromPort: nil, toPort: nil, source: canonicalSource)
    }

    private static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer(let number): String(number)
        default: nil
        }
    }

    private static func int(_ value: JSONValue) -> Int? {
        switch value {
        case .integer(let number): number
        case .string(let text): Int(text)
        case .double(let number): Int(exactly: number)
        default: nil
        }
    }
}
