"""Scenarios 3 (drift: 100,000 live resources vs templates declaring 10,000) and 4 (render: a report of
10,000 findings in each format): plinv's command against the Python a user would write instead."""

from __future__ import annotations

import json
import os
import sys
import time

import measure
import scale_seed
import scenarios
import store_bench

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "123456789012"
STACK = "bench"


def compare(name: str, commands: dict[str, list[str]], clients, repeat: int, ok: tuple[int, ...],
            outputs: dict[str, str]) -> dict:
    """Runs both commands `repeat` times, alternating; medians and output sizes."""
    runs: dict[str, list[measure.Run]] = {"plinv": [], "python": []}
    for index in range(repeat):
        for who in (("plinv", "python") if index % 2 == 0 else ("python", "plinv")):
            runs[who].append(clients.run(commands[who], ok=ok))
    summaries = {who: measure.Summary.of(items) for who, items in runs.items()}
    findings = {}
    for who, path in outputs.items():
        if path.endswith(".json"):
            with open(path, encoding="utf-8") as file:
                findings[who] = len(json.load(file).get("findings", []))
    return {"case": name, **{who: vars(s) for who, s in summaries.items()}, "findings": findings,
            "output_bytes": {who: os.path.getsize(path) for who, path in outputs.items()},
            "ratios": {"cpu_python_over_plinv": measure.ratio(summaries["python"].cpu, summaries["plinv"].cpu),
                       "wall_python_over_plinv": measure.ratio(summaries["python"].wall, summaries["plinv"].wall),
                       "rss_python_over_plinv": measure.ratio(summaries["python"].rss_mb, summaries["plinv"].rss_mb)}}


def read_floor(paths: list[str], clients, repeat: int) -> dict:
    """The cost of merely reading the inputs: `cat` of the files to /dev/null (no parsing, no output)."""
    files = [path + suffix for path in paths for suffix in ("", "-wal") if os.path.exists(path + suffix)]
    runs = [clients.run(["sh", "-c", 'exec cat "$@" > /dev/null', "cat", *files]) for _ in range(repeat)]
    return {**vars(measure.Summary.of(runs)), "bytes": sum(os.path.getsize(path) for path in files)}


def collect_both(regions: list[str], server, clients) -> dict[str, str]:
    """One collect by each client (setup, unmeasured); the two databases."""
    server.counter.caching = True
    dbs = {"plinv": os.path.join(clients.workdir, "report-plinv.sqlite"),
           "python": os.path.join(clients.workdir, "report-boto3.sqlite")}
    for path in dbs.values():
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
    clients.run(clients.plinv_collect(regions, dbs["plinv"]))
    clients.run(clients.boto3_collect(regions, dbs["python"]))
    server.counter.caching = False
    return dbs


def render_scenario(server, clients, repeat: int) -> dict:
    """`plinv audit` of 10,000 endpoints with the default policy (10,000 PL008 findings), each format."""
    scale_seed.reset()
    server.counter.clear_cache()
    scale_seed.seed(["us-east-1"], 10000, 0, 0)
    dbs = collect_both(["us-east-1"], server, clients)
    results = []
    for form in ("json", "md", "html", "text"):
        outputs = {who: os.path.join(clients.workdir, f"audit-{who}.{form}") for who in ("plinv", "python")}
        commands = {
            "plinv": [clients.plinv, "audit", "--db", dbs["plinv"], "--format", form, "-o", outputs["plinv"],
                      "--fail-on", "none"],
            "python": [sys.executable, os.path.join(HERE, "py_report.py"), "--db", dbs["python"], "--format", form,
                       "-o", outputs["python"]]}
        print(f"  render {form} …", file=sys.stderr, flush=True)
        results.append(compare(form, commands, clients, repeat, (0,), outputs))
    return {"findings": 10000, "formats": results, "floor": read_floor([dbs["plinv"]], clients, repeat)}


