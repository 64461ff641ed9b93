"""TEST-ONLY stand-in, used by the bench harness only while scripts/peer_ext does not provide them:
MaxResults/NextToken paging on the describe calls plinv pages, and DescribeVpcEndpointConnections.

When peer_ext defines ``describe_vpc_endpoint_connections`` on moto's EC2Response, nothing here is
installed (``install`` returns False): the benchmark then measures the real peer extension.
"""

from __future__ import annotations

import functools

PAGED = {
    "describe_vpc_endpoints": "VpcEndpoints",
    "describe_vpc_endpoint_service_configurations": "ServiceConfigurations",
    "describe_vpc_endpoint_service_permissions": "AllowedPrincipals",
    "describe_security_groups": "SecurityGroups",
    "describe_vpc_endpoint_connections": "VpcEndpointConnections",
}
TOKEN_PREFIX = "bench-offset-"


def _paged(method, key: str):
    """`method` with its list under `key` cut to MaxResults from the NextToken's offset."""
    from moto.core.responses import ActionResult

    @functools.wraps(method)
    def paged(self):
        result = method(self)
        limit = self._get_int_param("MaxResults")
        if limit is None or not isinstance(getattr(result, "result", None), dict):
            return result
        body = dict(result.result)
        items = list(body.get(key) or [])
        token = self._get_param("NextToken") or ""
        start = int(token[len(TOKEN_PREFIX):]) if token.startswith(TOKEN_PREFIX) else 0
        body[key] = items[start:start + limit]
        if start + limit < len(items):
            body["NextToken"] = f"{TOKEN_PREFIX}{start + limit}"
        return ActionResult(body)

    return paged


def _describe_vpc_endpoint_connections(self):
    """Connections to the caller's services: every endpoint (any account in moto) naming one of them."""
    from moto.core.responses import ActionResult
    from moto.ec2.models import ec2_backends

    services = {config.service_name: config for config in self.ec2_backend.configurations.values()}
    connections = []
    if services:
        for account_backends in ec2_backends.values():
            backend = account_backends.get(self.region) if hasattr(account_backends, "get") else None
            if backend is None:
                continue
            for endpoint in backend.vpc_end_points.values():
                config = services.get(endpoint.service_name)
                if config is None:
                    continue
                connections.append({
                    "ServiceId": config.id, "VpcEndpointId": endpoint.id,
                    "VpcEndpointOwner": backend.account_id, "VpcEndpointState": "available",
                    "CreationTimestamp": endpoint.creation_timestamp, "DnsEntries": endpoint.dns_entries or [],
                    "NetworkLoadBalancerArns": list(config.network_load_balancer_arns),
                })
    return ActionResult({"VpcEndpointConnections": connections})


def install() -> bool:
    """Install the stand-ins unless peer_ext already provides DescribeVpcEndpointConnections."""
    from moto.ec2.responses import EC2Response

    if hasattr(EC2Response, "describe_vpc_endpoint_connections"):
        return False
    EC2Response.describe_vpc_endpoint_connections = _describe_vpc_endpoint_connections
    for name, key in PAGED.items():
        setattr(EC2Response, name, _paged(getattr(EC2Response, name), key))
    return True
