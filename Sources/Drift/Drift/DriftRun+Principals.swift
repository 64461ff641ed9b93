import PrivateLinkModel
import Templates

/// Allowed principals: permissions bound to their service, then compared as sets.
///
/// A set is only complete when every declaration that could add to it is known. Permissions whose
/// `ServiceId` cannot be resolved offline (an `!ImportValue` from the service's stack) may belong to any
/// service of their scope (any scope, when theirs is unknown), and a template plinv could not read in full may
/// declare more: for those services, principals allowed live but not declared are not reported; the
/// comparison is listed as not verified instead. Declared principals that are not live are still reported.
extension DriftRun {
    /// Binds a permissions resource to the live service its `ServiceId` names.
    mutating func bindPermissions(_ index: Int) {
        let entry = entries[index]
        guard let serviceId = entry.resource[property: "ServiceId"] else {
            unverified(entry, attribute: "ServiceId", reason: "it names no ServiceId")
            unboundPermissions.append((entry, "it names no ServiceId"))
            return
        }
        switch resolve(serviceId.value, file: entry.key.file) {
        case .unverifiable(let reason):
            unverified(entry, attribute: nil, reason: "ServiceId: \(reason)", at: serviceId.location)
            if couldNameAnyService(serviceId.value, file: entry.key.file) {
                unboundPermissions.append((entry, "its ServiceId cannot be resolved offline (\(reason))"))
            }
        case .value(let id):
            let found = liveIndex.withId(.endpointService, id.scalarText ?? "").filter {
                (entry.scope == nil || $0.scope == entry.scope)
            }
            if found.count == 1 {
                accept(found[0], for: index, method: .service, key: "service \(id.scalarText ?? "")")
            } else if found.isEmpty {
                absent(entry, key: "service \(id.scalarText ?? "")")
            } else {
                ambiguous(entry, candidates: found, key: "service \(id.scalarText ?? "")")
            }
        }
    }

    /// Whether an unresolved `ServiceId` could name a service other than one declared in the same template:
    /// it is unknown offline, or refers to something that is not a declared endpoint service.
    private func couldNameAnyService(_ value: DesiredValue, file: String) -> Bool {
        if value.unknownReason != nil { return true }
        return value.references.contains { reference in
            !entries.contains {
                $0.key == EntryKey(file: file, logicalId: reference.logicalId) && $0.kind == .endpointService
            }
        }
    }

    /// Why the declared principals of a live service may be incomplete; nil when every declaration is known.
    func principalsIncompleteness(of service: Live) -> String? {
        if let unbound = unboundPermissions.first(where: { $0.entry.scope == nil || $0.entry.scope == service.scope }) {
            return "\(unbound.entry.resource.logicalId) may declare its principals: \(unbound.reason)"
        }
        return incompleteness(of: service.scope).map { "a template of \(service.scope) was not read in full: \($0)" }
    }

    /// Compares the allowed principals of every declared service; each extra or missing one is a finding.
    mutating func comparePrincipals() {
        let matches = self.matches
        let services = entries.filter { $0.kind == .endpointService }.compactMap { entry in
            matches[entry.key].map { (entry, $0) }
        }
        // The permissions entries by the live service they matched, in entry order: grouped once, not filtered per
        // service (that was services × permissions).
        let permissions = Dictionary(
            grouping: entries.filter { $0.kind == .allowedPrincipal }.compactMap { entry in
                matches[entry.key].map { (entry, $0) }
            }
        ) { $0.1.key }
        for (serviceEntry, service) in services {
            comparePrincipals(
                of: service, declaredBy: permissions[service.key]?.map(\.0) ?? [], serviceEntry: serviceEntry)
        }
        // Permissions bound to a service that no template declares still compare against it.
        let declaredServices = Set(services.map(\.1.key))
        for (key, pairs) in permissions.sorted(by: { ($0.key.scope, $0.key.id) < ($1.key.scope, $1.key.id) })
        where !declaredServices.contains(key) {
            comparePrincipals(of: pairs[0].1, declaredBy: pairs.map(\.0), serviceEntry: nil)
        }
    }

    /// One service: declared principals (with their template positions) against the live ones.
    private mutating func comparePrincipals(of service: Live, declaredBy permissions: [Entry], serviceEntry: Entry?) {
        var desired: [String: (text: String, entry: Entry, location: TemplateLocation)] = [:]
        var complete = true
        for entry in permissions {
            guard let property = entry.resource[property: "AllowedPrincipals"] else { continue }
            for element in property.value.listElements ?? [property] {
                switch resolve(element.value, file: entry.key.file) {
                case .value(let json):
                    for text in (json.arrayValue ?? [json]).compactMap(\.scalarText) {
                        desired[Self.principalKey(text)] = (text, entry, element.location)
                    }
                case .unverifiable(let reason):
                    complete = false
                    unverified(entry, attribute: "AllowedPrincipals", reason: reason, at: element.location)
                }
            }
        }
        let livePrincipals = principalsByService[service.key] ?? []
        let liveKeys = Dictionary(livePrincipals.map { (Self.principalKey($0.principal), $0.principal) }) { first, _ in
            first
        }
        let type = ResourceKind.allowedPrincipal
        let through = serviceEntry ?? permissions.first
        for (key, declared) in desired.sorted(by: { $0.key < $1.key }) where liveKeys[key] == nil {
            report(
                .principalMissing, severity: .medium, entry: declared.entry, kind: type, resourceId: service.id,
                scope: service.scope, attribute: "AllowedPrincipals", principal: declared.text,
                expected: .string(declared.text),
                message: "Principal \(declared.text) is declared in \(declared.entry.resource.logicalId) but is not "
                    + "allowed on endpoint service \(service.id) in \(service.scope).",
                remediation: Remediation.changed, source: declared.location, matchedThrough: through)
        }
        guard complete, let owner = permissions.first ?? serviceEntry else { return }
        if let reason = principalsIncompleteness(of: service) {
            if liveKeys.keys.contains(where: { desired[$0] == nil }) {
                unverified(
                    serviceEntry ?? owner, attribute: "AllowedPrincipals",
                    reason: "principals allowed on \(service.id) but not declared are not reported, because \(reason)")
            }
            return
        }
        let source = permissions.first?.resource[property: "AllowedPrincipals"]?.location
        for (key, text) in liveKeys.sorted(by: { $0.key < $1.key }) where desired[key] == nil {
            report(
                .principalExtra, severity: .high, entry: owner, kind: type, resourceId: service.id,
                scope: service.scope, attribute: "AllowedPrincipals", principal: text, actual: .string(text),
                message: "Principal \(text) is allowed on endpoint service \(service.id) in \(service.scope), "
                    + "but no template declares it: access was granted outside CloudFormation.",
                remediation: Remediation.extraPrincipal, source: source, matchedThrough: through)
        }
    }

    /// Principals compare by identity: `123456789012` and `arn:aws:iam::123456789012:root` are one account.
    static func principalKey(_ text: String) -> String {
        let principal = Principal(text)
        if principal.kind == .account, let account = principal.account { return "account:\(account)" }
        return text
    }
}
