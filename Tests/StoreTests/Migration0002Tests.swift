import Foundation
import GRDB
import PrivateLinkModel
import Testing
@testable import Store

/// A database written before 0002 (only 0001 applied) is migrated in place and reads back as it was.
@Suite struct Migration0002Tests {
    typealias F = StoreFixtures

    @Test func aDatabaseFromBeforeStacksIsMigratedAndKeepsItsSnapshots() throws {
        try F.withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("old.sqlite").path
            let old = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            let first = try #require(SchemaMigration.all.first { $0.identifier == "0001_initial" })
            migrator.registerMigration(first.identifier) { db in try db.execute(sql: first.sql) }
            try migrator.migrate(old)
            try old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO snapshot (id, taken_at, taken_at_ref, status) VALUES (1, '2026-11-01T00:00:00.000Z', 0, 'complete');
                        INSERT INTO scope (id, account, region) VALUES (1, '111111111111', 'eu-west-1');
                        INSERT INTO snapshot_scope (snapshot_id, scope_id, status) VALUES (1, 1, 'ok');
                        INSERT INTO body (id, hash, json) VALUES
                            (1, 0, '{"ServiceId":"vpce-svc-1","ServiceName":"n"}'),
                            (2, 0, '{"ServiceId":"vpce-svc-1","VpcEndpointId":"vpce-own","VpcEndpointOwner":"111111111111","VpcEndpointState":"available"}');
                        INSERT INTO resource_version VALUES (1, 'endpointService', 'vpce-svc-1', 1, 1, 'x', 1);
                        INSERT INTO resource_version VALUES (1, 'connection', 'vpce-svc-1|vpce-own', 1, 1, 'x', 2);
                        """)
                // Under 0001 the owner's own connection has no principal.
                let principal = try String.fetchOne(
                    db,
                    sql: "SELECT coalesce(principal, 'NULL') FROM who_can_connect WHERE vpc_endpoint_id = 'vpce-own'")
                #expect(principal == "NULL")
            }
            try old.close()

            let store = try SnapshotStore(path: path)
            let snapshot = try store.snapshot(id: 1)
            #expect(snapshot.inventory.endpointServices.map(\.serviceId) == ["vpce-svc-1"])
            #expect(snapshot.stacks.isEmpty && snapshot.stackScopes.isEmpty)
            let (applied, principal) = try store.pool.read { db in
                (
                    try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                    try String.fetchOne(
                        db, sql: "SELECT principal FROM who_can_connect WHERE vpc_endpoint_id = 'vpce-own'")
                )
            }
            #expect(applied == SchemaMigration.all.map(\.identifier))
            #expect(principal == "111111111111")
        }
    }
}
