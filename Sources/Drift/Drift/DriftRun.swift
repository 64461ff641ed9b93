import PrivateLinkModel
import Templates

/// The working state of one drift comparison; `DriftDetector` drives it phase by phase.
struct DriftRun {
    /// A desired resource, identified by the loaded template instance (index and file) and logical id.
    struct EntryKey: Hashable {
        var file: String
        var logicalId: String
    }

    /// A desired resource of a checked type.
    struct Entry {
        var key: EntryKey
        var resource: DesiredResource
        var kind: ResourceKind
        /// Where it is deployed, when known (from the template, the caller, or the match).
        var scope: Scope?
        var location: SourceLocation { SourceLocation(resource.location) }
    }

    /// A live resource of any kind.
    struct Live {
        var kind: ResourceKind
        var scope: Scope
        var id: String
        var raw: JSONValue
        /// Read once from the record: matching asks for them again and again.
        let tags: [Tag]
        var logicalId: String? { tags.value(forKey: "aws:cloudformation:logical-id") }

        init(kind: ResourceKind, scope: Scope, id: String, raw: JSONValue) {
            self.kind = kind
            self.scope = scope
            self.id = id
            self.raw = raw
            self.tags = [Tag](awsTags: raw["Tags"])
        }
    }

    let live: [ResourceKind: [Live]]
    /// `live` indexed by the keys matching looks up.
    let liveIndex: LiveIndex
    let inventory: Inventory
    let succeededScopes: Set<Scope>
    let fallbackScope: Scope?
    var entries: [Entry] = []
    var matches: [EntryKey: Live] = [:]
    var findings: [Finding] = []
    var matched: [MatchedResource] = []
    var notVerified: [UnverifiedValue] = []
    var notChecked: [UncheckedResource] = []

    init(inventory: Inventory, succeededScopes: Set<Scope>, defaultScope: Scope?) {
        self.inventory = inventory
        self.succeededScopes = succeededScopes
        var live: [ResourceKind: [Live]] = [:]
        func add<R: InventoryResource>(_ list: [R]) {
            live[R.kind] = list.map { Live(kind: R.kind, scope: $0.scope, id: $0.resourceId, raw: $0.raw) }
        }
        add(inventory.endpointServices)
        add(inventory.vpcEndpoints)
        add(inventory.securityGroups)
        add(inventory.loadBalancers)
        self.live = live
        self.liveIndex = LiveIndex(live)
        let allScopes = succeededScopes.union(live.values.flatMap { $0.map(\.scope) })
        fallbackScope = defaultScope ?? (allScopes.count == 1 ? allScopes.first : nil)
    }

    /// Files every desired resource as an entry to check or as not checked.
    mutating func collect(_ templates: [LoadedTemplate]) {
        for (templateIndex, template) in templates.enumerated() {
            // One file may be deployed in several scopes: each loaded copy is its own namespace of logical ids.
            let instance = "\(templateIndex):\(template.file)"
            let endpointGroups = Set(template.resources(ofType: "AWS::EC2::VPCEndpoint").flatMap { endpoint in
                endpoint[property: "SecurityGroupIds"]?.value.references.map(\.logicalId) ?? []
            })
            for resource in template.resources {
                let location = SourceLocation(resource.location)
                guard let kind = ResourceKind(checkedType: resource.type) else {
                    notChecked.append(UncheckedResource(
                        logicalId: resource.logicalId, resourceType: resource.type,
                        reason: "drift does not check \(resource.type)", source: location))
                    continue
                }
                if kind == .securityGroup, !endpointGroups.contains(resource.logicalId) {
                    notChecked.append(UncheckedResource(
                        logicalId: resource.logicalId, resourceType: resource.type,
                        reason: "not attached to a VPC endpoint in this template; plinv collects only endpoint security groups",
                        source: location))
                    continue
                }
                entries.append(Entry(
                    key: EntryKey(file: instance, logicalId: resource.logicalId), resource: resource, kind: kind,
                    scope: resource.scope ?? template.scope ?? fallbackScope))
            }
        }
    }

    /// Records a desired value that could not be checked.
    mutating func unverified(_ entry: Entry, attribute: String?, reason: String, at location: TemplateLocation? = nil) {
        notVerified.append(UnverifiedValue(
            logicalId: entry.resource.logicalId, resourceType: entry.resource.type, attribute: attribute, reason: reason,
            source: location.map(SourceLocation.init) ?? entry.location))
    }

    /// Adds a drift finding with its stable id.
    mutating func report(
        _ rule: DriftRule, severity: Severity, entry: Entry?, kind: ResourceKind, resourceId: String, scope: Scope,
        attribute: String? = nil, principal: String? = nil, expected: JSONValue? = nil, actual: JSONValue? = nil,
        message: String, remediation: String, source: TemplateLocation? = nil
    ) {
        findings.append(Finding(
            id: FindingID.make(kind: rule.kind, rule: rule.rawValue, account: scope.account, region: scope.region,
                               resourceId: resourceId, attribute: attribute, principal: principal),
            kind: rule.kind, rule: rule.rawValue, severity: severity, resourceType: kind.cloudFormationType,
            resourceId: resourceId, logicalId: entry?.resource.logicalId, account: scope.account, region: scope.region,
            attribute: attribute, expected: expected, actual: actual, message: message, remediation: remediation,
            source: source.map(SourceLocation.init) ?? entry?.location))
    }
}
