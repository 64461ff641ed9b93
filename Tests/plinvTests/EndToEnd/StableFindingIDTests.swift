import Foundation
import PrivateLinkModel
import Testing

/// Finding ids and order are the same in every process: each run below is a separate `plinv` process, so a
/// per-process hash seed or a dictionary's iteration order leaking into ids or order makes them differ (two
/// calls in one process share the seed and cannot catch it).
@Suite struct StableFindingIDTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples/templates")

    @Test func driftAndAuditGiveTheSameIdsInTheSameOrderInTwoProcesses() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        try #require(try await scenario.collect().status == 0)
        // Out-of-band changes, so that both commands have several findings of several rules to order.
        _ = try await scenario.mutate(
            ["add-principal", "acceptance-off", "widen-sg", "delete-endpoint", "unmanaged-endpoint"],
            extraPrincipal: "arn:aws:iam::999999999999:root")
        try #require(try await scenario.collect().status == 0)

        let region = ArticleScenario.regions[0]
        let drift = try driftArguments(scenario, region: region)
        let audit = ["audit", "--format", "json", "--trusted-account", scenario.consumer, "--fail-on", "none"]
        for arguments in [drift.provider, drift.consumer, audit] {
            let first = try await findings(scenario, arguments)
            let second = try await findings(scenario, arguments)
            #expect(first.count >= 2, "\(arguments[0]) should have findings to order: \(first)")
            #expect(first.map(\.id) == second.map(\.id), "\(arguments[0]): ids or order differ between processes")
            #expect(first == second, "\(arguments[0]): findings differ between processes")
            #expect(Set(first.map(\.id)).count == first.count, "\(arguments[0]): two findings share an id")
        }
    }

    /// One finding as JSON, with its id at hand.
    struct Found: Equatable {
        var id: String
        var json: JSONValue
    }

    /// The findings of one `plinv` process, in output order.
    private func findings(_ scenario: ArticleScenario, _ arguments: [String]) async throws -> [Found] {
        let result = try await scenario.plinv(arguments)
        try #require(result.status == 0 || result.status == 2, "\(arguments[0]): \(result.stderrText)")
        let document = try JSONValue.parse(result.stdout)
        return (document["findings"]?.arrayValue ?? []).map { Found(id: $0["id"]?.stringValue ?? "", json: $0) }
    }

    /// `plinv drift` of both example templates against their accounts in `region`, with parameter files.
    private func driftArguments(_ scenario: ArticleScenario, region: String) throws -> (
        provider: [String], consumer: [String]
    ) {
        let ids = try #require(scenario.summary["regions"]?[region])
        let provider = try #require(ids["provider"]), consumer = try #require(ids["consumer"])
        let providerParameters: JSONValue = .object([
            "VpcId": provider["vpcId"] ?? .null, "PrivateSubnetIds": provider["subnetIds"] ?? .null,
            "VPCCidr": provider["vpcCidr"] ?? .null, "ConsumerAccountId": .string(scenario.consumer),
        ])
        let consumerParameters: JSONValue = .object([
            "VPC": consumer["vpcId"] ?? .null, "PrivateSubnetIds": consumer["subnetIds"] ?? .null,
            "VPCCidr": consumer["vpcCidr"] ?? .null, "ProviderServiceName": provider["serviceName"] ?? .null,
            "StagingVpcId": consumer["stagingVpcId"] ?? .null,
            "StagingSubnetId": consumer["stagingSubnetIds"]?.arrayValue?.first ?? .null,
        ])
        func arguments(_ template: String, _ parameters: JSONValue, account: String, stack: String) throws -> [String] {
            let file = scenario.directory.file("\(template)-\(region).json")
            try parameters.canonicalData().write(to: file)
            return [
                "drift", "--template", Self.examples.appendingPathComponent(template).path, "--parameters", file.path,
                "--account", account, "--region", region, "--stack-name", stack, "--format", "json", "--fail-on",
                "none",
            ]
        }
        return (
            try arguments(
                "provider.yaml", providerParameters, account: scenario.provider,
                stack: provider["stackName"]?.stringValue ?? ""),
            try arguments(
                "consumer.yaml", consumerParameters, account: scenario.consumer,
                stack: consumer["stackName"]?.stringValue ?? "")
        )
    }
}
