import Foundation
import PrivateLinkModel
import Testing
@testable import Templates

/// The template from the article that started the project, reconstructed in `Fixtures/`.
@Suite struct ArticleTemplateTests {
    static let parameters = [
        "Application": "orders", "VpcId": "vpc-0a1b2c3d", "PrivateSubnetIds": "subnet-a, subnet-b,subnet-c",
        "HostedZoneId": "Z123456", "HostedZoneDomainName": "example.internal", "EnvironmentName": "prod",
        "LogBucketName": "nlb-logs",
    ]

    func load() throws -> LoadedTemplate {
        try Fixture.load("article-endpoint-service.yaml", parameters: Self.parameters)
    }

    @Test func yieldsEveryResourceInTemplateOrder() throws {
        let template = try load()
        #expect(
            template.resources.map(\.logicalId) == [
                "EndpointServiceNetworkLoadBalancerCert", "EndpointServiceNetworkLoadBalancer",
                "EndpointServiceNetworkLoadBalancerListener", "EndpointServiceTargetGroup", "EndpointService",
                "EndpointServicePermissions", "Ec2ServiceAutoScalingGroup", "Ec2ServiceLaunchTemplate",
                "Ec2ServiceSecurityGroup",
            ])
        #expect(template.description == "VPC Endpoint service stack.")
        let service = try #require(template.resource("EndpointService"))
        #expect(service.type == "AWS::EC2::VPCEndpointService")
        #expect(
            service.location
                == TemplateLocation(file: Fixture.url("article-endpoint-service.yaml").path, line: 88, column: 3))
        #expect(service.stackName == "endpoint-service")
        #expect(service.scope == Scope(account: "111122223333", region: "eu-west-1"))
    }

    @Test func endpointServiceReferencesTheLoadBalancer() throws {
        let template = try load()
        let acceptance = try #require(template.value("EndpointService", "AcceptanceRequired"))
        #expect(acceptance.value == .known(.bool(true)))
        #expect(acceptance.location.line == 91)
        let arns = try #require(template.value("EndpointService", "NetworkLoadBalancerArns")?.value.listElements)
        #expect(arns.count == 1)
        #expect(
            arns[0].value.reference
                == ResourceReference(
                    logicalId: "EndpointServiceNetworkLoadBalancer",
                    resourceType: "AWS::ElasticLoadBalancingV2::LoadBalancer"))
        #expect(arns[0].location.line == 93)
        #expect(arns[0].location.column == 11)
    }

    @Test func permissionsAllowThePrincipalOfTheService() throws {
        let template = try load()
        let principals = try #require(template.value("EndpointServicePermissions", "AllowedPrincipals"))
        #expect(principals.value.jsonValue == .array([.string("arn:aws:iam::123456789012:root")]))
        #expect(principals.value.listElements?.first?.location.line == 99)
        let serviceId = try #require(template.value("EndpointServicePermissions", "ServiceId"))
        #expect(serviceId.value.reference?.logicalId == "EndpointService")
        #expect(serviceId.value.reference?.attribute == nil)
        #expect(serviceId.location.line == 100)
    }

    @Test func loadBalancerValuesResolveFromParameters() throws {
        let template = try load()
        #expect(
            template.value("EndpointServiceNetworkLoadBalancer", "Name")?.value
                == .known(.string("endpointsrv-orders-nlb-cfn")))
        let subnets = try #require(template.value("EndpointServiceNetworkLoadBalancer", "Subnets"))
        #expect(subnets.value.jsonValue == .array([.string("subnet-a"), .string("subnet-b"), .string("subnet-c")]))
        #expect(subnets.value.listElements?.map(\.location.line) == [39, 40, 41])
        #expect(
            template.value("EndpointServiceNetworkLoadBalancer", "LoadBalancerAttributes.3.Value")?.value
                == .known(.string("nlb-logs")))
        #expect(
            template.value("EndpointServiceNetworkLoadBalancer", "LoadBalancerAttributes.0.Value")?.value
                == .known(.string("true")))
        #expect(template.value("EndpointServiceTargetGroup", "HealthCheckProtocol")?.value == .known(.string("HTTP")))
        #expect(template.value("EndpointServiceTargetGroup", "Port")?.value == .known(.integer(80)))
        #expect(
            template.value("EndpointServiceNetworkLoadBalancerCert", "DomainName")?.value
                == .known(.string("orders.example.internal")))
    }

    @Test func getAttIsAReferenceWithAnAttribute() throws {
        let template = try load()
        let version = try #require(template.value("Ec2ServiceAutoScalingGroup", "LaunchTemplate.Version"))
        #expect(
            version.value.reference
                == ResourceReference(
                    logicalId: "Ec2ServiceLaunchTemplate", attribute: "LatestVersionNumber",
                    resourceType: "AWS::EC2::LaunchTemplate"))
        #expect(version.location.line == 110)
    }

    @Test func securityGroupKeepsItsPrivateRanges() throws {
        let template = try load()
        let ingress = try #require(
            template.value("Ec2ServiceSecurityGroup", "SecurityGroupIngress")?.value.jsonValue?.arrayValue)
        #expect(ingress.compactMap { $0["CidrIp"]?.stringValue } == ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"])
        #expect(ingress.allSatisfy { $0["FromPort"] == .integer(80) })
        #expect(template.value("Ec2ServiceSecurityGroup", "GroupName")?.value == .known(.string("orders-sg-cfn")))
    }

    @Test func theEC2InterfaceEndpointResolvesTheRegionAndKeepsTheFullAccessPolicy() throws {
        let template = try Fixture.load(
            "article-ec2-endpoint.yaml",
            parameters: [
                "EnvironmentName": "prod", "VPC": "vpc-1", "VPCCidr": "10.1.0.0/16",
                "PrivateSubnetAZA": "subnet-1", "PrivateSubnetAZB": "subnet-2", "PrivateSubnetAZC": "subnet-3",
            ])
        let endpoint = try #require(template.resource("EC2VpcEndpoint"))
        #expect(endpoint[property: "ServiceName"]?.value == .known(.string("com.amazonaws.eu-west-1.ec2")))
        #expect(endpoint[property: "PrivateDnsEnabled"]?.value == .known(.bool(true)))
        #expect(endpoint[property: "SecurityGroupIds"]?.value.references.map(\.logicalId) == ["EC2VpcEndpointSG"])
        // `2012-10-17` stays the string the policy language expects, not a YAML date.
        #expect(
            endpoint.value(at: "PolicyDocument")?.value.jsonValue
                == .object([
                    "Version": .string("2012-10-17"),
                    "Statement": .array([
                        .object([
                            "Effect": .string("Allow"), "Principal": .string("*"), "Action": .string("*"),
                            "Resource": .string("*"),
                        ])
                    ]),
                ]))
        #expect(endpoint.value(at: "PolicyDocument.Statement.0.Principal")?.location.line == 49)
    }
}
