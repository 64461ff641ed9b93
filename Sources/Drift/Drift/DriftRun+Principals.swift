import PrivateLinkModel
import Templates

/// Allowed principals: permissions bound to their service, then compared as sets.
extension DriftRun {
    /// Binds a permissions resource to the live service its `ServiceId` names.
    mutating func bindPermissions(_ index: Int) {
        let entry = entries[index]
        guard let serviceId = entry.resource[property: "ServiceId"] else {
            unverified(entry, attribute: "ServiceId", reason: "it names no ServiceId")
            return
        }
        switch resolve(serviceId.value, file: entry.key.file) {
        case .unverifiable(let reason):
            unverified(entry, attribute: nil, reason: "ServiceId: \(reason)", at: serviceId.location)
        case .value(let id):
            let found = liveIndex.withId(.endpointService, id.scalarText ?? "").filter {
                (entry.scope == nil || $0.scope == entry.scope)
            }
            if found.count == 1 {
                accept(found[0], for: index, method: .service)
            } else if found.isEmpty {
                absent(entry, key: "service \(id.scalarText ?? "")")
            } else {
                ambiguous(entry, candidates: found, key: "service \(id.scalarText ?? "")")
            }
        }
    }

    /// Compares the allowed principals of every declared service; each extra or missing one is a finding.
    mutating func comparePrincipals() {
        let services = entries.filter { $0.kind == .endpointService }.compactMap { entry in
            matches[entry.key].map { (entry, $0) }
        }
        let permissions = entries.filter { $0.kind == .allowedPrincipal }
        for (serviceEntry, service) in services {
            let declaring = permissions.filter { matches[$0.key]?.id == service.id && matches[$0.key]?.scope == service.scope }
            comparePrincipals(of: service, declaredBy: declaring, serviceEntry: serviceEntry)
        }
        // Permissions bound to a service that no template declares still compare against it.
        let declaredServices = Set(services.map { ServiceKey(scope: $0.1.scope, id: $0.1.id) })
        let orphans = Dictionary(grouping: permissions.compactMap { entry in matches[entry.key].map { (entry, $0) } }) {
            ServiceKey(scope: $0.1.scope, id: $0.1.id)
        }
        for (key, pairs) in orphans.sorted(by: { $0.key.id < $1.key.id }) where !declaredServices.contains(key) {
            comparePrincipals(of: pairs[0].1, declaredBy: pairs.map(\.0), serviceEntry: nil)
        }
    }

    /// A live service by scope and id.
    struct ServiceKey: Hashable {
        var scope: Scope
        var id: String
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
        let livePrincipals = inventory.allowedPrincipals.filter { $0.scope == service.scope && $0.serviceId == service.id }
        let liveKeys = Dictionary(livePrincipals.map { (Self.principalKey($0.principal), $0.principal) }) { first, _ in first }
        let type = ResourceKind.allowedPrincipal
        for (key, declared) in desired.sorted(by: { $0.key < $1.key }) where liveKeys[key] == nil {
            report(.principalMissing, severity: .medium, entry: declared.entry, kind: type, resourceId: service.id,
                   scope: service.scope, attribute: "AllowedPrincipals", principal: declared.text,
                   expected: .string(declared.text),
                   message: "Principal \(declared.text) is declared in \(declared.entry.resource.logicalId) but is not "
                       + "allowed on endpoint service \(service.id) in \(service.scope).",
                   remediation: Remediation.changed, source: declared.location)
        }
        guard complete else { return }
        let owner = permissions.first ?? serviceEntry
        let source = permissions.first?.resource[property: "AllowedPrincipals"]?.location
        for (key, text) in liveKeys.sorted(by: { $0.key < $1.key }) where desired[key] == nil {
            report(.principalExtra, severity: .high, entry: owner, kind: type, resourceId: service.id,
                   scope: service.scope, attribute: "AllowedPrincipals", principal: text, actual: .string(text),
                   message: "Principal \(text) is allowed on endpoint service \(service.id) in \(service.scope), "
                       + "but no template declares it: access was granted outside CloudFormation.",
                   remediation: Remediation.extraPrincipal, source: source)
        }
    }

    /// Principals compare by identity: `123456789012` and `arn:aws:iam::123456789012:root` are one account.
    static func principalKey(_ text: String) -> String {
        let principal = Principal(text)
        if principal.kind == .account, let account = principal.account { return "account:\(account)" }
        return text
    }
}
