"""Issue 12's goals table: one row per goal, built from a bench run's results (a pure function, tested).

`rows(results)` always returns every goal row, in the issue's order: a goal whose scenario did not run says
"not measured" instead of disappearing. Each row gives plinv's figure, the baseline (the Python alternative of
the same run; for the build, the dependencies built alone), the floor where one is defined, the ratios
plinv ÷ baseline and plinv ÷ floor (below 1: plinv is cheaper), the goal and whether it is met.

A row is judged (✅/❌) only when it was measured at the goal's size; a smaller one (`--quick`, or a smaller
`--store-resources`) prints its figures with the size it measured and "not judged": CPU and memory do not
scale linearly with size (fixed start-up costs, page sizes), so a small run's pass says little about 100,000
resources, and no pretend scaling is applied.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass
from typing import Callable

FULL_STORE = 100_000  # resources of the store, history and drift rows' goals (the store scenario seeds 100,003)
FULL_DECLARED = 10_000  # endpoints the drift row's template declares
FULL_FINDINGS = 10_000  # findings of the HTML row
FULL_ENDPOINTS = 10_000  # endpoints of the 1-region collect row
FULL_SNAPSHOTS = 30  # snapshots in the database of the history row
HISTORY_CLOSE_ENOUGH = 1.2  # "proportional to one snapshot": ≤ this × the report with no history (CPU noise ≈ 10 %)


@dataclass(frozen=True)
class Goal:
    """One row of issue 12's table: its wording, today's figure there, the goal and the limit it sets."""

    key: str
    measure: str
    today: str
    goal: str
    limit: float  # the judged value must be ≤ this


GOALS: list[Goal] = [
    Goal("collect_floor", "collect 1 region × 10,000 endpoints, client CPU ÷ floor", "44× (0.611 s)", "≤ 10× floor", 10),
    Goal("per_call", "client CPU per API call (1,000 services × 10 principals: 1,007 calls)", "1.6 ms", "≤ 0.3 ms",
         0.3),
    Goal("unchanged_cpu", "unchanged collect of 100,003 resources: CPU", "9 s", "≤ 2 s", 2.0),
    Goal("unchanged_rss", "unchanged collect of 100,003 resources: peak RSS", "0.5 GiB", "≤ 150 MiB", 150),
    Goal("first_snapshot", "first snapshot of 100,003 resources on disk", "98.7 MB", "≤ 25 MB", 25.0),
    Goal("drift_cpu", "drift, 100,001 live vs 10,000 declared: CPU", "2.30 s", "≤ 0.5 s", 0.5),
    Goal("drift_rss", "drift, 100,001 live vs 10,000 declared: peak RSS", "515 MiB", "≤ 150 MiB", 150),
    Goal("html", "HTML report of 10,000 findings", "0.77 s", "≤ 0.15 s", 0.15),
    Goal("history", "`report` after a collect, with 30 snapshots of 100,000 resources",
         "re-audits every snapshot for the trend", f"≈ the report with no history (≤ {HISTORY_CLOSE_ENOUGH}×)",
         HISTORY_CLOSE_ENOUGH),
    Goal("build", "clean debug build (`swift build --build-tests`: what `make test` costs before the first test)",
         "~2.5 min", "≤ 1 min wall", 60.0),
]


@dataclass(frozen=True)
class Measured:
    """What one scenario measured for a goal: display strings, the judged value and whether at the goal's size."""

    size: str
    plinv: str
    value: float | None  # compared with Goal.limit
    full_size: bool
    baseline: str = "—"
    floor: str = "—"
    over_baseline: float | None = None
    over_floor: float | None = None
    note: str = ""


@dataclass(frozen=True)
class Row:
    """One printed (and saved) row of the goals table."""

    key: str
    measure: str
    size: str
    plinv: str
    baseline: str
    floor: str
    plinv_over_baseline: float | None
    plinv_over_floor: float | None
    goal: str
    today: str
    value: float | None
    limit: float
    status: str
    note: str


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    return numerator / denominator if numerator is not None and denominator else None


def seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"


def mib(value: float) -> str:
    return f"{value:.0f} MiB"


def megabytes(value: int) -> str:
    return f"{value / 1e6:.1f} MB"


def _collect(results: dict, name: str) -> dict | None:
    return next((r for r in results.get("collect") or [] if r["scenario"] == name), None)


def collect_floor(results: dict) -> Measured | None:
    """The 1-region collect at 10,000 endpoints, else the largest 1-region endpoint scenario that ran."""
    candidates = [r for r in results.get("collect") or []
                  if r["regions"] == 1 and r["services"] == 0 and not r["latency"] and r["endpoints"]]
    if not candidates:
        return None
    r = max(candidates, key=lambda c: c["endpoints"])
    smaller = [c for c in candidates if c["endpoints"] < r["endpoints"]]
    plinv, boto3, floor = r["plinv"]["cpu"], r["boto3"]["cpu"], r["floor"]["cpu"]
    floor_text, note = f"{seconds(floor)} (curl)", ""
    stored = (r.get("floor_store") or {}).get("cpu")
    if stored:  # the same responses fetched and every record stored, by store_floor.c: the floor of a storing client
        floor_text += f"; {seconds(stored)} (curl + store, {ratio(stored, floor):.1f}× curl)"
        note = f"; plinv ÷ store floor {ratio(plinv, stored):.2f}×"
    worked = (r.get("floor_work") or {}).get("cpu")
    if worked:  # store_floor.c --work: also each record read into JSON, through a rollback journal: plinv's work
        floor_text += f"; {seconds(worked)} (work floor, {ratio(worked, floor):.1f}× curl)"
        note += f"; plinv ÷ work floor {ratio(plinv, worked):.2f}×"
    if smaller:
        note += _marginal(max(smaller, key=lambda c: c["endpoints"]), r)
    return Measured(size=f"1 region × {r['endpoints']:,} endpoints ({r['resources']:,} resources)",
                    plinv=f"{seconds(plinv)} CPU", value=ratio(plinv, floor), full_size=r["endpoints"] >= FULL_ENDPOINTS,
                    baseline=f"{seconds(boto3)} (boto3)", floor=floor_text,
                    over_baseline=ratio(plinv, boto3), over_floor=ratio(plinv, floor),
                    note=f"judged: plinv ÷ curl; floor = curl replaying plinv's {r['calls']['plinv']:,} requests"
                         + (f" ({r['response_bytes']['plinv'] / 1e6:.1f} MB)" if r.get("response_bytes") else "")
                         + note)


def _marginal(small: dict, large: dict) -> str:
    """What 1,000 more endpoints cost each client, between two 1-region collects: the start-up cost they share cancels
    out, so this is the ratio a larger estate tends to (curl's start-up is most of its CPU at 10,000 endpoints)."""
    per_thousand = 1000 / (large["endpoints"] - small["endpoints"])

    def cost(name: str) -> float | None:
        if not (small.get(name) or {}).get("cpu") or not (large.get(name) or {}).get("cpu"):
            return None
        return (large[name]["cpu"] - small[name]["cpu"]) * per_thousand

    plinv, curl, worked = cost("plinv"), cost("floor"), cost("floor_work")
    sizes = f"{small['endpoints']:,} → {large['endpoints']:,}"
    if plinv is None or curl is None:
        return ""
    if plinv <= 0 or curl <= 0:  # the sizes are too close for the difference to rise above the noise
        return f"; per 1,000 more endpoints ({sizes}): not measurable, the CPU did not grow with the endpoints"
    text = (f"; per 1,000 more endpoints ({sizes}): plinv {plinv * 1000:.1f} ms, curl {curl * 1000:.2f} ms"
            f" (plinv {plinv / curl:.0f}× curl)")
    if worked is not None:
        text += (f", work floor {worked * 1000:.1f} ms (plinv {plinv / worked:.2f}× it)" if worked > 0
                 else ", work floor not measurable")
    return text


