#!/usr/bin/env python3
"""Writes Tests/TemplatesTests/Fixtures/partitions.json from botocore's endpoints.json.

The fixture lists, for every AWS partition botocore knows, its id, region regex, DNS suffix and regions,
so that the template loader's AWS::Partition and AWS::URLSuffix are tested against every listed region.
Run it again after upgrading botocore:  python3 scripts/partitions_fixture.py
"""
import json
import os
import sys

import botocore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.path.join(ROOT, "Tests", "TemplatesTests", "Fixtures", "partitions.json")


def main() -> int:
    source = os.path.join(os.path.dirname(botocore.__file__), "data", "endpoints.json")
    with open(source, encoding="utf-8") as handle:
        endpoints = json.load(handle)
    partitions = [
        {
            "partition": partition["partition"],
            "regionRegex": partition["regionRegex"],
            "dnsSuffix": partition["dnsSuffix"],
            "regions": sorted(partition["regions"]),
        }
        for partition in endpoints["partitions"]
    ]
    document = {"source": f"botocore {botocore.__version__} data/endpoints.json", "partitions": partitions}
    with open(TARGET, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=2)
        handle.write("\n")
    print(f"wrote {TARGET}: {len(partitions)} partitions, {sum(len(p['regions']) for p in partitions)} regions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
