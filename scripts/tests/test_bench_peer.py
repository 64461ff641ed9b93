"""The bench's peer (scripts/bench/server.py) keeps connections alive, as AWS's endpoints do.

The peer runs in a process of its own: it patches moto in the process it runs in (peer_ext, the bench's fallback and
speed-up), which must not reach the other tests' in-process moto.
"""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

BENCH = Path(__file__).resolve().parent.parent / "bench"
PEER = f"""
import sys
sys.path.insert(0, {str(BENCH)!r})
from server import BenchServer
server = BenchServer()
print(server.url, flush=True)
sys.stdin.read()
server.stop()
"""
# An unsigned GET with no body: moto answers it as S3's ListBuckets (its default service).
UNSIGNED_GET = "/"


@pytest.fixture(scope="module")
def peer():
    process = subprocess.Popen([sys.executable, "-c", PEER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    url = process.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), "the bench peer did not start"
    yield urlparse(url)
    process.stdin.close()
    process.wait(timeout=30)


def signed_ec2_post(address, action: str, **parameters: str) -> tuple[dict[str, str], bytes]:
    """Headers and body of an EC2 Query call to `/`, signed as plinv and boto3 sign them."""
    body = urlencode({"Action": action, "Version": "2016-11-15", **parameters})
    request = AWSRequest(method="POST", url=f"http://{address.netloc}/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials("testing", "testing"), "ec2", "eu-west-1").add_auth(request)
    return dict(request.headers.items()), body.encode()


def test_two_gets_share_one_connection(peer):
    connection = http.client.HTTPConnection(peer.hostname, peer.port, timeout=30)
    connection.request("GET", UNSIGNED_GET)
    first = connection.getresponse()
    body = first.read()
    socket = connection.sock
    assert first.status == 200
    assert first.getheader("Connection") is None
    assert int(first.getheader("Content-Length")) == len(body) > 0
    connection.request("GET", UNSIGNED_GET)
    second = connection.getresponse()
    assert second.read() == body
    assert connection.sock is socket and socket is not None, "the second request reused the first connection"
    connection.close()


def test_signed_posts_with_bodies_share_one_connection(peer):
    connection = http.client.HTTPConnection(peer.hostname, peer.port, timeout=30)
    headers, body = signed_ec2_post(peer, "CreateVpc", CidrBlock="10.9.0.0/16")
    connection.request("POST", "/", body=body, headers=headers)
    created = connection.getresponse()
    created_body = created.read().decode()
    socket = connection.sock
    assert created.status == 200, created_body
    vpc = re.search(r"<vpcId>(vpc-[0-9a-f]+)</vpcId>", created_body).group(1)
    headers, body = signed_ec2_post(peer, "DescribeVpcs", **{"VpcId.1": vpc})
    connection.request("POST", "/", body=body, headers=headers)
    described = connection.getresponse()
    described_body = described.read().decode()
    assert described.status == 200, described_body
    assert re.findall(r"<vpcId>(vpc-[0-9a-f]+)</vpcId>", described_body) == [vpc]
    assert connection.sock is socket and socket is not None, "the second call reused the first connection"
    connection.close()


def test_a_body_without_a_usable_length_is_refused_and_the_connection_closed(peer):
    connection = http.client.HTTPConnection(peer.hostname, peer.port, timeout=30)
    connection.putrequest("POST", "/")
    connection.putheader("Content-Length", "-1")
    connection.endheaders()
    answer = connection.getresponse()
    answer.read()
    assert answer.status == 400
    assert answer.getheader("Connection") == "close"
    connection.close()
