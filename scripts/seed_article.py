#!/usr/bin/env python3
"""TEST-ONLY: seed the article's PrivateLink scenario into the local moto peer (never AWS).

Per region, in the PROVIDER account: a VPC with three private subnets, the NLB
`endpointsrv-orders-nlb-cfn` with its target group and listener, the targets' security group
(port 80 from the private ranges), the endpoint service on the NLB with acceptance required and
the consumer account's root as allowed principal, and an interface endpoint to
`com.amazonaws.<region>.ec2` (security group 443 from the VPC CIDR, full-access policy).
In the CONSUMER account: a VPC with three subnets, an interface endpoint to the provider's service
(accepted by the provider: `available`), an interface endpoint to com.amazonaws.<region>.ec2 as
above, and in a second "staging" VPC another endpoint to the service, left `pendingAcceptance`
and not managed by CloudFormation (no aws:cloudformation tags).

CloudFormation-managed resources carry the tags a real deploy sets (aws:cloudformation:logical-id,
:stack-name, :stack-id); moto accepts them, AWS would reject them from a user (only CloudFormation
may set aws: tags).

Usage:
  seed_article.py --endpoint-url URL --provider-account A --consumer-account B --regions r1,r2
      prints a JSON summary of every id created (see `summary` below) on stdout.
  seed_article.py ... --mutate STEP[,STEP...] [--extra-principal ARN]
      changes an already seeded scenario in every listed region and prints what changed:
      add-principal     provider service: allow --extra-principal too
      acceptance-off    provider service: AcceptanceRequired false
      widen-sg          consumer EC2-endpoint security group: also 443 from 0.0.0.0/0
      delete-endpoint   consumer: delete the accepted endpoint to the provider's service (declared in the template)
      unmanaged-endpoint consumer: a new sts interface endpoint without CloudFormation tags
Accounts are reached by STS AssumeRole into arn:aws:iam::<account>:role/plinv-seed (moto needs no role).
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from typing import Any

import boto3

PROVIDER_STACK = "orders-endpoint-service"
CONSUMER_STACK = "orders-endpoint-consumer"
APPLICATION = "orders"
FULL_ACCESS_POLICY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
}
PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
MUTATIONS = ["add-principal", "acceptance-off", "widen-sg", "narrow-sg", "delete-endpoint", "unmanaged-endpoint"]


def session(endpoint_url: str, account: str, region: str) -> boto3.Session:
    """A session whose requests moto attributes to `account` (temporary keys from AssumeRole)."""
    sts = boto3.client("sts", endpoint_url=endpoint_url, region_name=region,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/plinv-seed",
                                  RoleSessionName="plinv-seed")["Credentials"]
    return boto3.Session(aws_access_key_id=credentials["AccessKeyId"],
                         aws_secret_access_key=credentials["SecretAccessKey"],
                         aws_session_token=credentials["SessionToken"], region_name=region)


class Stack:
    """Tags of one pretend CloudFormation stack in one account and region."""

    def __init__(self, name: str, account: str, region: str):
        self.name = name
        self.stack_id = f"arn:aws:cloudformation:{region}:{account}:stack/{name}/{uuid.uuid4()}"

    def tags(self, logical_id: str, name: str | None = None) -> list[dict[str, str]]:
        tags = [{"Key": "aws:cloudformation:logical-id", "Value": logical_id},
                {"Key": "aws:cloudformation:stack-name", "Value": self.name},
                {"Key": "aws:cloudformation:stack-id", "Value": self.stack_id}]
        if name:
            tags.append({"Key": "Name", "Value": name})
        return tags

    def spec(self, resource_type: str, logical_id: str, name: str | None = None) -> list[dict[str, Any]]:
        return [{"ResourceType": resource_type, "Tags": self.tags(logical_id, name)}]


def plain(resource_type: str, name: str) -> list[dict[str, Any]]:
    """TagSpecifications for a resource nobody's template declares."""
    return [{"ResourceType": resource_type, "Tags": [{"Key": "Name", "Value": name}]}]


