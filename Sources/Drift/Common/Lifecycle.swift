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
        state(record["State"]?.stringValue ?? record["ServiceState"]?.stringValue ?? "", isIn: goneStates)
    }

    /// The lengths in bytes of every lowercased state name that `state(_:isIn:)` is asked about (`goneStates`, and
    /// the audit's ended and failed states), none of them with a `k`: no text of another length lowercases to one
    /// (the Kelvin sign, three bytes, lowercases to `k`).
    static let stateNameLengths = 6...8

    /// Whether `state`, in any case, is one of `states`. A state of another length than `stateNameLengths` is told
    /// apart without lowercasing and hashing it: most are (`available`, `pendingAcceptance`).
    static func state(_ state: String, isIn states: Set<String>) -> Bool {
        stateNameLengths.contains(state.utf8.count) && states.contains(state.lowercased())
    }
}
