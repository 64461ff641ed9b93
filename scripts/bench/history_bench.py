"""Scenario 2b (history): `plinv report` on databases of the same state holding 1, 2 and 30 snapshots.

The databases are copies of the store scenario's plinv database taken after its 1st, 2nd and 30th collect (the
state is unchanged between collects, so every snapshot has the same resources). Before the measured runs each
copy gets one report (JSON: every section, the trend included, and unlike Markdown no size budget to fit)
per earlier snapshot (`report --snapshot K`, unmeasured, under one report name), so the
trend has stored figures for every snapshot, as after nightly runs; then one unmeasured report of the latest
snapshot, then N measured ones. Goal (issue 12): the cost does not grow with the history. With 1 snapshot the
report has no previous snapshot to compare with (no changes section), so the like-for-like comparison is 30
snapshots against 2; both ratios are printed.
"""

from __future__ import annotations

import os
import sys

import measure

REPORT_NAME = "bench"


def report_command(clients, db: str, output: str, snapshot: int | None = None) -> list[str]:
    command = [clients.plinv, "report", "--db", db, "--report-name", REPORT_NAME, "--format", "json", "-o", output,
               "--fail-on", "none"]
    return command + (["--snapshot", str(snapshot)] if snapshot is not None else [])


def snapshot_ids(db: str) -> list[int]:
    import sqlite3

    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT id FROM snapshot ORDER BY id")]
    finally:
        connection.close()


def history_scenario(copies: dict[int, str], resources: int, clients, repeat: int) -> dict:
    """Median CPU, wall and peak RSS of `plinv report` per number of snapshots."""
    output = os.path.join(clients.workdir, "history-report.json")
    reports: dict[int, dict] = {}
    for count, db in sorted(copies.items()):
        ids = snapshot_ids(db)
        setup = []
        for snapshot in ids[:-1]:
            setup.append(clients.run(report_command(clients, db, output, snapshot), ok=(0, 2)).cpu)
        clients.run(report_command(clients, db, output), ok=(0, 2))  # the latest's record, page cache warm
        runs = [clients.run(report_command(clients, db, output), ok=(0, 2)) for _ in range(repeat)]
        summary = measure.Summary.of(runs)
        reports[count] = {**vars(summary), "snapshots": len(ids), "setup_report_cpu": setup,
                          "database_bytes": os.path.getsize(db), "runs": [r.cpu for r in runs]}
        print(f"    report with {count} snapshot(s): cpu {summary.cpu:.2f} s, rss {summary.rss_mb:.0f} MiB "
              f"({len(setup)} earlier reports first)", file=sys.stderr, flush=True)
    return {"resources": resources, "report_name": REPORT_NAME, "reports": reports}


def print_history(result: dict) -> None:
    reports = result["reports"]
    print(f"\n### Scenario 2b — `plinv report --format json` after a collect, by snapshots in the database "
          f"({result['resources']:,} resources each)\n")
    print("| snapshots | plinv CPU s | plinv wall s | plinv RSS MiB | database MB (after the reports) "
          "| earlier reports (setup): CPU s min–max (count) |")
    print("|---|---|---|---|---|---|")
    for count, r in sorted(reports.items()):
        setup = r["setup_report_cpu"]
        spread = f"{min(setup):.2f}–{max(setup):.2f} ({len(setup)})" if setup else "—"
        print(f"| {count} | {r['cpu']:.3f} | {r['wall']:.2f} | {r['rss_mb']:.0f} | {r['database_bytes'] / 1e6:.1f} "
              f"| {spread} |")