def network(ec2: Any, region: str, cidr: str, stack: Stack | None, prefix: str, zones: int = 3) -> dict[str, Any]:
    """A VPC and `zones` subnets in zones a, b, c."""
    tag = (lambda kind, logical, name: stack.spec(kind, logical, name)) if stack else \
        (lambda kind, logical, name: plain(kind, name))
    vpc_id = ec2.create_vpc(CidrBlock=cidr, TagSpecifications=tag("vpc", "VPC", f"{prefix}-vpc"))["Vpc"]["VpcId"]
    base = cidr.split(".")
    subnets = []
    for index, zone in enumerate("abc"[:zones]):
        subnets.append(ec2.create_subnet(
            VpcId=vpc_id, CidrBlock=f"{base[0]}.{base[1]}.{index + 1}.0/24", AvailabilityZone=f"{region}{zone}",
            TagSpecifications=tag("subnet", f"PrivateSubnetAZ{zone.upper()}", f"{prefix}-private-{zone}"),
        )["Subnet"]["SubnetId"])
    return {"vpcId": vpc_id, "vpcCidr": cidr, "subnetIds": subnets}


def ec2_endpoint(ec2: Any, region: str, net: dict[str, Any], stack: Stack, environment: str) -> dict[str, str]:
    """The article's interface endpoint to EC2 with its security group and full-access policy."""
    group_id = ec2.create_security_group(
        GroupName=f"vpc-endpoint-ec2-{environment}-sg-cfn", Description="Allow EC2 VPC Endpoint outbound traffic",
        VpcId=net["vpcId"], TagSpecifications=stack.spec("security-group", "EC2VpcEndpointSG"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": net["vpcCidr"], "Description": "Allow traffic from within the VPC to the EC2 Endpoint"}],
    }])
    endpoint_id = ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=net["vpcId"], ServiceName=f"com.amazonaws.{region}.ec2",
        SubnetIds=net["subnetIds"], SecurityGroupIds=[group_id], PrivateDnsEnabled=True,
        PolicyDocument=json.dumps(FULL_ACCESS_POLICY), TagSpecifications=stack.spec("vpc-endpoint", "EC2VpcEndpoint"),
    )["VpcEndpoint"]["VpcEndpointId"]
    return {"ec2EndpointId": endpoint_id, "ec2EndpointSecurityGroupId": group_id}


def seed_provider(session: boto3.Session, endpoint_url: str, account: str, region: str,
                  consumer: str) -> dict[str, Any]:
    ec2 = session.client("ec2", endpoint_url=endpoint_url)
    elbv2 = session.client("elbv2", endpoint_url=endpoint_url)
    stack = Stack(PROVIDER_STACK, account, region)
    net = network(ec2, region, "10.0.0.0/16", stack, "provider")
    nlb_name = f"endpointsrv-{APPLICATION}-nlb-cfn"
    nlb_arn = elbv2.create_load_balancer(
        Name=nlb_name, Type="network", Scheme="internal", Subnets=net["subnetIds"],
        Tags=stack.tags("EndpointServiceNetworkLoadBalancer", nlb_name))["LoadBalancers"][0]["LoadBalancerArn"]
    target_group_arn = elbv2.create_target_group(
        Name=f"endpointsrv-{APPLICATION}-tg-cf", Port=80, Protocol="TCP", VpcId=net["vpcId"],
        HealthCheckProtocol="HTTP", HealthCheckIntervalSeconds=30, HealthyThresholdCount=3,
        UnhealthyThresholdCount=3, Tags=stack.tags("EndpointServiceTargetGroup"),
    )["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=nlb_arn, Port=443, Protocol="TCP",
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": target_group_arn}])
    targets_group = ec2.create_security_group(
        GroupName=f"{APPLICATION}-sg-cfn", Description="Enable HTTP and Endpoint Access", VpcId=net["vpcId"],
        TagSpecifications=stack.spec("security-group", "Ec2ServiceSecurityGroup", f"{APPLICATION}-sg-cfn"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=targets_group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 80, "ToPort": 80,
        "IpRanges": [{"CidrIp": cidr, "Description": "Allow traffic from the NLB (which has no security group and is a pass-through)"}
                     for cidr in PRIVATE_RANGES],
    }])
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb_arn], AcceptanceRequired=True,
        TagSpecifications=stack.spec("vpc-endpoint-service", "EndpointService"))["ServiceConfiguration"]
    principal = f"arn:aws:iam::{consumer}:root"
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"], AddAllowedPrincipals=[principal])
    return {**net, "stackName": PROVIDER_STACK, "nlbArn": nlb_arn, "nlbName": nlb_name,
            "targetGroupArn": target_group_arn, "targetsSecurityGroupId": targets_group,
            "serviceId": service["ServiceId"], "serviceName": service["ServiceName"],
            "allowedPrincipals": [principal], **ec2_endpoint(ec2, region, net, stack, "provider")}


