-- plinv schema, migration 0004: the AWS Organization a snapshot was collected from (collect --organization), so
-- that the audit can trust "every account of my organisation" as it was when the snapshot was taken.
-- Never edit this file once released: add a new numbered file instead. See Schema/README.md.

-- The organisation of one snapshot: its id and management account.
CREATE TABLE snapshot_organization (
    snapshot_id INTEGER PRIMARY KEY REFERENCES snapshot(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL,   -- o-…
    management_account TEXT NOT NULL
);

-- Every account ListAccounts / ListAccountsForParent named, read or not: suspended accounts are kept here with
-- their status (they are skipped, never scopes), so the snapshot says what it did not read and why.
CREATE TABLE snapshot_organization_account (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot_organization(snapshot_id) ON DELETE CASCADE,
    account TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,            -- ACTIVE, SUSPENDED, PENDING_CLOSURE, …
    parent TEXT,                     -- the ou-/r- id it was listed under; NULL when listed with ListAccounts
    PRIMARY KEY (snapshot_id, account)
) WITHOUT ROWID;
