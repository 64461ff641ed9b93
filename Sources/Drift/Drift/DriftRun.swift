import PrivateLinkModel
import Templates

/// The working state of one drift comparison; `DriftDetector` drives it phase by phase.
struct DriftRun {
    /// A desired resource, identified by the loaded template instance (index and file) and logical id.
    struct EntryKey: Hashable {
        var file: String
        var logicalId: String

        /// The logical id alone: entries of one template share its long file name, and equality still checks it.
        func hash(into hasher: inout Hasher) { hasher.combine(logicalId) }
    }

    /// A desired resource of a checked type.
    struct Entry {
        var key: EntryKey
        var resource: DesiredResource
        var kind: ResourceKind
        /// Where it is deployed, when known (from the template or the caller, else from the match).
        var scope: Scope?
        /// The stack that deployed it, when known: its CloudFormation tags must name this stack.
        var stackName: String?
        /// The deployed stack's physical id for it (`LoadedTemplate.physicalIds`), when known.
        var physicalId: String?
        /// Why nothing about it can be verified (a transform plinv does not expand); it is then never matched.
        var unverifiable: String?
        /// Why its absence proves nothing (a part of it the loader did not evaluate); it is then never `missing`.
        var notEvaluated: String?
        var location: SourceLocation { SourceLocation(resource.location) }
    }

    /// A live resource of any kind; a class, because indexes, claims and matches hold it many times over and
    /// copying its strings and record each time cost more than the comparison itself.
    final class Live {
        let kind: ResourceKind
        let scope: Scope
        let id: String
        /// The record as the snapshot holds it: members are read one by one (a stored record is never made whole).
        let record: ResourceRecord
        /// The `aws:cloudformation:logical-id` and `…:stack-name` tags, read once from the record: matching asks
        /// for them again and again.
        let logicalId: String?
        let stackName: String?
        /// Whether it is deleted, being deleted or failed (`Lifecycle.isGone`), read once.
        let isGone: Bool
        /// The identity a match claims: one live resource is never matched twice.
        var key: LiveKey { LiveKey(kind: kind, scope: scope, id: id) }

        init(kind: ResourceKind, scope: Scope, id: String, record: ResourceRecord) {
            self.kind = kind
            self.scope = scope
            self.id = id
            self.record = record
            (logicalId, stackName) = Self.cloudFormationTags(record.stringPairs("Tags", "Key", "Value"))
            isGone = Lifecycle.isGone(record)
        }

        /// The logical-id and stack-name tags among a resource's tag keys and values, as `[Tag](awsTags:).value(forKey:)`
        /// reads them (of two tags with one key, the lesser value), without building and sorting every tag.
        static func cloudFormationTags(_ tags: [(String, String?)]) -> (
            logicalId: String?, stackName: String?
        ) {
            var logicalId: String?, stackName: String?
            for (key, value) in tags
            where key == "aws:cloudformation:logical-id" || key == "aws:cloudformation:stack-name" {
                let value = value ?? ""
                if key == "aws:cloudformation:logical-id", logicalId.map({ value < $0 }) ?? true { logicalId = value }
                if key == "aws:cloudformation:stack-name", stackName.map({ value < $0 }) ?? true { stackName = value }
            }
            return (logicalId, stackName)
        }
    }

    /// A live resource by kind, scope and id.
    struct LiveKey: Hashable {
        var kind: ResourceKind
        var scope: Scope
        var id: String

        /// Kind and id: ids are unique across scopes in practice, and equality still checks the scope.
        func hash(into hasher: inout Hasher) {
            hasher.combine(kind)
            hasher.combine(id)
        }
    }

    /// A reason the declarations of a scope are incomplete (nil scope: of any scope), so that live resources
    /// or principals no declaration names are not reported as extra there.
    struct Incompleteness {
        var scope: Scope?
        var reason: String
    }

