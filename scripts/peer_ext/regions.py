"""TEST-ONLY: the regions enabled for each account, as AWS keeps them and moto does not.

On AWS, `account:DisableRegion`/`EnableRegion` (the Account service, REST-JSON) switch an opt-in region off or on
for one account, and EC2's `DescribeRegions` then lists only that account's enabled regions. moto 5.2.1 has neither
call, and every account sees the same regions. Here both calls are served (for the caller's account, or for
`AccountId` when a management account names a member), and `DescribeRegions` without `RegionNames` leaves out the
regions an account has disabled, so a test can give two accounts different regions and check that
`collect --all-regions` reads each account's own.
"""

from __future__ import annotations

import json
from typing import Any

# Account id → the regions disabled there (nothing disabled: every region, as moto lists them).
DISABLED: dict[str, set[str]] = {}


def install() -> None:
    """Serve DisableRegion/EnableRegion and filter DescribeRegions by the caller's account."""
    from moto.account import urls
    from moto.account.responses import AccountResponse
    from moto.core.responses import EmptyResult
    from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend

    def change(self: Any, disable: bool) -> Any:
        body = json.loads(self.body or "{}")
        account = body.get("AccountId") or self.current_account
        region = body["RegionName"]
        disabled = DISABLED.setdefault(account, set())
        if disable:
            disabled.add(region)
        else:
            disabled.discard(region)
        return EmptyResult()

    AccountResponse.disable_region = lambda self: change(self, True)
    AccountResponse.enable_region = lambda self: change(self, False)
    urls.url_paths["{0}/disableRegion$"] = AccountResponse.dispatch
    urls.url_paths["{0}/enableRegion$"] = AccountResponse.dispatch

    original = RegionsAndZonesBackend.describe_regions
    if getattr(original, "_peer_ext", False):
        return

    def describe_regions(self: Any, region_names: list[str] | None = None) -> Any:
        regions = original(self, region_names)
        disabled = DISABLED.get(getattr(self, "account_id", ""), set())
        if region_names or not disabled:
            return regions
        return [region for region in regions if region.name not in disabled]

    describe_regions._peer_ext = True  # type: ignore[attr-defined]
    RegionsAndZonesBackend.describe_regions = describe_regions
