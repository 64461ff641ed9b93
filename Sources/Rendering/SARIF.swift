import Drift

/// The part of the SARIF 2.1.0 object model plinv writes; member names are SARIF's, absent optionals are left out.
enum SARIF {
    /// The `sarifLog` object.
    struct Log: Encodable {
        let schema: String
        let version: String
        let runs: [Run]

        private enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        let tool: Tool
        let invocations: [Invocation]
        let results: [Result]
        let properties: RunProperties
    }

    /// The snapshot a run describes, in the run's property bag.
    struct RunProperties: Encodable {
        let snapshotId: Int64?
        let snapshotTakenAt: String
        let comparedWithSnapshotId: Int64?
    }

    struct Tool: Encodable {
        let driver: Driver
    }

    struct Driver: Encodable {
        let name: String
        let version: String?
        let semanticVersion: String?
        let informationUri: String?
        let rules: [Rule]
    }

    /// A `reportingDescriptor`: one catalogue entry.
    struct Rule: Encodable {
        let id: String
        /// SARIF wants a name that is an identifier-like word: the title in UpperCamelCase.
        let name: String?
        let shortDescription: Message
        let fullDescription: Message?
        let help: Message?
        let defaultConfiguration: Configuration
        let properties: RuleProperties?

        init(_ entry: RuleEntry) {
            id = entry.id
            name = entry.title.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            shortDescription = Message(text: entry.title)
            fullDescription = Message(text: "\(entry.meaning) \(entry.why)")
            help = Message(text: entry.fix)
            defaultConfiguration = Configuration(level: SARIFRenderer.level(entry.severity))
            properties = RuleProperties(
                tags: ["security", "privatelink", entry.family.rawValue],
                securitySeverity: SARIFRenderer.securitySeverity(entry.severity), severity: entry.severityText)
        }

        /// A rule a finding names that the catalogue does not know: described by its id alone.
        init(unknown id: String) {
            self.id = id
            name = nil
            shortDescription = Message(text: id)
            fullDescription = nil
            help = nil
            defaultConfiguration = Configuration(level: "warning")
            properties = nil
        }
    }

    struct RuleProperties: Encodable {
        let tags: [String]
        let securitySeverity: String
        /// plinv's own words for the severity (`high (…when…)`).
        let severity: String

        private enum CodingKeys: String, CodingKey {
            case tags
            case securitySeverity = "security-severity"
            case severity = "plinvSeverity"
        }
    }

    struct Configuration: Encodable {
        let level: String
    }

    struct Message: Encodable {
        let text: String
    }

    struct Invocation: Encodable {
        let executionSuccessful: Bool
        let endTimeUtc: String
        let toolExecutionNotifications: [Notification]?
    }

    struct Notification: Encodable {
        let level: String
        let message: Message
    }

    struct Result: Encodable {
        let ruleId: String
        let ruleIndex: Int
        let level: String
        let message: Message
        let locations: [Location]
        let partialFingerprints: [String: String]
        let properties: ResultProperties

        init(_ finding: Finding, ruleIndex: Int) {
            ruleId = finding.rule
            self.ruleIndex = ruleIndex
            level = SARIFRenderer.level(finding.severity)
            let fix = finding.remediation.map { " Fix: \($0)" } ?? ""
            message = Message(text: finding.message + fix)
            let logical = LogicalLocation(
                name: finding.resourceId,
                fullyQualifiedName: [finding.account, finding.region, finding.resourceType, finding.resourceId]
                    .joined(separator: "/"),
                kind: "resource")
            // A deployed stack's template (`stack:ACCOUNT/REGION/NAME`) is no file in the repository: logical only.
            if let source = finding.source, source.line >= 1, !source.file.isEmpty, !source.file.hasPrefix("stack:") {
                locations = [
                    Location(
                        physicalLocation: PhysicalLocation(
                            artifactLocation: ArtifactLocation(uri: SARIFRenderer.uriReference(source.file)),
                            region: Region(startLine: source.line)),
                        logicalLocations: [logical])
                ]
            } else {
                locations = [Location(physicalLocation: nil, logicalLocations: [logical])]
            }
            partialFingerprints = [SARIFRenderer.fingerprintName: finding.id]
            properties = ResultProperties(
                severity: finding.severity.rawValue, kind: finding.kind.rawValue, account: finding.account,
                region: finding.region, resourceType: finding.resourceType, resourceId: finding.resourceId,
                logicalId: finding.logicalId, attribute: finding.attribute)
        }
    }

    /// What a reader filters on besides the level.
    struct ResultProperties: Encodable {
        let severity: String
        let kind: String
        let account: String
        let region: String
        let resourceType: String
        let resourceId: String
        let logicalId: String?
        let attribute: String?
    }

    struct Location: Encodable {
        let physicalLocation: PhysicalLocation?
        let logicalLocations: [LogicalLocation]
    }

    struct PhysicalLocation: Encodable {
        let artifactLocation: ArtifactLocation
        let region: Region
    }

    struct ArtifactLocation: Encodable {
        let uri: String
    }

    struct Region: Encodable {
        let startLine: Int
    }

    struct LogicalLocation: Encodable {
        let name: String
        let fullyQualifiedName: String
        let kind: String
    }
}
