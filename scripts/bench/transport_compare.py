#!/usr/bin/env python3
"""Two plinv binaries side by side on the same peer state: client CPU per API call, and where it goes.

Usage: transport_compare.py NAME=PATH NAME=PATH [--repeat N] [--only SCENARIOS] [--callgrind]

Scenarios (BENCHMARKS.md, "HTTP transport"): `1r-100ep-2s` — 1 region, 100 endpoints, the peer waiting
2 s before each of the 5 responses (CPU while waiting); `1r-1000svc` — 1,000 services × 10 principals,
1,007 calls (CPU per call; the client's EC2 rate limit spreads them over ~45 s, so this also counts
what the pauses cost); `1r-10000ep` — 18 calls, 12 MB of responses (CPU per byte). Each binary runs once
unmeasured (warming the peer's response cache, so both read identical bytes), then N times, alternating
which goes first; medians of the client's CPU (user + system, wait4), wall and peak RSS, and per call the
user and system CPU and the voluntary context switches (thread hand-offs and waits).

`--callgrind` then runs each binary once more under valgrind's callgrind (a copy with `strip --strip-debug`,
`sigsuspend_shim.c` preloaded, as `profile.py` does) and prints the instructions per call, split by owner: the
AWSQuery layers (transport on libcurl, SigV4 signing, XML reading, rate limit, the rest of the pipeline) and the
modules outside it. A function belongs to the module its Swift name starts with; the cost of everything without
one (Swift runtime, libc, libcurl, libcrypto, SQLite) moves to its callers in proportion to each call edge's
inclusive cost until it reaches an owned function (an absorbing Markov chain, so recursion such as release →
deinit → release is kept). Instruction counts are exact and reproducible on a loaded machine; CPU seconds are not.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import scale_seed  # noqa: E402
from run import Clients, fresh  # noqa: E402
from scenarios import CollectShape  # noqa: E402
from server import BenchServer  # noqa: E402

SHAPES = [
    CollectShape("1r-100ep-2s", 1, 100, latency=2.0),
    CollectShape("1r-1000svc", 1, 0, services=1000, principals=10),
    CollectShape("1r-10000ep", 1, 10000),
]


@dataclass
class Usage:
    """One measured client process."""

    user: float
    system: float
    wall: float
    rss_mb: float
    voluntary_switches: int

    @property
    def cpu(self) -> float:
        return self.user + self.system


def run(command: list[str], env: dict[str, str], cwd: str) -> Usage:
    """Runs `command` under GNU time (for the command's own peak RSS, as measure.py explains) and returns its
    rusage from wait4."""
    with tempfile.NamedTemporaryFile("r") as peak:
        wrapped = ["/usr/bin/time", "-f", "%M", "-o", peak.name, *command] if os.path.exists("/usr/bin/time") \
            else command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{command[:2]} exited {os.waitstatus_to_exitcode(status)}: {stderr[-1500:]}")
        reported = peak.read().strip().splitlines()
        peak_kb = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
        return Usage(usage.ru_utime, usage.ru_stime, wall, peak_kb / 1024, usage.ru_nvcsw)


# --- callgrind: instructions per call by owner ------------------------------------------------------------------

MODULES = ["AWSQuery", "Collector", "Store", "PrivateLinkModel", "Templates", "Drift", "Rendering", "plinv", "GRDB",
           "ArgumentParser", "Logging", "Yams", "Mustache"]

# AWSQuery's types by layer; anything else of AWSQuery is "pipeline" (client, retry, metrics, paging, form encoding).
LAYERS = {
    "transport (libcurl, event thread)": {"CurlMulti", "CurlTransfer", "CurlHandlePool", "CurlTransport", "CurlJob",
                                          "writeBody", "writeHeader", "HTTPRequest", "HTTPResponse", "ProxySettings"},
    "signing (SigV4, libcrypto)": {"SigV4Signer", "SHA256Context", "Crypto", "SigningCache", "SigningLayer",
                                   "Credentials", "StaticCredentialProvider", "CachingCredentialProvider",
                                   "CredentialChain", "EnvironmentCredentialProvider"},
    "XML reading (tree, next token)": {"XMLReader", "XMLNode", "NameTable"},
    "rate limit": {"RateLimiter", "RateLimitLayer", "AdaptiveRate", "AdaptiveRateLayer"},
}
PREFIXES = ("generic specialization ", "function signature specialization ", "merged ", "reabstraction thunk helper ",
            "partial apply forwarder for ", "outlined ", "@objc ", "thunk for ", "dispatch thunk of ",
            "protocol witness for ", "type metadata accessor for ", "lazy protocol witness table accessor for ",
            "static ", "destroy value witness for ", "initializeWithCopy value witness for ",
            "initializeWithTake value witness for ", "assignWithCopy value witness for ", "assignWithTake value witness for ")


def strip_prefixes(name: str) -> str:
    """The function a thunk, specialization or async partial function stands for."""
    changed = True
    while changed:
        changed = False
        partial = re.match(r"\(\d+\) (suspend|await) resume partial function for ", name)
        if partial:
            name, changed = name[partial.end():], True
        for prefix in PREFIXES:
            if name.startswith(prefix):
                name, changed = name[len(prefix):], True
                if name.startswith("<"):  # skip the balanced <…> of a specialization
                    depth = 0
                    for index, char in enumerate(name):
                        depth += {"<": 1, ">": -1}.get(char, 0)
                        if depth == 0:
                            name = name[index + 1:]
                            break
                if name.startswith(" of "):
                    name = name[4:]
    return name


def owner(demangled: str) -> str | None:
    """The attribution key of a function: `AWSQuery:<layer>`, another module, or None (runtime and libraries)."""
    name = strip_prefixes(demangled)
    head = name.split("(")[0]
    if name.startswith(("closure #", "implicit closure #", "variable initialization expression of ")) or " in " in head:
        found = re.search(r" in (?:static )?([A-Za-z_]+)\.", name)
        module = found.group(1) if found and found.group(1) in MODULES else None
        rest = name[found.start() + 4:] if module else ""
    else:
        found = re.match(r"([A-Za-z_]+)\.", name)
        module = found.group(1) if found and found.group(1) in MODULES else None
        rest = name
    if module != "AWSQuery":
        return module
    typed = re.search(r"AWSQuery\.(?:\((\w+) in _[0-9A-F]+\)|(\w+))", rest)
    type_name = (typed.group(1) or typed.group(2)) if typed else ""
    if type_name == "QueryClient" and ".interpret(" in rest:
        return "AWSQuery:XML reading (tree, next token)"
    if type_name == "QueryClient" and ".nextToken(" in rest:
        return "AWSQuery:XML reading (tree, next token)"
    for layer, types in LAYERS.items():
        if type_name in types:
            return "AWSQuery:" + layer
    return "AWSQuery:pipeline (client, retry, metrics, paging, form)"


def parse_callgrind(path: str) -> tuple[collections.Counter, dict[str, collections.Counter]]:
    """Self cost per function and the inclusive cost of every call edge (callee -> caller -> Ir)."""
    names: dict[str, str] = {}

    def resolve(token: str) -> str:
        match = re.match(r"\((\d+)\)(?: (.*))?", token)
        if not match:
            return token
        if match.group(2) is not None:
            names[match.group(1)] = match.group(2)
        return names[match.group(1)]

    self_cost: collections.Counter = collections.Counter()
    edges: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    function = callee = pending = None
    with open(path, errors="replace") as file:
        for line in file:
            if line.startswith("fn="):
                function, pending = resolve(line[3:].rstrip("\n")), None
            elif line.startswith("cfn="):
                callee = resolve(line[4:].rstrip("\n"))
            elif line.startswith("calls="):
                pending = callee
            elif line[:1].isdigit() or line[:1] in "+-*":
                parts = line.split()
                if len(parts) < 2:
                    continue
                if pending is not None:
                    edges[pending][function] += int(parts[-1])
                    pending = None
                else:
                    self_cost[function] += int(parts[-1])
    return self_cost, edges


def attribute(path: str) -> tuple[int, collections.Counter]:
    """Total Ir and Ir by owner key (see `owner`)."""
    self_cost, edges = parse_callgrind(path)
    functions = sorted(set(self_cost) | set(edges) | {caller for callers in edges.values() for caller in callers})
    demangled = subprocess.run(["swift", "demangle", "--compact"], input="\n".join(functions), capture_output=True,
                               text=True, check=True).stdout.split("\n")
    owners = {function: owner(text) for function, text in zip(functions, demangled)}
    unowned = [function for function in functions if not owners[function]]
    moves = {}
    for function in unowned:
        callers = {caller: cost for caller, cost in edges.get(function, {}).items() if caller != function and cost > 0}
        total = sum(callers.values())
        moves[function] = [(caller, cost / total) for caller, cost in callers.items()] if total else []
    share: dict[str, dict[str, float]] = {f: ({} if moves[f] else {"(thread roots)": 1.0}) for f in unowned}
    for _ in range(200):
        largest_change = 0.0
        for function in unowned:
            if not moves[function]:
                continue
            total: collections.Counter = collections.Counter()
            for caller, weight in moves[function]:
                for key, value in ({owners[caller]: 1.0} if owners[caller] else share[caller]).items():
                    total[key] += weight * value
            largest_change = max(largest_change, abs(sum(total.values()) - sum(share[function].values())))
            share[function] = dict(total)
        if largest_change < 1e-9:
            break
    result: collections.Counter = collections.Counter()
    for function, cost in self_cost.items():
        for key, value in ({owners[function]: 1.0} if owners[function] else share[function]).items():
            result[key] += cost * value
    return sum(self_cost.values()), result


def callgrind(path: str, command: list[str], env: dict[str, str], workdir: str) -> str:
    """Runs `command` (whose first word is `path`) under callgrind; returns the profile's path."""
    stripped = os.path.join(workdir, os.path.basename(path) + ".nodebug")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, path], check=True)
    shim = os.path.join(workdir, "sigsuspend_shim.so")
    if not os.path.exists(shim):
        subprocess.run(["cc", "-shared", "-fPIC", "-O2", "-o", shim, os.path.join(HERE, "sigsuspend_shim.c")],
                       check=True)
    profile = os.path.join(workdir, f"callgrind.{os.getpid()}.{time.monotonic_ns()}.out")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={profile}", stripped, *command[1:]],
                   env=dict(env, LD_PRELOAD=shim), cwd=workdir, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return profile


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binaries", nargs=2, help="NAME=PATH of a plinv binary")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--only", help="comma-separated scenario names")
    parser.add_argument("--callgrind", action="store_true", help="also count instructions per call by owner")
    arguments = parser.parse_args(argv)
    binaries = dict(item.split("=", 1) for item in arguments.binaries)
    server = BenchServer()
    workdir = tempfile.mkdtemp(prefix="plinv-transport-")
    rows = []
    profiles = []
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
            runs: dict[str, list[Usage]] = {name: [] for name in binaries}
            calls = {}
            for name, client in clients.items():  # warm-up, unmeasured
                server.counter.reset()
                run(client.plinv_collect(shape.region_names, fresh(db)), client.env, workdir)
                calls[name] = server.counter.reset().total_calls()
            for index in range(arguments.repeat):
                order = list(clients) if index % 2 == 0 else list(reversed(clients))
                for name in order:
                    client = clients[name]
                    runs[name].append(run(client.plinv_collect(shape.region_names, fresh(db)), client.env, workdir))
            if arguments.callgrind:
                for name, client in clients.items():
                    print(f"  {shape.name} {name} under callgrind …", file=sys.stderr, flush=True)
                    profile = callgrind(client.plinv, client.plinv_collect(shape.region_names, fresh(db)),
                                        client.env, workdir)
                    total, owners = attribute(profile)
                    profiles.append((shape.name, name, calls[name], total, owners))
            server.counter.latency = 0.0
            server.counter.caching = False
            for name, items in runs.items():
                median = lambda value: statistics.median(value(r) for r in items)  # noqa: E731
                rows.append((shape.name, name, calls[name], median(lambda r: r.cpu), median(lambda r: r.user),
                             median(lambda r: r.system), median(lambda r: r.voluntary_switches),
                             median(lambda r: r.wall), median(lambda r: r.rss_mb), [r.cpu for r in items]))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        server.stop()
    print("\n| scenario | binary | calls | CPU s (median) | CPU ms per call | user ms per call | system ms per call "
          "| voluntary context switches per call | wall s | peak RSS MiB | CPU s of each run |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for scenario, name, count, cpu, user, system, switches, wall, rss, each in rows:
        print(f"| {scenario} | {name} | {count:,} | {cpu:.3f} | {1000 * cpu / count:.2f} | {1000 * user / count:.2f} "
              f"| {1000 * system / count:.2f} | {switches / count:.1f} | {wall:.2f} | {rss:.0f} "
              f"| {', '.join(f'{value:.3f}' for value in each)} |")
    if profiles:
        keys = sorted({key for *_, owners in profiles for key in owners},
                      key=lambda key: (not key.startswith("AWSQuery"), -max(p[4][key] for p in profiles)))
        print("\nInstructions per call by owner (callgrind; `AWSQuery:` rows are its layers, with the runtime and "
              "library work they cause):\n")
        print("| owner | " + " | ".join(f"{scenario} {name}" for scenario, name, *_ in profiles) + " |")
        print("|---|" + "---|" * len(profiles))
        for key in keys:
            print(f"| {key} | " + " | ".join(f"{owners[key] / count:,.0f}" for _, _, count, _, owners in profiles)
                  + " |")
        aws = [sum(v for k, v in owners.items() if k.startswith("AWSQuery")) / count
               for _, _, count, _, owners in profiles]
        print("| **AWSQuery, all layers** | " + " | ".join(f"**{value:,.0f}**" for value in aws) + " |")
        print("| **total** | " + " | ".join(f"**{total / count:,.0f}**" for _, _, count, total, _ in profiles) + " |")
    print("\n| binary | size bytes | size MiB |")
    print("|---|---|---|")
    for name, path in binaries.items():
        size = os.path.getsize(path)
        print(f"| {name} ({path}) | {size:,} | {size / 2**20:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
