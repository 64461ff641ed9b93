#!/usr/bin/env python3
"""Profile one `plinv collect` under valgrind's callgrind (instruction counts: reproducible on a noisy box).

Usage: profile.py --plinv PATH [--endpoints 10000] [--services 0] [--principals 10] [--regions 1]
                  [--out DIR] [--top 40] [--command '…' | --unchanged]

Seeds the state as run.py does, warms the peer's response cache with one plain run (so the profiled
run's wall time is the client's), then runs plinv under callgrind and prints callgrind_annotate's
inclusive and exclusive top cost centres. Build plinv with symbols first:
    swift build -c release --static-swift-stdlib --product plinv -Xswiftc -g --scratch-path .build/profile
(static, as `make install` builds it; valgrind 3.19 then needs `strip --strip-debug`, see BENCHMARKS.md)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import measure  # noqa: E402
import report_bench  # noqa: E402
import scale_seed  # noqa: E402
import scenarios  # noqa: E402
from run import Clients  # noqa: E402
from server import BenchServer  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--plinv", required=True)
    parser.add_argument("--endpoints", type=int, default=10000)
    parser.add_argument("--services", type=int, default=0)
    parser.add_argument("--principals", type=int, default=10)
    parser.add_argument("--regions", type=int, default=1)
    parser.add_argument("--out", default=tempfile.mkdtemp(prefix="plinv-profile-"))
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--command", help="profile this plinv command line instead of collect, after a plain "
                        "collect; {db} and {out} are replaced, e.g. 'audit --db {db} --format html -o {out}/a.html'")
    parser.add_argument("--drift-declared", type=int, help="tag that many endpoints of the first region for "
                        "stack 'bench' and write {out}/template.yaml declaring them (to profile drift)")
    parser.add_argument("--unchanged", action="store_true", help="profile a second collect into the database of "
                        "the plain one, the state unchanged: the nightly case (store scenario's later snapshots)")
    arguments = parser.parse_args(argv)

    server = BenchServer()
    regions = scenarios.REGIONS[: arguments.regions]
    counts = scale_seed.seed(regions, arguments.endpoints, arguments.services, arguments.principals,
                             first_endpoints=arguments.drift_declared, stack="bench" if arguments.drift_declared else None)
    if arguments.drift_declared:
        with open(os.path.join(arguments.out, "template.yaml"), "w", encoding="utf-8") as file:
            file.write(report_bench.template(counts[0], arguments.drift_declared))
    clients = Clients(os.path.abspath(arguments.plinv), server.url, arguments.out)
    server.counter.caching = True
    plain = clients.run(clients.plinv_collect(regions, os.path.join(arguments.out, "warm.sqlite")))
    print(f"{scale_seed.resources(counts):,} resources; plain run: cpu {plain.cpu:.3f} s, "
          f"wall {plain.wall:.2f} s", file=sys.stderr)
    shim = os.path.join(arguments.out, "sigsuspend_shim.so")
    subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", shim, os.path.join(HERE, "sigsuspend_shim.c")], check=True)
    profile = os.path.join(arguments.out, "callgrind.out")
    if arguments.command:
        target = [clients.plinv, *arguments.command.format(db=os.path.join(arguments.out, "warm.sqlite"),
                                                           out=arguments.out).split()]
    elif arguments.unchanged:
        target = clients.plinv_collect(regions, os.path.join(arguments.out, "warm.sqlite"))
    else:
        target = clients.plinv_collect(regions, os.path.join(arguments.out, "profiled.sqlite"))
    command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={profile}", *target]
    profiled = measure.run(command, env=dict(clients.env, LD_PRELOAD=shim), cwd=arguments.out)
    if profiled.status not in (0, 2):
        print(profiled.stderr[:4000], file=sys.stderr)
        return 1
    for inclusive in ("yes", "no"):
        report = subprocess.run(["callgrind_annotate", f"--inclusive={inclusive}", "--threshold=99", profile],
                                capture_output=True, text=True, check=True).stdout
        print(f"\n## callgrind_annotate --inclusive={inclusive} (top {arguments.top})\n")
        print("\n".join(report.splitlines()[: arguments.top + 25]))
    print(f"\nprofile: {profile}", file=sys.stderr)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
