"""Prints, as JSON, the endpoint botocore's own clients use for every region and FIPS/dual-stack variant that
botocore lists for the services plinv calls (test oracle for EndpointResolverTests; no network, no credentials
needed beyond dummies). One record: service, region, fips, dualstack, url (null when botocore refuses),
partition (of the region, from botocore's own EndpointResolver), error (botocore's exception name).
"""
import json
import os
import sys

for key in list(os.environ):
    if key.startswith("AWS_"):
        del os.environ[key]
os.environ.update(
    AWS_ACCESS_KEY_ID="oracle", AWS_SECRET_ACCESS_KEY="oracle",
    AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
)

import botocore.regions  # noqa: E402
import botocore.session  # noqa: E402
from botocore.config import Config  # noqa: E402

SERVICES = [("ec2", "ec2"), ("elasticloadbalancing", "elbv2"), ("sts", "sts"),
            ("organizations", "organizations"), ("cloudformation", "cloudformation")]

session = botocore.session.get_session()
data = session.get_component("data_loader").load_data("endpoints")
resolver = botocore.regions.EndpointResolver(data)
records = []
for key, client_name in SERVICES:
    regions = set()
    for partition in data["partitions"]:
        regions |= set(partition["services"].get(key, {}).get("endpoints", {}))
        regions |= set(partition["regions"])
    for region in sorted(regions):
        partition = next((p["partition"] for p in data["partitions"]
                          if region in p["services"].get(key, {}).get("endpoints", {}) or region in p["regions"]),
                         None) or resolver.get_partition_for_region(region)
        for fips in (False, True):
            for dualstack in (False, True):
                record = dict(service=key, region=region, fips=fips, dualstack=dualstack, partition=partition)
                try:
                    client = session.create_client(
                        client_name, region_name=region,
                        config=Config(use_fips_endpoint=fips, use_dualstack_endpoint=dualstack))
                    record.update(url=client.meta.endpoint_url, error=None)
                except Exception as error:  # botocore refuses the variant
                    record.update(url=None, error=type(error).__name__)
                records.append(record)
json.dump(dict(unsupportedDualStackPartitions=botocore.regions.EndpointResolver._UNSUPPORTED_DUALSTACK_PARTITIONS,
               records=records), sys.stdout)
