#!/usr/bin/env python3
"""Two plinv binaries side by side on the nightly case: unchanged collects of the store scenario's estate.

Usage: unchanged_compare.py NAME=PATH NAME=PATH [--resources N] [--repeat N]

Seeds the store scenario's shape (`store_bench.store_shape`, 100,003 resources by default) into moto as
`make bench` does, lets each binary take its first snapshot into a database of its own (unmeasured, which also
warms the peer's response cache), then runs N unchanged collects per binary, alternating which goes first, and
prints the medians of the client's CPU (user + system), wall and peak RSS, with the ratio of the second binary to
the first. The goals table's row "unchanged collect of 100,003 resources" is the same measurement in `make bench`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import run as bench  # noqa: E402
import scale_seed  # noqa: E402
import store_bench  # noqa: E402
from server import BenchServer  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs=2, help="NAME=PATH of a plinv binary")
    parser.add_argument("--resources", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    arguments = parser.parse_args(argv)
    binaries = [tuple(spec.split("=", 1)) for spec in arguments.binaries]

    server = BenchServer()
    workdir = tempfile.mkdtemp(prefix="plinv-unchanged-")
    shape = store_bench.store_shape(arguments.resources)
    scale_seed.reset()
    counts = scale_seed.seed(shape["regions"], shape["endpoints"], shape["services"], shape["principals"])
    print(f"seeded {scale_seed.resources(counts):,} resources", file=sys.stderr)
    server.counter.caching = True

    runs: dict[str, list] = {name: [] for name, _ in binaries}
    commands = {}
    for name, path in binaries:
        clients = bench.Clients(os.path.abspath(path), server.url, workdir)
        commands[name] = (clients, clients.plinv_collect(shape["regions"], os.path.join(workdir, f"{name}.sqlite")))
        clients.run(commands[name][1])  # the first snapshot
    for index in range(arguments.repeat):
        order = binaries if index % 2 == 0 else list(reversed(binaries))
        for name, _ in order:
            clients, command = commands[name]
            runs[name].append(clients.run(command))

    print(f"\n{scale_seed.resources(counts):,} resources, {arguments.repeat} unchanged collects each (medians)")
    print("| binary | CPU s | wall s | peak RSS MiB |\n| --- | ---: | ---: | ---: |")
    medians = {}
    for name, _ in binaries:
        cpu = statistics.median(run.cpu for run in runs[name])
        wall = statistics.median(run.wall for run in runs[name])
        rss = statistics.median(run.rss_mb for run in runs[name])
        medians[name] = cpu
        print(f"| {name} | {cpu:.3f} | {wall:.3f} | {rss:.0f} |")
    first, second = (name for name, _ in binaries)
    print(f"\nCPU {second} ÷ {first}: {medians[second] / medians[first]:.2f}×")
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
