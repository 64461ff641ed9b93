import Foundation
import GRDB

/// An organisation as stored with a snapshot (migration 0004).
public struct StoredOrganization: Sendable, Hashable {
    /// The `o-…` id.
    public var id: String
    public var managementAccount: String
    /// Every account listed at collect time, by id.
    public var accounts: [Account]

    /// One listed account and its status then.
    public struct Account: Sendable, Hashable {
        public var id: String
        public var name: String
        public var status: String
        public var parent: String?

        public init(id: String, name: String, status: String, parent: String? = nil) {
            self.id = id
            self.name = name
            self.status = status
            self.parent = parent
        }
    }

    public init(id: String, managementAccount: String, accounts: [Account]) {
        self.id = id
        self.managementAccount = managementAccount
        self.accounts = accounts
    }

    /// The accounts that were active when the snapshot was taken: who `trusted: organization` trusts.
    public var activeAccounts: Set<String> { Set(accounts.filter { $0.status == "ACTIVE" }.map(\.id)) }
}

extension SnapshotStore {
    /// Stores (or replaces) the organisation `snapshotID` was collected from.
    public func saveOrganization(_ organization: StoredOrganization, snapshotID: Int64) throws {
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
    public func organization(snapshotID: Int64) throws -> StoredOrganization? {
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
                    StoredOrganization.Account(
                        id: row["account"], name: row["name"], status: row["status"], parent: row["parent"])
                }
                return StoredOrganization(
                    id: row["organization_id"], managementAccount: row["management_account"], accounts: accounts)
            }
        }
    }
}