def seed_consumer(session: boto3.Session, endpoint_url: str, account: str, region: str,
                  service_name: str) -> dict[str, Any]:
    ec2 = session.client("ec2", endpoint_url=endpoint_url)
    stack = Stack(CONSUMER_STACK, account, region)
    net = network(ec2, region, "10.1.0.0/16", stack, "consumer")
    group_id = ec2.create_security_group(
        GroupName=f"{APPLICATION}-endpoint-sg-cfn", Description="Allow HTTPS to the orders endpoint",
        VpcId=net["vpcId"], TagSpecifications=stack.spec("security-group", "OrdersVpcEndpointSG"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": net["vpcCidr"]}]}])
    accepted = ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=net["vpcId"], ServiceName=service_name, SubnetIds=net["subnetIds"],
        SecurityGroupIds=[group_id], PrivateDnsEnabled=False,
        TagSpecifications=stack.spec("vpc-endpoint", "OrdersVpcEndpoint"))["VpcEndpoint"]["VpcEndpointId"]
    staging = network(ec2, region, "10.2.0.0/16", None, "staging", zones=1)
    pending = ec2.create_vpc_endpoint(
        VpcEndpointType="Interface", VpcId=staging["vpcId"], ServiceName=service_name,
        SubnetIds=staging["subnetIds"], PrivateDnsEnabled=False,
        TagSpecifications=plain("vpc-endpoint", "orders-staging"))["VpcEndpoint"]["VpcEndpointId"]
    return {**net, "stackName": CONSUMER_STACK, "serviceEndpointId": accepted, "serviceEndpointSecurityGroupId": group_id,
            "pendingEndpointId": pending, "stagingVpcId": staging["vpcId"], "stagingSubnetIds": staging["subnetIds"],
            **ec2_endpoint(ec2, region, net, stack, "consumer")}


def seed(arguments: argparse.Namespace) -> dict[str, Any]:
    regions: dict[str, Any] = {}
    for region in arguments.regions:
        provider_session = session(arguments.endpoint_url, arguments.provider_account, region)
        consumer_session = session(arguments.endpoint_url, arguments.consumer_account, region)
        provider = seed_provider(provider_session, arguments.endpoint_url, arguments.provider_account, region,
                                 arguments.consumer_account)
        consumer = seed_consumer(consumer_session, arguments.endpoint_url, arguments.consumer_account, region,
                                 provider["serviceName"])
        provider_ec2 = provider_session.client("ec2", endpoint_url=arguments.endpoint_url)
        result = provider_ec2.accept_vpc_endpoint_connections(
            ServiceId=provider["serviceId"], VpcEndpointIds=[consumer["serviceEndpointId"]])
        if result.get("Unsuccessful"):
            raise SystemExit(f"accepting {consumer['serviceEndpointId']} failed: {result['Unsuccessful']}")
        regions[region] = {"provider": provider, "consumer": consumer}
    return {"endpointUrl": arguments.endpoint_url, "providerAccount": arguments.provider_account,
            "consumerAccount": arguments.consumer_account, "regions": regions}


def tagged(items: list[dict[str, Any]], logical_id: str) -> list[dict[str, Any]]:
    """The items whose aws:cloudformation:logical-id tag is `logical_id`."""
    return [item for item in items
            if {"Key": "aws:cloudformation:logical-id", "Value": logical_id} in (item.get("Tags") or [])]


def mutate(arguments: argparse.Namespace) -> dict[str, Any]:
    changes: list[dict[str, Any]] = []
    for region in arguments.regions:
        url = arguments.endpoint_url
        provider = session(url, arguments.provider_account, region).client("ec2", endpoint_url=url)
        consumer = session(url, arguments.consumer_account, region).client("ec2", endpoint_url=url)

        def change(step: str, account: str, resource: str, detail: str) -> None:
            changes.append({"step": step, "account": account, "region": region, "resource": resource, "detail": detail})

        services = tagged(provider.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"],
                          "EndpointService")
        endpoints = consumer.describe_vpc_endpoints()["VpcEndpoints"]
        ec2_endpoints = [e for e in tagged(endpoints, "EC2VpcEndpoint") if e["State"] != "deleted"]
        service_endpoints = [e for e in tagged(endpoints, "OrdersVpcEndpoint") if e["State"] != "deleted"]
        for step in arguments.mutate:
            if step == "add-principal":
                for service in services:
                    provider.modify_vpc_endpoint_service_permissions(
                        ServiceId=service["ServiceId"], AddAllowedPrincipals=[arguments.extra_principal])
                    change(step, arguments.provider_account, service["ServiceId"],
                           f"allowed principal {arguments.extra_principal} added")
            elif step == "acceptance-off":
                for service in services:
                    provider.modify_vpc_endpoint_service_configuration(
                        ServiceId=service["ServiceId"], AcceptanceRequired=False)
                    change(step, arguments.provider_account, service["ServiceId"], "AcceptanceRequired true -> false")
            elif step == "widen-sg":
                for endpoint in ec2_endpoints:
                    for group in endpoint["Groups"]:
                        consumer.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[{
                            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
                        change(step, arguments.consumer_account, group["GroupId"], "ingress tcp 443 from 0.0.0.0/0 added")
            elif step == "narrow-sg":
                # The fix for widen-sg: the rule open to the world is revoked again.
                for endpoint in ec2_endpoints:
                    for group in endpoint["Groups"]:
                        consumer.revoke_security_group_ingress(GroupId=group["GroupId"], IpPermissions=[{
                            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
                        change(step, arguments.consumer_account, group["GroupId"], "ingress tcp 443 from 0.0.0.0/0 revoked")
            elif step == "delete-endpoint":
                # The endpoint to the provider's service: its connection goes too, so changes name both.
                if service_endpoints:
                    consumer.delete_vpc_endpoints(VpcEndpointIds=[service_endpoints[0]["VpcEndpointId"]])
                    change(step, arguments.consumer_account, service_endpoints[0]["VpcEndpointId"], "endpoint deleted")
            elif step == "unmanaged-endpoint":
                vpc = tagged(consumer.describe_vpcs()["Vpcs"], "VPC")[0]
                subnets = consumer.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
                endpoint_id = consumer.create_vpc_endpoint(
                    VpcEndpointType="Interface", VpcId=vpc["VpcId"], ServiceName=f"com.amazonaws.{region}.sts",
                    SubnetIds=[subnets[0]["SubnetId"]], TagSpecifications=plain("vpc-endpoint", "hand-made-sts"),
                )["VpcEndpoint"]["VpcEndpointId"]
                change(step, arguments.consumer_account, endpoint_id, f"unmanaged endpoint to com.amazonaws.{region}.sts created")
    return {"changes": changes}


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint-url", required=True, help="the moto peer, e.g. http://127.0.0.1:PORT")
    parser.add_argument("--provider-account", default="111111111111")
    parser.add_argument("--consumer-account", default="222222222222")
    parser.add_argument("--regions", default="us-east-1", type=lambda text: [r for r in text.split(",") if r])
    parser.add_argument("--mutate", type=lambda text: [s for s in text.split(",") if s],
                        help="comma-separated steps: " + ", ".join(MUTATIONS))
    parser.add_argument("--extra-principal", default="arn:aws:iam::999999999999:root")
    arguments = parser.parse_args(argv)
    if not arguments.endpoint_url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("refusing an endpoint that is not local: this script only seeds the moto test peer")
    for step in arguments.mutate or []:
        if step not in MUTATIONS:
            parser.error(f"unknown --mutate step {step!r}; choose from {', '.join(MUTATIONS)}")
    return arguments


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    output = mutate(arguments) if arguments.mutate else seed(arguments)
    json.dump(output, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