def template(counts: scale_seed.RegionCounts, declared: int, drifted_every: int = 100) -> str:
    """A CloudFormation template declaring the first `declared` endpoints as seeded; every
    `drifted_every`-th declares PrivateDnsEnabled false (live: true), so drift has something to find."""
    lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Description: plinv bench, generated", "Resources:"]
    for index in range(declared):
        group = counts.group_ids[index // 10]
        lines += [f"  Endpoint{index}:", "    Type: AWS::EC2::VPCEndpoint", "    Properties:",
                  f"      VpcId: {counts.vpc_id}", f"      ServiceName: {counts.endpoint_services[index]}",
                  "      VpcEndpointType: Interface",
                  f"      SubnetIds: [{', '.join(counts.subnet_ids)}]", f"      SecurityGroupIds: [{group}]",
                  f"      PrivateDnsEnabled: {'false' if index % drifted_every == drifted_every - 1 else 'true'}"]
    return "\n".join(lines) + "\n"


def drift_scenario(total: int, declared: int, server, clients, repeat: int) -> dict:
    """`plinv drift` of a template declaring `declared` endpoints against a snapshot of `total` resources."""
    shape = store_bench.store_shape(total)
    declared = min(declared, shape["endpoints"])  # a small --store-resources: declare what exists
    scale_seed.reset()
    server.counter.clear_cache()
    started = time.perf_counter()
    counts = scale_seed.seed(shape["regions"], shape["endpoints"], shape["services"], shape["principals"],
                             first_endpoints=declared, stack=STACK)
    print(f"  drift: seeded {scale_seed.resources(counts):,} resources in {time.perf_counter() - started:.0f} s",
          file=sys.stderr, flush=True)
    path = os.path.join(clients.workdir, "bench-template.yaml")
    with open(path, "w", encoding="utf-8") as file:
        file.write(template(counts[0], declared))
    dbs = collect_both(shape["regions"], server, clients)
    outputs = {who: os.path.join(clients.workdir, f"drift-{who}.json") for who in ("plinv", "python")}
    region = shape["regions"][0]
    commands = {
        "plinv": drift_command(clients.plinv, dbs["plinv"], path, region, outputs["plinv"]),
        "python": [sys.executable, os.path.join(HERE, "py_drift.py"), "--db", dbs["python"], "--template", path,
                   "--account", ACCOUNT, "--region", region, "--stack-name", STACK, "-o", outputs["python"]]}
    result = compare("drift", commands, clients, repeat, (0, 2), outputs)
    result.update(live_resources=scale_seed.resources(counts), declared=declared,
                  template_bytes=os.path.getsize(path), floor=read_floor([path, dbs["plinv"]], clients, repeat))
    return result


def drift_command(plinv: str, db: str, template: str, region: str, output: str) -> list[str]:
    """`plinv drift` of the scenario's template against `db`, as JSON into `output` (also `report_compare.py --drift`)."""
    return [plinv, "drift", "--db", db, "--template", template, "--account", ACCOUNT, "--region", region,
            "--stack-name", STACK, "--format", "json", "-o", output, "--fail-on", "none"]


def print_reports(drift: dict | None, render: dict | None) -> None:
    def row(label: str, r: dict) -> str:
        ratios = r["ratios"]
        return (f"| {label} | {r['plinv']['cpu']:.3f} | {r['python']['cpu']:.3f} | {ratios['cpu_python_over_plinv']:.1f}× "
                f"| {r['plinv']['wall']:.2f} | {r['python']['wall']:.2f} | {r['plinv']['rss_mb']:.0f} "
                f"| {r['python']['rss_mb']:.0f} | {r['output_bytes']['plinv'] / 1e6:.2f} "
                f"| {r['output_bytes']['python'] / 1e6:.2f} |")

    header = ("| case | plinv CPU s | Python CPU s | CPU ratio | plinv wall s | Python wall s | plinv RSS MiB "
              "| Python RSS MiB | plinv output MB | Python output MB |\n|---|---|---|---|---|---|---|---|---|---|")
    if drift:
        print(f"\n### Scenario 3 — drift: {drift['live_resources']:,} live resources, a template declaring "
              f"{drift['declared']:,} endpoints ({drift['template_bytes'] / 1e6:.1f} MB of YAML)\n")
        print(header)
        print(row("drift → json", drift))
        print(f"\nFindings: plinv {drift['findings'].get('plinv')}, Python {drift['findings'].get('python')}.")
        if drift.get("floor"):
            print(f"Floor (`cat` of the template and plinv's database, {drift['floor']['bytes'] / 1e6:.1f} MB): "
                  f"CPU {drift['floor']['cpu']:.3f} s.")
    if render:
        print(f"\n### Scenario 4 — render: `plinv audit` with {render['findings']:,} findings, each format\n")
        print(header)
        for r in render["formats"]:
            print(row(r["case"], r))
        if render.get("floor"):
            print(f"\nFloor (`cat` of plinv's database, {render['floor']['bytes'] / 1e6:.1f} MB): "
                  f"CPU {render['floor']['cpu']:.3f} s.")
