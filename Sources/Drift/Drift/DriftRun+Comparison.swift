import PrivateLinkModel
import Templates

/// Property-by-property comparison of matched resources.
extension DriftRun {
    /// Compares every property of every matched resource (permissions are compared as principal sets).
    mutating func compareAll() {
        for entry in entries where entry.kind != .allowedPrincipal {
            guard let resource = matches[entry.key] else { continue }
            let specs = PropertySpec.specs(for: entry.kind)
            for (name, property) in entry.resource.properties.sorted(by: { $0.key < $1.key }) {
                guard let spec = specs.first(where: { $0.name == name }) else {
                    unverified(entry, attribute: name, reason: "plinv does not compare \(name)", at: property.location)
                    continue
                }
                compare(spec, property, of: entry, with: resource)
            }
        }
    }

    /// Compares one property.
    private mutating func compare(
        _ spec: PropertySpec, _ property: Located<DesiredValue>, of entry: Entry, with resource: Live
    ) {
        if spec.comparison == .rules {
            compareRules(spec, property, of: entry, with: resource)
            return
        }
        let desired: JSONValue
        switch resolve(property.value, file: entry.key.file) {
        case .value(let json): desired = json
        case .unverifiable(let reason):
            unverified(entry, attribute: spec.name, reason: reason, at: property.location)
            return
        }
        var actual = spec.live(resource.record)
        if spec.comparison == .policy {
            actual = livePolicy(actual, record: resource.record)
        }
        guard !Self.equal(desired, actual, by: spec.comparison) else { return }
        report(
            .changed, severity: spec.severity, entry: entry, kind: entry.kind, resourceId: resource.id,
            scope: resource.scope, attribute: spec.name, expected: desired, actual: actual ?? .null,
            message: "\(spec.name) of \(entry.resource.logicalId) (\(resource.id)) is \(Self.show(actual)) "
                + "but the template declares \(Self.show(desired)).",
            remediation: Remediation.changed, source: property.location)
    }

    /// The live policy as JSON: parsed text; AWS's default full-access policy for an interface endpoint
    /// without one; the text itself when it is not JSON.
    private func livePolicy(_ value: JSONValue?, record: ResourceRecord) -> JSONValue? {
        guard let text = value?.stringValue else {
            let isInterface = record["VpcEndpointType"]?.stringValue?.lowercased() == "interface"
            return isInterface ? PolicyDocument.defaultFullAccess.value : value
        }
        return PolicyDocument(text: text)?.value ?? value
    }

    /// Whether a desired and a live value agree under a comparison.
    static func equal(_ desired: JSONValue, _ actual: JSONValue?, by comparison: PropertySpec.Comparison) -> Bool {
        switch comparison {
        case .scalar:
            guard let wanted = desired.scalarText else { return false }
            return wanted == actual?.scalarText
        case .caseInsensitive:
            guard let wanted = desired.scalarText, let found = actual?.scalarText else { return false }
            return equalIgnoringCase(wanted, found)
        case .boolean:
            guard let wanted = desired.booleanValue else { return desired == actual }
            return wanted == actual?.booleanValue
        case .set:
            return sameMembers(desired.arrayValue ?? [desired], actual?.arrayValue ?? [])
        case .policy:
            let wanted = desired.stringValue.flatMap(PolicyDocument.init(text:)) ?? PolicyDocument(desired)
            guard let actual else { return false }
            return wanted.isEquivalent(to: PolicyDocument(actual))
        case .rules:
            return false
        }
    }

