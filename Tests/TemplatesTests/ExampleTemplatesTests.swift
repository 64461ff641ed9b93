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
        #expect(
            template.resources.map(\.type) == [
                "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPCEndpointService",
                "AWS::EC2::VPCEndpointServicePermissions", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroup",
                "AWS::EC2::VPCEndpoint",
            ])
        #expect(
            template.value("EndpointServicePermissions", "AllowedPrincipals")?.value.jsonValue
                == .array([.string("arn:aws:iam::123456789012:root")]))
        #expect(
            template.value("EndpointService", "NetworkLoadBalancerArns.0")?.value.reference?.logicalId
                == "EndpointServiceNetworkLoadBalancer")
        #expect(
            template.value("EndpointServiceNetworkLoadBalancer", "Name")?.value
                == .known(.string("endpointsrv-orders-nlb-cfn")))
        #expect(
            template.outputs["EndpointServiceName"]?.value
                == .text([
                    .literal("com.amazonaws.vpce.eu-west-1."),
                    .reference(
                        ResourceReference(logicalId: "EndpointService", resourceType: "AWS::EC2::VPCEndpointService")),
                ]))
    }

    @Test func locationsNameTheFileAsTheCallerGaveIt() throws {
        let relative = URL(
            fileURLWithPath: "examples/templates/provider.yaml",
            relativeTo: Self.directory.appendingPathComponent("../.."))
        let template = try TemplateLoader().load(
            file: relative, parameters: ["VpcId": "vpc-1", "PrivateSubnetIds": "a,b,c"], context: Fixture.context)
        #expect(template.file == "examples/templates/provider.yaml")
        #expect(template.resource("EndpointService")?.location.file == "examples/templates/provider.yaml")
    }

    @Test func theConsumerStackDeclaresBothInterfaceEndpoints() throws {
        let template = try load("consumer.yaml", parameters: "consumer-parameters.json")
        let endpoints = template.resources(ofType: "AWS::EC2::VPCEndpoint")
        // No staging VPC in the parameters: the conditional staging endpoint is left out.
        #expect(endpoints.map(\.logicalId) == ["OrdersVpcEndpoint", "EC2VpcEndpoint"])
        #expect(template.excludedResources == ["StagingVpcEndpoint"])
        #expect(
            endpoints[0][property: "ServiceName"]?.value
                == .known(.string("com.amazonaws.vpce.eu-west-1.vpce-svc-0123456789abcdef0")))
        #expect(
            endpoints[0][property: "SecurityGroupIds"]?.value.references.map(\.logicalId) == ["OrdersVpcEndpointSG"])
        #expect(endpoints[1][property: "ServiceName"]?.value == .known(.string("com.amazonaws.eu-west-1.ec2")))
    }

    @Test func theConsumerStackDeclaresStagingWhenGivenItsVPC() throws {
        let template = try load(
            "consumer.yaml", parameters: "consumer-parameters.json",
            overrides: ["StagingVpcId": "vpc-staging", "StagingSubnetId": "subnet-staging"])
        #expect(
            template.resources(ofType: "AWS::EC2::VPCEndpoint").map(\.logicalId)
                == ["OrdersVpcEndpoint", "StagingVpcEndpoint", "EC2VpcEndpoint"])
        #expect(template.excludedResources.isEmpty)
    }
}
