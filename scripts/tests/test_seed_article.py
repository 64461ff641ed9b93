"""seed_article.py: the article's scenario lands where the summary says, and --mutate changes it."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SCRIPTS

REGIONS = ["us-east-1", "eu-west-1"]


def run_seed(peer, *arguments: str) -> dict:
    completed = subprocess.run([sys.executable, str(SCRIPTS / "seed_article.py"), "--endpoint-url", peer.url, *arguments],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def cfn_logical_id(tags: list[dict]) -> str | None:
    return next((t["Value"] for t in tags or [] if t["Key"] == "aws:cloudformation:logical-id"), None)


def test_seed_creates_the_article_scenario_in_both_accounts_and_regions(peer, fresh_account):
    provider, consumer = fresh_account(), fresh_account()
    summary = run_seed(peer, "--provider-account", provider, "--consumer-account", consumer,
                       "--regions", ",".join(REGIONS))

    assert set(summary["regions"]) == set(REGIONS)
    for region in REGIONS:
        p, c = summary["regions"][region]["provider"], summary["regions"][region]["consumer"]
        provider_ec2, consumer_ec2 = peer.client("ec2", provider, region), peer.client("ec2", consumer, region)

        service = provider_ec2.describe_vpc_endpoint_service_configurations(ServiceIds=[p["serviceId"]])[
            "ServiceConfigurations"][0]
        assert service["AcceptanceRequired"] is True
        assert service["NetworkLoadBalancerArns"] == [p["nlbArn"]]
        assert cfn_logical_id(service["Tags"]) == "EndpointService"
        principals = provider_ec2.describe_vpc_endpoint_service_permissions(ServiceId=p["serviceId"])[
            "AllowedPrincipals"]
        assert [a["Principal"] for a in principals] == [f"arn:aws:iam::{consumer}:root"]

        connections = {x["VpcEndpointId"]: x["VpcEndpointState"]
                       for x in provider_ec2.describe_vpc_endpoint_connections()["VpcEndpointConnections"]}
        assert connections == {c["serviceEndpointId"]: "available", c["pendingEndpointId"]: "pendingAcceptance"}

        endpoints = {e["VpcEndpointId"]: e for e in consumer_ec2.describe_vpc_endpoints()["VpcEndpoints"]}
        ec2_endpoint = endpoints[c["ec2EndpointId"]]
        assert ec2_endpoint["ServiceName"] == f"com.amazonaws.{region}.ec2"
        assert ec2_endpoint["State"] == "available" and len(ec2_endpoint["SubnetIds"]) == 3
        assert json.loads(ec2_endpoint["PolicyDocument"])["Statement"][0]["Principal"] == "*"
        assert [g["GroupId"] for g in ec2_endpoint["Groups"]] == [c["ec2EndpointSecurityGroupId"]]
        assert cfn_logical_id(ec2_endpoint["Tags"]) == "EC2VpcEndpoint"
        assert cfn_logical_id(endpoints[c["pendingEndpointId"]]["Tags"]) is None

        group = consumer_ec2.describe_security_groups(GroupIds=[c["ec2EndpointSecurityGroupId"]])["SecurityGroups"][0]
        assert [(r["FromPort"], [x["CidrIp"] for x in r["IpRanges"]]) for r in group["IpPermissions"]] == \
            [(443, [c["vpcCidr"]])]

        balancer = peer.client("elbv2", provider, region).describe_load_balancers(LoadBalancerArns=[p["nlbArn"]])[
            "LoadBalancers"][0]
        assert balancer["Type"] == "network" and balancer["LoadBalancerName"] == p["nlbName"]


def test_mutate_steps_change_what_they_say(peer, fresh_account):
    provider, consumer = fresh_account(), fresh_account()
    accounts = ["--provider-account", provider, "--consumer-account", consumer, "--regions", "us-east-1"]
    summary = run_seed(peer, *accounts)["regions"]["us-east-1"]
    p, c = summary["provider"], summary["consumer"]

    changes = run_seed(peer, *accounts, "--mutate",
                       "add-principal,acceptance-off,widen-sg,delete-endpoint,unmanaged-endpoint")["changes"]

    assert [x["step"] for x in changes] == ["add-principal", "acceptance-off", "widen-sg", "delete-endpoint",
                                            "unmanaged-endpoint"]
    provider_ec2, consumer_ec2 = peer.client("ec2", provider), peer.client("ec2", consumer)
    service = provider_ec2.describe_vpc_endpoint_service_configurations(ServiceIds=[p["serviceId"]])[
        "ServiceConfigurations"][0]
    assert service["AcceptanceRequired"] is False
    principals = {a["Principal"] for a in provider_ec2.describe_vpc_endpoint_service_permissions(
        ServiceId=p["serviceId"])["AllowedPrincipals"]}
    assert principals == {f"arn:aws:iam::{consumer}:root", "arn:aws:iam::999999999999:root"}
    group = consumer_ec2.describe_security_groups(GroupIds=[c["ec2EndpointSecurityGroupId"]])["SecurityGroups"][0]
    assert "0.0.0.0/0" in {r["CidrIp"] for rule in group["IpPermissions"] for r in rule["IpRanges"]}
    endpoints = {e["VpcEndpointId"]: e for e in consumer_ec2.describe_vpc_endpoints()["VpcEndpoints"]}
    assert endpoints[c["ec2EndpointId"]]["State"] == "deleted"  # moto keeps deleted endpoints, as AWS does briefly
    created = changes[-1]["resource"]
    assert endpoints[created]["ServiceName"] == "com.amazonaws.us-east-1.sts"
    assert cfn_logical_id(endpoints[created]["Tags"]) is None


def test_seed_refuses_a_non_local_endpoint():
    completed = subprocess.run([sys.executable, str(SCRIPTS / "seed_article.py"),
                                "--endpoint-url", "https://ec2.us-east-1.amazonaws.com"],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 2 and "not local" in completed.stderr
