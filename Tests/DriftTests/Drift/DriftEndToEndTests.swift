import Drift
import Foundation
import PrivateLinkModel
import Templates
import Testing

/// The article's two templates, loaded by the real template loader, against a live inventory.
@Suite struct DriftEndToEndTests {
    static let provider = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          Application:
            Type: String
            Default: orders
          PrivateSubnetIds:
            Type: List<AWS::EC2::Subnet::Id>
        Resources:
          EndpointServiceNetworkLoadBalancer:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties:
              Name: !Sub endpointsrv-${Application}-nlb-cfn
              Type: network
              Scheme: internal
              Subnets:
                - !Select [ 0, !Ref PrivateSubnetIds ]
                - !Select [ 1, !Ref PrivateSubnetIds ]
          EndpointService:
            Type: AWS::EC2::VPCEndpointService
            Properties:
              AcceptanceRequired: True
              NetworkLoadBalancerArns:
                - !Ref EndpointServiceNetworkLoadBalancer
          EndpointServicePermissions:
            Type: AWS::EC2::VPCEndpointServicePermissions
            Properties:
              AllowedPrincipals:
                - arn:aws:iam::222222222222:root #changeme
              ServiceId: !Ref EndpointService
        """

    static let consumer = """
        Parameters:
          VPC:
            Type: AWS::EC2::VPC::Id
          VPCCidr:
            Type: String
        Resources:
          EC2VpcEndpointSG:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupName: vpc-endpoint-ec2-sg-cfn
              GroupDescription: Allow EC2 VPC Endpoint outbound traffic
              VpcId: !Ref VPC
              SecurityGroupIngress:
                - CidrIp: !Ref VPCCidr
                  FromPort: 443
                  IpProtocol: tcp
                  ToPort: 443
          EC2VpcEndpoint:
            Type: AWS::EC2::VPCEndpoint
            Properties:
              VpcEndpointType: Interface
              ServiceName: !Sub com.amazonaws.${AWS::Region}.ec2
              VpcId: !Ref VPC
              SubnetIds: [subnet-a, subnet-b]
              PrivateDnsEnabled: True
              SecurityGroupIds:
                - !Ref EC2VpcEndpointSG
              PolicyDocument:
                Version: 2012-10-17
                Statement:
                  - Effect: Allow
                    Principal: '*'
                    Action: '*'
                    Resource: '*'
        """

    func templates() throws -> [LoadedTemplate] {
        let context = TemplateContext(account: Fixture.scope.account, region: Fixture.scope.region, stackName: "app")
        let loader = TemplateLoader()
        return [
            try loader.load(
                text: Self.provider, file: "provider.yaml", parameters: ["PrivateSubnetIds": "subnet-a,subnet-b"],
                context: context),
            try loader.load(
                text: Self.consumer, file: "consumer.yaml", parameters: ["VPC": "vpc-1", "VPCCidr": "10.0.0.0/16"],
                context: context),
        ]
    }

    func inventory(acceptance: Bool = true) throws -> Inventory {
        let group = Scenario.liveGroup.replacingOccurrences(of: "vpc-endpoint-ec2-sg", with: "vpc-endpoint-ec2-sg-cfn")
            .replacingOccurrences(
                of: #""Description":"d""#, with: #""Description":"Allow EC2 VPC Endpoint outbound traffic""#)
        let loadBalancer = Scenario.liveLoadBalancer.replacingOccurrences(
            of: "endpointsrv-app-nlb-cfn\",", with: "endpointsrv-orders-nlb-cfn\",")
        let service = Scenario.liveService.replacingOccurrences(
            of: #""AcceptanceRequired":true"#, with: #""AcceptanceRequired":\#(acceptance)"#)
        return try Scenario.inventory(services: [service], groups: [group], loadBalancers: [loadBalancer])
    }

    @Test func theArticleStacksHaveNoDriftAgainstTheirLiveResources() throws {
        let report = DriftDetector().detect(
            try templates(), inventory: try inventory(), succeededScopes: [Fixture.scope])
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        #expect(report.notVerified.isEmpty, "\(report.notVerified)")
        #expect(report.matched.count == 5)
    }

    @Test func driftPointsAtTheYAMLLineThatSetsTheValue() throws {
        let report = DriftDetector().detect(
            try templates(), inventory: try inventory(acceptance: false), succeededScopes: [Fixture.scope])
        let finding = try #require(report.findings.first)
        #expect(report.findings.count == 1)
        #expect(finding.attribute == "AcceptanceRequired")
        #expect(finding.source == SourceLocation(file: "provider.yaml", line: 21))
    }
}
