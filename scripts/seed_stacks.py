#!/usr/bin/env python3
"""Deploy the article's scenario on the local peer through CloudFormation, then change it out of band.

The same example templates as `seed_article.py`, but created by `create_stack` so that every resource has a
stack, a logical id and a physical id, as on AWS. A second pair of stacks splits a service from the stack that
grants access to it, the access stack importing the service id from the service stack's export.

Usage:
  seed_stacks.py --endpoint-url URL --provider-account A --consumer-account B --region R
      prints {"provider": {...}, "consumer": {...}, "service": {...}, "access": {...}} with each stack's name and
      the parameter values it was deployed with
  seed_stacks.py ... --mutate add-principal,acceptance-off,widen-sg,delete-endpoint,unmanaged-endpoint
      applies out-of-band changes, finding each resource by its stack's physical id, and prints what it changed
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from seed_article import network, plain, session  # noqa: E402  (the same account sessions and networks)

TEMPLATES = Path(__file__).resolve().parent.parent / "examples" / "templates"
PROVIDER_STACK = "endpoint-service"
CONSUMER_STACK = "endpoint-consumer"
SERVICE_STACK = "shared-service"
ACCESS_STACK = "shared-access"

# A service stack that exports its id, and an access stack that imports it: the usual split.
SERVICE_TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
Resources:
  SharedBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Name: shared-nlb
      Type: network
      Scheme: internal
      Subnets: !Ref Subnets
  SharedService:
    Type: AWS::EC2::VPCEndpointService
    Properties:
      AcceptanceRequired: true
      NetworkLoadBalancerArns: [!Ref SharedBalancer]
Outputs:
  ServiceId:
    Value: !Ref SharedService
    Export:
      Name: !Sub ${AWS::StackName}-ServiceId
"""
ACCESS_TEMPLATE = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ConsumerAccountId:
    Type: String
Resources:
  SharedAccess:
    Type: AWS::EC2::VPCEndpointServicePermissions
    Properties:
      ServiceId: !ImportValue shared-service-ServiceId
      AllowedPrincipals:
        - !Sub arn:${AWS::Partition}:iam::${ConsumerAccountId}:root
"""


def create(cfn: Any, name: str, body: str, parameters: dict[str, str]) -> dict[str, Any]:
    """Creates a stack and returns its outputs by key."""
    cfn.create_stack(StackName=name, TemplateBody=body, Parameters=[
        {"ParameterKey": key, "ParameterValue": value} for key, value in sorted(parameters.items())])
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    if stack["StackStatus"] != "CREATE_COMPLETE":
        raise SystemExit(f"stack {name} is {stack['StackStatus']}: {stack.get('StackStatusReason', '')}")
    return {output["OutputKey"]: output["OutputValue"] for output in stack.get("Outputs", [])}


def physical_ids(cfn: Any, name: str) -> dict[str, str]:
    """Logical id → physical id of a stack's resources."""
    summaries = cfn.list_stack_resources(StackName=name)["StackResourceSummaries"]
    return {s["LogicalResourceId"]: s.get("PhysicalResourceId", "") for s in summaries}


