import Foundation
import Testing
@testable import Store

/// `SnapshotStore.query`, behind `plinv sql`: any read-only statement, the views that read bodies included.
@Suite struct SnapshotStoreQueryTests {
    typealias F = StoreFixtures

    @Test func aQueryReadsTheViewsWithPlinvsFunctionsAndNeverWrites() throws {
        try F.withStore { store, _ in
            _ = try store.save(F.seedSnapshot())
            var columns: [String] = []
            var rows: [[QueryValue]] = []
            try store.query(
                "SELECT service_id, acceptance_required, NULL, 0.5, x'01' FROM services",
                header: { columns = $0 }, row: { rows.append($0) })
            #expect(columns == ["service_id", "acceptance_required", "NULL", "0.5", "x'01'"])
            #expect(rows == [[.text(F.serviceId), .integer(1), .null, .real(0.5), .blob(Data([1]))]])
            #expect(throws: StoreError.invalidArgument("plinv sql only reads: the statement would change the database"))
            {
                try store.query("DELETE FROM snapshot", header: { _ in }, row: { _ in })
            }
            #expect(try store.summaries().count == 1)
        }
    }

    /// Several statements, or none, are one plain error, not the database library's advice to call its API; and a
    /// read-only first statement cannot carry a writing second one along.
    @Test func aQueryIsOneStatement() throws {
        try F.withStore { store, _ in
            _ = try store.save(F.seedSnapshot())
            #expect(throws: StoreError.invalidArgument("plinv sql runs one statement: run each of these on its own")) {
                try store.query("SELECT 1; DELETE FROM snapshot", header: { _ in }, row: { _ in })
            }
            #expect(throws: StoreError.invalidArgument("plinv sql runs one statement: run each of these on its own")) {
                try store.query("SELECT 1; SELECT * FROM no_such_table", header: { _ in }, row: { _ in })
            }
            #expect(throws: StoreError.invalidArgument("plinv sql needs a statement: the query is empty")) {
                try store.query("  -- nothing\n", header: { _ in }, row: { _ in })
            }
            #expect(try store.summaries().count == 1)
            var rows: [[QueryValue]] = []
            try store.query("SELECT 1;", header: { _ in }, row: { rows.append($0) })
            #expect(rows == [[.integer(1)]])
        }
    }
}
