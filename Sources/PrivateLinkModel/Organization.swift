/// An AWS Organization as plinv reads it at collect time and stores it with the snapshot: its management account and
/// every account listed, with its status then.
public struct Organization: Sendable, Hashable {
    /// The `o-…` id.
    public var id: String
    public var managementAccount: String
    /// Every account listed, in id order, duplicates (an account under two listed units) removed.
    public var accounts: [OrganizationAccount]

    public init(id: String, managementAccount: String, accounts: [OrganizationAccount]) {
        self.id = id
        self.managementAccount = managementAccount
        self.accounts = accounts
    }

    /// The accounts that were active when the snapshot was taken: who `trusted: organization` trusts.
    public var activeAccounts: Set<String> { Set(accounts.filter(\.isActive).map(\.id)) }
}

/// One account of an AWS Organization as `ListAccounts` describes it, with the unit it was found under.
public struct OrganizationAccount: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// `ACTIVE`, `SUSPENDED` or `PENDING_CLOSURE`.
    public var status: String
    /// The organisational unit (`ou-…`) or root (`r-…`) it was listed under; nil when listed with `ListAccounts`.
    public var parent: String?

    public init(id: String, name: String, status: String, parent: String? = nil) {
        self.id = id
        self.name = name
        self.status = status
        self.parent = parent
    }

    /// Whether plinv can read it: only `ACTIVE` accounts; suspended and closing ones are skipped and said so.
    public var isActive: Bool { status == "ACTIVE" }
}
