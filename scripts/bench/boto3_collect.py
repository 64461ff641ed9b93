#!/usr/bin/env python3
"""The alternative a user would write instead of plinv: boto3 paginators into SQLite as JSON rows.

Per account × region it makes the calls plinv makes — endpoint service configurations, each service's
permissions, connections (when the account owns a service), endpoints, the endpoints' security groups
(by `group-id` filter, 200 values a call), ELBv2 load balancers — with the largest page size, in a
thread pool over regions, and stores every record as a JSON row of a new snapshot in one transaction.

Usage: boto3_collect.py --endpoint-url URL --db FILE --region R [--region R…] [--workers N]
Prints the snapshot id. Credentials come from the usual boto3 chain.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sqlite3
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3

SCHEMA = """
CREATE TABLE IF NOT EXISTS snapshot (id INTEGER PRIMARY KEY, taken_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resource (
    snapshot_id INTEGER NOT NULL REFERENCES snapshot(id), kind TEXT NOT NULL, account TEXT NOT NULL,
    region TEXT NOT NULL, resource_id TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS resource_by_snapshot ON resource(snapshot_id, kind);
"""


def pages(client, operation: str, key: str, **parameters) -> list[dict]:
    """Every item under `key` across every page of `operation`."""
    items: list[dict] = []
    for page in client.get_paginator(operation).paginate(**parameters):
        items.extend(page.get(key, []))
    return items


def collect_region(session: boto3.session.Session, endpoint_url: str, account: str, region: str) -> list[tuple]:
    """One region's records as (kind, account, region, resource id, record) rows."""
    ec2 = session.client("ec2", region_name=region, endpoint_url=endpoint_url)
    elbv2 = session.client("elbv2", region_name=region, endpoint_url=endpoint_url)
    rows: list[tuple] = []

    def add(kind: str, records: list[dict], id_key: str) -> None:
        for record in records:
            record = dict(record, Account=account, Region=region)
            rows.append((kind, account, region, str(record.get(id_key, "")), record))

    services = pages(ec2, "describe_vpc_endpoint_service_configurations", "ServiceConfigurations", MaxResults=1000)
    add("endpointService", services, "ServiceId")
    for service in services:
        principals = pages(ec2, "describe_vpc_endpoint_service_permissions", "AllowedPrincipals",
                           ServiceId=service["ServiceId"], MaxResults=1000)
        add("allowedPrincipal", [dict(p, ServiceId=service["ServiceId"]) for p in principals], "Principal")
    if services:
        add("connection", pages(ec2, "describe_vpc_endpoint_connections", "VpcEndpointConnections",
                                MaxResults=1000), "VpcEndpointId")
    endpoints = pages(ec2, "describe_vpc_endpoints", "VpcEndpoints", MaxResults=1000)
    add("vpcEndpoint", endpoints, "VpcEndpointId")
    group_ids = sorted({group["GroupId"] for endpoint in endpoints for group in endpoint.get("Groups", [])})
    for start in range(0, len(group_ids), 200):
        add("securityGroup", pages(ec2, "describe_security_groups", "SecurityGroups", MaxResults=1000,
                                   Filters=[{"Name": "group-id", "Values": group_ids[start:start + 200]}]),
            "GroupId")
    add("loadBalancer", pages(elbv2, "describe_load_balancers", "LoadBalancers", PageSize=400), "LoadBalancerArn")
    return rows


def store(database: str, rows: list[tuple]) -> int:
    """Write one snapshot of JSON rows; returns its id."""
    connection = sqlite3.connect(database)
    try:
        connection.executescript(SCHEMA)
        with connection:
            taken_at = datetime.datetime.now(datetime.timezone.utc).isoformat()
            snapshot_id = connection.execute("INSERT INTO snapshot (taken_at) VALUES (?)", (taken_at,)).lastrowid
            connection.executemany(
                "INSERT INTO resource VALUES (?, ?, ?, ?, ?, ?)",
                ((snapshot_id, kind, account, region, resource_id, json.dumps(record, default=str, sort_keys=True))
                 for kind, account, region, resource_id, record in rows))
        return snapshot_id
    finally:
        connection.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint-url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--region", action="append", required=True)
    parser.add_argument("--workers", type=int, default=8, help="regions read at the same time (default 8)")
    arguments = parser.parse_args(argv)

    base = boto3.session.Session()
    account = base.client("sts", region_name=arguments.region[0],
                          endpoint_url=arguments.endpoint_url).get_caller_identity()["Account"]

    def one(region: str) -> list[tuple]:
        # boto3 sessions are not thread-safe: one per thread, as the boto3 documentation advises.
        return collect_region(boto3.session.Session(), arguments.endpoint_url, account, region)

    with ThreadPoolExecutor(max_workers=arguments.workers) as pool:
        rows = [row for region_rows in pool.map(one, arguments.region) for row in region_rows]
    print(store(arguments.db, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
