import AWSQuery
import Collector
import Foundation
import Logging
import PrivateLinkModel
import TestSupport
import Testing

/// The stack reader against the peer, with the AWS CLI as the oracle: what plinv reads is what CloudFormation
/// returned, field by field.
@Suite struct StackReaderPeerTests {
    let logger = Logger(label: "test")

    @Test func readsStacksResourcesTemplatesAndExportsAsTheCLIPrintsThem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let scenario = try await StackPeerScenario.deploy(secret: "s3cr3t-never-stored", in: directory)
        let client = try await scenario.client(.cloudFormation)
        let read = try await StackReader(options: .all).read(scenario.scope, client: client, logger: logger)

        let described = try await scenario.cli(["cloudformation", "describe-stacks"])["Stacks"]?.arrayValue ?? []
        #expect(read.stacks.map(\.name) == ["consumer", "provider"])
        #expect(Set(read.stacks.map(\.raw)) == Set(described))
        for stack in read.stacks {
            #expect(stack.scope == scenario.scope)
            #expect(stack.stackId == scenario.stackIds[stack.name])
            let listed = try await scenario.cli(["cloudformation", "list-stack-resources", "--stack-name", stack.name])
            let oracle = (listed["StackResourceSummaries"]?.arrayValue ?? []).map {
                StackResource(
                    logicalId: $0["LogicalResourceId"]?.stringValue ?? "?",
                    physicalId: $0["PhysicalResourceId"]?.stringValue ?? "?",
                    type: $0["ResourceType"]?.stringValue ?? "?", status: $0["ResourceStatus"]?.stringValue ?? "?")
            }.sorted { $0.logicalId < $1.logicalId }
            #expect(stack.resources == oracle)
            #expect(!stack.resources.isEmpty)
            let template = try await scenario.cli([
                "cloudformation", "get-template", "--stack-name", stack.name, "--template-stage", "Processed",
            ])
            #expect(stack.templateBody != nil)
            #expect(stack.templateBody == template["TemplateBody"]?.stringValue)
        }
        let exports = try await scenario.cli(["cloudformation", "list-exports"])["Exports"]?.arrayValue ?? []
        #expect(read.exports.count == exports.count && !exports.isEmpty)
        for (export, oracle) in zip(read.exports, exports) {
            #expect(export.scope == scenario.scope)
            #expect(export.name == oracle["Name"]?.stringValue)
            #expect(export.value == oracle["Value"]?.stringValue)
            #expect(export.exportingStackId == oracle["ExportingStackId"]?.stringValue)
        }
    }

    @Test func physicalIdsAreTheLiveResourcesOfTheFiveCheckedTypes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let scenario = try await StackPeerScenario.deploy(secret: "unused", in: directory)
        let client = try await scenario.client(.cloudFormation)
        let read = try await StackReader(options: .all).read(scenario.scope, client: client, logger: logger)
        let provider = try #require(read.stacks.first { $0.name == "provider" })
        #expect(Set(provider.resources.map(\.type)) == StackReader.checkedTypes)
        let services = try await scenario.cli(["ec2", "describe-vpc-endpoint-service-configurations"])
        let serviceId = services["ServiceConfigurations"]?.arrayValue?.first?["ServiceId"]?.stringValue
        #expect(provider.resource(logicalId: "EndpointService")?.physicalId == serviceId)
        #expect(provider.resource(logicalId: "EndpointServicePermissions")?.physicalId == serviceId)
        #expect(provider.parameters["DatabasePassword"] == "****")
        #expect(!"\(provider.raw)".contains("unused"))
    }

    @Test func namePatternsChooseStacksAndTemplatesAreReadOnlyForCheckedTypes() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let scenario = try await StackPeerScenario.deploy(secret: "x", in: directory)
        let unrelated = try directory.write(
            """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """, to: "unrelated.yaml")
        try await scenario.peer.createStack(
            name: "notifications", template: unrelated, account: scenario.account, region: scenario.region)
        let client = try await scenario.client(.cloudFormation)
        let all = try await StackReader(options: .all).read(scenario.scope, client: client, logger: logger)
        let notifications = try #require(all.stacks.first { $0.name == "notifications" })
        #expect(notifications.templateBody == nil)
        #expect(notifications.resources.map(\.type) == ["AWS::SNS::Topic"])
        let chosen = try await StackReader(
            options: StackReadOptions(enabled: true, namePatterns: ["prov*", "?onsumer"])
        )
        .read(scenario.scope, client: client, logger: logger)
        #expect(chosen.stacks.map(\.name) == ["consumer", "provider"])
        #expect(chosen.exports == all.exports)
    }

    @Test func aScopeReaderWithStacksEnabledFillsTheSnapshotAndOneWithoutNeverCallsCloudFormation() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let scenario = try await StackPeerScenario.deploy(secret: "x", in: directory)
        let credentials = try await scenario.peer.credentials(account: scenario.account)
        let metrics = RequestMetrics()
        let url = scenario.peer.url
        func reader(_ options: StackReadOptions) -> AWSScopeReader {
            AWSScopeReader(stacks: options) { service, region in
                try QueryClient(
                    service: service, region: region, endpoint: url,
                    credentials: StaticCredentialProvider(credentials), metrics: metrics)
            }
        }
        let plain = await Collector(concurrency: 1).collect(
            [PlannedScope(scope: scenario.scope, reader: reader(.disabled))], takenAt: Date(), logger: logger)
        #expect(plain.status == .complete)
        #expect(plain.stacks.isEmpty && plain.stackScopes.isEmpty && !plain.stacksWereRead(in: scenario.scope))
        #expect(!metrics.snapshot().keys.contains { ["DescribeStacks", "ListExports"].contains($0) })

        let withStacks = await Collector(concurrency: 1).collect(
            [PlannedScope(scope: scenario.scope, reader: reader(.all))], takenAt: Date(), logger: logger)
        #expect(withStacks.status == .complete)
        #expect(withStacks.stacksWereRead(in: scenario.scope))
        #expect(withStacks.stacks.map(\.name) == ["consumer", "provider"])
        #expect(
            withStacks.inventory.endpointServices.map(\.serviceId)
                == withStacks.stacks.compactMap { $0.resource(logicalId: "EndpointService")?.physicalId })
    }

    @Test func everyRequiredActionIsAllowedOnThePeer() async throws {
        let peer = try await Peer.shared()
        let account = await peer.freshAccount()
        let client = try QueryClient(
            service: .cloudFormation, region: "us-east-1", endpoint: peer.url,
            credentials: StaticCredentialProvider(try await peer.credentials(account: account)))
        let checks = await StackReader.checkPermissions(client: client, logger: logger)
        #expect(checks.map(\.action) == StackReader.requiredActions)
        #expect(checks.allSatisfy { $0.outcome == .allowed }, "\(checks)")
    }

    @Test func aScopeWhoseStacksCannotBeReadFailsNamingThePermission() async throws {
        let peer = try await Peer.shared()
        let account = await peer.freshAccount()
        let credentials = try await peer.credentials(account: account)
        let url = peer.url
        let denied = CannedCloudFormation([
            "DescribeStacks": (403, CannedCloudFormation.error("AccessDenied", "not authorized")),
            "ListExports": (200, CannedCloudFormation.result("ListExports", "<Exports/>")),
        ])
        let reader = AWSScopeReader(stacks: .all) { service, region in
            guard service == .cloudFormation else {
                return try QueryClient(
                    service: service, region: region, endpoint: url, credentials: StaticCredentialProvider(credentials))
            }
            return try QueryClient(
                service: service, region: region, endpoint: url, credentials: StaticCredentialProvider(credentials),
                transport: denied, retry: .standard(maxAttempts: 1))
        }
        let scope = Scope(account: account, region: "us-east-1")
        let snapshot = await Collector(concurrency: 1).collect(
            [PlannedScope(scope: scope, reader: reader)], takenAt: Date(), logger: logger)
        #expect(snapshot.status == .partial)
        #expect(snapshot.scopes.first?.error?.contains("missing permission cloudformation:DescribeStacks") == true)
        #expect(!snapshot.stacksWereRead(in: scope))
    }
}