def seed(arguments: argparse.Namespace) -> dict[str, Any]:
    url, region = arguments.endpoint_url, arguments.region
    provider = session(url, arguments.provider_account, region)
    consumer = session(url, arguments.consumer_account, region)
    provider_net = network(provider.client("ec2", endpoint_url=url), region, "10.0.0.0/16", None, "provider")
    consumer_net = network(consumer.client("ec2", endpoint_url=url), region, "10.1.0.0/16", None, "consumer")
    provider_cfn = provider.client("cloudformation", endpoint_url=url)
    consumer_cfn = consumer.client("cloudformation", endpoint_url=url)

    provider_parameters = {
        "VpcId": provider_net["vpcId"], "PrivateSubnetIds": ",".join(provider_net["subnetIds"]),
        "VPCCidr": provider_net["vpcCidr"], "ConsumerAccountId": arguments.consumer_account,
    }
    outputs = create(provider_cfn, PROVIDER_STACK, (TEMPLATES / "provider.yaml").read_text(), provider_parameters)
    consumer_parameters = {
        "VPC": consumer_net["vpcId"], "PrivateSubnetIds": ",".join(consumer_net["subnetIds"]),
        "VPCCidr": consumer_net["vpcCidr"], "ProviderServiceName": outputs["EndpointServiceName"],
    }
    create(consumer_cfn, CONSUMER_STACK, (TEMPLATES / "consumer.yaml").read_text(), consumer_parameters)
    service_parameters = {"Subnets": ",".join(provider_net["subnetIds"])}
    create(provider_cfn, SERVICE_STACK, SERVICE_TEMPLATE, service_parameters)
    access_parameters = {"ConsumerAccountId": arguments.consumer_account}
    create(provider_cfn, ACCESS_STACK, ACCESS_TEMPLATE, access_parameters)
    return {
        "provider": {"stackName": PROVIDER_STACK, "parameters": provider_parameters},
        "consumer": {"stackName": CONSUMER_STACK, "parameters": consumer_parameters},
        "service": {"stackName": SERVICE_STACK, "parameters": service_parameters, "template": SERVICE_TEMPLATE},
        "access": {"stackName": ACCESS_STACK, "parameters": access_parameters, "template": ACCESS_TEMPLATE},
        "consumerVpcId": consumer_net["vpcId"], "consumerSubnetIds": consumer_net["subnetIds"],
    }


def mutate(arguments: argparse.Namespace) -> dict[str, Any]:
    url, region = arguments.endpoint_url, arguments.region
    provider = session(url, arguments.provider_account, region)
    consumer = session(url, arguments.consumer_account, region)
    provider_ec2, consumer_ec2 = provider.client("ec2", endpoint_url=url), consumer.client("ec2", endpoint_url=url)
    provider_ids = physical_ids(provider.client("cloudformation", endpoint_url=url), PROVIDER_STACK)
    consumer_ids = physical_ids(consumer.client("cloudformation", endpoint_url=url), CONSUMER_STACK)
    service_id = provider_ids["EndpointService"]
    changes: list[dict[str, str]] = []
    for step in arguments.mutate:
        if step == "add-principal":
            provider_ec2.modify_vpc_endpoint_service_permissions(
                ServiceId=service_id, AddAllowedPrincipals=[arguments.extra_principal])
            changes.append({"step": step, "resource": service_id})
        elif step == "acceptance-off":
            provider_ec2.modify_vpc_endpoint_service_configuration(ServiceId=service_id, AcceptanceRequired=False)
            changes.append({"step": step, "resource": service_id})
        elif step == "widen-sg":
            group = consumer_ids["EC2VpcEndpointSG"]
            consumer_ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
                "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
            changes.append({"step": step, "resource": group})
        elif step == "delete-endpoint":
            endpoint = consumer_ids["OrdersVpcEndpoint"]
            consumer_ec2.delete_vpc_endpoints(VpcEndpointIds=[endpoint])
            changes.append({"step": step, "resource": endpoint})
        elif step == "unmanaged-endpoint":
            vpc = consumer_ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["consumer-vpc"]}])["Vpcs"][0]
            subnets = consumer_ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
            endpoint = consumer_ec2.create_vpc_endpoint(
                VpcEndpointType="Interface", VpcId=vpc["VpcId"], ServiceName=f"com.amazonaws.{region}.sts",
                SubnetIds=[subnets[0]["SubnetId"]], TagSpecifications=plain("vpc-endpoint", "hand-made-sts"),
            )["VpcEndpoint"]["VpcEndpointId"]
            changes.append({"step": step, "resource": endpoint})
        else:
            raise SystemExit(f"unknown mutation {step}")
    return {"changes": changes}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--provider-account", default="111111111111")
    parser.add_argument("--consumer-account", default="222222222222")
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--mutate", type=lambda text: [s for s in text.split(",") if s], default=[])
    parser.add_argument("--extra-principal", default="arn:aws:iam::999999999999:root")
    arguments = parser.parse_args(argv)
    result = mutate(arguments) if arguments.mutate else seed(arguments)
    json.dump(result, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
