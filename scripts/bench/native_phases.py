#!/usr/bin/env python3
"""Where a first collect's CPU time goes, natively: plinv's phases beside the work floor's, from `perf` samples.

Usage: native_phases.py plinv|floor DATA... [--ms MEDIAN]

DATA are `perf record` files of single runs, each recorded with DWARF call graphs so that time spent inside SQLite,
zstd and libcrypto (built without frame pointers) is still charged to the phase that called them:
    perf record -F 10000 -e cpu-clock --call-graph dwarf,16384 -o ph1.data PLINV collect ...
    perf record -F 10000 -e cpu-clock --call-graph dwarf,16384 -o fl1.data store_floor_g --work REQUESTS DB
(`store_floor_g` is store_floor.c built with `cc -O2 -g`). A recording may hold a wrapper script that starts the
run and removes its database first: processes named in WRAPPERS are left out. For each phase it prints the share of
the measured process's samples that fall in it (inclusive: the phase and everything it calls), the median over the
files, with each file's share; with `--ms`, the median CPU time of the same binary measured without perf (`perf stat
-e task-clock`), also in ms. Sampling with DWARF call graphs slows the process (the shares, not the times, are what
a file gives). A phase is where its symbol runs, from whatever caller: `sqlite3_step` is every statement of the run,
the schema's too.

Why not callgrind: callgrind counts instructions, and the passes over a record's tags cost time by their branches
more than by their instructions (BENCHMARKS.md, twenty-ninth pass: 64 M fewer instructions, the same time).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys

# Processes a recording may hold besides the one measured (the wrapper script, its `rm`, perf itself).
WRAPPERS = {"bash", "sh", "rm", "one.sh", "perf", "perf-exec", "env"}

# Each phase: a label and a pattern of the symbol (Swift's mangled name, or C's) whose inclusive share it is.
PHASES = {
    "plinv": [
        ("record the items (per item, all below)", r"ItemRecorderV6record_5index"),
        ("  raw digest (SHA-256)", r"RecordWriterV6digest"),
        ("  canonical JSON writer", r"RecordWriterV18writeCanonicalJSON"),
        ("  item index", r"XMLElementIndexV4read"),
        ("  draft (spool, bookkeeping)", r"ScopeDraftC6record_2id6digest13canonicalJSON.*SWtKF( \(inlined\))?$"),
        ("page parse (with its check of the items)", r"QueryClientV9interpret_6action5items"),
        ("save (training, inserts, compression)", r"SnapshotA0V4save_6draftss5Int64"),
        ("  dictionary training", r"BodyDictionaryO9forSaving"),
        ("sqlite3_step, every statement (compression inside)", r"^sqlite3_step$"),
        ("open or create the store", r"SnapshotA0V4path11busyTimeout6loggerACSS_s8Duration"),
        ("parse the command line", r"parseAsRoot"),
        ("HTTP event thread (libcurl)", r"CurlMultiC3run"),
    ],
    "floor": [
        ("read the records (all below)", r"split_records"),
        ("  SHA-256", r"^sha256$"),
        ("  JSON", r"add_json"),
        ("sqlite3_step", r"^sqlite3_step$"),
        ("zstd compression", r"ZSTD_compress_usingCDict|ZSTD_compressEnd"),
        ("dictionary training", r"ZDICT_trainFromBuffer"),
        ("libcurl", r"curl_easy_perform"),
        ("dynamic loader at start", r"_dl_start\s*$"),
    ],
}

ROW = re.compile(r"^\s+([0-9.]+)%\s+([0-9.]+)%\s+\[.\]\s+(.*?)\s*$")
SHARE = re.compile(r"^\s+([0-9.]+)%\s+(\S.*?)\s*$")


def run_perf(arguments: list[str]) -> str:
    """The standard output of `perf report` with these arguments."""
    # Absolute percentages: a share under --comm stays a share of every sample of the file.
    command = ["perf", "report", *arguments, "--stdio", "--percentage", "absolute"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def comm_shares(text: str) -> dict[str, float]:
    """The share of the samples of each process name, from `perf report --sort comm`."""
    shares: dict[str, float] = {}
    for line in text.splitlines():
        found = SHARE.match(line)
        if found:
            shares[found.group(2)] = shares.get(found.group(2), 0.0) + float(found.group(1))
    return shares


def inclusive_shares(text: str) -> list[tuple[float, str]]:
    """Each symbol's inclusive share and name, from `perf report --children --sort sym`."""
    rows = []
    for line in text.splitlines():
        found = ROW.match(line)
        if found:
            rows.append((float(found.group(1)), found.group(3)))
    return rows


def phase_shares(rows: list[tuple[float, str]], measured: float, phases: list[tuple[str, str]]) -> list[float]:
    """Each phase's share of the measured process's samples (`measured` percent of the file's): the largest
    inclusive share of a symbol its pattern matches (a phase's symbol may appear inlined under several names)."""
    shares = []
    for _, pattern in phases:
        matched = [share for share, symbol in rows if re.search(pattern, symbol)]
        shares.append(max(matched, default=0.0) / measured * 100 if measured else 0.0)
    return shares


def shares_of(path: str, phases: list[tuple[str, str]]) -> list[float]:
    """The phase shares of one recording, counting only the measured process's threads."""
    processes = comm_shares(run_perf(["-i", path, "--no-children", "--sort", "comm", "-g", "none"]))
    measured = {name: share for name, share in processes.items() if name not in WRAPPERS}
    if not measured:
        raise SystemExit(f"{path}: no samples of a process other than {sorted(WRAPPERS)}")
    selected = ",".join(measured)
    rows = inclusive_shares(run_perf(["-i", path, "--children", "--sort", "sym", "-g", "none", "--comm", selected]))
    return phase_shares(rows, sum(measured.values()), phases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=sorted(PHASES))
    parser.add_argument("data", nargs="+")
    parser.add_argument("--ms", type=float, help="the binary's median CPU time without perf, to show ms")
    arguments = parser.parse_args()
    phases = PHASES[arguments.kind]
    per_file = [shares_of(path, phases) for path in arguments.data]
    for position, (label, _) in enumerate(phases):
        values = [shares[position] for shares in per_file]
        # The median: now and then a sample's stack is not unwound to its phase, which lowers one file's share.
        middle = statistics.median(values)
        ms = f"{middle * arguments.ms / 100:6.1f} ms" if arguments.ms else ""
        print(f"{label:52s} {middle:5.1f} % {ms}  ({' '.join(f'{value:.1f}' for value in values)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
