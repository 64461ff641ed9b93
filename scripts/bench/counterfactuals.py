#!/usr/bin/env python3
"""What each part of a collect costs, measured by taking it out.

Usage: counterfactuals.py [--rounds N] [--plinv BIN] [--json FILE]

Builds plinv from HEAD with `counterfactuals.patch` applied (in a temporary git worktree, into
.build/counterfactuals; a static release build as `make bench` makes), unless --plinv names a binary built so. The
patch adds three switches read from the environment, and nothing else:

  PLINV_COUNTERFACTUAL_NO_RAW_DIGEST  each record's raw SHA-256 is replaced by its length
  PLINV_COUNTERFACTUAL_NO_SAVE        the collect stops (and fails) where its save would begin
  PLINV_COUNTERFACTUAL_NO_PACING      the rate limiter never holds a call back

Then, against the bench's peer (seeded as run.py seeds it), N alternating rounds of:

  1 region x 10,000 endpoints (18 calls): curl replaying plinv's requests; plinv; without the raw digest; without
      the save; plinv against a refused endpoint with one attempt (a collect that fails at once: start-up,
      credentials, libcurl loaded, a new database's schema);
  1,000 services x 10 principals (1,007 calls): plinv paced (about 45 s each); unpaced; unpaced without the save.

CPU is the process's user + system time (wait4), as run.py measures it. Prints the medians and the parts they
imply (a part is the difference of two medians, so it carries both runs' noise); BENCHMARKS.md reads them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import measure  # noqa: E402
import scale_seed  # noqa: E402
import scenarios  # noqa: E402
from run import Clients, client_env, fresh  # noqa: E402
from server import BenchServer  # noqa: E402

PATCH = os.path.join(HERE, "counterfactuals.patch")
NO_DIGEST = {"PLINV_COUNTERFACTUAL_NO_RAW_DIGEST": "1"}
NO_SAVE = {"PLINV_COUNTERFACTUAL_NO_SAVE": "1"}
NO_PACING = {"PLINV_COUNTERFACTUAL_NO_PACING": "1"}
ONE_ATTEMPT = {"AWS_MAX_ATTEMPTS": "1"}  # a refused connection is transient: no retries, no backoff
STOPPED = "counterfactual: no save"
REFUSED = "nothing collected: every scope failed"


def build() -> str:
    """plinv of HEAD with the patch's switches: a static release build, as run.py's `plinv_binary`."""
    worktree = tempfile.mkdtemp(prefix="plinv-counterfactuals-")
    scratch = os.path.join(ROOT, ".build", "counterfactuals")
    try:
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", worktree, "HEAD"], check=True,
                       stdout=subprocess.DEVNULL)
        subprocess.run(["git", "-C", worktree, "apply", PATCH], check=True)
        # The versions the checkout resolved, so that only the patch differs from the binary run.py measures.
        resolved = os.path.join(ROOT, "Package.resolved")
        if os.path.exists(resolved):
            shutil.copy2(resolved, worktree)
        flags = ["-c", "release", "--static-swift-stdlib", "--package-path", worktree, "--scratch-path", scratch]
        swift = os.environ.get("SWIFT", "swift")
        subprocess.run([swift, "build", *flags, "--product", "plinv"], check=True, stdout=subprocess.DEVNULL)
        path = subprocess.run([swift, "build", *flags, "--show-bin-path"], check=True, capture_output=True,
                              text=True).stdout.strip()
        binary = os.path.join(scratch, "counterfactual-plinv")
        shutil.copy2(os.path.join(path, "plinv"), binary)
        return binary
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", worktree], check=False)


def measure_rounds(variants: dict[str, tuple[list[str], dict[str, str], str | None]], clients: Clients,
                   db: str, rounds: int) -> dict[str, list[measure.Run]]:
    """`rounds` alternating runs of each variant (command, extra environment, and for a variant that must fail the
    message it must fail with: exit 1 for any other reason is an error, not a measurement), each into a new file."""
    runs: dict[str, list[measure.Run]] = {name: [] for name in variants}
    for index in range(rounds):
        names = list(variants) if index % 2 == 0 else list(reversed(variants))
        for name in names:
            command, extra, failure = variants[name]
            fresh(db)
            result = measure.run(command, env={**clients.env, **extra}, cwd=clients.workdir)
            expected = 0 if failure is None else 1
            if result.status != expected or (failure is not None and failure not in result.stderr):
                raise RuntimeError(f"{name} exited {result.status}: {result.stderr[-800:]}")
            runs[name].append(result)
    return runs


def medians(runs: dict[str, list[measure.Run]]) -> dict[str, float]:
    return {name: statistics.median(run.cpu for run in each) for name, each in runs.items()}


def seeded(server: BenchServer, clients: Clients, db: str, endpoints: int, services: int, principals: int):
    """Seeds one region and returns plinv's requests of a first collect (unmeasured; it also fills the peer's
    response cache)."""
    scale_seed.reset()
    server.counter.clear_cache()
    scale_seed.seed(scenarios.REGIONS[:1], endpoints, services, principals)
    server.counter.caching = True
    server.counter.reset(record_requests=True)
    fresh(db)
    clients.run(clients.plinv_collect(scenarios.REGIONS[:1], db))
    return server.counter.reset().requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plinv", help="a binary built with counterfactuals.patch (default: build one)")
    parser.add_argument("--json", help="also write the runs here")
    args = parser.parse_args()
    plinv = os.path.abspath(args.plinv) if args.plinv else build()
    server = BenchServer()
    workdir = tempfile.mkdtemp(prefix="plinv-counterfactuals-")
    clients = Clients(plinv, server.url, workdir)
    db = os.path.join(workdir, "plinv.sqlite")
    region = scenarios.REGIONS[:1]
    collect = clients.plinv_collect(region, db)
    refused = Clients(plinv, "http://127.0.0.1:1", workdir).plinv_collect(region, db)
    try:
        print("1 region x 10,000 endpoints …", file=sys.stderr)
        requests = seeded(server, clients, db, 10_000, 0, 0)
        endpoints = measure_rounds({
            "curl": (clients.curl_replay(requests), {}, None),
            "plinv": (collect, {}, None),
            "no raw digest": (collect, NO_DIGEST, None),
            "no save": (collect, NO_SAVE, STOPPED),
            "refused endpoint": (refused, ONE_ATTEMPT, REFUSED),
        }, clients, db, args.rounds)
        print("1,000 services x 10 principals …", file=sys.stderr)
        calls = len(seeded(server, clients, db, 0, 1_000, 10))
        services = measure_rounds({
            "paced": (collect, {}, None),
            "unpaced": (collect, NO_PACING, None),
            "unpaced, no save": (collect, {**NO_PACING, **NO_SAVE}, STOPPED),
        }, clients, db, args.rounds)
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    e, s = medians(endpoints), medians(services)
    ms = lambda seconds: f"{seconds * 1000:.1f} ms"  # noqa: E731
    print(f"\nplinv {plinv}, {args.rounds} alternating rounds; CPU medians (user + system)\n")
    print("| 1 region × 10,000 endpoints | CPU | ÷ curl |\n| --- | --- | --- |")
    for name, value in e.items():
        print(f"| {name} | {ms(value)} | {value / e['curl']:.1f}× |")
    print(f"\nparts: the save {ms(e['plinv'] - e['no save'])}, the raw digest {ms(e['plinv'] - e['no raw digest'])}, "
          f"reading (no save − refused endpoint) {ms(e['no save'] - e['refused endpoint'])}, "
          f"fixed (refused endpoint) {ms(e['refused endpoint'])}")
    print(f"\n| 1,000 services × 10 principals ({calls:,} calls) | CPU | per call | wall |\n| --- | --- | --- | --- |")
    for name, value in s.items():
        wall = statistics.median(run.wall for run in services[name])
        print(f"| {name} | {ms(value)} | {value * 1000 / calls:.3f} ms | {wall:.1f} s |")
    print(f"\nper call: pacing {(s['paced'] - s['unpaced']) * 1000 / calls:.3f} ms, "
          f"the save {(s['unpaced'] - s['unpaced, no save']) * 1000 / calls:.3f} ms")
    if args.json:
        results = {"plinv": plinv, "rounds": args.rounds, "calls": calls,
                   "endpoints": {k: [r.as_dict() for r in v] for k, v in endpoints.items()},
                   "services": {k: [r.as_dict() for r in v] for k, v in services.items()}}
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
