#!/usr/bin/env python3
"""Record the wire-format oracle fixtures for plinv's shape decoder.

Starts moto on 127.0.0.1 (a free port), seeds a PrivateLink scenario with boto3, and for every
operation the collector calls saves, under Tests/CollectorTests/Fixtures/wire/:

* <Operation>.xml       the raw XML response body moto sent (captured with botocore's before-parse hook);
* <Operation>.cli.json  what `aws <service> <command> --output json` prints for the same call.

moto 5.2.1 has no DescribeVpcEndpointConnections, so its XML is written here by hand from the model's
element names, and its oracle is that XML read by botocore's own EC2QueryParser with the AWS CLI's
scalar parsers (timestamps and blobs kept as on the wire) and printed with the CLI's JSON formatter.
Every recorded operation is checked the same way, so that the hand-built oracle is known to match
what the CLI prints.

Usage: scripts/record_wire_fixtures.py [--output DIR]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import boto3
from botocore import parsers
from moto.server import ThreadedMotoServer

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO, "Tests", "CollectorTests", "Fixtures", "wire")
REGION = "us-east-1"
TRICKY = "caf\u00e9 \u2603 \u65e5\u672c <a href=\"x\">&amp;</a> 'quoted' & more"

CONNECTIONS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<DescribeVpcEndpointConnectionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <vpcEndpointConnectionSet>
        <item>
            <serviceId>vpce-svc-0123456789abcdef0</serviceId>
            <vpcEndpointId>vpce-0aaaaaaaaaaaaaaaa</vpcEndpointId>
            <vpcEndpointOwner>111111111111</vpcEndpointOwner>
            <vpcEndpointState>pendingAcceptance</vpcEndpointState>
            <creationTimestamp>2026-11-02T08:15:30.123Z</creationTimestamp>
            <dnsEntrySet>
                <item>
                    <dnsName>vpce-0aaaaaaaaaaaaaaaa-abcdefgh.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com</dnsName>
                    <hostedZoneId>Z7HUB22UULQXV</hostedZoneId>
                </item>
                <item>
                    <dnsName>vpce-0aaaaaaaaaaaaaaaa-abcdefgh-us-east-1a.vpce-svc-0123456789abcdef0.us-east-1.vpce.amazonaws.com</dnsName>
                    <hostedZoneId>Z7HUB22UULQXV</hostedZoneId>
                </item>
            </dnsEntrySet>
            <networkLoadBalancerArnSet>
                <item>arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/svc-nlb/0123456789abcdef</item>
            </networkLoadBalancerArnSet>
            <gatewayLoadBalancerArnSet/>
            <ipAddressType>ipv4</ipAddressType>
            <vpcEndpointConnectionId>vpce-con-0123456789abcdef0</vpcEndpointConnectionId>
            <tagSet>
                <item>
                    <key>team</key>
                    <value>caf\u00e9 &lt;ops&gt; &amp; "co" 'x'</value>
                </item>
            </tagSet>
            <vpcEndpointRegion>us-east-1</vpcEndpointRegion>
        </item>
        <item>
            <serviceId>vpce-svc-0123456789abcdef0</serviceId>
            <vpcEndpointId>vpce-0bbbbbbbbbbbbbbbb</vpcEndpointId>
            <vpcEndpointOwner>222222222222</vpcEndpointOwner>
            <vpcEndpointState>available</vpcEndpointState>
            <creationTimestamp>2026-10-01T00:00:00.000Z</creationTimestamp>
            <dnsEntrySet/>
            <ipAddressType>dualstack</ipAddressType>
            <vpcEndpointConnectionId>vpce-con-0fedcba9876543210</vpcEndpointConnectionId>
            <futureElement>not in the model</futureElement>
        </item>
        <item>
            <serviceId>vpce-svc-0123456789abcdef0</serviceId>
            <vpcEndpointId>vpce-0cccccccccccccccc</vpcEndpointId>
            <vpcEndpointOwner>333333333333</vpcEndpointOwner>
            <vpcEndpointState>rejected</vpcEndpointState>
            <creationTimestamp>2025-12-31T23:59:59Z</creationTimestamp>
            <tagSet/>
        </item>
    </vpcEndpointConnectionSet>
    <nextToken>eyJ2IjoyLCJjIjoiZXhhbXBsZSJ9</nextToken>
</DescribeVpcEndpointConnectionsResponse>
"""


def identity(value):
    return value


def cli_oracle(session, service, operation, body):
    """What the AWS CLI prints for `body`: botocore's parser with the CLI's scalar parsers, CLI JSON layout."""
    model = session.get_service_model(service)
    op = model.operation_model(operation)
    parser = parsers.create_parser(model.metadata["protocol"])
    parser._timestamp_parser = identity  # awscli customizations/scalarparse.py: cli_timestamp_format = wire
    parser._blob_parser = identity
    parsed = parser.parse({"body": body, "headers": {}, "status_code": 200}, op.output_shape)
    parsed.pop("ResponseMetadata", None)
    return json.dumps(parsed, indent=4, ensure_ascii=False) + "\n"


