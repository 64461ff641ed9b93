import Foundation
import PrivateLinkModel
import Testing
import Templates

/// `examples/templates/`, which the demo and end-to-end tests deploy, must load as they document.
@Suite struct ExampleTemplatesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../examples/templates").standardizedFileURL

    func load(_ name: String, parameters: String, overrides: [String: String] = [:]) throws -> LoadedTemplate {
        try TemplateLoader().load(
            file: Self.directory.appendingPathComponent(name), parameters: overrides,
            parameterFiles: [Self.directory.appendingPathComponent(parameters)], context: Fixture.context)
    }

    @Test func theProviderStackDeclaresTheServiceItsPermissionsAndTheLoadBalancer() throws {
        let template = try load("provider.yaml", parameters: "provider-parameters.json")
        #expect(template.resources.map(\.type) == [
            "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPCEndpointService",
            "AWS::EC2::VPCEndpointServicePermissions", "AWS::EC2::SecurityGroup",
        ])
        #expect(template.value("EndpointServicePermissions", "AllowedPrincipals")?.value.jsonValue
            == .array([.string("arn:aws:iam::123456789012:root")]))
        #expect(template.value("EndpointService", "NetworkLoadBalancerArns.0")?.value.reference?.logicalId
            == "EndpointServiceNetworkLoadBalancer")
        #expect(template.value("EndpointServiceNetworkLoadBalancer", "Name")?.value == .known(.string("endpointsrv-orders-nlb-cfn")))
        #expect(template.outputs["EndpointServiceName"]?.value == .text([
            .literal("com.amazonaws.vpce.eu-west-1."),
            .reference(ResourceReference(logicalId: "EndpointService", resourceType: "AWS::EC2::VPCEndpointService")),
        ]))
    }

    @Test func theConsumerStackDeclaresBothInterfaceEndpoints() throws {
        let template = try load("consumer.yaml", parameters: "consumer-parameters.json")
        let endpoints = template.resources(ofType: "AWS::EC2::VPCEndpoint")
        #expect(endpoints.map(\.logicalId) == ["EC2VpcEndpoint", "ProviderVpcEndpoint"])
        #expect(endpoints[0][property: "ServiceName"]?.value == .known(.string("com.amazonaws.eu-west-1.ec2")))
        #expect(endpoints[1][property: "ServiceName"]?.value
            == .known(.string("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0")))
        #expect(endpoints[1][property: "SecurityGroupIds"]?.value.references.map(\.logicalId) == ["ProviderEndpointSG"])
    }
}
