import AWSQuery
import Collector
import Drift
import Foundation
import Logging
import PrivateLinkModel
import TestSupport
import Testing
@testable import Store

/// A stack updated on the peer between two stored collections: `changes` shows the stack update next to the
/// resource change it caused.
@Suite struct StackChangesPeerTests {
    static let templates = Peer.repositoryRoot.appendingPathComponent("examples/templates")

    @Test func aStackUpdateIsListedWithTheResourceChangesItCaused() async throws {
        let peer = try await Peer.shared()
        let account = await peer.freshAccount()
        let scope = Scope(account: account, region: "us-east-1")
        let environment = try await peer.environment(account: account)
        let vpc =
            try await peer.awsCLI(
                ["ec2", "create-vpc", "--cidr-block", "10.0.0.0/16"], as: JSONValue.self,
                environment: environment)["Vpc"]?["VpcId"]?.stringValue ?? ""
        var subnets: [String] = []
        for index in 0..<3 {
            let subnet = try await peer.awsCLI(
                ["ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.\(index).0/24"], as: JSONValue.self,
                environment: environment)
            subnets.append(subnet["Subnet"]?["SubnetId"]?.stringValue ?? "")
        }
        let template = Self.templates.appendingPathComponent("provider.yaml")
        let parameters = ["VpcId": vpc, "PrivateSubnetIds": subnets.joined(separator: ",")]
        try await peer.createStack(
            name: "orders-endpoint-service", template: template, parameters: parameters,
            account: account)

        let credentials = try await peer.credentials(account: account)
        let url = peer.url
        let reader = AWSScopeReader(stacks: .all) { service, region in
            try QueryClient(
                service: service, region: region, endpoint: url, credentials: StaticCredentialProvider(credentials))
        }
        func collect() async -> Snapshot {
            await Collector(concurrency: 1).collect(
                [PlannedScope(scope: scope, reader: reader)], takenAt: Date(), logger: Logger(label: "test"))
        }
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SnapshotStore(path: directory.url.appendingPathComponent("plinv.sqlite").path)
        let before = try store.save(await collect())
        try await peer.updateStack(
            name: "orders-endpoint-service", template: template,
            parameters: parameters.merging(["ConsumerAccountId": "222222222222"]) { $1 }, account: account)
        let after = try store.save(await collect())

        let findings = ChangeDetector().changes(from: try store.snapshot(id: before), to: try store.snapshot(id: after))
        let update = try #require(findings.first { $0.rule == "change.stack.updated" })
        let serviceId = try store.snapshot(id: after).stacks.first?.resource(logicalId: "EndpointService")?.physicalId
        #expect(update.resourceId == "orders-endpoint-service")
        #expect(update.attribute?.contains("Parameters") == true)
        #expect(update.actual?["Parameters"] == .object(["ConsumerAccountId": .string("222222222222")]))
        #expect(update.message.contains(serviceId ?? "?"))
        #expect(
            findings.contains {
                $0.rule == "change.principal.granted" && $0.actual == .string("arn:aws:iam::222222222222:root")
            })
        #expect(findings.contains { $0.rule == "change.principal.revoked" })
    }
}