def seed(ec2, elbv2):
    """A small PrivateLink scenario: an NLB-backed service, permissions, endpoints, security groups."""
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"]
        for cidr, zone in (("10.0.1.0/24", "us-east-1a"), ("10.0.2.0/24", "us-east-1b"))
    ]
    route_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    peer_sg = ec2.create_security_group(GroupName="peer-sg", Description="peers", VpcId=vpc)["GroupId"]
    sg = ec2.create_security_group(
        GroupName="endpoint-sg", Description=TRICKY, VpcId=vpc,
        TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "Name", "Value": TRICKY}]}],
    )["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "10.0.0.0/8", "Description": "corp <net> & \"vpn\""}, {"CidrIp": "0.0.0.0/0"}],
         "Ipv6Ranges": [{"CidrIpv6": "::/0", "Description": "anyone v6"}]},
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": peer_sg, "Description": "from peers"}]},
        {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]},
    ])
    ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8444, "Ipv6Ranges": [{"CidrIpv6": "2001:db8::/32"}]},
    ])
    nlb = elbv2.create_load_balancer(
        Name="svc-nlb", Type="network", Scheme="internal", Subnets=subnets,
        Tags=[{"Key": "owner", "Value": TRICKY}],
    )["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.create_load_balancer(Name="web-alb", Type="application", Subnets=subnets, SecurityGroups=[sg])
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb], AcceptanceRequired=True, PrivateDnsName="svc.example.com",
        TagSpecifications=[{"ResourceType": "vpc-endpoint-service",
                            "Tags": [{"Key": "Name", "Value": TRICKY}, {"Key": "env", "Value": "prod"}]}],
    )["ServiceConfiguration"]
    open_nlb = elbv2.create_load_balancer(Name="open-nlb", Type="network", Subnets=subnets[:1])
    ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[open_nlb["LoadBalancers"][0]["LoadBalancerArn"]], AcceptanceRequired=False,
    )
    ec2.modify_vpc_endpoint_service_permissions(
        ServiceId=service["ServiceId"],
        AddAllowedPrincipals=["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:role/consumer", "*"],
    )
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})
    ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.ec2",
        SubnetIds=subnets, SecurityGroupIds=[sg], PrivateDnsEnabled=True, PolicyDocument=policy,
        TagSpecifications=[{"ResourceType": "vpc-endpoint", "Tags": [{"Key": "Name", "Value": TRICKY}]}],
    )
    ec2.create_vpc_endpoint(
        VpcEndpointType="Gateway", VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.s3", RouteTableIds=[route_table],
    )
    ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=vpc, ServiceName=service["ServiceName"], SubnetIds=subnets[:1],
        SecurityGroupIds=[sg, peer_sg],
    )
    return service, vpc, nlb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        empty = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False)
        empty.close()
        env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                   AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE=empty.name, AWS_SHARED_CREDENTIALS_FILE=empty.name,
                   AWS_PAGER="")
        for key in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            env.pop(key, None)
        session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=REGION)
        clients = {name: session.client(name, endpoint_url=endpoint) for name in ("ec2", "elbv2", "sts")}
        captured = {}

        def capture(operation_model, response_dict, **_):
            captured[operation_model.name] = response_dict["body"]

        for client in clients.values():
            client.meta.events.register("before-parse.*.*", capture)
        service, vpc, nlb = seed(clients["ec2"], clients["elbv2"])

        calls = [  # (service, operation, boto3 keyword arguments, CLI arguments)
            ("ec2", "DescribeVpcEndpointServiceConfigurations", {}, []),
            ("ec2", "DescribeVpcEndpointServicePermissions", {"ServiceId": service["ServiceId"]},
             ["--service-id", service["ServiceId"]]),
            ("ec2", "DescribeVpcEndpoints", {}, []),
            ("ec2", "DescribeSecurityGroups", {"Filters": [{"Name": "vpc-id", "Values": [vpc]}]},
             ["--filters", f"Name=vpc-id,Values={vpc}"]),
            ("ec2", "DescribeRegions", {"RegionNames": ["us-east-1", "eu-west-1"]},
             ["--region-names", "us-east-1", "eu-west-1"]),
            ("ec2", "DescribeVpcEndpointServices",
             {"ServiceNames": [service["ServiceName"], f"com.amazonaws.{REGION}.s3"]},
             ["--service-names", service["ServiceName"], f"com.amazonaws.{REGION}.s3"]),
            ("elbv2", "DescribeLoadBalancers", {}, []),
            ("elbv2", "DescribeTags", {"ResourceArns": [nlb]}, ["--resource-arns", nlb]),
            ("sts", "GetCallerIdentity", {}, []),
        ]
        botocore_session = session._session
        for service_name, operation, kwargs, cli_args in calls:
            client = clients[service_name]
            getattr(client, _snake(client, operation))(**kwargs)
            body = captured[operation]
            command = _snake(client, operation).replace("_", "-")
            printed = subprocess.run(
                ["aws", service_name, command, *cli_args, "--endpoint-url", endpoint, "--output", "json"],
                env=env, check=True, capture_output=True, text=True,
            ).stdout
            if json.loads(printed) != json.loads(cli_oracle(botocore_session, service_name, operation, body)):
                sys.exit(f"{operation}: the CLI's output differs from botocore's parse of the recorded XML")
            _write(args.output, operation, body, printed)
        body = CONNECTIONS_XML.encode("utf-8")
        _write(args.output, "DescribeVpcEndpointConnections", body,
               cli_oracle(botocore_session, "ec2", "DescribeVpcEndpointConnections", body))
        os.unlink(empty.name)
    finally:
        server.stop()
    return 0


def _snake(client, operation):
    """The boto3 method name of an operation."""
    return next(name for name, api in client.meta.method_to_api_mapping.items() if api == operation)


def _write(folder, operation, body, printed):
    with open(os.path.join(folder, f"{operation}.xml"), "wb") as handle:
        handle.write(body)
    with open(os.path.join(folder, f"{operation}.cli.json"), "w", encoding="utf-8") as handle:
        handle.write(printed)
    print(f"recorded {operation}")


if __name__ == "__main__":
    sys.exit(main())
