"""TEST-ONLY: seeds an AWS Organization on the local peer and prints its ids as JSON.

    python3 scripts/peer_ext/seed_organization.py --endpoint-url URL --management-account ID

The management account (any id; moto attributes it through the x-moto-account-id header) creates an
organisation of 6 member accounts in 3 OUs: `Workloads` (under the root) with `Production` inside it, and
`Sandbox` (under the root); two members in each. Then one member is closed (SUSPENDED) and one has its
OrganizationAccountAccessRole deleted, so assuming it fails (peer_ext.organizations). In `prod-a` (eu-west-1)
an endpoint service allows `prod-b`, the suspended member, the management account and an outsider
(999999999999), for the audit's `trusted: organization`. Prints `{"management", "root", "units": {name: id},
"accounts": [{"id", "name", "unit", "status", "role"}], "service": {"account", "region", "serviceId",
"allowed": [principal ARNs]}}`.
"""

from __future__ import annotations

import argparse
import json
import sys

import boto3


OUTSIDER = "999999999999"


def client(service: str, endpoint: str, account: str, region: str = "us-east-1"):
    """A boto3 client whose every request moto attributes to `account`."""
    made = boto3.client(
        service, endpoint_url=endpoint, region_name=region, aws_access_key_id="testing",
        aws_secret_access_key="testing")
    made.meta.events.register(
        "before-send", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
    return made


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--management-account", required=True)
    args = parser.parse_args(argv)
    organizations = client("organizations", args.endpoint_url, args.management_account)
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    units = {}
    units["Workloads"] = organizations.create_organizational_unit(ParentId=root, Name="Workloads")[
        "OrganizationalUnit"]["Id"]
    units["Production"] = organizations.create_organizational_unit(ParentId=units["Workloads"], Name="Production")[
        "OrganizationalUnit"]["Id"]
    units["Sandbox"] = organizations.create_organizational_unit(ParentId=root, Name="Sandbox")[
        "OrganizationalUnit"]["Id"]
    plan = [("workloads-a", "Workloads"), ("workloads-b", "Workloads"), ("prod-a", "Production"),
            ("prod-b", "Production"), ("sandbox-a", "Sandbox"), ("sandbox-b", "Sandbox")]
    accounts = []
    for name, unit in plan:
        status = organizations.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        account = status["AccountId"]
        organizations.move_account(AccountId=account, SourceParentId=root, DestinationParentId=units[unit])
        accounts.append({"id": account, "name": name, "unit": unit, "status": "ACTIVE", "role": True})
    suspended = accounts[1]  # workloads-b
    organizations.close_account(AccountId=suspended["id"])
    suspended["status"] = "SUSPENDED"
    missing = accounts[4]  # sandbox-a
    client("iam", args.endpoint_url, missing["id"]).delete_role(RoleName="OrganizationAccountAccessRole")
    missing["role"] = False
    service = seed_service(args.endpoint_url, accounts[2]["id"], "eu-west-1", [
        accounts[3]["id"], suspended["id"], args.management_account, OUTSIDER])
    json.dump({"management": args.management_account, "root": root, "units": units, "accounts": accounts,
               "service": service}, sys.stdout)
    return 0


def seed_service(endpoint: str, account: str, region: str, allowed_accounts: list[str]) -> dict:
    """An NLB endpoint service in `account` allowing each of `allowed_accounts` (as `:root` principals)."""
    ec2 = client("ec2", endpoint, account, region)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    nlb = client("elbv2", endpoint, account, region).create_load_balancer(
        Name="org-nlb", Type="network", Scheme="internal", Subnets=[subnet])["LoadBalancers"][0]["LoadBalancerArn"]
    service = ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[nlb], AcceptanceRequired=True)["ServiceConfiguration"]["ServiceId"]
    allowed = [f"arn:aws:iam::{other}:root" for other in allowed_accounts]
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=service, AddAllowedPrincipals=allowed)
    return {"account": account, "region": region, "serviceId": service, "allowed": allowed}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
