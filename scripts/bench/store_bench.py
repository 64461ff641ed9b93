"""Scenario 2 (store): one large snapshot, then unchanged ones; database size after each. And the machine."""

from __future__ import annotations

import gzip
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import time

import measure
import scale_seed
import scenarios


def machine() -> dict:
    """What the numbers were measured on."""
    def out(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return "unavailable"

    import boto3
    import moto

    with open("/proc/meminfo", encoding="ascii") as meminfo:
        memory = meminfo.readline().split(":", 1)[1].strip()
    return {"nproc": out(["nproc"]), "lscpu": out(["lscpu"]).splitlines()[:16], "memory": memory,
            "kernel": platform.release(), "swift": out(["swift", "--version"]).splitlines()[:1],
            "python": sys.version.split()[0], "moto": moto.__version__, "boto3": boto3.__version__,
            "sqlite": sqlite3.sqlite_version, "curl": out(["curl", "--version"]).splitlines()[:1]}


def file_bytes(path: str) -> int:
    return os.path.getsize(path) if os.path.exists(path) else 0


def database_bytes(path: str) -> int:
    """File + WAL after a TRUNCATE checkpoint (what the database costs on disk at rest)."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    return sum(os.path.getsize(path + suffix) for suffix in ("", "-wal") if os.path.exists(path + suffix))


def store_shape(total: int) -> dict:
    """About `total` resources in 8 regions: S services (10 principals, 1 NLB, 1 connected endpoint each),
    S = total/100, and endpoints (one security group per 10) for the rest."""
    services = total // 100
    endpoints = round((total - 13 * services) / 1.1)
    return {"regions": scenarios.REGIONS, "endpoints": endpoints, "services": services, "principals": 10}


def records_floor(path: str, plinv: str) -> dict:
    """The first snapshot's records (the `snapshot_resources` view's `json`, a documented user view) as
    one newline-separated stream, and its size compressed: what storing the records could cost at best.

    The view decompresses bodies with `plinv_body()`, which only plinv's connections have (Schema/README.md), so
    the records are read with `plinv sql`, as a user would read them."""
    query = "SELECT json FROM snapshot_resources WHERE snapshot_id = (SELECT min(id) FROM snapshot)"
    output = subprocess.run([plinv, "sql", "--db", path, "--quiet", "--format", "json", query],
                            capture_output=True, check=True).stdout
    rows = [row["json"] for row in json.loads(output)]
    data = "\n".join(rows).encode()
    result = {"count": len(rows), "json_bytes": len(data), "gzip_bytes": len(gzip.compress(data, 6))}
    zstd = shutil.which("zstd")
    if zstd:
        compressed = subprocess.run([zstd, "-3", "-c", "-q"], input=data, capture_output=True, check=True).stdout
        result.update(zstd_bytes=len(compressed), floor_bytes=len(compressed), floor_method="zstd -3")
    else:
        result.update(floor_bytes=result["gzip_bytes"], floor_method="gzip -6")
    return result


def history_snapshots(snapshots: int) -> list[int]:
    """The snapshot counts whose databases the history scenario reports on: 1, 2 and 30 (or the most there are)."""
    most = min(1 + snapshots, 30)
    return sorted({count for count in (1, 2, most) if count <= 1 + snapshots})


def store_scenario(total: int, snapshots: int, server, clients) -> dict:
    """Collect the state 1 + `snapshots` times with each client into one database; size after each.

    Also: plinv's first database as it left it (main file and WAL) and after a checkpoint, the records'
    compressed size (the size floor), curl replaying plinv's requests (the collect floor), and copies of
    plinv's database at 1, 2 and 30 snapshots for the history scenario (`result["copies"]`).
    """
    shape = store_shape(total)
    scale_seed.reset()
    server.counter.clear_cache()
    started = time.perf_counter()
    counts = scale_seed.seed(shape["regions"], shape["endpoints"], shape["services"], shape["principals"])
    seeded = time.perf_counter() - started
    print(f"  store: seeded {scale_seed.resources(counts):,} resources in {seeded:.0f} s", file=sys.stderr)
    server.counter.caching = True
    result = {"resources": scale_seed.resources(counts), "shape": shape, "snapshots": snapshots,
              "seed_seconds": seeded, "copies": {}}
    keep = history_snapshots(snapshots)
    for name, command_of in (("plinv", clients.plinv_collect), ("boto3", clients.boto3_collect)):
        db = os.path.join(clients.workdir, f"store-{name}.sqlite")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        command = command_of(shape["regions"], db)
        server.counter.reset(record_requests=name == "plinv")
        clients.run(command_of(shape["regions"], db + ".warm"))  # fills the peer's cache, unmeasured
        traffic = server.counter.reset()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + ".warm" + suffix):
                os.remove(db + ".warm" + suffix)
        rows = []
        for index in range(1 + snapshots):
            run = clients.run(command)
            if name == "plinv" and index == 0:
                result["first_snapshot"] = {"main_bytes_before_checkpoint": file_bytes(db),
                                            "wal_bytes_before_checkpoint": file_bytes(db + "-wal")}
            rows.append({"snapshot": index + 1, "bytes": database_bytes(db), "cpu": run.cpu, "wall": run.wall,
                         "rss_mb": run.rss_mb})
            if name == "plinv" and index == 0:
                result["first_snapshot"].update(main_bytes_after_checkpoint=file_bytes(db),
                                                records=records_floor(db, clients.plinv))
            if name == "plinv" and index + 1 in keep:
                copy = os.path.join(clients.workdir, f"history-{index + 1}.sqlite")
                shutil.copyfile(db, copy)  # checkpointed above: the main file is the whole database
                result["copies"][index + 1] = copy
            print(f"    {name} snapshot {index + 1}: {rows[-1]['bytes'] / 1e6:.1f} MB, cpu {run.cpu:.2f} s",
                  file=sys.stderr, flush=True)
        result[name] = rows
        if name == "plinv":
            floor = clients.run(clients.curl_replay(traffic.requests))
            result["floor"] = {"cpu": floor.cpu, "wall": floor.wall, "rss_mb": floor.rss_mb,
                               "calls": traffic.total_calls(), "response_bytes": traffic.response_bytes}
    server.counter.caching = False
    return result


def print_store(result: dict) -> None:
    plinv, boto3 = result["plinv"], result["boto3"]
    print(f"\n### Scenario 2 — store: {result['resources']:,} resources, then {result['snapshots']} unchanged "
          "snapshots (database = file + WAL after checkpoint)\n")
    print("| after snapshot | plinv MB | boto3 MB | size ratio | plinv collect CPU s | boto3 collect CPU s |")
    print("|---|---|---|---|---|---|")
    for p, b in zip(plinv, boto3):
        if p["snapshot"] in (1, 2, 3) or p["snapshot"] % 5 == 1 or p is plinv[-1]:
            print(f"| {p['snapshot']} | {p['bytes'] / 1e6:.2f} | {b['bytes'] / 1e6:.2f} "
                  f"| {b['bytes'] / p['bytes']:.1f}× | {p['cpu']:.2f} | {b['cpu']:.2f} |")
    growth = {name: (rows[-1]["bytes"] - rows[0]["bytes"]) / max(1, len(rows) - 1) for name, rows in
              (("plinv", plinv), ("boto3", boto3))}
    print(f"\nGrowth per unchanged snapshot: plinv {growth['plinv'] / 1e3:.1f} kB, boto3 {growth['boto3'] / 1e6:.2f} MB.")
    first = result.get("first_snapshot")
    if first:
        records = first["records"]
        print(f"plinv's first snapshot as the collect left it: main file {first['main_bytes_before_checkpoint'] / 1e6:.2f} MB"
              f" + WAL {first['wal_bytes_before_checkpoint'] / 1e6:.2f} MB; after a checkpoint "
              f"{first['main_bytes_after_checkpoint'] / 1e6:.2f} MB. Its {records['count']:,} records' JSON: "
              f"{records['json_bytes'] / 1e6:.1f} MB, {records['floor_method']} {records['floor_bytes'] / 1e6:.1f} MB, "
              f"gzip -6 {records['gzip_bytes'] / 1e6:.1f} MB.")
    floor = result.get("floor")
    if floor:
        print(f"Floor: curl replaying plinv's {floor['calls']:,} requests ({floor['response_bytes'] / 1e6:.1f} MB): "
              f"CPU {floor['cpu']:.3f} s, peak RSS {floor['rss_mb']:.0f} MiB.")
