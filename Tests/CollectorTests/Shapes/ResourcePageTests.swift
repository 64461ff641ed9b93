import AWSQuery
import PrivateLinkModel
import Testing

@testable import Collector

/// Pages decoded straight into the model's resource types.
@Suite struct ResourcePageTests {
    static let scope = Scope(account: "123456789012", region: "us-east-1")

    /// The recorded page of `Resource`'s listing call, as model values.
    static func decode<Resource: InventoryResource>(
        _ type: Resource.Type
    ) throws -> (resources: [Resource], nextToken: String?) {
        let root = try WireFixtureTests.fixture(Resource.kind.listingOperation).root
        return try ShapeDecoder.decodeResources(type, scope: scope, root: root)
    }

    @Test func endpointServicesAndLoadBalancersAgree() throws {
        let services = try Self.decode(EndpointService.self)
        let balancers = try Self.decode(LoadBalancer.self)
        #expect(services.nextToken == nil)
        let guarded = try #require(services.resources.first { $0.acceptanceRequired == true })
        #expect(guarded.privateDnsName == "svc.example.com")
        #expect(guarded.tags.contains { $0.key == "env" && $0.value == "prod" })
        let arn = try #require(guarded.networkLoadBalancerArns.first)
        let balancer = try #require(balancers.resources.first { $0.loadBalancerArn == arn })
        #expect(balancer.loadBalancerName == "svc-nlb")
        #expect(balancer.type == "network")
        #expect(balancer.subnetIds.count == 2)
    }

    @Test func endpointsPrincipalsAndConnectionsKeepTheirIdentity() throws {
        let endpoints = try Self.decode(VPCEndpoint.self)
        #expect(Set(endpoints.resources.map(\.vpcEndpointType)) == ["Interface", "Gateway"])
        let gateway = try #require(endpoints.resources.first { $0.vpcEndpointType == "Gateway" })
        #expect(gateway.securityGroupIds.isEmpty && gateway.routeTableIds.count == 1)

        let principals = try Self.decode(AllowedPrincipal.self)
        #expect(principals.resources.map(\.principal).contains("*"))

        let connections = try Self.decode(EndpointConnection.self)
        #expect(connections.resources.map(\.vpcEndpointOwner) == ["111111111111", "222222222222", "333333333333"])
        #expect(connections.nextToken != nil)
    }
}
