"""peer_ext's endpoint connections against AWS's documented behaviour (boto3 as the client)."""

from __future__ import annotations

import botocore.exceptions
import pytest

from conftest import make_endpoints, make_service

CONNECTION_FIELDS = {
    "ServiceId", "VpcEndpointId", "VpcEndpointOwner", "VpcEndpointState", "CreationTimestamp", "DnsEntries",
    "NetworkLoadBalancerArns", "IpAddressType", "VpcEndpointConnectionId", "VpcEndpointRegion",
}


def test_connections_list_endpoints_of_other_accounts_and_regions_that_name_the_service(peer, fresh_account):
    provider, consumer, other = fresh_account(), fresh_account(), fresh_account()
    service = make_service(peer, provider)
    unrelated = make_service(peer, other)
    near = make_endpoints(peer, consumer, service["ServiceName"])[0]
    far = make_endpoints(peer, other, service["ServiceName"], region="eu-west-1")[0]
    make_endpoints(peer, consumer, unrelated["ServiceName"])

    connections = peer.client("ec2", provider).describe_vpc_endpoint_connections()["VpcEndpointConnections"]

    by_id = {c["VpcEndpointId"]: c for c in connections}
    assert set(by_id) == {near["VpcEndpointId"], far["VpcEndpointId"]}
    assert all(CONNECTION_FIELDS <= set(c) for c in connections)
    assert by_id[near["VpcEndpointId"]]["VpcEndpointOwner"] == consumer
    assert by_id[far["VpcEndpointId"]]["VpcEndpointOwner"] == other
    assert by_id[far["VpcEndpointId"]]["VpcEndpointRegion"] == "eu-west-1"
    assert by_id[near["VpcEndpointId"]]["ServiceId"] == service["ServiceId"]
    assert by_id[near["VpcEndpointId"]]["NetworkLoadBalancerArns"] == service["NetworkLoadBalancerArns"]
    assert by_id[near["VpcEndpointId"]]["VpcEndpointConnectionId"].startswith("vpce-con-")
    assert by_id[near["VpcEndpointId"]]["DnsEntries"][0]["DnsName"]


def test_connections_are_only_shown_to_the_service_owner_in_the_service_region(peer, fresh_account):
    provider, consumer = fresh_account(), fresh_account()
    service = make_service(peer, provider)
    make_endpoints(peer, consumer, service["ServiceName"])
    assert peer.client("ec2", consumer).describe_vpc_endpoint_connections()["VpcEndpointConnections"] == []
    assert peer.client("ec2", provider, "eu-west-1").describe_vpc_endpoint_connections()[
        "VpcEndpointConnections"] == []


def test_connection_filters(peer, fresh_account):
    provider, consumer, other = fresh_account(), fresh_account(), fresh_account()
    service = make_service(peer, provider)
    second = make_service(peer, provider)
    first, pending = make_endpoints(peer, consumer, service["ServiceName"], count=2)
    foreign = make_endpoints(peer, other, second["ServiceName"])[0]
    ec2 = peer.client("ec2", provider)
    ec2.accept_vpc_endpoint_connections(ServiceId=service["ServiceId"], VpcEndpointIds=[first["VpcEndpointId"]])

    def ids(*filters):
        found = ec2.describe_vpc_endpoint_connections(
            Filters=[{"Name": name, "Values": values} for name, values in filters])["VpcEndpointConnections"]
        return {c["VpcEndpointId"] for c in found}

    assert ids(("service-id", [second["ServiceId"]])) == {foreign["VpcEndpointId"]}
    assert ids(("vpc-endpoint-owner", [consumer])) == {first["VpcEndpointId"], pending["VpcEndpointId"]}
    assert ids(("vpc-endpoint-state", ["pendingAcceptance"])) == {pending["VpcEndpointId"], foreign["VpcEndpointId"]}
    assert ids(("vpc-endpoint-id", [first["VpcEndpointId"]])) == {first["VpcEndpointId"]}
    assert ids(("vpc-endpoint-owner", [consumer]), ("vpc-endpoint-state", ["available"])) == {first["VpcEndpointId"]}


@pytest.mark.parametrize("acceptance, state", [(True, "pendingAcceptance"), (False, "available")])
def test_new_endpoint_state_follows_acceptance_required(peer, fresh_account, acceptance, state):
    provider, consumer = fresh_account(), fresh_account()
    service = make_service(peer, provider, acceptance=acceptance)
    endpoint = make_endpoints(peer, consumer, service["ServiceName"])[0]
    assert endpoint["State"] == state
    described = peer.client("ec2", consumer).describe_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])
    assert described["VpcEndpoints"][0]["State"] == state