def per_call(results: dict) -> Measured | None:
    """CPU ÷ API calls of the 1-region, 1,000-service scenario, for plinv, boto3 and curl."""
    r = _collect(results, "1r-1000svc")
    if r is None:
        return None
    calls = r["calls"]
    plinv = 1000 * r["plinv"]["cpu"] / calls["plinv"]
    boto3 = 1000 * r["boto3"]["cpu"] / calls["boto3"]
    floor = 1000 * r["floor"]["cpu"] / calls["plinv"]  # curl replays plinv's requests
    floor_text = f"{floor:.3f} ms (curl)"
    if r.get("floor_paced"):  # the same requests at plinv's pace: what waking for each call costs curl
        floor_text += f"; {1000 * r['floor_paced']['cpu'] / calls['plinv']:.3f} ms (curl at plinv's pace)"
    if r.get("floor_batched"):  # and at that pace in plinv's batches, waking once per batch
        floor_text += f"; {1000 * r['floor_batched']['cpu'] / calls['plinv']:.3f} ms (libcurl at that pace in batches)"
    return Measured(size=f"1 region × {r['services']:,} services × {r['principals_per_service']} principals "
                         f"({calls['plinv']:,} calls)",
                    plinv=f"{plinv:.2f} ms", value=plinv,
                    full_size=r["services"] >= 1000 and r["principals_per_service"] >= 10,
                    baseline=f"{boto3:.2f} ms (boto3)", floor=floor_text,
                    over_baseline=ratio(plinv, boto3), over_floor=ratio(plinv, floor),
                    note=f"CPU ÷ calls; plinv {r['plinv']['cpu']:.3f} s over {r['plinv']['wall']:.0f} s of wall "
                         "(its client-side rate limit)")


def _unchanged(store: dict, who: str, field: str) -> float | None:
    """Median of `field` over the unchanged collects (the 2nd and later) of `who`."""
    rows = store.get(who) or []
    values = [row[field] for row in rows[1:]]
    return statistics.median(values) if values else None


def _store_size(store: dict) -> str:
    unchanged = max(0, len(store.get("plinv") or []) - 1)
    return f"{store['resources']:,} resources, median of {unchanged} unchanged collects"


def unchanged_cpu(results: dict) -> Measured | None:
    store = results.get("store")
    if not store or _unchanged(store, "plinv", "cpu") is None:
        return None
    plinv, boto3 = _unchanged(store, "plinv", "cpu"), _unchanged(store, "boto3", "cpu")
    floor = (store.get("floor") or {}).get("cpu")
    return Measured(size=_store_size(store), plinv=seconds(plinv), value=plinv,
                    full_size=store["resources"] >= FULL_STORE,
                    baseline="—" if boto3 is None else f"{seconds(boto3)} (boto3)",
                    floor="—" if floor is None else f"{seconds(floor)} (curl)",
                    over_baseline=ratio(plinv, boto3), over_floor=ratio(plinv, floor),
                    note="the 2nd and later collects into the same database, nothing changed")


def unchanged_rss(results: dict) -> Measured | None:
    store = results.get("store")
    if not store or _unchanged(store, "plinv", "rss_mb") is None:
        return None
    plinv, boto3 = _unchanged(store, "plinv", "rss_mb"), _unchanged(store, "boto3", "rss_mb")
    floor = (store.get("floor") or {}).get("rss_mb")
    return Measured(size=_store_size(store), plinv=mib(plinv), value=plinv, full_size=store["resources"] >= FULL_STORE,
                    baseline="—" if boto3 is None else f"{mib(boto3)} (boto3)",
                    floor="—" if floor is None else f"{mib(floor)} (curl)",
                    over_baseline=ratio(plinv, boto3), over_floor=ratio(plinv, floor))


