"""Run one client process and measure it: CPU (user + system), wall time, peak RSS, exit status."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass


@dataclass
class Run:
    """One measured process."""

    cpu: float  # user + system seconds of the child, from wait4
    wall: float  # seconds from spawn to exit
    rss_mb: float  # peak resident set size, MiB (ru_maxrss)
    status: int
    stdout: str
    stderr: str

    def as_dict(self) -> dict:
        data = asdict(self)
        data["stderr"] = self.stderr[-2000:]
        return data


GNU_TIME = "/usr/bin/time"


def run(command: list[str], env: dict[str, str] | None = None, cwd: str | None = None) -> Run:
    """Spawn `command` and return its resource usage.

    CPU: wait4's rusage of the spawned process, which includes the children it waited for. Peak RSS: a
    process forked from this (large) harness inherits its high-water mark through exec (Linux records
    the old mm's peak at exec), so `command` runs under GNU time, a small process, and time's %M — the
    peak of the command itself — is reported.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [GNU_TIME, "-f", "%M", "-o", peak.name, *command] if os.path.exists(GNU_TIME) else command
        start = time.perf_counter()
        process = subprocess.Popen(wrapped, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        reported = peak.read().strip().splitlines()
        peak_kb = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
        return Run(cpu=usage.ru_utime + usage.ru_stime, wall=wall, rss_mb=peak_kb / 1024,
                   status=process.returncode, stdout=out.read().decode(errors="replace"),
                   stderr=err.read().decode(errors="replace"))


@dataclass
class Summary:
    """The median of repeated runs of one client (each figure's median taken on its own)."""

    cpu: float
    wall: float
    rss_mb: float
    runs: int

    @staticmethod
    def of(runs: list[Run]) -> "Summary":
        return Summary(cpu=statistics.median(r.cpu for r in runs), wall=statistics.median(r.wall for r in runs),
                       rss_mb=statistics.median(r.rss_mb for r in runs), runs=len(runs))


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None
