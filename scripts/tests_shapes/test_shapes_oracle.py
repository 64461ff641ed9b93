"""Keeps the generated Swift shapes and the recorded wire fixtures honest.

* GeneratedShapes.swift must be exactly what scripts/gen_shapes.py writes from the installed botocore.
* Every <Operation>.cli.json must be what the AWS CLI prints for <Operation>.xml: botocore's parser with
  the CLI's scalar parsers (timestamps and blobs as on the wire), so a hand edit of either file is caught.
"""
import json
import os
import subprocess
import sys

import botocore.session
import pytest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(SCRIPTS)
WIRE = os.path.join(REPO, "Tests", "CollectorTests", "Fixtures", "wire")
sys.path.insert(0, SCRIPTS)

import record_wire_fixtures  # noqa: E402  (needs the scripts folder on the path)

SERVICES = {
    "DescribeLoadBalancers": "elbv2", "DescribeTags": "elbv2", "GetCallerIdentity": "sts",
    "DescribeStacks": "cloudformation", "ListStackResources": "cloudformation", "GetTemplate": "cloudformation",
    "ListExports": "cloudformation",
}
OPERATIONS = sorted(name[:-4] for name in os.listdir(WIRE) if name.endswith(".xml"))


def test_generated_swift_is_up_to_date():
    result = subprocess.run(
        [sys.executable, os.path.join(SCRIPTS, "gen_shapes.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_there_is_a_fixture_per_operation():
    # One recorded response per operation plinv decodes: the ten EC2/ELBv2/STS ones and CloudFormation's four.
    assert len(OPERATIONS) == 14
    assert {"DescribeStacks", "ListStackResources", "GetTemplate", "ListExports"} <= set(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_cli_json_is_botocore_reading_the_xml(operation):
    with open(os.path.join(WIRE, f"{operation}.xml"), "rb") as handle:
        body = handle.read()
    with open(os.path.join(WIRE, f"{operation}.cli.json"), encoding="utf-8") as handle:
        printed = json.load(handle)
    service = SERVICES.get(operation, "ec2")
    expected = record_wire_fixtures.cli_oracle(botocore.session.get_session(), service, operation, body)
    assert printed == json.loads(expected)
