"""peer_ext.cloudformation: stacks from the example templates create what AWS would, and report it as AWS does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "examples" / "templates"


def network(peer: Any, account: str) -> tuple[str, list[str]]:
    ec2 = peer.client("ec2", account)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{'abc'[i]}")
               ["Subnet"]["SubnetId"] for i in range(3)]
    return vpc, subnets


def provider_stack(peer: Any, account: str, name: str = "provider") -> dict[str, Any]:
    vpc, subnets = network(peer, account)
    parameters = json.loads((TEMPLATES / "provider-parameters.json").read_text())
    for parameter in parameters:
        if parameter["ParameterKey"] == "VpcId":
            parameter["ParameterValue"] = vpc
        if parameter["ParameterKey"] == "PrivateSubnetIds":
            parameter["ParameterValue"] = ",".join(subnets)
    cfn = peer.client("cloudformation", account)
    cfn.create_stack(StackName=name, TemplateBody=(TEMPLATES / "provider.yaml").read_text(), Parameters=parameters)
    return cfn.describe_stacks(StackName=name)["Stacks"][0]


def resources(peer: Any, account: str, stack: str) -> dict[str, dict[str, str]]:
    listed = peer.client("cloudformation", account).list_stack_resources(StackName=stack)["StackResourceSummaries"]
    return {r["LogicalResourceId"]: r for r in listed}


def test_provider_stack_creates_service_and_permissions_with_aws_physical_ids(peer, fresh_account):
    account = fresh_account()
    provider_stack(peer, account)
    by_logical = resources(peer, account, "provider")
    assert {r["ResourceType"] for r in by_logical.values()} == {
        "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::EC2::VPCEndpointService",
        "AWS::EC2::VPCEndpointServicePermissions", "AWS::EC2::SecurityGroup", "AWS::EC2::VPCEndpoint"}
    ec2 = peer.client("ec2", account)
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    assert [s["ServiceId"] for s in services] == [by_logical["EndpointService"]["PhysicalResourceId"]]
    assert by_logical["EndpointServicePermissions"]["PhysicalResourceId"] == services[0]["ServiceId"]
    service = services[0]
    assert service["AcceptanceRequired"] is True
    assert service["NetworkLoadBalancerArns"] == [by_logical["EndpointServiceNetworkLoadBalancer"]["PhysicalResourceId"]]
    tags = {t["Key"]: t["Value"] for t in service["Tags"]}
    assert tags["aws:cloudformation:logical-id"] == "EndpointService"
    assert tags["aws:cloudformation:stack-name"] == "provider"
    principals = ec2.describe_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"])["AllowedPrincipals"]
    assert [p["Principal"] for p in principals] == ["arn:aws:iam::123456789012:root"]


def test_load_balancer_keeps_its_type_and_tags(peer, fresh_account):
    account = fresh_account()
    provider_stack(peer, account)
    arn = resources(peer, account, "provider")["EndpointServiceNetworkLoadBalancer"]["PhysicalResourceId"]
    elbv2 = peer.client("elbv2", account)
    assert elbv2.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["Type"] == "network"
    tags = {t["Key"]: t["Value"] for t in elbv2.describe_tags(ResourceArns=[arn])["TagDescriptions"][0]["Tags"]}
    assert tags["Name"] == "endpointsrv-orders-nlb-cfn"
    assert tags["aws:cloudformation:logical-id"] == "EndpointServiceNetworkLoadBalancer"


def test_noecho_parameters_are_masked_and_lists_joined(peer, fresh_account):
    account = fresh_account()
    template = """
Parameters:
  Given: {Type: String, NoEcho: true}
  Defaulted: {Type: String, NoEcho: "true", Default: default-secret}
  Plain: {Type: String}
  Subnets: {Type: CommaDelimitedList}
Resources:
  Group: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: g}}
