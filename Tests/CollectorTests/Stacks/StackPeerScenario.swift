import AWSQuery
import Foundation
import PrivateLinkModel
import TestSupport

/// The example provider and consumer templates deployed as stacks on the peer in a fresh account, with the
/// VPC and subnets they need, and the AWS CLI as the oracle for what CloudFormation returns.
struct StackPeerScenario {
    let peer: PeerInstance
    let account: String
    let region = "us-east-1"
    /// The stack ids by name.
    var stackIds: [String: String] = [:]

    static let templates = Peer.repositoryRoot.appendingPathComponent("examples/templates")

    /// Seeds a VPC with three subnets and deploys `provider` and `consumer` (the consumer connects to the
    /// provider's service); `secret` is passed to an extra NoEcho parameter added to the provider template.
    static func deploy(secret: String, in directory: TemporaryDirectory) async throws -> StackPeerScenario {
        let peer = try await Peer.shared()
        var scenario = StackPeerScenario(peer: peer, account: await peer.freshAccount())
        let vpc =
            try await scenario.cli(["ec2", "create-vpc", "--cidr-block", "10.0.0.0/16"])["Vpc"]?["VpcId"]?.stringValue
            ?? ""
        var subnets: [String] = []
        for (index, zone) in ["a", "b", "c"].enumerated() {
            let subnet = try await scenario.cli([
                "ec2", "create-subnet", "--vpc-id", vpc, "--cidr-block", "10.0.\(index).0/24",
                "--availability-zone", "us-east-1\(zone)",
            ])
            subnets.append(subnet["Subnet"]?["SubnetId"]?.stringValue ?? "")
        }
        let provider = try String(contentsOf: templates.appendingPathComponent("provider.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "\nResources:\n",
                with: """

                      DatabasePassword:
                        Type: String
                        NoEcho: true
                    Resources:

                    """
            )
            .replacingOccurrences(
                of: "  EndpointServiceName:\n",
                with: """
                      EndpointServiceName:
                        Export:
                          Name: !Sub ${AWS::StackName}-ServiceName

                    """)
        let providerFile = try directory.write(provider, to: "provider.yaml")
        scenario.stackIds["provider"] = try await peer.createStack(
            name: "provider", template: providerFile,
            parametersFile: templates.appendingPathComponent("provider-parameters.json"),
            parameters: ["VpcId": vpc, "PrivateSubnetIds": subnets.joined(separator: ","), "DatabasePassword": secret],
            account: scenario.account, region: scenario.region)
        let exports = try await scenario.cli(["cloudformation", "list-exports"])
        let serviceName = exports["Exports"]?.arrayValue?.first?["Value"]?.stringValue ?? ""
        scenario.stackIds["consumer"] = try await peer.createStack(
            name: "consumer", template: templates.appendingPathComponent("consumer.yaml"),
            parametersFile: templates.appendingPathComponent("consumer-parameters.json"),
            parameters: [
                "VPC": vpc, "PrivateSubnetIds": subnets.joined(separator: ","), "ProviderServiceName": serviceName,
            ],
            account: scenario.account, region: scenario.region)
        return scenario
    }

    /// `aws <arguments>` as the scenario's account, decoded.
    func cli(_ arguments: [String]) async throws -> JSONValue {
        let environment = try await peer.environment(account: account, region: region)
        return try await peer.awsCLI(arguments, as: JSONValue.self, environment: environment)
    }

    /// The scope the stacks live in.
    var scope: Scope { Scope(account: account, region: region) }

    /// A client for `service` as the scenario's account, against the peer.
    func client(_ service: AWSService) async throws -> QueryClient {
        let credentials = try await peer.credentials(account: account)
        return try QueryClient(
            service: service, region: region, endpoint: peer.url, credentials: StaticCredentialProvider(credentials))
    }
}
