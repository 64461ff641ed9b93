import Foundation
import GRDB
import PrivateLinkModel

extension SnapshotStore {
    /// Stores (or replaces) the organisation `snapshotID` was collected from.
    public func saveOrganization(_ organization: Organization, snapshotID: Int64) throws {
        try writeTransaction("storing the organisation of snapshot \(snapshotID)") { db in
            try db.execute(
                sql: "DELETE FROM snapshot_organization WHERE snapshot_id = ?", arguments: [snapshotID])
            try db.execute(
                sql: """
                    INSERT INTO snapshot_organization (snapshot_id, organization_id, management_account)
                    VALUES (?, ?, ?)
                    """,
                arguments: [snapshotID, organization.id, organization.managementAccount])
            for account in organization.accounts {
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO snapshot_organization_account
                            (snapshot_id, account, name, status, parent) VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [snapshotID, account.id, account.name, account.status, account.parent])
            }
            return true
        }
    }

    /// The organisation `snapshotID` was collected from, nil when it was not collected with `--organization`.
    public func organization(snapshotID: Int64) throws -> Organization? {
        try run("reading the organisation of snapshot \(snapshotID)") {
            try pool.read { db in
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT * FROM snapshot_organization WHERE snapshot_id = ?", arguments: [snapshotID])
                else { return nil }
                let accounts = try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM snapshot_organization_account WHERE snapshot_id = ? ORDER BY account",
                    arguments: [snapshotID]
                ).map { row in
                    OrganizationAccount(
                        id: row["account"], name: row["name"], status: row["status"], parent: row["parent"])
                }
                return Organization(
                    id: row["organization_id"], managementAccount: row["management_account"], accounts: accounts)
            }
        }
    }
}
