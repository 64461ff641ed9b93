"""peer_ext's MaxResults/NextToken paging against the EC2 API reference (boto3 as the client)."""

from __future__ import annotations

from typing import Any, Callable

import botocore.exceptions
import pytest

from conftest import make_endpoints, make_service

ITEMS = 7


def seed_security_groups(peer, fresh_account) -> tuple[Any, dict[str, Any]]:
    account = fresh_account()
    ec2 = peer.client("ec2", account)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    for index in range(ITEMS):
        ec2.create_security_group(GroupName=f"g{index}", Description="paging", VpcId=vpc)
    return ec2, {}


def seed_endpoints(peer, fresh_account) -> tuple[Any, dict[str, Any]]:
    account = fresh_account()
    make_endpoints(peer, account, "com.amazonaws.us-east-1.ec2", count=ITEMS)
    return peer.client("ec2", account), {}


def seed_services(peer, fresh_account) -> tuple[Any, dict[str, Any]]:
    account = fresh_account()
    for _ in range(ITEMS):
        make_service(peer, account)
    return peer.client("ec2", account), {}


def seed_permissions(peer, fresh_account) -> tuple[Any, dict[str, Any]]:
    account = fresh_account()
    service = make_service(peer, account)
    ec2 = peer.client("ec2", account)
    ec2.modify_vpc_endpoint_service_permissions(
        ServiceId=service["ServiceId"],
        AddAllowedPrincipals=[f"arn:aws:iam::{100000000000 + index}:root" for index in range(ITEMS)])
    return ec2, {"ServiceId": service["ServiceId"]}


def seed_connections(peer, fresh_account) -> tuple[Any, dict[str, Any]]:
    account = fresh_account()
    service = make_service(peer, account, acceptance=False)
    make_endpoints(peer, fresh_account(), service["ServiceName"], count=ITEMS)
    return peer.client("ec2", account), {}


# (operation, result key, item id, seed)
OPERATIONS: list[tuple[str, str, Callable[[dict[str, Any]], str], Callable[..., Any]]] = [
    ("describe_security_groups", "SecurityGroups", lambda item: item["GroupId"], seed_security_groups),
    ("describe_vpc_endpoints", "VpcEndpoints", lambda item: item["VpcEndpointId"], seed_endpoints),
    ("describe_vpc_endpoint_service_configurations", "ServiceConfigurations", lambda item: item["ServiceId"],
     seed_services),
    ("describe_vpc_endpoint_service_permissions", "AllowedPrincipals", lambda item: item["Principal"],
     seed_permissions),
    ("describe_vpc_endpoint_connections", "VpcEndpointConnections", lambda item: item["VpcEndpointId"],
     seed_connections),
]
NAMES = [operation for operation, *_ in OPERATIONS]


@pytest.mark.parametrize("operation, key, item_id, seed", OPERATIONS, ids=NAMES)
def test_pages_return_every_item_exactly_once(peer, fresh_account, operation, key, item_id, seed):
    ec2, arguments = seed(peer, fresh_account)
    everything = [item_id(item) for item in getattr(ec2, operation)(**arguments)[key]]
    assert len(everything) >= ITEMS
    assert "NextToken" not in getattr(ec2, operation)(**arguments)

    pages, token = [], None
    while True:
        response = getattr(ec2, operation)(MaxResults=5, **arguments, **({"NextToken": token} if token else {}))
        pages.append([item_id(item) for item in response[key]])
        token = response.get("NextToken")
        if not token:
            break

    assert all(len(page) == 5 for page in pages[:-1])
    assert 0 < len(pages[-1]) <= 5
    seen = [identifier for page in pages for identifier in page]
    assert len(seen) == len(set(seen))
    assert set(seen) == set(everything)
    paginated = list(ec2.get_paginator(operation).paginate(PaginationConfig={"PageSize": 5}, **arguments))
    assert [[item_id(item) for item in page[key]] for page in paginated] == pages


@pytest.mark.parametrize("operation", NAMES)
def test_a_token_the_peer_did_not_issue_is_rejected(peer, fresh_account, operation):
    account = fresh_account()
    arguments = {"ServiceId": make_service(peer, account)["ServiceId"]} if "permissions" in operation else {}
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        getattr(peer.client("ec2", account), operation)(NextToken="bm90LWEtdG9rZW4=", **arguments)
    assert raised.value.response["Error"]["Code"] == "InvalidPaginationToken"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# (operation, MaxResults, accepted): the bounds the EC2 API reference documents.
BOUNDS = [
    ("describe_security_groups", 4, False),      # DescribeSecurityGroupsMaxResults: min 5
    ("describe_security_groups", 1001, False),   # ... max 1000
    ("describe_security_groups", 5, True),
    ("describe_vpc_endpoint_service_configurations", 4, False),  # "between 5 and 1,000"
    ("describe_vpc_endpoint_service_configurations", 5000, True),  # "larger than 1,000: 1,000 returned"
    ("describe_vpc_endpoint_connections", 4, False),
    ("describe_vpc_endpoint_connections", 1001, True),
    ("describe_vpc_endpoints", 5000, True),  # "greater than 1,000: 1,000 returned", no stated minimum
]


@pytest.mark.parametrize("operation, max_results, accepted", BOUNDS)
def test_max_results_bounds(peer, operation, max_results, accepted):
    ec2 = peer.client("ec2", "300000000000", validate=False)  # read-only: one account for every case
    call = getattr(ec2, operation)
    if accepted:
        assert "NextToken" not in call(MaxResults=max_results)
        return
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        call(MaxResults=max_results)
    assert raised.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_without_max_results_security_groups_are_returned_whole(peer, fresh_account):
    ec2, _ = seed_security_groups(peer, fresh_account)
    response = ec2.describe_security_groups()
    assert len(response["SecurityGroups"]) > ITEMS and "NextToken" not in response
