#!/usr/bin/env python3
"""plinv benchmarks (`make bench`): plinv and the boto3 script a user would write, on the same peer state.

Usage: run.py [--quick] [--repeat N] [--only collect,store,drift,render,build] [--skip GROUPS] [--json FILE]
              [--plinv PATH] [--keep]

Starts moto (+ scripts/peer_ext when present) in this process behind a request counter, seeds each
scenario straight into moto's backends, runs each client once to warm the peer's response cache,
then N measured times, alternating the order. Reports medians of the client process's CPU time
(user+system, wait4), wall time and peak RSS, the API calls each made against the fewest possible,
and the "floor": curl replaying plinv's exact requests (reading the bytes the API sends, nothing more).

Groups: collect (scenario 1), store (2: one large snapshot, then unchanged ones; 2b: `plinv report` with 1, 2
and 30 snapshots), drift (3), render (4), build (5: a clean debug build with tests, and the dependencies alone;
minutes — `--skip build` while iterating). After the scenario tables, the goals table of issue 12 (goals.py):
every goal row, plinv beside the baseline and the floor, with ratios; saved under "goals" in the JSON too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import build_bench  # noqa: E402
import goals  # noqa: E402
import history_bench  # noqa: E402
import measure  # noqa: E402
import report_bench  # noqa: E402
import scale_seed  # noqa: E402
import scenarios  # noqa: E402
import store_bench  # noqa: E402
from server import BenchServer  # noqa: E402


GROUPS = ("collect", "store", "drift", "render", "build")


def client_env(workdir: str) -> dict[str, str]:
    """Static test credentials; empty AWS config files so nothing of the user's leaks in."""
    empty = os.path.join(workdir, "aws-empty")
    open(empty, "w", encoding="utf-8").close()
    env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE=empty, AWS_SHARED_CREDENTIALS_FILE=empty, AWS_EC2_METADATA_DISABLED="true")
    return env


