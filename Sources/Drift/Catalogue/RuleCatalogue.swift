/// Every rule plinv reports, with the words a reader needs: a title, what it means, why it matters, how to fix it.
///
/// Reports show a rule as `PL008 Full-access endpoint policy`; `plinv rules` prints this catalogue, SARIF lists it as
/// the tool's rules, and the README's "Rules" table is generated from it (a test keeps them equal). A rule of
/// `AuditRule`, `DriftRule` or `ChangeRule` without an entry fails a test, so none ships without one.
public enum RuleCatalogue {
    /// Every entry: audit rules `PL001`…`PL011`, then drift rules, then change rules, each family in declaration order.
    public static let entries: [RuleEntry] = AuditRule.allCases.map(\.entry) + driftEntries + changeEntries

    /// The entry of a rule id (`PL008`, `drift.changed`, …), matched exactly; nil for an id plinv does not emit.
    public static func entry(for id: String) -> RuleEntry? { byID[id] }

    /// `PL008 Full-access endpoint policy`, or the bare id for a rule the catalogue does not know.
    public static func label(for id: String) -> String {
        entry(for: id).map { "\($0.id) \($0.title)" } ?? id
    }

    private static let byID: [String: RuleEntry] = Dictionary(
        entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
}

/// One rule's page in the catalogue.
public struct RuleEntry: Sendable, Hashable, Codable {
    /// Which part of plinv reports the rule.
    public enum Family: String, Sendable, Hashable, Codable, CaseIterable {
        case audit, drift, change
    }

    /// `PL008`, `drift.rule.extra`, `change.ingress.opened`.
    public var id: String
    public var family: Family
    /// A few words, capitalised like a heading: `Full-access endpoint policy`.
    public var title: String
    /// The highest severity the rule reports; the SARIF default level.
    public var severity: Severity
    /// How the severity is decided when it is not always `severity` (`high for 0.0.0.0/0, medium otherwise`); nil when fixed.
    public var severityNote: String?
    /// What the rule flags, in one or two sentences.
    public var meaning: String
    /// Why a reader should care.
    public var why: String
    /// How to fix it.
    public var fix: String

    public init(
        id: String, family: Family, title: String, severity: Severity, severityNote: String? = nil, meaning: String,
        why: String, fix: String
    ) {
        self.id = id
        self.family = family
        self.title = title
        self.severity = severity
        self.severityNote = severityNote
        self.meaning = meaning
        self.why = why
        self.fix = fix
    }

    /// `high`, or `high / medium (high for 0.0.0.0/0, medium otherwise)`.
    public var severityText: String {
        severityNote.map { "\(severity.rawValue) (\($0))" } ?? severity.rawValue
    }
}