def test_endpoint_to_an_aws_service_is_available(peer, fresh_account):
    endpoint = make_endpoints(peer, fresh_account(), "com.amazonaws.us-east-1.ec2")[0]
    assert endpoint["State"] == "available"


def test_accept_and_reject_change_the_consumer_endpoint_state(peer, fresh_account):
    provider, consumer = fresh_account(), fresh_account()
    service = make_service(peer, provider)
    accepted, rejected = make_endpoints(peer, consumer, service["ServiceName"], count=2)
    ec2 = peer.client("ec2", provider)

    accept = ec2.accept_vpc_endpoint_connections(ServiceId=service["ServiceId"],
                                                 VpcEndpointIds=[accepted["VpcEndpointId"]])
    reject = ec2.reject_vpc_endpoint_connections(ServiceId=service["ServiceId"],
                                                 VpcEndpointIds=[rejected["VpcEndpointId"]])

    assert accept["Unsuccessful"] == [] and reject["Unsuccessful"] == []
    states = {e["VpcEndpointId"]: e["State"]
              for e in peer.client("ec2", consumer).describe_vpc_endpoints()["VpcEndpoints"]}
    assert states == {accepted["VpcEndpointId"]: "available", rejected["VpcEndpointId"]: "rejected"}
    seen = {c["VpcEndpointId"]: c["VpcEndpointState"]
            for c in ec2.describe_vpc_endpoint_connections()["VpcEndpointConnections"]}
    assert seen == states


def test_unknown_endpoint_ids_come_back_unsuccessful(peer, fresh_account):
    provider, consumer = fresh_account(), fresh_account()
    service = make_service(peer, provider)
    other_service = make_service(peer, provider)
    known = make_endpoints(peer, consumer, service["ServiceName"])[0]
    elsewhere = make_endpoints(peer, consumer, other_service["ServiceName"])[0]
    ec2 = peer.client("ec2", provider)

    result = ec2.accept_vpc_endpoint_connections(
        ServiceId=service["ServiceId"],
        VpcEndpointIds=[known["VpcEndpointId"], "vpce-0123456789abcdef0", elsewhere["VpcEndpointId"]])

    failed = {item["ResourceId"]: item["Error"]["Code"] for item in result["Unsuccessful"]}
    assert failed == {"vpce-0123456789abcdef0": "InvalidVpcEndpointId.NotFound",
                      elsewhere["VpcEndpointId"]: "InvalidVpcEndpointId.NotFound"}
    assert peer.client("ec2", consumer).describe_vpc_endpoints(
        VpcEndpointIds=[elsewhere["VpcEndpointId"]])["VpcEndpoints"][0]["State"] == "pendingAcceptance"


def test_accepting_for_an_unknown_service_is_an_error(peer, fresh_account):
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        peer.client("ec2", fresh_account()).reject_vpc_endpoint_connections(
            ServiceId="vpce-svc-00000000", VpcEndpointIds=["vpce-0123456789abcdef0"])
    assert raised.value.response["Error"]["Code"] == "InvalidVpcEndpointServiceId.NotFound"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_service_permissions_carry_type_and_id(peer, fresh_account):
    provider = fresh_account()
    service = make_service(peer, provider)
    ec2 = peer.client("ec2", provider)
    principals = {"*": "All", "arn:aws:iam::123456789012:root": "Account",
                  "arn:aws:iam::123456789012:role/deploy": "Role", "arn:aws:iam::123456789012:user/ana": "User"}
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"], AddAllowedPrincipals=list(principals))

    first = ec2.describe_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"])["AllowedPrincipals"]
    again = ec2.describe_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"])["AllowedPrincipals"]

    assert {p["Principal"]: p["PrincipalType"] for p in first} == principals
    assert all(p["ServicePermissionId"].startswith("vpce-svc-perm-") and p["ServiceId"] == service["ServiceId"]
               for p in first)
    assert len({p["ServicePermissionId"] for p in first}) == len(principals)
    assert {p["Principal"]: p["ServicePermissionId"] for p in first} == \
        {p["Principal"]: p["ServicePermissionId"] for p in again}


def test_a_deleted_endpoint_cannot_be_accepted(peer, fresh_account):
    provider, consumer = fresh_account(), fresh_account()
    service = make_service(peer, provider)
    endpoint = make_endpoints(peer, consumer, service["ServiceName"])[0]
    peer.client("ec2", consumer).delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])

    result = peer.client("ec2", provider).accept_vpc_endpoint_connections(
        ServiceId=service["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])

    assert [(item["ResourceId"], item["Error"]["Code"]) for item in result["Unsuccessful"]] == \
        [(endpoint["VpcEndpointId"], "InvalidState")]
