"""TEST-ONLY: seed benchmark-scale PrivateLink state straight into moto's in-process backends.

Seeding 10,000 endpoints one HTTP call at a time takes minutes; creating the same models through
moto's backend methods (the code its HTTP handlers call) takes seconds. Use it in the process that
runs the moto server (the bench harness starts its own server, see ``server.py``).

Per region the state is: one VPC with two subnets in two availability zones; one security group per
``endpoints_per_group`` endpoints; ``services`` network load balancers, each behind one endpoint
service (acceptance required) with ``principals`` allowed principals; ``endpoints`` interface
endpoints with two subnets, one security group, two tags and the default full-access policy — the
first ``services`` of them connect to our own services, the rest to AWS services.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from moto.core import DEFAULT_ACCOUNT_ID
from moto.moto_api._internal import mock_random

AWS_SERVICES = ("ec2", "s3", "sts", "ssm", "logs", "kms", "ecr.api", "ecr.dkr", "secretsmanager", "monitoring")


@dataclass
class RegionCounts:
    """What was created in one region."""

    region: str
    endpoints: int = 0
    services: int = 0
    principals: int = 0
    security_groups: int = 0
    load_balancers: int = 0
    connections: int = 0
    service_ids: list[str] = field(default_factory=list)
    vpc_id: str = ""
    subnet_ids: list[str] = field(default_factory=list)
    group_ids: list[str] = field(default_factory=list)
    endpoint_services: list[str] = field(default_factory=list)


def split(total: int, parts: int) -> list[int]:
    """`total` spread over `parts` as evenly as integers allow (the first parts get the remainder)."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def seed_region(region: str, endpoints: int, services: int, principals: int,
                endpoints_per_group: int = 10, account_id: str = DEFAULT_ACCOUNT_ID,
                stack: str | None = None) -> RegionCounts:
    """Create one region's benchmark state in moto's backends; returns the counts.

    With `stack`, endpoint i carries the tags CloudFormation puts on what it creates
    (`aws:cloudformation:stack-name` = stack, `aws:cloudformation:logical-id` = `Endpoint{i}`).
    """
    from moto.ec2.models import ec2_backends
    from moto.elbv2.models import elbv2_backends

    ec2 = ec2_backends[account_id][region]
    elb = elbv2_backends[account_id][region]
    counts = RegionCounts(region)
    vpc = ec2.create_vpc("10.0.0.0/16")
    counts.vpc_id = vpc.id
    zones = [zone.name for zone in ec2.describe_availability_zones()][:2]
    subnets = [ec2.create_subnet(vpc.id, f"10.0.{index}.0/24", availability_zone=zone)
               for index, zone in enumerate(zones)]
    subnet_ids = [subnet.id for subnet in subnets]
    counts.subnet_ids = subnet_ids

    groups = []
    for index in range(math.ceil(endpoints / endpoints_per_group)):
        group = ec2.create_security_group(f"bench-endpoints-{index}", "endpoint access", vpc_id=vpc.id)
        group.add_tag("Name", f"bench-endpoints-{index}")
        groups.append(group.id)
    counts.security_groups = len(groups)
    counts.group_ids = groups

    service_names = []
    for index in range(services):
        balancer = elb.create_load_balancer(
            name=f"bench-nlb-{index}", security_groups=[], subnet_ids=subnet_ids,
            scheme="internal", loadbalancer_type="network")
        service = ec2.create_vpc_endpoint_service_configuration(
            lb_arns=[balancer.arn], acceptance_required=True, private_dns_name="",
            tags=[{"Key": "Name", "Value": f"bench-service-{index}"}], supported_regions=[])
        account_ids = [f"{100000000000 + index * principals + offset:012d}" for offset in range(principals)]
        ec2.modify_vpc_endpoint_service_permissions(
            service.id, [f"arn:aws:iam::{account}:root" for account in account_ids], [])
        service_names.append(service.service_name)
        counts.service_ids.append(service.id)
    counts.services = services
    counts.load_balancers = services
    counts.principals = services * principals

    for index in range(endpoints):
        if index < len(service_names):
            service_name = service_names[index]
        else:
            service_name = f"com.amazonaws.{region}.{AWS_SERVICES[index % len(AWS_SERVICES)]}"
        tags = {"Name": f"bench-endpoint-{index}", "team": "platform"}
        if stack:
            tags.update({"aws:cloudformation:stack-name": stack, "aws:cloudformation:logical-id": f"Endpoint{index}"})
        ec2.create_vpc_endpoint(
            vpc_id=vpc.id, service_name=service_name, endpoint_type="Interface", policy_document=None,
            route_table_ids=[], subnet_ids=subnet_ids, security_group_ids=[groups[index // endpoints_per_group]],
            tags=tags, private_dns_enabled=True)
        counts.endpoint_services.append(service_name)
    counts.endpoints = endpoints
    counts.connections = min(endpoints, services)
    return counts


def per_region(counts: list[RegionCounts], principals: int) -> list[dict]:
    """The counts as scenarios.minimum_calls wants them."""
    return [{"services": c.services, "endpoints": c.endpoints, "connections": c.connections,
             "security_groups": c.security_groups, "load_balancers": c.load_balancers,
             "principals_per_service": principals} for c in counts]


def resources(counts: list[RegionCounts]) -> int:
    """Resources a complete collect reads (every kind plinv stores)."""
    return sum(c.endpoints + c.services + c.principals + c.security_groups + c.load_balancers + c.connections
               for c in counts)


def seed(regions: list[str], endpoints: int, services: int, principals: int,
         endpoints_per_group: int = 10, random_seed: int = 1, first_endpoints: int | None = None,
         stack: str | None = None) -> list[RegionCounts]:
    """Spread `endpoints` and `services` (totals) over `regions`; the same arguments make the same ids.

    `first_endpoints` puts that many endpoints in the first region (tagged for `stack`, if given) and
    spreads the rest over the others.
    """
    mock_random.seed(random_seed)
    if first_endpoints is None:
        per_region = split(endpoints, len(regions))
    else:
        per_region = [first_endpoints] + split(endpoints - first_endpoints, len(regions) - 1)
    return [seed_region(region, region_endpoints, region_services, principals, endpoints_per_group,
                        stack=stack if index == 0 else None)
            for index, (region, region_endpoints, region_services)
            in enumerate(zip(regions, per_region, split(services, len(regions))))]


def reset() -> None:
    """Forget every model in every backend (moto's own reset)."""
    from moto.backends import get_backend  # noqa: F401  (imported for its side effect of loading backends)
    from moto.core.base_backend import model_data  # noqa: F401
    from moto.moto_api import _internal

    _internal.state_manager  # noqa: B018
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
