"""scripts/peer.py: prints its port first, checks signatures on request, never outlives its parent."""

from __future__ import annotations

import subprocess

import boto3
import pytest
from botocore.exceptions import ClientError

from conftest import start_peer


def test_peer_with_auth_checks_signatures_and_exits_when_its_parent_is_gone():
    parent = subprocess.Popen(["sleep", "60"])
    process, port = start_peer("--auth", "0", "--auth-key", "AKIAPLINVTEST0000001:plinv-secret",
                               "--parent-pid", str(parent.pid))
    try:
        def ec2(key: str, secret: str):
            return boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                                aws_access_key_id=key, aws_secret_access_key=secret)

        assert ec2("AKIAPLINVTEST0000001", "plinv-secret").describe_vpcs()["Vpcs"]
        for key, secret in [("AKIAPLINVTEST0000001", "wrong-secret"), ("AKIAUNKNOWNUNKNOWN00", "plinv-secret")]:
            with pytest.raises(ClientError) as raised:
                ec2(key, secret).describe_vpcs()
            assert raised.value.response["Error"]["Code"] == "AuthFailure"
    finally:
        parent.kill()
        parent.wait()
    assert process.wait(timeout=30) == 0


def test_peer_exits_when_stdin_closes():
    process, _ = start_peer("--stdin-eof")
    assert process.stdin is not None
    process.stdin.close()
    assert process.wait(timeout=30) == 0
