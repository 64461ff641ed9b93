"""peer_ext.organizations and seed_organization.py: members reachable by their role, not without it."""

from __future__ import annotations

import json
import subprocess
import sys

import boto3
import botocore.exceptions
import pytest

from conftest import SCRIPTS


def seed(peer, account: str) -> dict:
    output = subprocess.run(
        [sys.executable, str(SCRIPTS / "peer_ext" / "seed_organization.py"), "--endpoint-url", peer.url,
         "--management-account", account], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def assume(peer, role_arn: str):
    sts = boto3.client("sts", endpoint_url=peer.url, region_name="us-east-1", aws_access_key_id="testing",
                       aws_secret_access_key="testing")
    return sts.assume_role(RoleArn=role_arn, RoleSessionName="pytest")


def test_the_seeded_organisation_has_six_members_in_three_units(peer, fresh_account):
    management = fresh_account()
    summary = seed(peer, management)
    assert len(summary["accounts"]) == 6
    assert sorted(summary["units"]) == ["Production", "Sandbox", "Workloads"]
    organizations = peer.client("organizations", management)
    listed = {account["Id"]: account["Status"] for account in organizations.list_accounts()["Accounts"]}
    for account in summary["accounts"]:
        assert listed[account["id"]] == account["status"]
    assert management in listed  # the management account is an account of its organisation, as in AWS
    nested = organizations.list_organizational_units_for_parent(ParentId=summary["units"]["Workloads"])
    assert [unit["Name"] for unit in nested["OrganizationalUnits"]] == ["Production"]
    assert len(summary["service"]["allowed"]) == 4


def test_a_member_without_the_role_cannot_be_assumed(peer, fresh_account):
    summary = seed(peer, fresh_account())
    missing = next(account for account in summary["accounts"] if not account["role"])
    present = next(account for account in summary["accounts"] if account["role"])
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        assume(peer, f"arn:aws:iam::{missing['id']}:role/OrganizationAccountAccessRole")
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    credentials = assume(peer, f"arn:aws:iam::{present['id']}:role/OrganizationAccountAccessRole")["Credentials"]
    assert credentials["AccessKeyId"]


def test_accounts_outside_an_organisation_keep_motos_any_role(peer, fresh_account):
    assert assume(peer, f"arn:aws:iam::{fresh_account()}:role/never-created")["Credentials"]["AccessKeyId"]