"""
    cfn = peer.client("cloudformation", account)
    cfn.create_stack(StackName="secrets", TemplateBody=template, Parameters=[
        {"ParameterKey": "Given", "ParameterValue": "given-secret"},
        {"ParameterKey": "Plain", "ParameterValue": "visible"},
        {"ParameterKey": "Subnets", "ParameterValue": "subnet-a,subnet-b"}])
    values = {p["ParameterKey"]: p["ParameterValue"]
              for p in cfn.describe_stacks(StackName="secrets")["Stacks"][0]["Parameters"]}
    assert values == {"Given": "****", "Defaulted": "****", "Plain": "visible", "Subnets": "subnet-a,subnet-b"}


def test_resources_whose_condition_is_false_are_not_listed(peer, fresh_account):
    account = fresh_account()
    provider = provider_stack(peer, account)
    service_name = next(o["OutputValue"] for o in provider["Outputs"] if o["OutputKey"] == "EndpointServiceName")
    vpc, subnets = network(peer, account)
    cfn = peer.client("cloudformation", account)
    cfn.create_stack(StackName="consumer", TemplateBody=(TEMPLATES / "consumer.yaml").read_text(), Parameters=[
        {"ParameterKey": "VPC", "ParameterValue": vpc},
        {"ParameterKey": "PrivateSubnetIds", "ParameterValue": ",".join(subnets)},
        {"ParameterKey": "ProviderServiceName", "ParameterValue": service_name}])
    assert sorted(resources(peer, account, "consumer")) == [
        "EC2VpcEndpoint", "EC2VpcEndpointSG", "OrdersVpcEndpoint", "OrdersVpcEndpointSG"]


def test_exports_and_deletion(peer, fresh_account):
    account = fresh_account()
    template = (TEMPLATES / "provider.yaml").read_text().replace(
        "  EndpointServiceName:\n", "  EndpointServiceName:\n    Export:\n      Name: orders-service-name\n", 1)
    vpc, subnets = network(peer, account)
    cfn = peer.client("cloudformation", account)
    stack_id = cfn.create_stack(StackName="exporting", TemplateBody=template, Parameters=[
        {"ParameterKey": "VpcId", "ParameterValue": vpc},
        {"ParameterKey": "PrivateSubnetIds", "ParameterValue": ",".join(subnets)}])["StackId"]
    ec2 = peer.client("ec2", account)
    service_id = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"][0]["ServiceId"]
    exports = cfn.list_exports()["Exports"]
    assert exports == [{"ExportingStackId": stack_id, "Name": "orders-service-name",
                        "Value": f"com.amazonaws.vpce.us-east-1.{service_id}"}]
    cfn.delete_stack(StackName="exporting")
    assert ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []
    assert cfn.describe_stacks(StackName=stack_id)["Stacks"][0]["StackStatus"] == "DELETE_COMPLETE"


def test_a_parameter_update_reaches_resources_that_use_it_through_sub(peer, fresh_account):
    account = fresh_account()
    stack = provider_stack(peer, account)
    assert "LastUpdatedTime" not in stack
    before = resources(peer, account, "provider")
    parameters = [{"ParameterKey": p["ParameterKey"], "UsePreviousValue": True}
                  for p in stack["Parameters"] if p["ParameterKey"] != "ConsumerAccountId"]
    cfn = peer.client("cloudformation", account)
    cfn.update_stack(StackName="provider", TemplateBody=(TEMPLATES / "provider.yaml").read_text(),
                     Parameters=parameters + [{"ParameterKey": "ConsumerAccountId", "ParameterValue": "222222222222"}])
    updated = cfn.describe_stacks(StackName="provider")["Stacks"][0]
    assert updated["StackStatus"] == "UPDATE_COMPLETE"
    assert updated["LastUpdatedTime"] > updated["CreationTime"]
    service_id = before["EndpointService"]["PhysicalResourceId"]
    principals = peer.client("ec2", account).describe_vpc_endpoint_service_permissions(
        ServiceId=service_id)["AllowedPrincipals"]
    assert [p["Principal"] for p in principals] == ["arn:aws:iam::222222222222:root"]
    after = resources(peer, account, "provider")
    assert {k: v["PhysicalResourceId"] for k, v in after.items()} == {k: v["PhysicalResourceId"] for k, v in before.items()}
