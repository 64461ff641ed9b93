import PrivateLinkModel

/// How much a finding matters, from `critical` down to `info`.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low, info

    /// Higher is more severe.
    public var rank: Int {
        switch self {
        case .critical: 4
        case .high: 3
        case .medium: 2
        case .low: 1
        case .info: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// Where a value came from in a template file.
public struct SourceLocation: Sendable, Hashable, Codable, Comparable {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line) < (rhs.file, rhs.line)
    }
}

/// One thing a report tells: a drift, a change between snapshots, or an audit rule that fired.
///
/// Encodes exactly as DESIGN.md's JSON contract (`findings[]`).
///
/// Its fields are constants. With variables, the optimiser built each finding in a local, then copied it out (a
/// dozen strings retained) and destroyed the local: one needless copy per finding built, and another per finding
/// read into a report row.
public struct Finding: Sendable, Hashable, Codable {
    /// What sort of finding this is.
    public enum Kind: String, Sendable, Hashable, Codable {
        case missing, changed, unmanaged, audit, change
    }

    /// Stable across runs for the same condition (a hash of kind, rule, scope, resource and attribute).
    public let id: String
    public let kind: Kind
    /// `PL001`…`PL011` for audit findings; a drift or change rule name otherwise (e.g. `drift.changed`).
    public let rule: String
    public let severity: Severity
    /// The CloudFormation type, e.g. `AWS::EC2::VPCEndpointService`.
    public let resourceType: String
    public let resourceId: String
    public let logicalId: String?
    public let account: String
    public let region: String
    public let attribute: String?
    public let expected: JSONValue?
    public let actual: JSONValue?
    /// One sentence: who, what, why it matters.
    public let message: String
    /// How to fix it.
    public let remediation: String?
    /// The template line that declares the expected value.
    public let source: SourceLocation?
    /// How drift paired the declared resource with the live one (`physicalId`, `tags`, `naturalKey`, `service`);
    /// nil for audit and change findings and for drift findings with no live match. An addition beside the
    /// contract's fields: encoded only when present. `naturalKey` is a guess, and the message says so.
    public let matchedBy: String?

    public init(
        id: String, kind: Kind, rule: String, severity: Severity, resourceType: String, resourceId: String,
        logicalId: String? = nil, account: String, region: String, attribute: String? = nil,
        expected: JSONValue? = nil, actual: JSONValue? = nil, message: String, remediation: String? = nil,
        source: SourceLocation? = nil, matchedBy: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.rule = rule
        self.severity = severity
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.logicalId = logicalId
        self.account = account
        self.region = region
        self.attribute = attribute
        self.expected = expected
        self.actual = actual
        self.message = message
        self.remediation = remediation
        self.source = source
        self.matchedBy = matchedBy
    }

    public func encode(to encoder: Encoder) throws {
        // The contract's optional members are written as null, never left out: it lists every key.
        // `matchedBy` is an addition beside the contract and is written only when known.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(rule, forKey: .rule)
        try c.encode(severity, forKey: .severity)
        try c.encode(resourceType, forKey: .resourceType)
        try c.encode(resourceId, forKey: .resourceId)
        try c.encode(logicalId, forKey: .logicalId)
        try c.encode(account, forKey: .account)
        try c.encode(region, forKey: .region)
        try c.encode(attribute, forKey: .attribute)
        try c.encode(expected ?? .null, forKey: .expected)
        try c.encode(actual ?? .null, forKey: .actual)
        try c.encode(message, forKey: .message)
        try c.encode(remediation, forKey: .remediation)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(matchedBy, forKey: .matchedBy)
    }
}

/// Counts of findings by severity, as the contract's `summary` object.
public struct SeveritySummary: Sendable, Hashable, Codable {
    public var critical = 0, high = 0, medium = 0, low = 0, info = 0

    public init(_ findings: [Finding] = []) {
        add(findings)
    }

    /// Counts `findings` as well.
    public mutating func add(_ findings: [Finding]) {
        for finding in findings {
            switch finding.severity {
            case .critical: critical += 1
            case .high: high += 1
            case .medium: medium += 1
            case .low: low += 1
            case .info: info += 1
            }
        }
    }

    /// Whether any finding is at or above `threshold`.
    public func hasFindings(atOrAbove threshold: Severity) -> Bool {
        Severity.allCases.filter { $0 >= threshold }.contains { count(of: $0) > 0 }
    }

    /// The number of findings of one severity.
    public func count(of severity: Severity) -> Int {
        switch severity {
        case .critical: critical
        case .high: high
        case .medium: medium
        case .low: low
        case .info: info
        }
    }
}
