import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

/// Stacks, templates and exports stored with snapshots (migration 0002).
@Suite struct StackStoreTests {
    typealias F = StoreFixtures

    static let template = "Resources:\n  Service:\n    Type: AWS::EC2::VPCEndpointService\n"

    static func stack(
        _ name: String, status: String = "CREATE_COMPLETE", updated: String? = nil, template: String? = template,
        scope: Scope = F.provider, parameters: [String: String] = ["Application": "orders", "Password": "****"]
    ) -> DeployedStack {
        var raw: JSONObject = [
            "StackName": .string(name),
            "StackId": .string("arn:aws:cloudformation:\(scope.region):\(scope.account):stack/\(name)/1"),
            "StackStatus": .string(status), "CreationTime": .string("2026-11-01T10:00:00.000Z"),
            "Parameters": .array(
                parameters.keys.sorted().map {
                    .object(["ParameterKey": .string($0), "ParameterValue": .string(parameters[$0] ?? "")])
                }),
        ]
        if let updated { raw["LastUpdatedTime"] = .string(updated) }
        return DeployedStack(
            scope: scope, raw: .object(raw),
            resources: [
                StackResource(
                    logicalId: "Service", physicalId: F.serviceId, type: "AWS::EC2::VPCEndpointService",
                    status: status),
                StackResource(
                    logicalId: "Balancer",
                    physicalId: "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/svc/1",
                    type: "AWS::ElasticLoadBalancingV2::LoadBalancer", status: "CREATE_COMPLETE"),
            ], templateBody: template)
    }

    static func withStacks(
        _ stacks: [DeployedStack], exports: [StackExport] = [], at day: Int = 0, stackScopes: Set<Scope> = [F.provider]
    ) -> Snapshot {
        var snapshot = F.seedSnapshot(at: Date(timeIntervalSinceReferenceDate: 806_000_000 + Double(day) * 86_400))
        snapshot.stacks = stacks
        snapshot.exports = exports
        snapshot.stackScopes = stackScopes
        return snapshot
    }

    static let export = StackExport(
        scope: F.provider, name: "orders-ServiceId", value: F.serviceId,
        exportingStackId: "arn:aws:cloudformation:eu-west-1:111111111111:stack/orders/1")

