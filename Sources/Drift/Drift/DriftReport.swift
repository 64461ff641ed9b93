import PrivateLinkModel
import Templates

/// The result of comparing desired templates with one snapshot.
public struct DriftReport: Sendable, Hashable, Codable {
    /// Drift findings (`missing`, `changed`, `unmanaged`), in report order.
    public var findings: [Finding]
    /// Each desired resource and the live resource it was matched to, in template order (file, line).
    public var matched: [MatchedResource]
    /// Desired values plinv could not check (unknown offline, unresolved reference, scope not collected, …),
    /// in template order.
    public var notVerified: [UnverifiedValue]
    /// Desired resources of types drift does not check, listed so nothing is silently dropped, in template order.
    public var notChecked: [UncheckedResource]

    public init(
        findings: [Finding] = [], matched: [MatchedResource] = [], notVerified: [UnverifiedValue] = [],
        notChecked: [UncheckedResource] = []
    ) {
        self.findings = findings
        self.matched = matched
        self.notVerified = notVerified
        self.notChecked = notChecked
    }

    /// Counts of findings by severity.
    public var summary: SeveritySummary { SeveritySummary(findings) }
}

/// How a desired resource was paired with a live one.
public enum MatchMethod: String, Sendable, Hashable, Codable {
    /// The deployed stack's physical id for the logical id (`LoadedTemplate.physicalIds`): exact.
    case physicalId
    /// `aws:cloudformation:logical-id` (and `aws:cloudformation:stack-name` when the stack is known): exact.
    case cloudFormationTags = "tags"
    /// The type's natural key (load balancer name; service by load balancer ARNs; …): a guess, said so in findings.
    case naturalKey
    /// Permissions, which have no identity of their own: through the service they name.
    case service

    /// The value of `Finding.matchedBy`: `physicalId`, `tags`, `naturalKey` or `service`.
    public var findingLabel: String { rawValue }
}

/// A desired resource and the live resource it corresponds to.
public struct MatchedResource: Sendable, Hashable, Codable {
    public var logicalId: String
    public var resourceType: String
    /// The live id (load balancer ARN, `vpce-svc-…`, `vpce-…`, `sg-…`).
    public var resourceId: String
    public var scope: Scope
    public var method: MatchMethod
    /// Where the resource is declared.
    public var source: SourceLocation
}

/// A desired value that was not compared, and why.
public struct UnverifiedValue: Sendable, Hashable, Codable {
    public var logicalId: String
    public var resourceType: String
    /// The property; nil when the whole resource could not be verified.
    public var attribute: String?
    /// One sentence, e.g. "Fn::ImportValue cannot be resolved offline".
    public var reason: String
    public var source: SourceLocation
    /// Where the template is deployed, when known: one file deployed in two regions gives two rows, told apart here.
    public var scope: Scope? = nil
}

/// A desired resource whose type drift does not check.
public struct UncheckedResource: Sendable, Hashable, Codable {
    public var logicalId: String
    public var resourceType: String
    /// Why it is not checked (type outside the list, security group not attached to an endpoint).
    public var reason: String
    public var source: SourceLocation
    /// Where the template is deployed, when known.
    public var scope: Scope? = nil
}

extension SourceLocation {
    /// The file and line of a template position.
    init(_ location: TemplateLocation) {
        self.init(file: location.file, line: location.line)
    }
}
