"""The benchmark scenarios' shapes and the fewest API calls each one needs."""

from __future__ import annotations

import math
from dataclasses import dataclass

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1",
           "sa-east-1", "ca-central-1"]

EC2_PAGE = 1000  # MaxResults cap of the EC2 describe calls
ELB_PAGE = 400  # PageSize cap of ELBv2 DescribeLoadBalancers
FILTER_VALUES = 200  # EC2's cap on filter values in one call


@dataclass(frozen=True)
class CollectShape:
    """One collect scenario: totals spread evenly over the regions (see scale_seed.split)."""

    name: str
    regions: int
    endpoints: int
    services: int = 0
    principals: int = 0
    endpoints_per_group: int = 10
    latency: float = 0.0  # seconds the peer waits before each response (network + AWS service time)

    @property
    def region_names(self) -> list[str]:
        return REGIONS[: self.regions]


def pages(items: int, size: int) -> int:
    """Calls to list `items` at `size` a page: an empty listing still costs one call."""
    return max(1, math.ceil(items / size))


def minimum_calls(per_region: list[dict], accounts: int = 1) -> int:
    """The fewest calls that read the same state: per account GetCallerIdentity; per region one paged
    listing each (connections only when the account owns a service), one permissions listing per service,
    security groups by id at 200 filter values a call."""
    calls = accounts
    for region in per_region:
        services, endpoints = region["services"], region["endpoints"]
        calls += pages(services, EC2_PAGE)
        calls += services * pages(region["principals_per_service"], EC2_PAGE)
        calls += pages(region["connections"], EC2_PAGE) if services else 0
        calls += pages(endpoints, EC2_PAGE)
        calls += math.ceil(region["security_groups"] / FILTER_VALUES)
        calls += pages(region["load_balancers"], ELB_PAGE)
    return calls


def collect_shapes(quick: bool) -> list[CollectShape]:
    """Scenario 1: 1 and 8 regions × 100 / 1,000 / 10,000 endpoints; 1,000 services × 10 principals.
    Quick: 8 regions only up to 1,000 endpoints (1 region × 10,000 stays: it is a goal's size, ~30 s)."""
    sizes = [100, 1000, 10000]
    shapes = [CollectShape(f"{regions}r-{size}ep", regions, size) for regions in (1, 8) for size in sizes
              if not (quick and regions == 8 and size == 10000)]
    shapes += [CollectShape(f"{regions}r-1000svc", regions, 0, services=1000, principals=10)
               for regions in ((1,) if quick else (1, 8))]
    # The same 1,000 endpoints with 100 ms per call, as from a laptop to AWS: what waiting costs the client.
    shapes.append(CollectShape("1r-1000ep-100ms", 1, 1000, latency=0.1))
    return shapes
