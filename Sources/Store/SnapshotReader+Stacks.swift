import Foundation
import GRDB
import PrivateLinkModel

/// Reads the stacks, exports and stack-read scopes of one stored snapshot.
struct StoredStackReader {
    let db: Database

    /// What snapshot `id` holds about CloudFormation.
    func stacks(of id: Int64) throws -> (stacks: [DeployedStack], exports: [StackExport], scopes: Set<Scope>) {
        let scopes = try Row.fetchAll(
            db,
            sql: """
                SELECT sc.account, sc.region FROM snapshot_stack_scope AS ss JOIN scope AS sc ON sc.id = ss.scope_id
                WHERE ss.snapshot_id = ?
                """, arguments: [id]
        ).map { Scope(account: $0["account"], region: $0["region"]) }
        var stacks: [DeployedStack] = []
        var exports: [StackExport] = []
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT i.kind, i.account, i.region, i.item_id, i.json, t.text AS template
                FROM snapshot_stack_items AS i LEFT JOIN template_body AS t ON t.id = i.template_id
                WHERE i.snapshot_id = ?
                """, arguments: [id])
        {
            let kind: String = row["kind"]
            let itemId: String = row["item_id"]
            let scope = Scope(account: row["account"], region: row["region"])
            let body: JSONValue
            do {
                body = try JSONValue.parse(row["json"] as String)
            } catch {
                throw StoreError.unreadableRecord(kind: kind, resourceId: itemId, reason: "invalid JSON: \(error)")
            }
            switch kind {
            case "stack":
                let resources = (body["Resources"]?.arrayValue ?? []).map {
                    StackResource(
                        logicalId: $0["LogicalResourceId"]?.stringValue ?? "",
                        physicalId: $0["PhysicalResourceId"]?.stringValue ?? "",
                        type: $0["ResourceType"]?.stringValue ?? "", status: $0["ResourceStatus"]?.stringValue ?? "")
                }
                stacks.append(
                    DeployedStack(
                        scope: scope, raw: body["Stack"] ?? .object([:]), resources: resources,
                        templateBody: row["template"]))
            case "export":
                exports.append(
                    StackExport(
                        scope: scope, name: itemId, value: body["Value"]?.stringValue ?? "",
                        exportingStackId: body["ExportingStackId"]?.stringValue ?? ""))
            default:
                throw StoreError.unreadableRecord(kind: kind, resourceId: itemId, reason: "unknown stack item kind")
            }
        }
        return (stacks, exports, Set(scopes))
    }
}
