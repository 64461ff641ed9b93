import Foundation
import Store

/// `trusted: organization` / `--trusted-organization`: the audit trusts every account that was active in the
/// organisation a snapshot was collected from (`collect --organization`), as stored with that snapshot.
enum OrganizationTrust {
    /// `explicit` plus, when `organization` is set, the organisation's active accounts of `snapshotID`
    /// (nil: the latest snapshot).
    /// - Throws: `CommandError.usage` when the snapshot was not collected with `--organization`.
    static func trustedAccounts(
        _ explicit: [String], organization: Bool, store: SnapshotStore, snapshotID: Int64?
    ) throws -> Set<String> {
        var trusted = Set(explicit)
        guard organization else { return trusted }
        guard let id = try snapshotID ?? store.latestSnapshotID() else { return trusted }
        guard let stored = try store.organization(snapshotID: id) else {
            throw OrganizationTrustError.notCollected(snapshotID: id)
        }
        trusted.formUnion(stored.activeAccounts)
        return trusted
    }
}

/// Why the organisation cannot be trusted for a snapshot.
enum OrganizationTrustError: Error, CustomStringConvertible {
    case notCollected(snapshotID: Int64)

    var description: String {
        guard case .notCollected(let id) = self else { return "" }
        return "snapshot \(id) was not collected with --organization, so it knows no organisation to trust "
            + "(collect with --organization, or name the accounts with trustedAccounts / --trusted-account)"
    }
}