    /// The live resources of the checked kinds, indexed by the keys matching looks up.
    let liveIndex: LiveIndex
    /// The allowed principals of each live endpoint service (by its key), in inventory order.
    let principalsByService: [LiveKey: [AllowedPrincipal]]
    let inventory: Inventory
    let succeededScopes: Set<Scope>
    let defaultScope: Scope?
    var entries: [Entry] = []
    var matches: [EntryKey: Live] = [:]
    /// How each matched entry was matched, and by which key when it was a natural key.
    var methods: [EntryKey: (method: MatchMethod, key: String)] = [:]
    /// Live resources a match, a conflict or an ambiguity already accounts for: never matched again, never unmanaged.
    var claimed: Set<LiveKey> = []
    /// Live resources named by an ambiguity finding: not matched, but not unmanaged either.
    var accountedFor: Set<LiveKey> = []
    /// Permissions whose service cannot be told offline, with why: they may declare principals of any
    /// service in their scope.
    var unboundPermissions: [(entry: Entry, reason: String)] = []
    /// Scopes whose templates plinv could not read in full.
    var incomplete: [Incompleteness] = []
    /// `AWS::EC2::SecurityGroupIngress`/`Egress` resources per template instance, for the groups they extend.
    var standaloneRules: [String: [DesiredResource]] = [:]
    var findings: [Finding] = []
    var matched: [MatchedResource] = []
    var notVerified: [UnverifiedValue] = []
    var notChecked: [UncheckedResource] = []

    init(inventory: Inventory, succeededScopes: Set<Scope>, defaultScope: Scope?) {
        self.inventory = inventory
        self.succeededScopes = succeededScopes
        self.defaultScope = defaultScope
        var live: [ResourceKind: [Live]] = [:]
        func add<R: InventoryResource>(_ list: [R]) {
            live[R.kind] = list.map { Live(kind: R.kind, scope: $0.scope, id: $0.resourceId, record: $0.record) }
        }
        add(inventory.endpointServices)
        add(inventory.vpcEndpoints)
        add(inventory.securityGroups)
        add(inventory.loadBalancers)
        self.liveIndex = LiveIndex(live)
        self.principalsByService = Dictionary(grouping: inventory.allowedPrincipals) {
            LiveKey(kind: .endpointService, scope: $0.scope, id: $0.serviceId)
        }
    }

    /// Whether live resources of `scope` that no declaration names may still be declared somewhere plinv could
    /// not read; the reason when so.
    func incompleteness(of scope: Scope) -> String? {
        incomplete.first { $0.scope == nil || $0.scope == scope }?.reason
    }

    /// Records a desired value that could not be checked.
    mutating func unverified(_ entry: Entry, attribute: String?, reason: String, at location: TemplateLocation? = nil) {
        notVerified.append(
            UnverifiedValue(
                logicalId: entry.resource.logicalId, resourceType: entry.resource.type, attribute: attribute,
                reason: reason,
                source: location.map(SourceLocation.init) ?? entry.location, scope: entry.scope))
    }

    /// Adds a drift finding with its stable id; a finding about a matched entry says how it was matched, and
    /// one about a natural-key match says that it is a guess.
    mutating func report(
        _ rule: DriftRule, severity: Severity, entry: Entry?, kind: ResourceKind, resourceId: String, scope: Scope,
        attribute: String? = nil, principal: String? = nil, expected: JSONValue? = nil, actual: JSONValue? = nil,
        message: String, remediation: String, source: TemplateLocation? = nil, matchedThrough: Entry? = nil
    ) {
        let subject = matchedThrough ?? entry
        let how = subject.flatMap { methods[$0.key] }
        var text = message
        if let how, how.method == .naturalKey {
            text +=
                " It was matched by natural key (\(how.key)), a guess: no physical id or CloudFormation tag identifies it."
        } else if let how, how.method == .cloudFormationTags, subject?.stackName == nil {
            text +=
                " It was matched by its logical-id tag alone, a guess: no stack name was given to check the tag against."
        }
        findings.append(
            Finding(
                id: FindingID.make(
                    kind: rule.kind, rule: rule.rawValue, account: scope.account, region: scope.region,
                    resourceId: resourceId, attribute: attribute, principal: principal),
                kind: rule.kind, rule: rule.rawValue, severity: severity, resourceType: kind.cloudFormationType,
                resourceId: resourceId, logicalId: entry?.resource.logicalId, account: scope.account,
                region: scope.region,
                attribute: attribute, expected: expected, actual: actual, message: text, remediation: remediation,
                source: source.map(SourceLocation.init) ?? entry?.location, matchedBy: how?.method.findingLabel))
    }
}
