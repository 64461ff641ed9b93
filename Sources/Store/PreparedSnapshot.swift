import Foundation
import PrivateLinkModel

/// A snapshot checked and encoded before the write lock is taken, so the transaction only does SQL.
struct PreparedSnapshot: Sendable {
    /// One resource ready to store: its identity and its canonical JSON with that JSON's hash.
    struct Record: Sendable {
        let kind: ResourceKind
        let scope: Scope
        let resourceId: String
        let raw: JSONValue
        let json: String
        let hash: Int64
    }

    let snapshot: Snapshot
    let records: [Record]

    /// Checks that `snapshot` can be stored and read back unchanged, and encodes its resources.
    ///
    /// - Throws: ``StoreError/invalidSnapshot(reason:)`` for a scope listed twice, a resource of a
    ///   scope that is not listed as `ok` (a failed scope was not observed), or a resource listed twice.
    init(_ snapshot: Snapshot) throws {
        var listed = Set<Scope>()
        for status in snapshot.scopes where !listed.insert(status.scope).inserted {
            throw StoreError.invalidSnapshot(reason: "scope \(status.scope) is listed twice")
        }
        let observed = snapshot.succeededScopes
        var records: [Record] = []
        var identities = Set<String>()
        func add<R: InventoryResource>(_ resources: [R]) throws {
            for resource in resources {
                guard observed.contains(resource.scope) else {
                    throw StoreError.invalidSnapshot(
                        reason: "\(R.kind.rawValue) \(resource.resourceId) belongs to scope \(resource.scope), "
                            + "which the snapshot does not list as collected (ok)")
                }
                let identity = "\(R.kind.rawValue)\u{0}\(resource.scope)\u{0}\(resource.resourceId)"
                guard identities.insert(identity).inserted else {
                    throw StoreError.invalidSnapshot(
                        reason: "\(R.kind.rawValue) \(resource.resourceId) appears twice in scope \(resource.scope)")
                }
                let json = String(decoding: resource.raw.canonicalData(), as: UTF8.self)
                records.append(Record(
                    kind: R.kind, scope: resource.scope, resourceId: resource.resourceId, raw: resource.raw,
                    json: json, hash: ContentHash.fnv1a64(json)))
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
        self.records = records
    }
}
