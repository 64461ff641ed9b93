import Drift
import PrivateLinkModel

/// How much of the declared state a drift check could compare: the report says so in every format, so that
/// "no findings" is never printed for a run that verified nothing.
public struct DriftCoverage: Sendable, Hashable, Encodable {
    /// Declared resources of the types drift checks.
    public var declared: Int
    /// Declared resources drift reached a verdict on: matched to a live resource, or missing where the scope was
    /// collected.
    public var verified: Int
    /// Declared resources with no verdict (no key offline, unknown scope, scope not collected, …).
    public var notVerified: Int
    /// Declared resources of types drift does not check.
    public var notChecked: Int

    public init(declared: Int, verified: Int, notVerified: Int, notChecked: Int) {
        self.declared = declared
        self.verified = verified
        self.notVerified = notVerified
        self.notChecked = notChecked
    }

    /// The coverage of one drift report, counting each declared resource (file and logical id) once.
    public init(_ report: DriftReport) {
        /// A declared resource: the template (file) and its logical id.
        struct Key: Hashable {
            var file: String
            var logicalId: String
        }
        var verifiedKeys = Set(report.matched.map { Key(file: $0.source.file, logicalId: $0.logicalId) })
        for finding in report.findings where finding.kind == .missing {
            if let logicalId = finding.logicalId, let source = finding.source {
                verifiedKeys.insert(Key(file: source.file, logicalId: logicalId))
            }
        }
        let unverifiedKeys = Set(report.notVerified.map { Key(file: $0.source.file, logicalId: $0.logicalId) })
            .subtracting(verifiedKeys)
        let uncheckedKeys = Set(report.notChecked.map { Key(file: $0.source.file, logicalId: $0.logicalId) })
        self.init(
            declared: verifiedKeys.count + unverifiedKeys.count, verified: verifiedKeys.count,
            notVerified: unverifiedKeys.count, notChecked: uncheckedKeys.count)
    }

    /// Whether the check verified nothing at all: its findings (or their absence) say nothing about drift.
    public var verifiedNothing: Bool { verified == 0 }

    /// One sentence for every format, e.g. "Drift: 7 declared resources, 5 verified, 2 not verified, 3 not checked."
    public var sentence: String {
        let base =
            "Drift: \(declared) declared resource\(declared == 1 ? "" : "s") of the checked types, "
            + "\(verified) verified, \(notVerified) not verified, \(notChecked) of other types not checked."
        guard verifiedNothing else { return base }
        return base + " Nothing was verified, so the absence of drift findings says nothing about drift: "
            + "see what was not compared and why."
    }
}
