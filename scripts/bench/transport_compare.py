#!/usr/bin/env python3
"""Two plinv binaries that differ only in their HTTP transport, side by side on the same peer state.

Usage: transport_compare.py NAME=PATH NAME=PATH [--repeat N]

Scenarios (BENCHMARKS.md, "HTTP transport"): `1r-100ep-2s` — 1 region, 100 endpoints, the peer waiting
2 s before each of the 5 responses (CPU while waiting); `1r-1000svc` — 1,000 services × 10 principals,
1,007 calls (CPU per call; the client's EC2 rate limit spreads them over ~45 s, so this also counts
what the pauses cost); `1r-10000ep` — 18 calls, 12 MB of responses (CPU per byte). Each binary runs once
unmeasured (warming the peer's response cache, so both read identical bytes), then N times, alternating
which goes first; medians of the client's CPU (user + system, wait4), wall and peak RSS.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import measure  # noqa: E402
import scale_seed  # noqa: E402
from run import Clients, fresh  # noqa: E402
from scenarios import CollectShape  # noqa: E402
from server import BenchServer  # noqa: E402

SHAPES = [
    CollectShape("1r-100ep-2s", 1, 100, latency=2.0),
    CollectShape("1r-1000svc", 1, 0, services=1000, principals=10),
    CollectShape("1r-10000ep", 1, 10000),
]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs=2, help="NAME=PATH of a plinv binary")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", help="comma-separated scenario names")
    arguments = parser.parse_args(argv)
    binaries = dict(item.split("=", 1) for item in arguments.binaries)
    server = BenchServer()
    workdir = tempfile.mkdtemp(prefix="plinv-transport-")
    rows = []
    try:
        for shape in SHAPES:
            if arguments.only and shape.name not in arguments.only.split(","):
                continue
            print(f"  {shape.name} …", file=sys.stderr, flush=True)
            scale_seed.reset()
            server.counter.clear_cache()
            scale_seed.seed(shape.region_names, shape.endpoints, shape.services, shape.principals,
                            shape.endpoints_per_group)
            server.counter.caching = True
            server.counter.latency = shape.latency
            clients = {name: Clients(os.path.abspath(path), server.url, workdir) for name, path in binaries.items()}
            db = os.path.join(workdir, "plinv.sqlite")
            runs: dict[str, list[measure.Run]] = {name: [] for name in binaries}
            calls = {}
            for name, client in clients.items():  # warm-up, unmeasured
                server.counter.reset()
                client.run(client.plinv_collect(shape.region_names, fresh(db)))
                calls[name] = server.counter.reset().total_calls()
            for index in range(arguments.repeat):
                order = list(clients) if index % 2 == 0 else list(reversed(clients))
                for name in order:
                    runs[name].append(clients[name].run(clients[name].plinv_collect(shape.region_names, fresh(db))))
            server.counter.latency = 0.0
            server.counter.caching = False
            for name, items in runs.items():
                cpu = statistics.median(r.cpu for r in items)
                rows.append((shape.name, name, calls[name], cpu, statistics.median(r.wall for r in items),
                             statistics.median(r.rss_mb for r in items), [round(r.cpu, 3) for r in items]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        server.stop()
    print("\n| scenario | transport | calls | CPU s (median) | CPU ms per call | wall s | peak RSS MiB | CPU s of each run |")
    print("|---|---|---|---|---|---|---|---|")
    for scenario, name, count, cpu, wall, rss, each in rows:
        print(f"| {scenario} | {name} | {count:,} | {cpu:.3f} | {1000 * cpu / count:.2f} | {wall:.2f} | {rss:.0f} "
              f"| {', '.join(f'{value:.3f}' for value in each)} |")
    print("\n| binary | size bytes | size MiB |")
    print("|---|---|---|")
    for name, path in binaries.items():
        size = os.path.getsize(path)
        print(f"| {name} ({path}) | {size:,} | {size / 2**20:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