def first_snapshot(results: dict) -> Measured | None:
    """The database after the first collect, WAL checkpointed; floor = the records' JSON compressed."""
    store = results.get("store")
    first = (store or {}).get("first_snapshot")
    if not first:
        return None
    plinv = first["main_bytes_after_checkpoint"]
    boto3 = store["boto3"][0]["bytes"] if store.get("boto3") else None
    records = first.get("records") or {}
    floor = records.get("floor_bytes")
    wal = first["wal_bytes_before_checkpoint"]
    note = (f"main file after `wal_checkpoint(TRUNCATE)`; as plinv left it: main {megabytes(first['main_bytes_before_checkpoint'])}"
            f" + WAL {megabytes(wal)}")
    if records:
        note += (f"; floor = {records['count']:,} records' JSON ({megabytes(records['json_bytes'])}) as one "
                 f"{records['floor_method']} stream (gzip -6: {megabytes(records['gzip_bytes'])})")
    return Measured(size=f"{store['resources']:,} resources", plinv=megabytes(plinv), value=plinv / 1e6,
                    full_size=store["resources"] >= FULL_STORE,
                    baseline="—" if boto3 is None else f"{megabytes(boto3)} (boto3)",
                    floor="—" if floor is None else megabytes(floor),
                    over_baseline=ratio(plinv, boto3), over_floor=ratio(plinv, floor), note=note)


def _drift(results: dict, field: str) -> Measured | None:
    drift = results.get("drift")
    if not drift:
        return None
    plinv, python = drift["plinv"][field], drift["python"][field]
    show = seconds if field == "cpu" else mib
    floor = (drift.get("floor") or {}).get("cpu") if field == "cpu" else None
    return Measured(size=f"{drift['live_resources']:,} live vs {drift['declared']:,} declared",
                    plinv=show(plinv), value=plinv,
                    full_size=drift["live_resources"] >= FULL_STORE and drift["declared"] >= FULL_DECLARED,
                    baseline=f"{show(python)} (Python)", floor="—" if floor is None else f"{seconds(floor)} (cat)",
                    over_baseline=ratio(plinv, python), over_floor=ratio(plinv, floor),
                    note=("floor: reading the inputs' bytes (`cat` of the template and the database, no parsing)"
                          if field == "cpu" else "no memory floor: the inputs can be streamed"))


def drift_cpu(results: dict) -> Measured | None:
    return _drift(results, "cpu")


def drift_rss(results: dict) -> Measured | None:
    return _drift(results, "rss_mb")


def html(results: dict) -> Measured | None:
    render = results.get("render")
    case = next((r for r in (render or {}).get("formats") or [] if r["case"] == "html"), None)
    if case is None:
        return None
    plinv, python = case["plinv"]["cpu"], case["python"]["cpu"]
    floor = (render.get("floor") or {}).get("cpu")
    return Measured(size=f"{render['findings']:,} findings", plinv=f"{seconds(plinv)} CPU", value=plinv,
                    full_size=render["findings"] >= FULL_FINDINGS,
                    baseline=f"{seconds(python)} (Python)", floor="—" if floor is None else f"{seconds(floor)} (cat)",
                    over_baseline=ratio(plinv, python), over_floor=ratio(plinv, floor),
                    note="`plinv audit --format html`; floor: reading the database's bytes (`cat`)")


def history(results: dict) -> Measured | None:
    """`plinv report` with the most snapshots vs with 2 (the collect and the one it is compared with) and 1."""
    hist = results.get("history")
    points = {int(n): p for n, p in ((hist or {}).get("reports") or {}).items()}
    if len(points) < 2:
        return None
    most = max(points)
    two = points.get(2) if most > 2 else None
    one = points.get(1)
    if two is None and one is None:
        return None
    cpu = points[most]["cpu"]
    base = two or one
    note = f"CPU of `plinv report --format json` at {most} snapshots ÷ at {2 if two else 1}"
    if two and one:
        note += f"; ÷ at 1 snapshot (no changes section): {ratio(cpu, one['cpu']):.2f}×, {seconds(one['cpu'])}"
    note += f"; peak RSS {mib(points[most]['rss_mb'])} vs {mib(base['rss_mb'])}"
    over = ratio(cpu, base["cpu"])
    return Measured(size=f"{most} snapshots of {hist['resources']:,} resources", plinv=f"{seconds(cpu)} CPU",
                    value=over, full_size=hist["resources"] >= FULL_STORE and most >= FULL_SNAPSHOTS,
                    floor=f"{seconds(base['cpu'])} ({2 if two else 1} snapshot{'s' if two else ''})",
                    over_floor=over, note=note)


