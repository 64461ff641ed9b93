/// One AWS account in one region: the unit of collection.
public struct Scope: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The 12-digit account id.
    public var account: String
    /// The region name, e.g. `eu-west-1`.
    public var region: String

    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    public static func < (lhs: Scope, rhs: Scope) -> Bool {
        (lhs.account, lhs.region) < (rhs.account, rhs.region)
    }

    /// `account/region`, made in one allocation (audits write it into every message).
    public var description: String { String(concatenating: account, "/", region) }
}

/// How collecting one scope went.
public struct ScopeStatus: Sendable, Hashable, Codable, Comparable {
    /// Whether the scope was read completely.
    public enum State: String, Sendable, Hashable, Codable {
        case ok
        case failed
    }

    public var scope: Scope
    public var state: State
    /// One line saying why the scope failed; nil when it succeeded. Never holds a secret.
    public var error: String?

    public init(scope: Scope, state: State, error: String? = nil) {
        self.scope = scope
        self.state = state
        self.error = error
    }

    public static func < (lhs: ScopeStatus, rhs: ScopeStatus) -> Bool { lhs.scope < rhs.scope }
}
