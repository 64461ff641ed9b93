#!/usr/bin/env python3
"""Two (or more) plinv binaries side by side on one stored snapshot: the CPU of `plinv audit` in each format, or
of the drift scenario's `plinv drift`.

Usage: report_compare.py --db PATH NAME=PATH NAME=PATH [--formats html,md,json,text] [--repeat 31]
       report_compare.py --drift WORKDIR NAME=PATH NAME=PATH [--repeat 31]

Each binary runs `audit --db PATH --format F -o FILE --fail-on none` `--repeat` times per format, alternating which
goes first, on the same database (collect one first, e.g. the `warm.sqlite` that `profile.py --command …` leaves in
its `--out` directory: 1 region × 10,000 endpoints, 11,000 resources, 10,000 findings). It prints each binary's
median, first quartile and minimum of the client's CPU (user + system, from wait4), and checks that the binaries
wrote the same report apart from the lines that carry the time of the run.

With `--drift`, WORKDIR is a directory `run.py --only drift --keep` left: each binary runs the drift scenario's
command (`drift --db WORKDIR/report-plinv.sqlite --template WORKDIR/bench-template.yaml … --format json`) instead.

On a shared virtual machine a median of three runs moves by 10 % or more from one run to the next; many alternating
runs and the lower quartile show a difference of a few per cent that single runs cannot.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

import measure
import report_bench

# What differs from one run to the next in a report: the time it was generated and the snapshot's time.
TIMES = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db")
    parser.add_argument("--drift", metavar="WORKDIR", help="compare the drift scenario's command in WORKDIR")
    parser.add_argument("--formats", default="html,md,json,text")
    parser.add_argument("--repeat", type=int, default=31)
    parser.add_argument("binaries", nargs="+", help="NAME=PATH")
    arguments = parser.parse_args(argv)
    if (arguments.db is None) == (arguments.drift is None):
        parser.error("give one of --db and --drift")
    if arguments.drift:
        arguments.formats = "json"
    binaries = dict(entry.split("=", 1) for entry in arguments.binaries)
    workdir = tempfile.mkdtemp(prefix="plinv-report-compare-")
    for form in arguments.formats.split(","):
        cpu: dict[str, list[float]] = {name: [] for name in binaries}
        outputs = {name: os.path.join(workdir, f"{name}.{form}") for name in binaries}
        names = list(binaries)
        for index in range(arguments.repeat):
            for name in names if index % 2 == 0 else reversed(names):
                if arguments.drift:
                    # The files `run.py --only drift --keep` leaves; the scenario reads the first region.
                    command = report_bench.drift_command(
                        binaries[name], os.path.join(arguments.drift, "report-plinv.sqlite"),
                        os.path.join(arguments.drift, "bench-template.yaml"), report_bench.scenarios.REGIONS[0],
                        outputs[name])
                else:
                    command = [binaries[name], "audit", "--db", arguments.db, "--format", form, "-o",
                               outputs[name], "--fail-on", "none"]
                run = measure.run(command)
                if run.status != 0:
                    print(f"{name} exited {run.status}: {run.stderr[:2000]}", file=sys.stderr)
                    return 1
                cpu[name].append(run.cpu)
        reports = {name: TIMES.sub(b"<time>", open(path, "rb").read()) for name, path in outputs.items()}
        same = len(set(reports.values())) == 1
        print(f"{form} ({arguments.repeat} runs each; reports {'the same' if same else 'DIFFER'} apart from times)")
        for name, values in cpu.items():
            values.sort()
            print(f"  {name:12s} median {statistics.median(values):.3f} s  q1 {values[len(values) // 4]:.3f} s  "
                  f"min {values[0]:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