    func count(_ store: SnapshotStore, _ table: String) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0 }
    }

    @Test func migration0001IsNeverEdited() throws {
        // 0001 is released: its exact text is pinned (FNV-1a 64 of the bytes). Change the schema in a new file.
        func fnv(_ bytes: some Sequence<UInt8>) -> UInt64 {
            bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
        }
        let onDisk = try Data(contentsOf: SchemaTests.schemaDirectory.appendingPathComponent("0001_initial.sql"))
        #expect(onDisk.count == 9508)
        #expect(fnv(onDisk) == 0xa139_2289_bdc1_7f30)
        let embedded = try #require(SchemaMigration.all.first { $0.identifier == "0001_initial" })
        #expect(fnv(Array(embedded.sql.utf8)) == 0xa139_2289_bdc1_7f30)
    }

    @Test func stacksTemplatesAndExportsReadBackExactly() throws {
        try F.withStore { store, _ in
            let saved = Self.withStacks(
                [Self.stack("orders"), Self.stack("other", template: nil)], exports: [Self.export])
            let id = try store.save(saved)
            var expected = saved
            expected.id = id
            let read = try store.snapshot(id: id)
            #expect(read == expected)
            #expect(read.stacksWereRead(in: F.provider) && !read.stacksWereRead(in: F.consumer))
            #expect(read.stacks.first { $0.name == "orders" }?.templateBody == Self.template)
            #expect(read.stacks.first { $0.name == "other" }?.templateBody == nil)
            #expect(read.exports(in: F.provider) == ["orders-ServiceId": F.serviceId])
        }
    }

    @Test func aSnapshotWithoutStacksIsNotOneWithNone() throws {
        try F.withStore { store, _ in
            let first = try store.save(Self.withStacks([Self.stack("orders")]))
            let without = try store.save(Self.withStacks([], at: 1, stackScopes: []))
            let none = try store.save(Self.withStacks([], at: 2))
            let again = try store.save(Self.withStacks([Self.stack("orders")], at: 3))
            #expect(try store.snapshot(id: first).stacks.count == 1)
            let notRead = try store.snapshot(id: without)
            #expect(notRead.stacks.isEmpty && !notRead.stacksWereRead(in: F.provider))
            let readEmpty = try store.snapshot(id: none)
            #expect(readEmpty.stacks.isEmpty && readEmpty.stacksWereRead(in: F.provider))
            #expect(try store.snapshot(id: again).stacks.map(\.name) == ["orders"])
            let counts = try store.summaries().map(\.stackCount)
            #expect(counts == [1, 0, nil, 1], "newest first: read with one, read with none, not read, read with one")
            try store.pool.read { db in
                let rows = try Int64.fetchAll(db, sql: "SELECT snapshot_id FROM stacks ORDER BY snapshot_id")
                #expect(rows == [first, again])
            }
        }
    }

    @Test func unchangedStacksAddNoRowsAndATemplateIsStoredOnce() throws {
        try F.withStore { store, _ in
            let twoStacksOneTemplate = [Self.stack("orders"), Self.stack("payments")]
            _ = try store.save(Self.withStacks(twoStacksOneTemplate, exports: [Self.export]))
            #expect(try count(store, "template_body") == 1)
            let tables = ["body", "template_body", "stack_version", "resource_version"]
            let before = try tables.map { try count(store, $0) }
            for day in 1...3 {
                _ = try store.save(Self.withStacks(twoStacksOneTemplate, exports: [Self.export], at: day))
            }
            #expect(try tables.map { try count(store, $0) } == before)

            let updated = [
                Self.stack("orders", status: "UPDATE_COMPLETE", updated: "2026-11-05T10:00:00.000Z"),
                Self.stack("payments"),
            ]
            _ = try store.save(Self.withStacks(updated, exports: [Self.export], at: 4))
            #expect(try count(store, "stack_version") == before[2] + 1)
            #expect(try count(store, "template_body") == 1)
        }
    }

    @Test func viewsListStacksResourcesAndExports() throws {
        try F.withStore { store, _ in
            let id = try store.save(Self.withStacks([Self.stack("orders")], exports: [Self.export]))
            try store.pool.read { db in
                let stack = try #require(
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT account, region, stack_name, stack_id, stack_status, parameters, resource_count, template_body
                            FROM stacks WHERE snapshot_id = ?
                            """, arguments: [id]))
                #expect(stack["account"] == F.provider.account && stack["region"] == F.provider.region)
                #expect(stack["stack_name"] == "orders" && stack["stack_status"] == "CREATE_COMPLETE")
                #expect(stack["stack_id"] == "arn:aws:cloudformation:eu-west-1:111111111111:stack/orders/1")
                #expect((stack["parameters"] as String).contains("****"))
                #expect(stack["resource_count"] == 2)
                #expect(stack["template_body"] == Self.template)
                let resources = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT stack_name, logical_id, physical_id, resource_type, resource_status FROM stack_resources
                        WHERE snapshot_id = ? ORDER BY logical_id
                        """, arguments: [id])
                #expect(resources.map { $0["logical_id"] as String } == ["Balancer", "Service"])
                #expect(resources[1]["physical_id"] == F.serviceId)
                #expect(resources[1]["resource_type"] == "AWS::EC2::VPCEndpointService")
                let export = try #require(
                    try Row.fetchOne(
                        db, sql: "SELECT * FROM stack_exports WHERE snapshot_id = ?",
                        arguments: [id]))
                #expect(export["name"] == "orders-ServiceId" && export["value"] == F.serviceId)
                #expect(export["exporting_stack_id"] == Self.export.exportingStackId)
            }
        }
    }

    @Test func stacksOfAScopeNotReadOrNotCollectedAreRefused() throws {
        try F.withStore { store, _ in
            let foreign = Self.withStacks([Self.stack("orders", scope: F.consumer)])
            #expect(throws: StoreError.self) { try store.save(foreign) }
            var failed = Self.withStacks([])
            failed.scopes = [
                ScopeStatus(scope: F.provider, state: .failed, error: "AccessDenied"),
                ScopeStatus(scope: F.consumer, state: .ok),
            ]
            failed.inventory = Inventory()
            #expect(throws: StoreError.self) { try store.save(failed) }
            let twice = Self.withStacks([Self.stack("orders"), Self.stack("orders")])
            #expect(throws: StoreError.self) { try store.save(twice) }
            let stored = try count(store, "snapshot")
            #expect(stored == 0)
        }
    }

    @Test func pruningKeepsStacksOfKeptSnapshotsAndDropsUnusedTemplates() throws {
        try F.withStore { store, _ in
            _ = try store.save(Self.withStacks([Self.stack("orders", template: "old template")]))
            let kept = try store.save(Self.withStacks([Self.stack("orders")], exports: [Self.export], at: 30))
            _ = try store.prune(keepDays: 10, now: Date(timeIntervalSinceReferenceDate: 806_000_000 + 31 * 86_400))
            #expect(try count(store, "template_body") == 1)
            let read = try store.snapshot(id: kept)
            #expect(read.stacks.map(\.templateBody) == [Self.template])
            #expect(read.exports == [Self.export])
        }
    }
}