def plinv_binary(explicit: str | None) -> str:
    """The release binary, built if needed as `make bench` and `make install` build it (`RELEASE_FLAGS`)."""
    if explicit:
        return os.path.abspath(explicit)
    # Linked with the Swift runtime statically, as installed: the shared-library build loads Foundation's libraries
    # at start and measured about 10 % more CPU for the drift scenario.
    flags = ["-c", "release", "--static-swift-stdlib"]
    subprocess.run(["swift", "build", *flags, "--product", "plinv"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    path = subprocess.run(["swift", "build", *flags, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "plinv")


class Clients:
    """The command lines of plinv, the boto3 alternative and the curl floor."""

    def __init__(self, plinv: str, url: str, workdir: str) -> None:
        self.plinv, self.url, self.workdir = plinv, url, workdir
        self.env = client_env(workdir)

    def plinv_collect(self, regions: list[str], db: str) -> list[str]:
        command = [self.plinv, "collect", "--endpoint-url", self.url, "--db", db, "--quiet"]
        for region in regions:
            command += ["--region", region]
        return command

    def boto3_collect(self, regions: list[str], db: str) -> list[str]:
        command = [sys.executable, os.path.join(HERE, "boto3_collect.py"), "--endpoint-url", self.url, "--db", db]
        for region in regions:
            command += ["--region", region]
        return command

    def curl_replay(self, requests: list[tuple[str, str, str, bytes]]) -> list[str]:
        """curl sending exactly these requests over one keep-alive connection, discarding the bodies."""
        path = os.path.join(self.workdir, "replay.curl")
        with open(path, "w", encoding="utf-8") as config:
            for index, (url_path, region, service, body) in enumerate(requests):
                if index:
                    config.write("next\n")
                config.write(f'url = "{self.url}{url_path}"\nsilent\noutput = "/dev/null"\n'
                             f'header = "Authorization: AWS4-HMAC-SHA256 Credential=testing/20260101/{region}/'
                             f'{service}/aws4_request, SignedHeaders=host, Signature=0"\n'
                             f'data-binary = "{body.decode()}"\n')
        return ["curl", "--config", path]

    def _c_floor(self, name: str, libraries: list[str]) -> str:
        """scripts/bench/NAME.c built into the work directory (not by make: the bench's deps are the build's, which
        install these headers)."""
        binary = os.path.join(self.workdir, name)
        if not os.path.exists(binary):
            subprocess.run(["cc", "-O2", "-o", binary, os.path.join(HERE, f"{name}.c"), *libraries], check=True)
        return binary

    def floor_requests(self, requests: list[tuple[str, str, str, bytes]]) -> str:
        """Writes the requests as the C floors read them (URL, Authorization and form body, tab-separated, a line each)
        and returns the file's path."""
        path = os.path.join(self.workdir, "floor.requests")
        with open(path, "w", encoding="utf-8") as lines:
            for url_path, region, service, body in requests:
                lines.write(f"{self.url}{url_path}\tAWS4-HMAC-SHA256 Credential=testing/20260101/{region}/{service}/"
                            f"aws4_request, SignedHeaders=host, Signature=0\t{body.decode()}\n")
        return path

    def store_floor(self, requests_file: str, db: str, work: bool = False) -> list[str]:
        """store_floor.c fetching the requests of `requests_file` (`floor_requests`) on one keep-alive connection and
        storing their records (see it); with `work`, the work floor: each record read into JSON first, the schema and
        rows written through a rollback journal, as plinv's first snapshot is."""
        binary = self._c_floor("store_floor", ["-lcurl", "-lsqlite3", "-lzstd", "-lcrypto"])
        return [binary, *(["--work"] if work else []), requests_file, db]

    def batched_floor(self, requests_file: str) -> list[str]:
        """paced_floor.c sending the requests of `requests_file` as plinv's EC2 bucket lets them go (README "Pacing"):
        a burst of 100, then 40 every 2 s (20 a second on plinv's 2 s grid, where the tokens that accrue while held-back
        calls wait let the next ones go at once), on libcurl's multi interface, the bodies discarded."""
        binary = self._c_floor("paced_floor", ["-lcurl"])
        return [binary, requests_file, "100", "40", "2000"]

    def run(self, command: list[str], ok: tuple[int, ...] = (0,)) -> measure.Run:
        result = measure.run(command, env=self.env, cwd=self.workdir)
        if result.status not in ok:
            raise RuntimeError(f"{command[0:2]} exited {result.status}: {result.stderr[-1500:]}")
        return result


def fresh(path: str) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    return path


def collect_scenario(shape: scenarios.CollectShape, server: BenchServer, clients: Clients, repeat: int) -> dict:
    """Scenario 1 for one shape: medians, calls vs minimum, the curl floor."""
    scale_seed.reset()
    server.counter.clear_cache()
    started = time.perf_counter()
    counts = scale_seed.seed(shape.region_names, shape.endpoints, shape.services, shape.principals,
                             shape.endpoints_per_group)
    seconds_seeding = time.perf_counter() - started
    minimum = scenarios.minimum_calls(scale_seed.per_region(counts, shape.principals))
    resources = scale_seed.resources(counts)
    db = {name: os.path.join(clients.workdir, f"{name}.sqlite")
          for name in ("plinv", "boto3", "floor_store", "floor_work")}
    commands = {"plinv": clients.plinv_collect(shape.region_names, db["plinv"]),
                "boto3": clients.boto3_collect(shape.region_names, db["boto3"])}

    # Warm-up (unmeasured): fills the peer's response cache, records plinv's requests for the floor.
    server.counter.caching = True
    server.counter.latency = shape.latency
    traffic = {}
    for name in ("plinv", "boto3"):
        server.counter.reset(record_requests=name == "plinv")
        fresh(db[name])
        clients.run(commands[name])
        traffic[name] = server.counter.reset()
    runs: dict[str, list[measure.Run]] = {"plinv": [], "boto3": [], "floor": [], "floor_store": [], "floor_work": []}
    floor_command = clients.curl_replay(traffic["plinv"].requests)
    # The floor of a client that also stores every record: libcurl, SHA-256, plinv's body hash, zstd with a trained
    # dictionary, and SQLite in plinv's tables, with nothing else (store_floor.c).
    requests_file = clients.floor_requests(traffic["plinv"].requests)
    store_floor_command = clients.store_floor(requests_file, db["floor_store"])
    # The work floor: the same, plus what else plinv's first snapshot does, each the least costly way: every record read
    # into JSON with sorted keys (hashed, sampled and compressed as JSON), written through a rollback journal.
    work_floor_command = clients.store_floor(requests_file, db["floor_work"], work=True)
    # A collect that plinv's client-side rate limit spreads over its wall time also gets the floor at that pace:
    # curl sending the same requests at plinv's average rate, one at a time (`--rate`), what waking per call costs.
    paced = shape.services > 0 and shape.regions == 1
    if paced:
        runs["floor_paced"] = []
        # And a client that wakes once per batch, as plinv does, rather than per request as `curl --rate` does.
        runs["floor_batched"] = []
        batched_command = clients.batched_floor(requests_file)
    floor_bytes = 0
    for index in range(repeat):
        order = ("plinv", "boto3") if index % 2 == 0 else ("boto3", "plinv")
        for name in order:
            fresh(db[name])
            runs[name].append(clients.run(commands[name]))
        server.counter.reset()  # the bytes the floor reads: its own runs' only
        runs["floor"].append(clients.run(floor_command))
        floor_bytes += server.counter.reset().response_bytes
        fresh(db["floor_store"])
        runs["floor_store"].append(clients.run(store_floor_command))
        fresh(db["floor_work"])
        runs["floor_work"].append(clients.run(work_floor_command))
        if paced:
            per_minute = max(1, round(len(traffic["plinv"].requests) * 60 / runs["plinv"][-1].wall))
            runs["floor_paced"].append(clients.run(floor_command + ["--rate", f"{per_minute}/m"]))
            runs["floor_batched"].append(clients.run(batched_command))
    server.counter.reset()
    server.counter.caching = False
    server.counter.latency = 0.0

    summaries = {name: measure.Summary.of(items) for name, items in runs.items()}
    plinv, boto3, floor = summaries["plinv"], summaries["boto3"], summaries["floor"]
    return {
        "scenario": shape.name, "regions": shape.regions, "endpoints": shape.endpoints, "services": shape.services,
        "principals_per_service": shape.principals, "latency": shape.latency, "resources": resources, "seed_seconds": seconds_seeding,
        "peer_extension": server.extension,
        "calls": {"plinv": traffic["plinv"].total_calls(), "boto3": traffic["boto3"].total_calls(),
                  "minimum": minimum},
        "calls_by_action": {"plinv": traffic["plinv"].by_action(), "boto3": traffic["boto3"].by_action()},
        "response_bytes": {"plinv": traffic["plinv"].response_bytes, "boto3": traffic["boto3"].response_bytes,
                           "floor_per_run": floor_bytes // max(1, repeat)},
        "plinv": vars(plinv), "boto3": vars(boto3), "floor": vars(floor),
        "floor_paced": vars(summaries["floor_paced"]) if paced else None,
        "floor_batched": vars(summaries["floor_batched"]) if paced else None,
        "floor_store": vars(summaries["floor_store"]),
        "floor_work": vars(summaries["floor_work"]),
        "cpu_ms_per_1000": {name: 1000 * s.cpu / resources * 1000 for name, s in summaries.items()},
        "ratios": {"cpu_boto3_over_plinv": measure.ratio(boto3.cpu, plinv.cpu),
                   "wall_boto3_over_plinv": measure.ratio(boto3.wall, plinv.wall),
                   "rss_boto3_over_plinv": measure.ratio(boto3.rss_mb, plinv.rss_mb),
                   "cpu_plinv_over_floor": measure.ratio(plinv.cpu, floor.cpu),
                   "cpu_plinv_over_store_floor": measure.ratio(plinv.cpu, summaries["floor_store"].cpu),
                   "cpu_plinv_over_work_floor": measure.ratio(plinv.cpu, summaries["floor_work"].cpu)},
        "runs": {name: [r.as_dict() for r in items] for name, items in runs.items()},
    }


def print_collect(results: list[dict]) -> None:
    def fmt(value, digits=2):
        return "—" if value is None else f"{value:.{digits}f}"

    print("\n### Scenario 1 — collect (medians; ratio = boto3 ÷ plinv; floor = curl replaying plinv's requests; "
          "store floor = store_floor.c fetching them and storing every record; work floor = the same reading each record "
          "into JSON first, through a rollback journal, as plinv's first snapshot)\n")
    print("| scenario | resources | plinv CPU s | boto3 CPU s | CPU ratio | floor CPU s | plinv ÷ floor "
          "| store floor CPU s | plinv ÷ store floor | work floor CPU s | plinv ÷ work floor "
          "| plinv CPU ms/1k | boto3 CPU ms/1k | plinv wall s | boto3 wall s | wall ratio "
          "| plinv RSS MiB | boto3 RSS MiB | RSS ratio | calls plinv / boto3 / min | MB read |")
    print("|" + "---|" * 21)
    for r in results:
        ratios, per = r["ratios"], r["cpu_ms_per_1000"]
        print(f"| {r['scenario']} | {r['resources']:,} | {fmt(r['plinv']['cpu'], 3)} | {fmt(r['boto3']['cpu'], 3)} "
              f"| {fmt(ratios['cpu_boto3_over_plinv'], 1)}× | {fmt(r['floor']['cpu'], 3)} "
              f"| {fmt(ratios['cpu_plinv_over_floor'], 1)}× "
              f"| {fmt((r.get('floor_store') or {}).get('cpu'), 3)} "
              f"| {fmt(ratios.get('cpu_plinv_over_store_floor'), 2)}× "
              f"| {fmt((r.get('floor_work') or {}).get('cpu'), 3)} "
              f"| {fmt(ratios.get('cpu_plinv_over_work_floor'), 2)}× | {fmt(per['plinv'], 1)} | {fmt(per['boto3'], 1)} "
              f"| {fmt(r['plinv']['wall'])} | {fmt(r['boto3']['wall'])} | {fmt(ratios['wall_boto3_over_plinv'], 1)}× "
              f"| {fmt(r['plinv']['rss_mb'], 0)} | {fmt(r['boto3']['rss_mb'], 0)} "
              f"| {fmt(ratios['rss_boto3_over_plinv'], 1)}× "
              f"| {r['calls']['plinv']} / {r['calls']['boto3']} / {r['calls']['minimum']} "
              f"| {r['response_bytes']['plinv'] / 1e6:.1f} |")
    for r in results:
        if r.get("floor_paced"):
            paced = r["floor_paced"]
            print(f"\n{r['scenario']}: curl at plinv's pace (`--rate`, the same requests over {fmt(paced['wall'], 1)} s) "
                  f"{fmt(paced['cpu'], 3)} s CPU; plinv ÷ paced floor "
                  f"{fmt(measure.ratio(r['plinv']['cpu'], paced['cpu']), 1)}×")
        if r.get("floor_batched"):
            batched = r["floor_batched"]
            print(f"{r['scenario']}: libcurl at plinv's pace in batches (a burst of 100, then 40 every 2 s, over "
                  f"{fmt(batched['wall'], 1)} s) {fmt(batched['cpu'], 3)} s CPU; plinv ÷ batched floor "
                  f"{fmt(measure.ratio(r['plinv']['cpu'], batched['cpu']), 1)}×")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one measured run each "
                        "(about 6 min, plus the clean builds' 5–8 min)")
    parser.add_argument("--repeat", type=int, help="measured runs per client (default 3, quick 1)")
    parser.add_argument("--only", default=",".join(GROUPS), help="comma-separated scenario groups "
                        f"(default all: {','.join(GROUPS)})")
    parser.add_argument("--skip", default="", help="comma-separated groups to leave out, e.g. build")
    parser.add_argument("--json", default=os.path.join(ROOT, ".build", "bench", "results.json"))
    parser.add_argument("--plinv", help="a plinv binary (default: build the release one)")
    parser.add_argument("--store-resources", type=int, help="scenario 2's size (default 100,000; quick 10,000)")
    parser.add_argument("--store-snapshots", type=int, help="unchanged collects after the first (default 30, "
                        "quick 29: the history scenario needs 30 snapshots)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (databases, the drift "
                        "template, outputs) to re-run a command by hand")
    arguments = parser.parse_args(argv)
    repeat = arguments.repeat or (1 if arguments.quick else 3)
    groups = set(arguments.only.split(",")) - set(arguments.skip.split(","))
    unknown = groups - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}; groups: {', '.join(GROUPS)}")

    plinv = plinv_binary(arguments.plinv)
    server = BenchServer()
    workdir = tempfile.mkdtemp(prefix="plinv-bench-")
    clients = Clients(plinv, server.url, workdir)
    results: dict = {"repeat": repeat, "quick": arguments.quick, "peer_extension": server.extension,
                     "machine": store_bench.machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "plinv": plinv, "groups": sorted(groups), "load_average_start": build_bench.load_average()}
    print(f"plinv bench: peer {server.url} (peer_ext {'on' if server.extension else 'absent'}"
          f"{', bench_fallback paging + connections' if server.fallback else ''}), "
          f"{repeat} measured run(s) each, workdir {workdir}", file=sys.stderr)
    try:
        if "collect" in groups:
            results["collect"] = []
            for shape in scenarios.collect_shapes(arguments.quick):
                print(f"  collect {shape.name} …", file=sys.stderr, flush=True)
                results["collect"].append(collect_scenario(shape, server, clients, repeat))
            print_collect(results["collect"])
        if "store" in groups:
            size = arguments.store_resources or (10_000 if arguments.quick else 100_000)
            snapshots = arguments.store_snapshots if arguments.store_snapshots is not None else (
                29 if arguments.quick else 30)
            results["store"] = store_bench.store_scenario(size, snapshots, server, clients)
            store_bench.print_store(results["store"])
            print("  history: plinv report by snapshots in the database …", file=sys.stderr, flush=True)
            results["history"] = history_bench.history_scenario(
                results["store"]["copies"], results["store"]["resources"], clients, repeat)
            history_bench.print_history(results["history"])
        if "drift" in groups:
            results["drift"] = report_bench.drift_scenario(
                arguments.store_resources or (10_000 if arguments.quick else 100_000),
                1_000 if arguments.quick else 10_000, server, clients, repeat)
        if "render" in groups:
            results["render"] = report_bench.render_scenario(server, clients, repeat)
        if "drift" in groups or "render" in groups:
            report_bench.print_reports(results.get("drift"), results.get("render"))
        if "build" in groups:
            results["build"] = build_bench.build_scenario(ROOT)
            build_bench.print_build(results["build"])
        results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    finally:
        # Also after a failed scenario: the rows of the ones that ran, the others "not measured".
        results["load_average_end"] = build_bench.load_average()
        try:
            table = goals.rows(results)
            results["goals"] = goals.as_dicts(table)
            print(f"\n### Goals of issue 12 ({'quick sizes, ' if arguments.quick else ''}{repeat} measured run(s) "
                  "each; ratios are plinv ÷ the other: below 1, plinv is cheaper)\n")
            print(goals.render(table), flush=True)
        except Exception as error:  # noqa: BLE001 — never lose the results file to a table bug
            print(f"goals table failed: {error!r}", file=sys.stderr)
        os.makedirs(os.path.dirname(arguments.json), exist_ok=True)
        with open(arguments.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1)
        print(f"\nresults: {arguments.json}", file=sys.stderr)
        if arguments.keep:
            print(f"kept: {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