/// `PeerInstance.deployArticleStacks`: the article's two stacks in two accounts, read back by the collector.
@Suite struct ArticleStacksPeerTests {
    @Test func providerAndConsumerStacksCreateTheArticlesResourcesAcrossAccounts() async throws {
        let peer = try await Peer.shared()
        let provider = await peer.freshAccount(), consumer = await peer.freshAccount()
        let deployed = try await peer.deployArticleStacks(provider: provider, consumer: consumer)
        let logger = Logger(label: "test")
        func read(_ account: String) async throws -> StackRead {
            let client = try QueryClient(
                service: .cloudFormation, region: deployed.region, endpoint: peer.url,
                credentials: StaticCredentialProvider(try await peer.credentials(account: account)))
            return try await StackReader(options: .all).read(
                Scope(account: account, region: deployed.region), client: client, logger: logger)
        }
        let providerStacks = try await read(provider), consumerStacks = try await read(consumer)
        let providerStack = try #require(providerStacks.stacks.first)
        #expect(providerStack.stackId == deployed.providerStackId)
        #expect(providerStack.resource(logicalId: "EndpointService")?.physicalId == deployed.serviceId)
        #expect(providerStack.parameters["ConsumerAccountId"] == consumer)
        let consumerStack = try #require(consumerStacks.stacks.first)
        #expect(consumerStack.stackId == deployed.consumerStackId)
        #expect(consumerStack.parameters["ProviderServiceName"] == deployed.serviceName)
        #expect(consumerStack.resource(logicalId: "StagingVpcEndpoint") == nil, "its condition is false")

        let environment = try await peer.environment(account: provider)
        let connections = try await peer.awsCLI(
            ["ec2", "describe-vpc-endpoint-connections"], as: JSONValue.self, environment: environment)
        let endpoint = consumerStack.resource(logicalId: "OrdersVpcEndpoint")?.physicalId
        let connection = connections["VpcEndpointConnections"]?.arrayValue?.first {
            $0["VpcEndpointId"]?.stringValue == endpoint
        }
        #expect(connection?["VpcEndpointOwner"]?.stringValue == consumer)
        #expect(connection?["VpcEndpointState"]?.stringValue == "pendingAcceptance")
    }
}
