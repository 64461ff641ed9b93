#!/usr/bin/env python3
"""The drift check a user would write next to boto3_collect.py: CloudFormation VPC endpoints vs live.

Usage: py_drift.py --db FILE --template FILE --account A --region R --stack-name S -o FILE

Loads the template with PyYAML (libyaml when present), reads the latest snapshot's endpoint rows of
that account and region, matches them by the CloudFormation logical-id/stack-name tags, compares the
properties plinv compares for AWS::EC2::VPCEndpoint, and writes the findings as JSON: changed
properties, missing resources, and unmanaged live endpoints.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

import yaml

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def tags_of(record: dict) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in record.get("Tags") or []}


def compare(logical_id: str, desired: dict, live: dict) -> list[dict]:
    """Property differences of one matched endpoint."""
    actual = {
        "VpcId": live.get("VpcId"), "ServiceName": live.get("ServiceName"),
        "VpcEndpointType": (live.get("VpcEndpointType") or "").lower(),
        "SubnetIds": sorted(live.get("SubnetIds") or []), "RouteTableIds": sorted(live.get("RouteTableIds") or []),
        "SecurityGroupIds": sorted(group["GroupId"] for group in live.get("Groups") or []),
        "PrivateDnsEnabled": live.get("PrivateDnsEnabled"),
        "PolicyDocument": json.loads(live["PolicyDocument"]) if live.get("PolicyDocument") else None,
    }
    findings = []
    for name, value in desired.items():
        if name not in actual:
            continue
        expected = value
        if name == "VpcEndpointType":
            expected = str(value).lower()
        elif name in ("SubnetIds", "RouteTableIds", "SecurityGroupIds"):
            expected = sorted(value)
        elif name == "PolicyDocument" and isinstance(value, str):
            expected = json.loads(value)
        if expected != actual[name]:
            findings.append({"kind": "changed", "logicalId": logical_id, "resourceId": live["VpcEndpointId"],
                             "attribute": name, "expected": expected, "actual": actual[name]})
    return findings


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--template", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--region", required=True)
    parser.add_argument("--stack-name", required=True)
    parser.add_argument("-o", "--output", required=True)
    arguments = parser.parse_args(argv)

    with open(arguments.template, encoding="utf-8") as file:
        template = yaml.load(file, Loader=Loader)
    declared = {logical_id: resource.get("Properties") or {}
                for logical_id, resource in (template.get("Resources") or {}).items()
                if resource.get("Type") == "AWS::EC2::VPCEndpoint"}
    connection = sqlite3.connect(arguments.db)
    snapshot = connection.execute("SELECT max(id) FROM snapshot").fetchone()[0]
    rows = connection.execute(
        "SELECT record FROM resource WHERE snapshot_id = ? AND kind = 'vpcEndpoint' AND account = ? AND region = ?",
        (snapshot, arguments.account, arguments.region)).fetchall()
    connection.close()
    live = [json.loads(row[0]) for row in rows]
    by_logical_id: dict[str, list[dict]] = {}
    for record in live:
        tags = tags_of(record)
        if tags.get("aws:cloudformation:stack-name") == arguments.stack_name:
            by_logical_id.setdefault(tags.get("aws:cloudformation:logical-id", ""), []).append(record)
    findings, matched = [], set()
    for logical_id, properties in declared.items():
        candidates = by_logical_id.get(logical_id, [])
        if len(candidates) != 1:
            findings.append({"kind": "missing" if not candidates else "ambiguous", "logicalId": logical_id})
            continue
        matched.add(candidates[0]["VpcEndpointId"])
        findings += compare(logical_id, properties, candidates[0])
    findings += [{"kind": "unmanaged", "resourceId": record["VpcEndpointId"]}
                 for record in live if record["VpcEndpointId"] not in matched]
    with open(arguments.output, "w", encoding="utf-8") as out:
        json.dump({"snapshot": snapshot, "findings": findings}, out, indent=2, sort_keys=True)
    return 2 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
