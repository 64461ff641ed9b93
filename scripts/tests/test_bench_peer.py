"""The bench's peer (scripts/bench/server.py) keeps connections alive, as AWS's endpoints do, and still counts calls."""

from __future__ import annotations

import http.client
import sys
from pathlib import Path
from urllib.parse import urlparse

import boto3
import pytest
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from server import BenchServer  # noqa: E402

LISTING = "/?Action=DescribeVpcEndpointServices&Version=2016-11-15"


@pytest.fixture(scope="module")
def server():
    peer = BenchServer()
    yield peer
    peer.stop()


def test_two_requests_share_one_connection(server):
    address = urlparse(server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", LISTING)
    first = connection.getresponse()
    body = first.read()
    socket = connection.sock
    assert first.status == 200
    assert first.getheader("Connection") is None
    assert int(first.getheader("Content-Length")) == len(body) > 0
    connection.request("GET", LISTING)
    second = connection.getresponse()
    assert second.read() == body
    assert connection.sock is socket and socket is not None, "the second request reused the first connection"
    connection.close()


def test_a_signed_form_request_reaches_moto_and_is_counted(server):
    server.counter.reset()
    ec2 = boto3.client("ec2", endpoint_url=server.url, region_name="eu-west-1", aws_access_key_id="testing",
                       aws_secret_access_key="testing", config=Config(retries={"max_attempts": 1}))
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    described = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"]
    traffic = server.counter.reset()
    assert [v["VpcId"] for v in described] == [vpc]
    assert traffic.calls[("ec2", "CreateVpc")] == 1
    assert traffic.calls[("ec2", "DescribeVpcs")] == 1
    assert traffic.request_bytes > 0 and traffic.response_bytes > 0