    /// Whether two texts are equal once lowercased: byte by byte for ASCII, through `lowercased()` otherwise.
    static func equalIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        var lhsBytes = lhs.utf8.makeIterator(), rhsBytes = rhs.utf8.makeIterator()
        while true {
            switch (lhsBytes.next(), rhsBytes.next()) {
            case (nil, nil):
                return true
            case (let left?, let right?) where left < 0x80 && right < 0x80:
                func lower(_ byte: UInt8) -> UInt8 {
                    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
                }
                guard lower(left) == lower(right) else { return false }
            case (nil, _?), (_?, nil):
                return lhs.utf8.allSatisfy { $0 < 0x80 } && rhs.utf8.allSatisfy { $0 < 0x80 }
                    ? false : lhs.lowercased() == rhs.lowercased()
            default:
                return lhs.lowercased() == rhs.lowercased()
            }
        }
    }

    /// Whether the scalars of two lists, as text, are the same set (order, repeats and non-scalars aside): a scan
    /// for the few members a property lists, sets beyond that.
    static func sameMembers(_ lhs: [JSONValue], _ rhs: [JSONValue]) -> Bool {
        guard lhs.count <= 8, rhs.count <= 8 else {
            return Set(lhs.compactMap(\.scalarText)) == Set(rhs.compactMap(\.scalarText))
        }
        func holds(_ list: [JSONValue], _ text: String) -> Bool { list.contains { $0.scalarText == text } }
        return lhs.allSatisfy { $0.scalarText.map { holds(rhs, $0) } ?? true }
            && rhs.allSatisfy { $0.scalarText.map { holds(lhs, $0) } ?? true }
    }

    /// Security group rules as sets of flat rules; each extra or missing rule is its own finding.
    ///
    /// The declared set is the property's rules plus those of `AWS::EC2::SecurityGroupIngress`/`Egress`
    /// resources of the same template that name the group. When such a resource's group cannot be told offline,
    /// the declared set may be incomplete and extra live rules are not reported. A group that declares no egress
    /// rule in its own `SecurityGroupEgress` keeps EC2's default allow-all egress, which is then expected, not extra.
    private mutating func compareRules(
        _ spec: PropertySpec, _ property: Located<DesiredValue>, of entry: Entry, with resource: Live
    ) {
        let direction = spec.name == "SecurityGroupIngress" ? "ingress" : "egress"
        var desired: [FlatSecurityGroupRule: TemplateLocation] = [:]
        for element in property.value.listElements ?? [] {
            switch resolve(element.value, file: entry.key.file) {
            case .value(let json):
                guard let rule = FlatSecurityGroupRule.desired(json) else {
                    unverified(
                        entry, attribute: spec.name, reason: "a rule names no source plinv understands",
                        at: element.location)
                    return
                }
                desired[rule] = element.location
            case .unverifiable(let reason):
                unverified(entry, attribute: spec.name, reason: reason, at: element.location)
                return
            }
        }
        // EC2 drops its default egress rule only for egress rules declared in the group's own property.
        let keepsDefaultEgress = direction == "egress" && desired.isEmpty
        var incomplete: String?
        for standalone in standaloneRules[entry.key.file] ?? []
        where standalone.type.hasSuffix(direction == "ingress" ? "Ingress" : "Egress") {
            switch standaloneRule(standalone, extends: entry, matched: resource) {
            case .none: continue
            case .some(.value(let rule)): desired[rule] = standalone.location
            case .some(.unverifiable(let reason)): incomplete = "\(standalone.logicalId) may add to them: \(reason)"
            }
        }
        var live = Set(FlatSecurityGroupRule.live(spec.live(resource.record)))
        if keepsDefaultEgress { live.subtract(FlatSecurityGroupRule.defaultEgress.subtracting(desired.keys)) }
        if let incomplete {
            if !live.subtracting(desired.keys).isEmpty {
                unverified(
                    entry, attribute: spec.name,
                    reason: "live \(direction) rules not declared are not reported, because "
                        + incomplete, at: property.location)
            }
        } else {
            for rule in live.subtracting(desired.keys).sorted() {
                let open = direction == "ingress" && rule.admitsAnyAddress
                report(
                    .ruleExtra, severity: open ? .high : .medium, entry: entry, kind: entry.kind,
                    resourceId: resource.id,
                    scope: resource.scope, attribute: spec.name, principal: "\(rule)", actual: rule.json,
                    message: "Security group \(resource.id) (\(entry.resource.logicalId)) has an \(direction) rule "
                        + "\(rule.readable) that the template does not declare"
                        + (open ? ": it admits the whole internet." : "."),
                    remediation: Remediation.extraRule, source: property.location)
            }
        }
        for (rule, location) in desired.sorted(by: { $0.key < $1.key }) where !live.contains(rule) {
            report(
                .ruleMissing, severity: .low, entry: entry, kind: entry.kind, resourceId: resource.id,
                scope: resource.scope, attribute: spec.name, principal: "\(rule)", expected: rule.json,
                message: "Security group \(resource.id) (\(entry.resource.logicalId)) lacks the declared "
                    + "\(direction) rule \(rule.readable).",
                remediation: Remediation.changed, source: location)
        }
    }

    /// The rule a standalone ingress/egress resource adds to `entry`'s group; nil when it names another group,
    /// `.unverifiable` when which group it names (or its rule) cannot be known offline.
    private func standaloneRule(_ standalone: DesiredResource, extends entry: Entry, matched resource: Live)
        -> RuleResolution?
    {
        guard let groupId = standalone[property: "GroupId"] else { return nil }
        if let reference = groupId.value.reference {
            guard reference.logicalId == entry.resource.logicalId,
                reference.attribute == nil || reference.attribute == "GroupId"
            else { return nil }
        } else if let reason = groupId.value.unknownReason {
            return .unverifiable("its GroupId: \(reason)")
        } else if groupId.value.jsonValue?.scalarText != resource.id {
            return nil
        }
        var properties = standalone.properties
        properties["GroupId"] = nil
        switch resolve(.object(properties), file: entry.key.file) {
        case .value(let json):
            guard let rule = FlatSecurityGroupRule.desired(json) else {
                return .unverifiable("it names no source plinv understands")
            }
            return .value(rule)
        case .unverifiable(let reason):
            return .unverifiable(reason)
        }
    }

    /// A standalone rule, or why it cannot be known.
    enum RuleResolution {
        case value(FlatSecurityGroupRule)
        case unverifiable(String)
    }

    /// A value as compact JSON text for messages.
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "not set" }
        return String(decoding: value.canonicalData(), as: UTF8.self)
    }
}
