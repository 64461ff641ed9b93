import PrivateLinkModel

/// Lifecycle states shared by drift, changes and audit, so that all three agree on what no longer exists.
public enum Lifecycle {
    /// `State` (endpoints) or `ServiceState` (services), lowercased, that mean the resource is gone or never
    /// came up: AWS keeps listing it for a while, but it carries no traffic and nobody manages it.
    public static let goneStates: Set<String> = ["deleted", "deleting", "failed"]

    /// Whether a record of an endpoint or endpoint service is deleted, being deleted, or failed.
    public static func isGone(_ record: JSONValue) -> Bool { isGone(ResourceRecord.value(record)) }

    /// `isGone` for a record as held, which reads only the two members (a stored record is not read whole).
    public static func isGone(_ record: ResourceRecord) -> Bool {
        let state = record["State"]?.stringValue ?? record["ServiceState"]?.stringValue ?? ""
        // Every gone state is six to eight letters long: most states (`available`, `pendingAcceptance`) are
        // told apart without lowercasing and hashing them.
        guard (6...8).contains(state.utf8.count) else { return false }
        return goneStates.contains(state.lowercased())
    }
}
