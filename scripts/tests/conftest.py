"""Fixtures: one moto peer (scripts/peer.py) for the session, and per-test fresh accounts on it."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import boto3
import pytest
from botocore.config import Config

SCRIPTS = Path(__file__).resolve().parent.parent
_accounts = itertools.count(1)


class Peer:
    """A running peer and ways to reach it as any account."""

    def __init__(self, process: subprocess.Popen[bytes], port: int):
        self.process = process
        self.url = f"http://127.0.0.1:{port}"
        # One botocore session for every client: it loads each service model once, which keeps the suite fast.
        self._base = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
        self._credentials: dict[str, dict[str, str]] = {}
        self._clients: dict[tuple[str, str, str, bool], Any] = {}

    def credentials(self, account: str) -> dict[str, str]:
        """Keys that moto attributes to `account`: STS AssumeRole into it (moto needs no such role)."""
        if account not in self._credentials:
            sts = self._base.client("sts", endpoint_url=self.url, region_name="us-east-1")
            self._credentials[account] = sts.assume_role(
                RoleArn=f"arn:aws:iam::{account}:role/x", RoleSessionName="pytest")["Credentials"]
        return self._credentials[account]

    def client(self, service: str, account: str, region: str = "us-east-1", validate: bool = True) -> Any:
        """A client for `service` as `account`; validate=False sends what botocore would refuse, to see the peer's answer."""
        key = (service, account, region, validate)
        if key not in self._clients:
            credentials = self.credentials(account)
            self._clients[key] = self._base.client(
                service, endpoint_url=self.url, region_name=region,
                aws_access_key_id=credentials["AccessKeyId"], aws_secret_access_key=credentials["SecretAccessKey"],
                aws_session_token=credentials["SessionToken"],
                config=Config(parameter_validation=validate, retries={"max_attempts": 1}))
        return self._clients[key]


def start_peer(*arguments: str) -> tuple[subprocess.Popen[bytes], int]:
    """Starts scripts/peer.py and returns it with the port from its first line (`PORT=<n>`)."""
    process = subprocess.Popen([sys.executable, str(SCRIPTS / "peer.py"), *arguments],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    line = process.stdout.readline().decode().strip()
    assert line.startswith("PORT="), f"peer.py printed {line!r} instead of PORT=<n>"
    return process, int(line.removeprefix("PORT="))


@pytest.fixture(scope="session")
def peer() -> Iterator[Peer]:
    process, port = start_peer("--parent-pid", str(os.getpid()))
    yield Peer(process, port)
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def fresh_account() -> Callable[[], str]:
    """Hands out 12-digit account ids no other test uses, so tests never see each other's resources."""
    return lambda: f"3{os.getpid() % 100000:05d}{next(_accounts):06d}"


def make_service(peer: Peer, account: str, region: str = "us-east-1", acceptance: bool = True) -> dict[str, Any]:
    """A VPC, subnet, NLB and endpoint service in `account`; returns the ServiceConfiguration."""
    ec2 = peer.client("ec2", account, region)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    elbv2 = peer.client("elbv2", account, region)
    name = f"nlb-{next(_accounts)}"
    arn = elbv2.create_load_balancer(Name=name, Type="network", Scheme="internal",
                                     Subnets=[subnet])["LoadBalancers"][0]["LoadBalancerArn"]
    return ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[arn], AcceptanceRequired=acceptance)["ServiceConfiguration"]


def make_endpoints(peer: Peer, account: str, service_name: str, count: int = 1,
                   region: str = "us-east-1") -> list[dict[str, Any]]:
    """`count` interface endpoints in `account` to `service_name`, in a new VPC."""
    ec2 = peer.client("ec2", account, region)
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
    return [ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, ServiceName=service_name,
                                    SubnetIds=[subnet])["VpcEndpoint"] for _ in range(count)]
