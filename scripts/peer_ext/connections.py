"""TEST-ONLY: endpoint acceptance states and the connection calls moto 5.2.1 lacks.

AWS behaviour reproduced:
  * CreateVpcEndpoint against an endpoint service that requires acceptance leaves the endpoint
    `pendingAcceptance` (moto: always `available`); without acceptance it is `available`.
  * DescribeVpcEndpointConnections (called by the service owner) lists, for each of the caller's
    endpoint services in the request's region, the endpoints in ANY account and region whose
    ServiceName names it. Filters: service-id, vpc-endpoint-owner, vpc-endpoint-state,
    vpc-endpoint-id, ip-address-type, vpc-endpoint-region.
  * Accept: pendingAcceptance|rejected -> available (available stays available).
    Reject: pendingAcceptance|available -> rejected (rejected stays rejected).
    An endpoint id that is not connected to the service comes back in `unsuccessful` with
    InvalidVpcEndpointId.NotFound; one in another state (deleted, ...) with InvalidState.
"""

from __future__ import annotations

import fnmatch
import hashlib
from typing import Any, Iterator

from moto.core.responses import ActionResult
from moto.ec2.exceptions import UnknownVpcEndpointService
from moto.ec2.models import EC2Backend, ec2_backends
from moto.ec2.responses import EC2Response

ACCEPTABLE = {"pendingAcceptance", "rejected", "available"}
REJECTABLE = {"pendingAcceptance", "available", "rejected"}


def install() -> None:
    """Patch CreateVpcEndpoint's initial state and add the three connection actions."""
    original_create = EC2Backend.create_vpc_endpoint

    def create_vpc_endpoint(self: Any, *args: Any, **kwargs: Any) -> Any:
        endpoint = original_create(self, *args, **kwargs)
        service = find_service(endpoint.service_name)
        if service is not None and service.acceptance_required:
            endpoint.state = "pendingAcceptance"
        return endpoint

    EC2Backend.create_vpc_endpoint = create_vpc_endpoint
    EC2Response.describe_vpc_endpoint_connections = describe_vpc_endpoint_connections
    EC2Response.accept_vpc_endpoint_connections = accept_vpc_endpoint_connections
    EC2Response.reject_vpc_endpoint_connections = reject_vpc_endpoint_connections


def all_backends() -> Iterator[tuple[str, str, Any]]:
    """(account, region, backend) for every EC2 backend moto has created so far (none are created here)."""
    for account_id, regions in list(dict.items(ec2_backends)):
        for region, backend in list(dict.items(regions)):
            yield account_id, region, backend


def find_service(service_name: str) -> Any | None:
    """The endpoint service configuration named `service_name`, in any account and region."""
    for _, _, backend in all_backends():
        for config in list(backend.configurations.values()):
            if config.service_name == service_name:
                return config
    return None


def connected_endpoints(config: Any) -> Iterator[tuple[str, str, Any]]:
    """(owner account, region, endpoint) for every endpoint, anywhere, that names `config`."""
    for account_id, region, backend in all_backends():
        for endpoint in list(backend.vpc_end_points.values()):
            if endpoint.service_name == config.service_name:
                yield account_id, region, endpoint


def connection_id(endpoint_id: str) -> str:
    """A stable `vpce-con-<17 hex>` id for the connection of `endpoint_id`."""
    return "vpce-con-" + hashlib.sha256(endpoint_id.encode()).hexdigest()[:17]


def connection(config: Any, owner: str, region: str, endpoint: Any) -> dict[str, Any]:
    """One VpcEndpointConnection record, shaped as botocore's model."""
    return {
        "ServiceId": config.id,
        "VpcEndpointId": endpoint.id,
        "VpcEndpointOwner": owner,
        "VpcEndpointState": endpoint.state,
        "CreationTimestamp": endpoint.creation_timestamp,
        "DnsEntries": [
            {"DnsName": entry.get("dns_name"), "HostedZoneId": entry.get("hosted_zone_id")}
            for entry in (endpoint.dns_entries or [])
        ],
        "NetworkLoadBalancerArns": list(config.network_load_balancer_arns),
        "GatewayLoadBalancerArns": list(config.gateway_load_balancer_arns),
        "IpAddressType": getattr(endpoint, "ip_address_type", None) or "ipv4",
        "VpcEndpointConnectionId": connection_id(endpoint.id),
        "VpcEndpointRegion": region,
    }


FILTERS = {
    "service-id": "ServiceId",
    "vpc-endpoint-owner": "VpcEndpointOwner",
    "vpc-endpoint-state": "VpcEndpointState",
    "vpc-endpoint-id": "VpcEndpointId",
    "ip-address-type": "IpAddressType",
    "vpc-endpoint-region": "VpcEndpointRegion",
}


def matches(record: dict[str, Any], filters: dict[str, list[str]]) -> bool:
    """AWS filter semantics: every named filter must match one of its values (`*`/`?` wildcards)."""
    for name, values in filters.items():
        field = FILTERS.get(name)
        if field is None:
            from moto.ec2.exceptions import InvalidParameterValueError

            raise InvalidParameterValueError(name)
        if not any(fnmatch.fnmatchcase(str(record[field]), value) for value in values):
            return False
    return True


def describe_vpc_endpoint_connections(self: Any) -> ActionResult:
    """DescribeVpcEndpointConnections for the caller's services in this region (paged by peer_ext.paging)."""
    filters = self._filters_from_querystring()
    records = [
        connection(config, owner, region, endpoint)
        for config in list(self.ec2_backend.configurations.values())
        for owner, region, endpoint in connected_endpoints(config)
    ]
    return ActionResult({"VpcEndpointConnections": [r for r in records if matches(r, filters)]})


def change_states(self: Any, allowed: set[str], target: str) -> ActionResult:
    """Moves each named endpoint of the service to `target`; the rest come back as unsuccessful."""
    service_id = self._get_param("ServiceId")
    config = self.ec2_backend.configurations.get(service_id)
    if config is None:
        raise UnknownVpcEndpointService(service_id)
    endpoints = {endpoint.id: endpoint for _, _, endpoint in connected_endpoints(config)}
    unsuccessful = []
    for endpoint_id in self._get_param("VpcEndpointIds", []):
        endpoint = endpoints.get(endpoint_id)
        if endpoint is None:
            error = {"Code": "InvalidVpcEndpointId.NotFound",
                     "Message": f"The Vpc Endpoint Id '{endpoint_id}' does not exist"}
        elif endpoint.state not in allowed:
            error = {"Code": "InvalidState",
                     "Message": f"Vpc Endpoint {endpoint_id} is in state {endpoint.state}"}
        else:
            endpoint.state = target
            continue
        unsuccessful.append({"Error": error, "ResourceId": endpoint_id})
    return ActionResult({"Unsuccessful": unsuccessful})


def accept_vpc_endpoint_connections(self: Any) -> ActionResult:
    """AcceptVpcEndpointConnections: the endpoints become `available`."""
    return change_states(self, ACCEPTABLE, "available")


def reject_vpc_endpoint_connections(self: Any) -> ActionResult:
    """RejectVpcEndpointConnections: the endpoints become `rejected`."""
    return change_states(self, REJECTABLE, "rejected")