def build(results: dict) -> Measured | None:
    """The clean debug build with tests; baseline: the package's dependencies built alone."""
    result = results.get("build")
    full = (result or {}).get("full")
    if not full:
        return None
    deps = result.get("deps")
    note = f"{full['cpu']:.0f} s CPU ({full['steps']} steps)"
    if deps:
        note += (f"; dependencies alone {deps['cpu']:.0f} s CPU, {deps['wall']:.0f} s wall "
                 f"({100 * deps['cpu'] / full['cpu']:.0f} % of the CPU); load average {full.get('load', '?')}")
    return Measured(size="clean, debug, with tests", plinv=f"{full['wall']:.0f} s wall", value=full["wall"],
                    full_size=True, baseline="—" if not deps else f"{deps['wall']:.0f} s wall (dependencies alone)",
                    over_baseline=ratio(full["wall"], deps["wall"]) if deps else None, note=note)


MEASURERS: dict[str, Callable[[dict], Measured | None]] = {
    "collect_floor": collect_floor, "per_call": per_call, "unchanged_cpu": unchanged_cpu,
    "unchanged_rss": unchanged_rss, "first_snapshot": first_snapshot, "drift_cpu": drift_cpu,
    "drift_rss": drift_rss, "html": html, "history": history, "build": build,
}


def status(goal: Goal, measured: Measured | None, quick: bool) -> str:
    if measured is None or measured.value is None:
        return "not measured"
    if not measured.full_size:
        return "(quick: not judged)" if quick else "(smaller size: not judged)"
    return "✅" if measured.value <= goal.limit else "❌"


def rows(results: dict) -> list[Row]:
    """Every goal row, in the issue's order, from a bench run's results."""
    quick = bool(results.get("quick"))
    out = []
    for goal in GOALS:
        measured = MEASURERS[goal.key](results)
        m = measured or Measured(size="—", plinv="—", value=None, full_size=False)
        out.append(Row(key=goal.key, measure=goal.measure, size=m.size, plinv=m.plinv, baseline=m.baseline,
                       floor=m.floor, plinv_over_baseline=m.over_baseline, plinv_over_floor=m.over_floor,
                       goal=goal.goal, today=goal.today, value=m.value, limit=goal.limit,
                       status=status(goal, measured, quick), note=m.note))
    return out


def as_dicts(table: list[Row]) -> list[dict]:
    return [asdict(row) for row in table]


def render(table: list[Row]) -> str:
    """The goals table as Markdown, with the notes as numbered footnotes."""
    def times(value: float | None) -> str:
        return "—" if value is None else (f"{value:.2f}×" if value < 10 else f"{value:.0f}×")

    lines = ["| measure | measured at | plinv | baseline | floor | plinv ÷ baseline | plinv ÷ floor | today "
             "(issue) | goal | met |", "|" + "---|" * 10]
    notes = []
    for row in table:
        mark = ""
        if row.note:
            notes.append(row.note)
            mark = f" [{len(notes)}]"
        lines.append(f"| {row.measure}{mark} | {row.size} | {row.plinv} | {row.baseline} | {row.floor} "
                     f"| {times(row.plinv_over_baseline)} | {times(row.plinv_over_floor)} | {row.today} | {row.goal} "
                     f"| {row.status} |")
    lines.append("")
    lines += [f"[{index}] {note}" for index, note in enumerate(notes, 1)]
    return "\n".join(lines)
