import Foundation
import GRDB
import PlinvSchema
import PrivateLinkModel
import Testing
@testable import Store

@Suite struct SchemaTests {
    typealias F = StoreFixtures

    static let schemaDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schema")

    @Test func everyMigrationOfTheSchemaFolderIsCompiledIn() throws {
        // SwiftPM embeds each file (Package.swift) and PlinvSchema lists it: a file missing from either is caught here.
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.schemaDirectory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        #expect(!files.isEmpty)
        #expect(files.map { String($0.dropLast(4)) } == SchemaMigration.all.map(\.identifier))
        let numbers = SchemaMigration.all.map { Int($0.identifier.prefix(4)) }
        #expect(
            numbers == Array(1...files.count).map(Optional.some), "migrations are numbered 0001, 0002, … without gaps")
    }

    /// A new, empty in-memory database with plinv's SQL functions.
    static func emptyDatabase() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try BodyFunctions.register(on: db) }
        return try DatabaseQueue(configuration: configuration)
    }

    /// A new in-memory database migrated by `migrator`, with plinv's SQL functions.
    static func migrated(by migrator: DatabaseMigrator) throws -> DatabaseQueue {
        let queue = try emptyDatabase()
        try migrator.migrate(queue)
        return queue
    }

    /// Every schema object of `queue`: type, name, table and SQL text.
    static func schema(of queue: DatabaseQueue) throws -> [Row] {
        try queue.read {
            try Row.fetchAll($0, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
        }
    }

    /// Every schema object of `queue` (type, name, table and SQL) and the migrations it records as applied.
    static func everything(of queue: DatabaseQueue) throws -> [Row] {
        try schema(of: queue)
            + queue.read { try Row.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }

    // A new file gets Schema/NewDatabase/new_database.sql at once. It must be the script a migrated database gives;
    // after a new migration, `PLINV_UPDATE_SCHEMA=1 swift test --filter SchemaTests` writes it again.
    @Test func theNewDatabaseScriptIsWhatTheMigrationsLeave() throws {
        let migrated = try Self.migrated(by: SchemaMigration.migrator)
        let script = try migrated.read { try SchemaMigration.newDatabaseScript(of: $0) }
        let file = Self.schemaDirectory.appendingPathComponent("NewDatabase/new_database.sql")
        if ProcessInfo.processInfo.environment["PLINV_UPDATE_SCHEMA"] == "1" {
            try script.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(PlinvSchema.newDatabase == script, "Schema/NewDatabase/new_database.sql is stale: see Schema/README.md")
        #expect(try String(contentsOf: file, encoding: .utf8) == PlinvSchema.newDatabase)
    }

    @Test func aNewDatabaseCreatedAtOnceIsTheMigratedOne() throws {
        let migrated = try Self.migrated(by: SchemaMigration.migrator)
        let created = try Self.emptyDatabase()
        #expect(try created.write { try SchemaMigration.createNewDatabase($0) })
        #expect(try Self.everything(of: created) == Self.everything(of: migrated))
        #expect(try created.read { try SchemaMigration.migrator.hasCompletedMigrations($0) })
        // Created once: a database that holds anything is left to the migrator.
        #expect(try created.write { try SchemaMigration.createNewDatabase($0) } == false)
        #expect(try migrated.write { try SchemaMigration.createNewDatabase($0) } == false)
    }

    @Test func aStoreOnANewFileHasEveryMigrationAndWorks() throws {
        try F.withStore { store, _ in
            let seed = F.seedSnapshot()
            let id = try store.save(seed)
            let applied = try store.pool.read { db in
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
            }
            #expect(applied == SchemaMigration.all.map(\.identifier))
            #expect(try store.snapshot(id: id).inventory == seed.inventory)
        }
    }

    @Test func everyViewOfANewDatabaseReads() throws {
        // SQLite resolves a view only when it is read: every one must, in a file created at once as in a migrated one.
        let created = try Self.emptyDatabase()
        _ = try created.write { try SchemaMigration.createNewDatabase($0) }
        for queue in [created, try Self.migrated(by: SchemaMigration.migrator)] {
            let views = try queue.read {
                try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'view'")
            }
            #expect(views.count > 10)
            for view in views {
                #expect(throws: Never.self, "\(view)") {
                    try queue.read { _ = try Row.fetchAll($0, sql: "SELECT * FROM \"\(view)\" LIMIT 1") }
                }
            }
        }
    }

    /// The seed scenario plus a second service nobody may use, then a snapshot that allows everyone.
    func storeWithViews(_ body: (SnapshotStore, Int64, Int64) throws -> Void) throws {
        try F.withStore { store, _ in
            var inventory = F.seedInventory()
            inventory.endpointServices.append(
                EndpointService(
                    scope: F.provider,
                    raw: .object([
                        "ServiceId": .string("vpce-svc-0zzz"),
                        "ServiceName": .string("com.amazonaws.vpce.eu-west-1.vpce-svc-0zzz"),
                        "AcceptanceRequired": .bool(false),
                    ])))
            let first = try store.save(F.seedSnapshot(inventory: inventory.sorted()))
            inventory.allowedPrincipals.append(
                AllowedPrincipal(
                    scope: F.provider,
                    raw: .object([
                        "ServiceId": .string(F.serviceId), "Principal": .string("*"), "PrincipalType": .string("All"),
                    ])))
            let second = try store.save(
                F.seedSnapshot(
                    at: Date(timeIntervalSinceReferenceDate: 806_086_400),
                    inventory: inventory.sorted()))
            try body(store, first, second)
        }
    }

    @Test func typedViewsExtractTheAWSFields() throws {
        try storeWithViews { store, first, _ in
            try store.pool.read { db in
                let services = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT account, region, service_id, acceptance_required, private_dns_state, network_load_balancer_arns
                        FROM services WHERE snapshot_id = ? ORDER BY service_id
                        """, arguments: [first])
                #expect(services.count == 2)
                #expect(services[0]["service_id"] == F.serviceId)
                #expect(services[0]["account"] == "111111111111" && services[0]["region"] == "eu-west-1")
                #expect(services[0]["acceptance_required"] == 1)
                #expect(services[0]["private_dns_state"] == "verified")
                #expect((services[0]["network_load_balancer_arns"] as String).contains("loadbalancer/net/svc"))
                #expect(services[1]["acceptance_required"] == 0)

                let principal = try #require(
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT service_id, principal, principal_type, principal_account FROM principals WHERE snapshot_id = ?
                            """, arguments: [first]))
                #expect(principal["principal_account"] == "222222222222")
                #expect(principal["principal_type"] == "Account")

                let states = try [String: String](
                    uniqueKeysWithValues: Row.fetchAll(
                        db,
                        sql: """
                            SELECT vpc_endpoint_id, vpc_endpoint_state FROM connections WHERE snapshot_id = ?
                            """, arguments: [first]
                    ).map { ($0["vpc_endpoint_id"], $0["vpc_endpoint_state"]) })
                #expect(states == ["vpce-0aaa": "available", "vpce-0bbb": "pendingAcceptance"])

                let endpoint = try #require(
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT vpc_endpoint_type, state, subnet_ids, security_group_ids, private_dns_enabled, account
                            FROM endpoints WHERE snapshot_id = ?
                            """, arguments: [first]))
                #expect(endpoint["vpc_endpoint_type"] == "Interface")
                #expect(endpoint["subnet_ids"] == #"["subnet-01","subnet-02"]"#)
                #expect(endpoint["security_group_ids"] == #"["sg-0ep"]"#)
                #expect(endpoint["private_dns_enabled"] == 0)
                #expect(endpoint["account"] == "222222222222")
                #expect(
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM security_groups WHERE snapshot_id = ?",
                        arguments: [first]) == 1)
                #expect(
                    try String.fetchOne(
                        db, sql: "SELECT state FROM load_balancers WHERE snapshot_id = ?",
                        arguments: [first]) == "active")
            }
        }
    }

    /// who_can_connect rows as (service, principal, consumer account, endpoint, state), "-" for NULL.
    func whoCanConnect(_ store: SnapshotStore, _ id: Int64) throws -> Set<[String]> {
        try store.pool.read { db in
            Set(
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT service_id, principal, consumer_account, vpc_endpoint_id, vpc_endpoint_state
                        FROM who_can_connect WHERE snapshot_id = ?
                        """, arguments: [id]
                ).map { row in (0..<5).map { (row[$0] as String?) ?? "-" } })
        }
    }

    @Test func whoCanConnectJoinsPrincipalsAndTheirConnections() throws {
        try storeWithViews { store, first, second in
            #expect(
                try whoCanConnect(store, first) == [
                    [F.serviceId, "arn:aws:iam::222222222222:root", "222222222222", "vpce-0aaa", "available"],
                    [F.serviceId, "-", "333333333333", "vpce-0bbb", "pendingAcceptance"],  // connected, not allowed
                    ["vpce-svc-0zzz", "-", "-", "-", "-"],  // nobody may connect
                ])
            #expect(
                try whoCanConnect(store, second) == [
                    [F.serviceId, "arn:aws:iam::222222222222:root", "222222222222", "vpce-0aaa", "available"],
                    [F.serviceId, "*", "-", "-", "-"],
                    [F.serviceId, "*", "333333333333", "vpce-0bbb", "pendingAcceptance"],  // allowed through '*'
                    ["vpce-svc-0zzz", "-", "-", "-", "-"],
                ])
            let acceptance = try store.pool.read { db in
                try Int.fetchAll(
                    db, sql: "SELECT DISTINCT acceptance_required FROM who_can_connect WHERE service_id = ?",
                    arguments: [F.serviceId])
            }
            #expect(acceptance == [1])
        }
    }

    @Test func viewsShowNothingFromAFailedScope() throws {
        try F.withStore { store, _ in
            var partial = F.seedSnapshot()
            partial.status = .partial
            partial.scopes = [
                ScopeStatus(scope: F.provider, state: .failed, error: "AccessDenied"),
                ScopeStatus(scope: F.consumer, state: .ok),
            ]
            partial.inventory = Inventory(
                vpcEndpoints: F.seedInventory().vpcEndpoints,
                securityGroups: F.seedInventory().securityGroups)
            let id = try store.save(F.seedSnapshot())
            let partialID = try store.save(partial)
            func rows(_ view: String, _ snapshot: Int64) throws -> Int {
                try store.pool.read { db in
                    try Int.fetchOne(
                        db, sql: "SELECT count(*) FROM \(view) WHERE snapshot_id = ?", arguments: [snapshot]) ?? 0
                }
            }
            for view in ["services", "principals", "connections", "who_can_connect"] {
                #expect(try rows(view, partialID) == 0, "\(view)")
                #expect(try rows(view, id) > 0, "\(view)")
            }
            #expect(try rows("endpoints", partialID) == 1)
        }
    }
}
