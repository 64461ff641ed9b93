import Foundation
import PrivateLinkModel

/// A snapshot checked and encoded before the write lock is taken, so the transaction only does SQL.
struct PreparedSnapshot: Sendable {
    /// One new or changed resource ready to store: its identity, where its canonical JSON is in its draft's spool,
    /// that JSON's hash, and the raw digest of the record as received (nil when the caller had none).
    struct Record: Sendable {
        let kind: ResourceKind
        let resourceId: String
        let json: Range<Int>
        let hash: Int64
        let digest: UInt128?
    }

    /// One stack or export ready to store (see `stack_version` in `Schema/0002_stacks.sql`).
    struct StackRecord: Sendable {
        /// `stack` or `export`.
        let kind: String
        let scope: Scope
        /// The `StackId` of a stack, the `Name` of an export.
        let itemId: String
        let body: JSONValue
        let json: String
        let hash: Int64
        /// The processed template text and its hash, when it was read.
        let template: (text: String, hash: Int64)?
    }

    let snapshot: Snapshot
    /// The resources, one draft per scope that holds any, sorted by scope.
    let drafts: [ScopeDraft]
    let stackRecords: [StackRecord]
    /// The number of resources of each kind (every kind, zero included).
    let counts: [ResourceKind: Int]

    /// Checks that `snapshot` and the scopes recorded in `drafts` can be stored and read back unchanged, and
    /// encodes the resources of `snapshot.inventory` (drafts hold theirs already).
    ///
    /// - Throws: ``StoreError/invalidSnapshot(reason:)`` for a scope listed twice, a resource or draft of a
    ///   scope that is not listed as `ok` (a failed scope was not observed), a resource listed twice, or a scope
    ///   given both as a draft and in the inventory.
    init(_ snapshot: Snapshot, drafts streamed: [ScopeDraft] = []) throws {
        var listed = Set<Scope>()
        for status in snapshot.scopes where !listed.insert(status.scope).inserted {
            throw StoreError.invalidSnapshot(reason: "scope \(status.scope) is listed twice")
        }
        let observed = snapshot.succeededScopes
        var drafts: [Scope: ScopeDraft] = [:]
        for draft in streamed {
            guard observed.contains(draft.scope) else {
                throw StoreError.invalidSnapshot(
                    reason: "resources were recorded for scope \(draft.scope), which the snapshot does not list as "
                        + "collected (ok)")
            }
            guard drafts.updateValue(draft, forKey: draft.scope) == nil else {
                throw StoreError.invalidSnapshot(reason: "scope \(draft.scope) was recorded twice")
            }
        }
        let streamedScopes = Set(drafts.keys)
        func add<R: InventoryResource>(_ resources: [R]) throws {
            for resource in resources {
                guard observed.contains(resource.scope) else {
                    throw StoreError.invalidSnapshot(
                        reason: "\(R.kind.rawValue) \(resource.resourceId) belongs to scope \(resource.scope), "
                            + "which the snapshot does not list as collected (ok)")
                }
                guard !streamedScopes.contains(resource.scope) else {
                    throw StoreError.invalidSnapshot(
                        reason: "scope \(resource.scope) was given both recorded and as an inventory")
                }
                let draft = drafts[resource.scope] ?? ScopeDraft(scope: resource.scope, baseline: .unknown)
                drafts[resource.scope] = draft
                try draft.record(resource)
            }
        }
        let inventory = snapshot.inventory
        try add(inventory.endpointServices)
        try add(inventory.allowedPrincipals)
        try add(inventory.connections)
        try add(inventory.vpcEndpoints)
        try add(inventory.securityGroups)
        try add(inventory.loadBalancers)
        self.snapshot = snapshot
        self.drafts = drafts.values.sorted { $0.scope < $1.scope }
        self.stackRecords = try Self.stackRecords(of: snapshot)
        var counts = Dictionary(uniqueKeysWithValues: ResourceKind.allCases.map { ($0, 0) })
        for draft in self.drafts {
            for (kind, count) in draft.counts { counts[kind, default: 0] += count }
        }
        self.counts = counts
    }

    /// The stacks and exports of `snapshot`, checked to belong to scopes whose stacks were read (which must be
    /// collected `ok`) and to appear once each.
    private static func stackRecords(of snapshot: Snapshot) throws -> [StackRecord] {
        let observed = snapshot.succeededScopes
        for scope in snapshot.stackScopes.sorted() where !observed.contains(scope) {
            throw StoreError.invalidSnapshot(
                reason: "the stacks of scope \(scope) are listed as read, but the scope is not listed as collected (ok)"
            )
        }
        var records: [StackRecord] = []
        var identities = Set<String>()
        func add(kind: String, scope: Scope, itemId: String, body: JSONValue, template: String?) throws {
            guard snapshot.stackScopes.contains(scope) else {
                throw StoreError.invalidSnapshot(
                    reason:
                        "\(kind) \(itemId) belongs to scope \(scope), whose stacks the snapshot does not list as read")
            }
            guard identities.insert("\(kind)\u{0}\(scope)\u{0}\(itemId)").inserted else {
                throw StoreError.invalidSnapshot(reason: "\(kind) \(itemId) appears twice in scope \(scope)")
            }
            let json = String(decoding: body.canonicalData(), as: UTF8.self)
            records.append(
                StackRecord(
                    kind: kind, scope: scope, itemId: itemId, body: body, json: json, hash: ContentHash.body(json),
                    template: template.map { ($0, ContentHash.fnv1a64($0)) }))
        }
        for stack in snapshot.stacks {
            try add(
                kind: "stack", scope: stack.scope, itemId: stack.stackId, body: stackBody(stack),
                template: stack.templateBody)
        }
        for export in snapshot.exports {
            let body: JSONValue = .object([
                "Name": .string(export.name), "Value": .string(export.value),
                "ExportingStackId": .string(export.exportingStackId),
            ])
            try add(kind: "export", scope: export.scope, itemId: export.name, body: body, template: nil)
        }
        return records
    }

    /// The stored body of a stack: its `DescribeStacks` record and its resources in the `ListStackResources` shape.
    static func stackBody(_ stack: DeployedStack) -> JSONValue {
        .object([
            "Stack": stack.raw,
            "Resources": .array(
                stack.resources.map {
                    .object([
                        "LogicalResourceId": .string($0.logicalId), "PhysicalResourceId": .string($0.physicalId),
                        "ResourceType": .string($0.type), "ResourceStatus": .string($0.status),
                    ])
                }),
        ])
    }
}
