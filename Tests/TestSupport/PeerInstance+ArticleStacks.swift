import Foundation

/// The article's scenario deployed through CloudFormation on the peer (`PeerInstance.deployArticleStacks`).
public struct ArticleStacks: Sendable, Hashable {
    public var region: String
    public var providerAccount: String
    public var consumerAccount: String
    /// The provider stack (`examples/templates/provider.yaml`) and its id.
    public var providerStackName: String
    public var providerStackId: String
    /// The consumer stack (`examples/templates/consumer.yaml`) and its id.
    public var consumerStackName: String
    public var consumerStackId: String
    /// The endpoint service the provider stack created (its `EndpointService` physical id) and its name.
    public var serviceId: String
    public var serviceName: String
    /// The VPC and three subnets seeded in each account before the stacks.
    public var providerVpcId: String
    public var providerSubnetIds: [String]
    public var consumerVpcId: String
    public var consumerSubnetIds: [String]
}

extension PeerInstance {
    /// Seeds a VPC with three subnets in each account, then deploys `examples/templates/provider.yaml` in
    /// `provider` (allowing `consumer`) and `consumer.yaml` in `consumer` (connecting to the provider's service),
    /// with the example parameter files and the seeded ids. Every resource of the five checked types is created
    /// by CloudFormation (with its `aws:cloudformation:*` tags where AWS puts them); the consumer's connection
    /// waits for acceptance, as the service requires it.
    public func deployArticleStacks(
        provider: String, consumer: String, region: String = "us-east-1",
        providerStackName: String = "orders-endpoint-service", consumerStackName: String = "orders-endpoint-consumer"
    ) async throws -> ArticleStacks {
        let templates = Peer.repositoryRoot.appendingPathComponent("examples/templates")
        let (providerVpc, providerSubnets) = try await seedNetwork(account: provider, region: region, cidr: "10.0")
        let (consumerVpc, consumerSubnets) = try await seedNetwork(account: consumer, region: region, cidr: "10.1")
        let providerStackId = try await createStack(
            name: providerStackName, template: templates.appendingPathComponent("provider.yaml"),
            parametersFile: templates.appendingPathComponent("provider-parameters.json"),
            parameters: [
                "VpcId": providerVpc, "PrivateSubnetIds": providerSubnets.joined(separator: ","),
                "ConsumerAccountId": consumer,
            ],
            account: provider, region: region)
        let environment = try await environment(account: provider, region: region)
        let resources = try await awsCLI(
            ["cloudformation", "list-stack-resources", "--stack-name", providerStackName], environment: environment)
        let summaries =
            (try JSONSerialization.jsonObject(with: resources) as? [String: Any])?["StackResourceSummaries"]
            as? [[String: Any]] ?? []
        guard
            let serviceId = summaries.first(where: { $0["LogicalResourceId"] as? String == "EndpointService" })?[
                "PhysicalResourceId"] as? String
        else {
            throw TestSupportError.undecodableOutput(
                executable: ProcessEnvironment.awsCLI, arguments: ["cloudformation", "list-stack-resources"],
                reason: "no EndpointService resource", output: String(decoding: resources, as: UTF8.self))
        }
        let serviceName = "com.amazonaws.vpce.\(region).\(serviceId)"
        let consumerStackId = try await createStack(
            name: consumerStackName, template: templates.appendingPathComponent("consumer.yaml"),
            parametersFile: templates.appendingPathComponent("consumer-parameters.json"),
            parameters: [
                "VPC": consumerVpc, "PrivateSubnetIds": consumerSubnets.joined(separator: ","),
                "ProviderServiceName": serviceName,
            ],
            account: consumer, region: region)
        return ArticleStacks(
            region: region, providerAccount: provider, consumerAccount: consumer,
            providerStackName: providerStackName, providerStackId: providerStackId,
            consumerStackName: consumerStackName, consumerStackId: consumerStackId,
            serviceId: serviceId, serviceName: serviceName,
            providerVpcId: providerVpc, providerSubnetIds: providerSubnets,
            consumerVpcId: consumerVpc, consumerSubnetIds: consumerSubnets)
    }

    /// A VPC `<cidr>.0.0/16` with a /24 subnet in each of the region's zones a, b and c.
    private func seedNetwork(account: String, region: String, cidr: String) async throws -> (String, [String]) {
        let environment = try await environment(account: account, region: region)
        func value(_ data: Data, _ object: String, _ key: String) -> String {
            ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])
                .flatMap { $0[object] as? [String: Any] }?[key] as? String ?? ""
        }
        let vpc = value(
            try await awsCLI(["ec2", "create-vpc", "--cidr-block", "\(cidr).0.0/16"], environment: environment),
            "Vpc", "VpcId")
        var subnets: [String] = []
        for (index, zone) in ["a", "b", "c"].enumerated() {
            let created = try await awsCLI(
                [
                    "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "\(cidr).\(index).0/24",
                    "--availability-zone", "\(region)\(zone)",
                ],
                environment: environment)
            subnets.append(value(created, "Subnet", "SubnetId"))
        }
        return (vpc, subnets)
    }
}
