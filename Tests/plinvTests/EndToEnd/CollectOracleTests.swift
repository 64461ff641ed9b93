import Foundation
import PrivateLinkModel
import Testing

/// `plinv collect` then `plinv inventory --format json` must equal the AWS CLI's describe output, field by field.
@Suite struct CollectOracleTests {
    @Test func inventoryEqualsTheAWSCLIForEveryResourceKind() async throws {
        let scenario = try await ArticleScenario.seed()
        defer { scenario.directory.remove() }
        let collect = try await scenario.collect()
        #expect(collect.status == 0, "collect failed: \(collect.stderrText)")
        let snapshotID = collect.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Int(snapshotID) != nil)

        let inventoryRun = try await scenario.plinv(["inventory", "--format", "json"])
        #expect(inventoryRun.status == 0, "\(inventoryRun.stderrText)")
        let inventory = try JSONValue.parse(inventoryRun.stdout)
        #expect(inventory["schemaVersion"] == .integer(1))
        #expect(inventory["snapshot"]?["status"] == .string("complete"))
        #expect(inventory["snapshot"]?["scopes"]?.arrayValue?.count == 4)

        var expected: [String: [JSONValue]] = [:]
        for account in [scenario.provider, scenario.consumer] {
            for region in ArticleScenario.regions {
                let oracle = try await oracleRecords(scenario, account: account, region: region)
                for (key, records) in oracle { expected[key, default: []] += records }
            }
        }
        for key in [
            "endpointServices", "allowedPrincipals", "connections", "vpcEndpoints", "securityGroups", "loadBalancers",
        ] {
            let actual = (inventory[key]?.arrayValue ?? []).map(Self.withoutScope)
            let wanted = expected[key] ?? []
            #expect(!wanted.isEmpty, "the scenario has no \(key): the oracle proves nothing")
            #expect(Self.sortedCanonical(actual) == Self.sortedCanonical(wanted), "\(key) differs from the AWS CLI")
        }
    }

    /// What the AWS CLI prints for one account × region, by inventory key, as plinv would store it.
    private func oracleRecords(_ scenario: ArticleScenario, account: String, region: String) async throws
        -> [String: [JSONValue]]
    {
        var result: [String: [JSONValue]] = [:]
        let services = try await scenario.cli(
            ["ec2", "describe-vpc-endpoint-service-configurations"], account: account, region: region)
        let serviceList = services["ServiceConfigurations"]?.arrayValue ?? []
        result["endpointServices"] = serviceList
        var principals: [JSONValue] = []
        for service in serviceList {
            guard let id = service["ServiceId"]?.stringValue else { continue }
            let permissions = try await scenario.cli(
                ["ec2", "describe-vpc-endpoint-service-permissions", "--service-id", id], account: account,
                region: region)
            // The API may leave ServiceId out of a permission; plinv adds it, so the oracle does too.
            principals += (permissions["AllowedPrincipals"]?.arrayValue ?? []).map {
                Self.adding("ServiceId", id, to: $0)
            }
        }
        result["allowedPrincipals"] = principals
        if !serviceList.isEmpty {
            let connections = try await scenario.cli(
                ["ec2", "describe-vpc-endpoint-connections"], account: account, region: region)
            result["connections"] = connections["VpcEndpointConnections"]?.arrayValue ?? []
        }
        let endpoints = try await scenario.cli(["ec2", "describe-vpc-endpoints"], account: account, region: region)
        let endpointList = endpoints["VpcEndpoints"]?.arrayValue ?? []
        result["vpcEndpoints"] = endpointList
        let groupIds = Set(
            endpointList.flatMap { ($0["Groups"]?.arrayValue ?? []).compactMap { $0["GroupId"]?.stringValue } })
        if !groupIds.isEmpty {
            let groups = try await scenario.cli(
                ["ec2", "describe-security-groups", "--group-ids"] + groupIds.sorted(), account: account, region: region
            )
            result["securityGroups"] = groups["SecurityGroups"]?.arrayValue ?? []
        }
        let balancers = try await scenario.cli(["elbv2", "describe-load-balancers"], account: account, region: region)
        result["loadBalancers"] = (balancers["LoadBalancers"]?.arrayValue ?? []).filter {
            ["network", "gateway"].contains($0["Type"]?.stringValue ?? "")
        }
        return result
    }

    private static func withoutScope(_ record: JSONValue) -> JSONValue {
        guard var members = record.objectValue else { return record }
        members["Account"] = nil
        members["Region"] = nil
        return .object(members)
    }

    private static func adding(_ key: String, _ value: String, to record: JSONValue) -> JSONValue {
        guard var members = record.objectValue, members[key] == nil else { return record }
        members[key] = .string(value)
        return .object(members)
    }

    private static func sortedCanonical(_ records: [JSONValue]) -> [String] {
        records.map { String(decoding: $0.canonicalData(), as: UTF8.self) }.sorted()
    }
}
