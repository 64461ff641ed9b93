import PrivateLinkModel

/// The kinds of change between two snapshots, each with its rule name and severity.
///
/// | rule | when | severity |
/// | --- | --- | --- |
/// | `change.principal.granted` | a principal was added to a service's allowed principals | medium (high for `*`) |
/// | `change.principal.revoked` | a principal was removed | low |
/// | `change.acceptance.disabled` | `AcceptanceRequired` went from true to false | high |
/// | `change.acceptance.enabled` | `AcceptanceRequired` went from false to true | info |
/// | `change.connection.requested` | a connection appeared, or went back to, `pendingAcceptance` | low |
/// | `change.connection.accepted` | a connection became `available` (accepted, or auto-accepted) | medium |
/// | `change.connection.rejected` | a connection became `rejected` | info |
/// | `change.connection.deleted` | a connection became `deleted`/`deleting`, or disappeared | info |
/// | `change.connection.state` | any other connection state change (`failed`, `expired`, …) | info |
/// | `change.policy` | an endpoint's policy document changed as JSON | medium |
/// | `change.ingress.opened` | a security group's ingress newly admits 0.0.0.0/0 or ::/0 | high |
/// | `change.tags` | tags changed | info |
/// | `change.added` | any other resource appeared | low |
/// | `change.removed` | any other resource disappeared | medium |
/// | `change.modified` | any other attribute changed | low |
/// | `change.stack.created` | a CloudFormation stack appeared (stacks read in both snapshots) | info |
/// | `change.stack.deleted` | a stack disappeared | info |
/// | `change.stack.updated` | a stack's status, last-updated time, template or parameters changed | info |
public enum ChangeRule: String, Sendable, Hashable, Codable, CaseIterable {
    case principalGranted = "change.principal.granted"
    case principalRevoked = "change.principal.revoked"
    case acceptanceDisabled = "change.acceptance.disabled"
    case acceptanceEnabled = "change.acceptance.enabled"
    case connectionRequested = "change.connection.requested"
    case connectionAccepted = "change.connection.accepted"
    case connectionRejected = "change.connection.rejected"
    case connectionDeleted = "change.connection.deleted"
    case connectionState = "change.connection.state"
    case policy = "change.policy"
    case ingressOpened = "change.ingress.opened"
    case tags = "change.tags"
    case added = "change.added"
    case removed = "change.removed"
    case modified = "change.modified"
    case stackCreated = "change.stack.created"
    case stackDeleted = "change.stack.deleted"
    case stackUpdated = "change.stack.updated"

    /// The default severity of the change (see the table on the type).
    public var severity: Severity {
        switch self {
        case .acceptanceDisabled, .ingressOpened: .high
        case .principalGranted, .connectionAccepted, .policy, .removed: .medium
        case .principalRevoked, .connectionRequested, .added, .modified: .low
        case .acceptanceEnabled, .connectionRejected, .connectionDeleted, .connectionState, .tags: .info
        case .stackCreated, .stackDeleted, .stackUpdated: .info
        }
    }

    /// The connection rule for arriving in `state` (compared case-insensitively).
    static func connection(enteredState state: String) -> ChangeRule {
        switch state.lowercased() {
        case "pendingacceptance", "pending": .connectionRequested
        case "available": .connectionAccepted
        case "rejected": .connectionRejected
        case "deleted", "deleting": .connectionDeleted
        default: .connectionState
        }
    }
}
