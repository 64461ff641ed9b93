"""peer_ext.regions: an account's disabled regions leave its DescribeRegions, and only its own."""

from __future__ import annotations


def test_a_disabled_region_is_gone_for_that_account_only(peer, fresh_account):
    first, second = fresh_account(), fresh_account()
    before = {r["RegionName"] for r in peer.client("ec2", first).describe_regions()["Regions"]}
    assert "eu-north-1" in before
    peer.client("account", first).disable_region(RegionName="eu-north-1")
    after = {r["RegionName"] for r in peer.client("ec2", first).describe_regions()["Regions"]}
    assert after == before - {"eu-north-1"}
    other = {r["RegionName"] for r in peer.client("ec2", second).describe_regions()["Regions"]}
    assert "eu-north-1" in other
    peer.client("account", first).enable_region(RegionName="eu-north-1")
    assert {r["RegionName"] for r in peer.client("ec2", first).describe_regions()["Regions"]} == before
