import Foundation
import PrivateLinkModel
import Templates

/// The seed article's scenario: an NLB-backed service with acceptance and one allowed principal, and an
/// interface endpoint to ec2 with a security group and a full-access policy. Lines are those of a
/// notional `stack.yaml`.
enum Scenario {
    static let nlbArn =
        "arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/net/endpointsrv-app-nlb-cfn/50dc6c495c0c9188"
    static let lbType = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    static let sgType = "AWS::EC2::SecurityGroup"
    static let serviceType = "AWS::EC2::VPCEndpointService"

    /// Line numbers of interesting values.
    enum Line {
        static let acceptance = 31
        static let principals = 36
        static let policy = 60
        static let ingress = 45
    }

    static func resources(
        lbName: Located<DesiredValue>? = Desired.string("endpointsrv-app-nlb-cfn", line: 11),
        principals: [String] = ["arn:aws:iam::222222222222:root"],
        subnets: Located<DesiredValue>? = nil,
        extraEndpointProperties: [String: Located<DesiredValue>] = [:]
    ) throws -> [DesiredResource] {
        var nlb: [String: Located<DesiredValue>] = [
            "Type": Desired.string("network", line: 12), "Scheme": Desired.string("internal", line: 13),
            "Subnets": try Desired.json(#"["subnet-a","subnet-b"]"#, line: 14),
        ]
        nlb["Name"] = lbName
        var endpoint: [String: Located<DesiredValue>] = [
            "VpcEndpointType": Desired.string("Interface", line: 51),
            "ServiceName": Desired.string("com.amazonaws.eu-west-1.ec2", line: 52),
            "VpcId": Desired.string("vpc-1", line: 53),
            "SubnetIds": try subnets ?? Desired.json(#"["subnet-a","subnet-b"]"#, line: 54),
            "PrivateDnsEnabled": Desired.value(.bool(true), line: 57),
            "SecurityGroupIds": Desired.list([Desired.ref("EndpointSG", sgType, line: 59)], line: 58),
            "PolicyDocument": try Desired.json(
                #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#,
                line: Line.policy),
        ]
        endpoint.merge(extraEndpointProperties) { $1 }
        return [
            Desired.resource("Cert", "AWS::CertificateManager::Certificate", line: 5, [:]),
            Desired.resource("NLB", lbType, line: 10, nlb),
            Desired.resource(
                "EndpointService", serviceType, line: 30,
                [
                    "AcceptanceRequired": Desired.value(.bool(true), line: Line.acceptance),
                    "NetworkLoadBalancerArns": Desired.list([Desired.ref("NLB", lbType, line: 33)], line: 32),
                ]),
            Desired.resource(
                "EndpointServicePermissions", "AWS::EC2::VPCEndpointServicePermissions", line: 35,
                [
                    "AllowedPrincipals": Desired.value(.array(principals.map(JSONValue.string)), line: Line.principals),
                    "ServiceId": Desired.ref("EndpointService", serviceType, line: 39),
                ]),
            Desired.resource(
                "Ec2ServiceSecurityGroup", sgType, line: 40,
                [
                    "GroupName": Desired.string("app-sg-cfn", line: 41)
                ]),
            Desired.resource(
                "EndpointSG", sgType, line: 42,
                [
                    "GroupName": Desired.string("vpc-endpoint-ec2-sg", line: 43),
                    "VpcId": Desired.string("vpc-1", line: 44),
                    "SecurityGroupIngress": try Desired.json(
                        #"[{"CidrIp":"10.0.0.0/16","FromPort":443,"IpProtocol":"tcp","ToPort":443,"Description":"VPC"}]"#,
                        line: Line.ingress),
                ]),
            Desired.resource("EC2Endpoint", "AWS::EC2::VPCEndpoint", line: 50, endpoint),
        ]
    }

    static let liveService =
        #"{"ServiceId":"vpce-svc-1","ServiceName":"com.amazonaws.vpce.eu-west-1.vpce-svc-1","AcceptanceRequired":true,"NetworkLoadBalancerArns":["\#(nlbArn)"]}"#
    static let liveLoadBalancer =
        #"{"LoadBalancerArn":"\#(nlbArn)","LoadBalancerName":"endpointsrv-app-nlb-cfn","Type":"network","Scheme":"internal","AvailabilityZones":[{"ZoneName":"eu-west-1b","SubnetId":"subnet-b"},{"ZoneName":"eu-west-1a","SubnetId":"subnet-a"}]}"#
    static let liveGroup =
        #"{"GroupId":"sg-1","GroupName":"vpc-endpoint-ec2-sg","VpcId":"vpc-1","Description":"d","IpPermissions":[{"IpProtocol":"tcp","FromPort":443,"ToPort":443,"IpRanges":[{"CidrIp":"10.0.0.0/16","Description":"VPC"}]}]}"#
    static let livePolicy =
        #"{ "Statement": [ { "Resource": "*", "Action": "*", "Principal": "*", "Effect": "Allow" } ], "Version": "2012-10-17" }"#

    static func liveEndpoint(id: String = "vpce-1", policy: String = livePolicy, tags: String = "[]") -> String {
        #"{"VpcEndpointId":"\#(id)","VpcEndpointType":"Interface","VpcId":"vpc-1","ServiceName":"com.amazonaws.eu-west-1.ec2","State":"available","SubnetIds":["subnet-b","subnet-a"],"Groups":[{"GroupId":"sg-1","GroupName":"vpc-endpoint-ec2-sg"}],"PrivateDnsEnabled":true,"PolicyDocument":\#(Records.jsonString(policy)),"Tags":\#(tags)}"#
    }

    /// The live side that matches the template exactly.
    static func inventory(
        services: [String] = [liveService],
        principals: [String] = [Records.principal("arn:aws:iam::222222222222:root")],
        endpoints: [String] = [liveEndpoint()], groups: [String] = [liveGroup],
        loadBalancers: [String] = [liveLoadBalancer]
    ) throws -> Inventory {
        try Fixture.inventory(
            services: services, principals: principals, endpoints: endpoints, groups: groups,
            loadBalancers: loadBalancers)
    }
}
