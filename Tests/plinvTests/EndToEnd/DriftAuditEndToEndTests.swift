import Foundation
import PrivateLinkModel
import Testing

/// Issue 4's end-to-end check: a faithful deployment shows no drift; each out-of-band change then appears exactly
/// once in `drift`, `changes` and `audit`, with the right rule, severity, template line and exit code.
@Suite struct DriftAuditEndToEndTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/templates")
    static let outsider = "999999999999"

    @Test func outOfBandChangesAppearOnceInDriftChangesAndAudit() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let first = try await scenario.collect()
        try #require(first.status == 0, "\(first.stderrText)")

        for region in ArticleScenario.regions {
            for side in Side.allCases {
                let drift = try await runDrift(scenario, side: side, region: region)
                #expect(drift.status == 0, "\(side) \(region) drifts before any change: \(drift.stdoutText)")
            }
        }

        _ = try await scenario.mutate(
            ["add-principal", "acceptance-off", "widen-sg", "delete-endpoint", "unmanaged-endpoint"],
            extraPrincipal: "arn:aws:iam::\(Self.outsider):root")
        let second = try await scenario.collect()
        try #require(second.status == 0, "\(second.stderrText)")

        let provider = try Self.lines(of: "provider.yaml")
        let consumer = try Self.lines(of: "consumer.yaml")
        for region in ArticleScenario.regions {
            let providerDrift = try await runDrift(scenario, side: .provider, region: region)
            #expect(providerDrift.status == 2)
            let providerFindings = try Self.findings(providerDrift.stdout)
            let acceptance = try #require(
                Self.one(providerFindings, rule: "drift.changed", attribute: "AcceptanceRequired"))
            #expect(acceptance.severity == "high")
            #expect(acceptance.line == provider.firstLine(containing: "AcceptanceRequired: True"))
            let principal = try #require(Self.one(providerFindings, rule: "drift.principal.extra"))
            #expect(principal.severity == "high")
            #expect(principal.actual == .string("arn:aws:iam::\(Self.outsider):root"))
            #expect(principal.line == provider.firstLine(containing: "- !Sub arn:", after: "AllowedPrincipals:"))
            #expect(providerFindings.count == 2, "unexpected provider drift: \(providerFindings.map(\.rule))")

            let consumerDrift = try await runDrift(scenario, side: .consumer, region: region)
            #expect(consumerDrift.status == 2)
            let consumerFindings = try Self.findings(consumerDrift.stdout)
            let rule = try #require(Self.one(consumerFindings, rule: "drift.rule.extra"))
            #expect(rule.severity == "high")
            #expect(rule.logicalId == "EC2VpcEndpointSG")
            #expect(rule.line == consumer.firstLine(containing: "- CidrIp:", after: "EC2VpcEndpointSG:"))
            let missing = try #require(Self.one(consumerFindings, rule: "drift.missing"))
            #expect(missing.logicalId == "OrdersVpcEndpoint")
            #expect(missing.line == consumer.firstLine(containing: "OrdersVpcEndpoint:"))
            let unmanaged = try #require(Self.one(consumerFindings, rule: "drift.unmanaged"))
            #expect(unmanaged.severity == "low")
            #expect(consumerFindings.count == 3, "unexpected consumer drift: \(consumerFindings.map(\.rule))")
        }

        let changes = try await scenario.plinv(["changes", "--format", "json"])
        #expect(changes.status == 0)
        let changeFindings = try Self.findings(changes.stdout)
        for region in ArticleScenario.regions {
            let here = changeFindings.filter { $0.region == region }
            for rule in [
                "change.principal.granted", "change.acceptance.disabled", "change.ingress.opened",
                "change.removed", "change.connection.deleted", "change.added",
            ] {
                #expect(here.filter { $0.rule == rule }.count == 1, "\(rule) in \(region): \(here.map(\.rule))")
            }
        }
        // The same pair named explicitly; a missing or first snapshot is named as such, not compared.
        let explicit = try await scenario.plinv(["changes", "--format", "json", "--from", "1", "--to", "2"])
        #expect(explicit.status == 0)
        #expect(try JSONValue.parse(explicit.stdout)["findings"] == JSONValue.parse(changes.stdout)["findings"])
        for (arguments, message) in [
            (["--to", "99"], "no snapshot with id 99"), (["--to", "0"], "no snapshot with id 0"),
            (["--from", "99", "--to", "2"], "is not older than"), (["--to", "1"], "changes need two snapshots"),
        ] {
            let refused = try await scenario.plinv(["changes"] + arguments)
            #expect(refused.status == 1 && refused.stderrText.contains(message), "\(arguments): \(refused.stderrText)")
        }

        let audit = try await scenario.plinv(
            ["audit", "--format", "json", "--trusted-account", scenario.consumer, "--fail-on", "high"])
        #expect(audit.status == 2)
        let auditFindings = try Self.findings(audit.stdout)
        for region in ArticleScenario.regions {
            let here = auditFindings.filter { $0.region == region }
            let outsider = here.filter { $0.rule == "PL003" }
            #expect(outsider.count == 1 && outsider.first?.actual == .string("arn:aws:iam::\(Self.outsider):root"))
            #expect(here.filter { $0.rule == "PL006" }.count == 1)
            #expect(here.filter { $0.rule == "PL009" }.count == 1)
            #expect(here.first { $0.rule == "PL009" }?.severity == "high")
        }
    }

    enum Side: CaseIterable { case provider, consumer }

    /// `plinv drift` of one side's example template against its account in `region`, as JSON.
    private func runDrift(_ scenario: ArticleScenario, side: Side, region: String) async throws -> ProcessResultView {
        let ids = try #require(scenario.summary["regions"]?[region])
        let provider = try #require(ids["provider"]), consumer = try #require(ids["consumer"])
        let parameters: JSONValue
        let template: String, account: String, stack: String
        switch side {
        case .provider:
            parameters = .object([
                "VpcId": provider["vpcId"] ?? .null, "PrivateSubnetIds": provider["subnetIds"] ?? .null,
                "VPCCidr": provider["vpcCidr"] ?? .null, "ConsumerAccountId": .string(scenario.consumer),
            ])
            (template, account, stack) = ("provider.yaml", scenario.provider, provider["stackName"]?.stringValue ?? "")
        case .consumer:
            parameters = .object([
                "VPC": consumer["vpcId"] ?? .null, "PrivateSubnetIds": consumer["subnetIds"] ?? .null,
                "VPCCidr": consumer["vpcCidr"] ?? .null, "ProviderServiceName": provider["serviceName"] ?? .null,
                "StagingVpcId": consumer["stagingVpcId"] ?? .null,
                "StagingSubnetId": consumer["stagingSubnetIds"]?.arrayValue?.first ?? .null,
            ])
            (template, account, stack) = ("consumer.yaml", scenario.consumer, consumer["stackName"]?.stringValue ?? "")
        }
        let file = scenario.directory.file("\(side)-\(region).json")
        try parameters.canonicalData().write(to: file)
        let result = try await scenario.plinv([
            "drift", "--template", Self.examples.appendingPathComponent(template).path, "--parameters", file.path,
            "--account", account, "--region", region, "--stack-name", stack, "--format", "json",
        ])
        return ProcessResultView(status: result.status, stdout: result.stdout, stdoutText: result.stdoutText)
    }

    struct ProcessResultView {
        var status: Int32
        var stdout: Data
        var stdoutText: String
    }

    /// The parts of a contract finding these checks read.
    struct Found {
        var rule: String
        var severity: String
        var region: String
        var logicalId: String?
        var attribute: String?
        var actual: JSONValue?
        var line: Int?
    }

    static func findings(_ output: Data) throws -> [Found] {
        let document = try JSONValue.parse(output)
        return (document["findings"]?.arrayValue ?? []).map { item in
            Found(
                rule: item["rule"]?.stringValue ?? "", severity: item["severity"]?.stringValue ?? "",
                region: item["region"]?.stringValue ?? "", logicalId: item["logicalId"]?.stringValue,
                attribute: item["attribute"]?.stringValue, actual: item["actual"],
                line: item["source"]?["line"]?.intValue)
        }
    }

    static func one(_ findings: [Found], rule: String, attribute: String? = nil) -> Found? {
        let matching = findings.filter { $0.rule == rule && (attribute == nil || $0.attribute == attribute) }
        return matching.count == 1 ? matching[0] : nil
    }

    /// The lines of an example template, to find where a value is declared.
    static func lines(of name: String) throws -> [String] {
        try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}

extension [String] {
    /// The 1-based number of the first line containing `text` (after the first line containing `anchor`).
    func firstLine(containing text: String, after anchor: String? = nil) -> Int? {
        let start = anchor.flatMap { anchor in firstIndex { $0.contains(anchor) } } ?? 0
        return self[start...].firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}
