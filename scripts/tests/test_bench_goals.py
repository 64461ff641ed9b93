"""The bench's goals table (scripts/bench/goals.py): every goal of issue 12 gets a row, judged only at full size."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import build_bench  # noqa: E402
import goals  # noqa: E402

ISSUE_ROWS = ["collect_floor", "per_call", "unchanged_cpu", "unchanged_rss", "first_snapshot", "drift_cpu",
              "drift_rss", "html", "history", "build"]


def summary(cpu: float, rss: float = 100.0, wall: float | None = None) -> dict:
    return {"cpu": cpu, "wall": cpu if wall is None else wall, "rss_mb": rss, "runs": 3}


def collect(name: str, regions: int, endpoints: int, services: int = 0, plinv: float = 0.1, boto3: float = 0.5,
            floor: float = 0.01, calls: int = 18) -> dict:
    return {"scenario": name, "regions": regions, "endpoints": endpoints, "services": services,
            "principals_per_service": 10 if services else 0, "latency": 0.0,
            "resources": endpoints + services * 13, "calls": {"plinv": calls, "boto3": calls, "minimum": calls},
            "plinv": summary(plinv), "boto3": summary(boto3), "floor": summary(floor)}


def full_results() -> dict:
    """A full-size run in which every goal is met."""
    store_rows = [{"snapshot": i + 1, "bytes": 20_000_000, "cpu": 1.5, "wall": 2.0, "rss_mb": 120.0} for i in range(31)]
    boto3_rows = [{"snapshot": i + 1, "bytes": 120_000_000 * (i + 1), "cpu": 19.0, "wall": 20.0, "rss_mb": 650.0}
                  for i in range(31)]
    return {
        "quick": False, "repeat": 3,
        "collect": [collect("1r-100ep", 1, 100), collect("1r-10000ep", 1, 10000, plinv=0.09, floor=0.014),
                    collect("8r-10000ep", 8, 10000),
                    collect("1r-1000svc", 1, 0, services=1000, plinv=0.25, boto3=1.45, floor=0.14, calls=1007),
                    {**collect("1r-1000ep-100ms", 1, 1000), "latency": 0.1}],
        "store": {"resources": 100_003, "snapshots": 30, "plinv": store_rows, "boto3": boto3_rows,
                  "floor": {"cpu": 0.15, "wall": 0.3, "rss_mb": 8.0, "calls": 1100, "response_bytes": 110_000_000},
                  "first_snapshot": {"main_bytes_before_checkpoint": 19_000_000, "wal_bytes_before_checkpoint": 0,
                                     "main_bytes_after_checkpoint": 20_000_000,
                                     "records": {"count": 100_003, "json_bytes": 95_000_000, "gzip_bytes": 9_000_000,
                                                 "zstd_bytes": 6_000_000, "floor_bytes": 6_000_000,
                                                 "floor_method": "zstd -3"}}},
        # JSON keys: the results file round-trips the snapshot counts as strings.
        "history": {"resources": 100_003, "reports": {"1": {**summary(2.0), "snapshots": 1},
                                                      "2": {**summary(3.0), "snapshots": 2},
                                                      "30": {**summary(3.2), "snapshots": 30}}},
        "drift": {"live_resources": 100_001, "declared": 10_000, "plinv": summary(0.4, 140), "python": summary(1.8, 132),
                  "floor": {**summary(0.03, 2), "bytes": 100_000_000}},
        "render": {"findings": 10_000, "formats": [{"case": "json", "plinv": summary(0.4), "python": summary(0.2)},
                                                   {"case": "html", "plinv": summary(0.12), "python": summary(0.15)}],
                   "floor": {**summary(0.003, 2), "bytes": 12_000_000}},
        "build": {"products": ["ArgumentParser", "GRDB"],
                  "full": {"cpu": 100.0, "wall": 55.0, "rss_mb": 500, "steps": 700, "load": "1 → 2", "command": "x"},
                  "deps": {"cpu": 60.0, "wall": 35.0, "rss_mb": 400, "steps": 400, "load": "1 → 2", "command": "y"}},
    }


def by_key(results: dict) -> dict[str, goals.Row]:
    return {row.key: row for row in goals.rows(results)}


def test_every_issue_row_is_printed_in_order_even_when_nothing_ran():
    for results in (full_results(), {}, {"quick": True}):
        table = goals.rows(results)
        assert [row.key for row in table] == ISSUE_ROWS
        rendered = goals.render(table)
        for row in table:
            assert row.measure in rendered
        assert len([line for line in rendered.splitlines() if line.startswith("| ") and "---" not in line]) == 11


def test_nothing_measured_says_so():
    assert {row.status for row in goals.rows({})} == {"not measured"}


def test_a_full_run_meeting_every_goal_is_all_green():
    rows = by_key(full_results())
    assert {key: row.status for key, row in rows.items()} == dict.fromkeys(ISSUE_ROWS, "✅")
    assert rows["collect_floor"].value == pytest.approx(0.09 / 0.014)
    assert rows["per_call"].value == pytest.approx(1000 * 0.25 / 1007)  # ms per call
    assert rows["first_snapshot"].value == pytest.approx(20.0)
    assert rows["history"].value == pytest.approx(3.2 / 3.0)  # against 2 snapshots, not 1
    assert rows["build"].plinv_over_baseline == pytest.approx(55 / 35)


def test_the_per_call_row_shows_curl_at_plinvs_pace_when_it_was_measured():
    results = full_results()
    assert "plinv's pace" not in by_key(results)["per_call"].floor
    service_run = next(r for r in results["collect"] if r["scenario"] == "1r-1000svc")
    service_run["floor_paced"] = summary(0.46, wall=45.0)
    row = by_key(results)["per_call"]
    assert row.floor == "0.139 ms (curl); 0.457 ms (curl at plinv's pace)"
    assert row.value == pytest.approx(1000 * 0.25 / 1007)  # judged on plinv's own figure, not the floor's
    service_run["floor_batched"] = summary(0.30, wall=45.0)
    assert by_key(results)["per_call"].floor == ("0.139 ms (curl); 0.457 ms (curl at plinv's pace); "
                                                 "0.298 ms (libcurl at that pace in batches)")


def test_the_collect_row_shows_the_store_and_work_floors_when_they_were_measured():
    results = full_results()
    assert "store" not in by_key(results)["collect_floor"].floor
    endpoint_run = next(r for r in results["collect"] if r["scenario"] == "1r-10000ep")
    endpoint_run["floor_store"] = summary(0.14)
    row = by_key(results)["collect_floor"]
    assert row.floor == "0.014 s (curl); 0.140 s (curl + store, 10.0× curl)"
    assert "plinv ÷ store floor 0.64×" in row.note
    assert row.value == pytest.approx(0.09 / 0.014)  # judged against curl, as the issue's row is
    endpoint_run["floor_work"] = summary(0.16)
    row = by_key(results)["collect_floor"]
    assert row.floor == "0.014 s (curl); 0.140 s (curl + store, 10.0× curl); 0.160 s (work floor, 11.4× curl)"
    assert "plinv ÷ store floor 0.64×; plinv ÷ work floor 0.56×" in row.note
    assert row.value == pytest.approx(0.09 / 0.014)  # still judged against curl


def test_each_goal_fails_when_its_figure_is_over_the_limit():
    broken = full_results()
    broken["collect"][1]["plinv"]["cpu"] = 0.611
    broken["collect"][3]["plinv"]["cpu"] = 1.6
    for row in broken["store"]["plinv"][1:]:
        row.update(cpu=9.0, rss_mb=512.0)
    broken["store"]["first_snapshot"]["main_bytes_after_checkpoint"] = 98_700_000
    broken["drift"]["plinv"] = summary(2.3, 515)
    broken["render"]["formats"][1]["plinv"] = summary(0.77)
    broken["history"]["reports"]["30"] = summary(30.0)
    broken["build"]["full"]["wall"] = 150.0
    assert {row.status for row in goals.rows(broken)} == {"❌"}


def test_the_unchanged_collect_is_the_median_of_the_later_collects_not_the_first():
    results = full_results()
    results["store"]["plinv"][0].update(cpu=50.0, rss_mb=900.0)  # the first collect writes everything
    rows = by_key(results)
    assert rows["unchanged_cpu"].value == pytest.approx(1.5)
    assert rows["unchanged_rss"].value == pytest.approx(120.0)


def test_smaller_sizes_are_shown_but_not_judged():
    quick = full_results()
    quick["quick"] = True
    quick["collect"] = [c for c in quick["collect"] if c["scenario"] != "1r-10000ep"] + [
        collect("1r-1000ep", 1, 1000)]
    quick["store"]["resources"] = quick["history"]["resources"] = 10_003
    quick["drift"].update(live_resources=10_001, declared=1_000)
    rows = by_key(quick)
    for key in ("collect_floor", "unchanged_cpu", "unchanged_rss", "first_snapshot", "drift_cpu", "drift_rss",
                "history"):
        assert rows[key].status == "(quick: not judged)", key
    assert "1,000 endpoints" in rows["collect_floor"].size
    # Measured at the goal's size even in --quick: judged.
    for key in ("per_call", "html", "build"):
        assert rows[key].status == "✅", key


def test_history_needs_its_thirty_snapshots_to_be_judged():
    results = full_results()
    results["history"]["reports"] = {"1": summary(2.0), "2": summary(3.0), "6": summary(3.1)}
    row = by_key(results)["history"]
    assert row.status == "(smaller size: not judged)"
    assert "6 snapshots" in row.size


def test_the_table_survives_the_results_file_round_trip():
    results = json.loads(json.dumps(full_results()))
    assert [row.status for row in goals.rows(results)] == ["✅"] * len(ISSUE_ROWS)
    assert json.loads(json.dumps(goals.as_dicts(goals.rows(copy.deepcopy(results)))))[0]["key"] == "collect_floor"


def test_the_dependencies_package_uses_every_product_the_targets_use():
    dump = {
        "dependencies": [
            {"sourceControl": [{"location": {"remote": [{"urlString": "https://github.com/jpsim/Yams"}]},
                                "requirement": {"range": [{"lowerBound": "6.2.2", "upperBound": "7.0.0"}]}}]},
            {"sourceControl": [{"location": {"remote": [{"urlString": "https://github.com/apple/swift-log"}]},
                                "requirement": {"exact": ["1.16.2"]}}]},
        ],
        "targets": [
            {"name": "Templates", "dependencies": [{"byName": ["Yams", None]}, {"byName": ["Model", None]}]},
            {"name": "Model", "dependencies": [{"product": ["Logging", "swift-log", None, None]}]},
        ],
    }
    packages, products = build_bench.package_dependencies(dump)
    assert packages == ['.package(url: "https://github.com/jpsim/Yams", "6.2.2"..<"7.0.0")',
                        '.package(url: "https://github.com/apple/swift-log", exact: "1.16.2")']
    assert products == {"Logging": '.product(name: "Logging", package: "swift-log")', "Yams": '"Yams"'}


def test_history_with_two_snapshots_compares_with_one_not_with_itself():
    results = full_results()
    results["history"]["reports"] = {"1": summary(2.0), "2": summary(3.0)}
    row = by_key(results)["history"]
    assert row.value == pytest.approx(1.5)
    assert "(1 snapshot)" in row.floor


def test_the_collect_row_gives_what_more_endpoints_cost_between_its_two_largest_sizes():
    results = full_results()
    results["collect"].insert(1, collect("1r-1000ep", 1, 1000, plinv=0.03, floor=0.0095))
    large = next(r for r in results["collect"] if r["scenario"] == "1r-10000ep")
    small = next(r for r in results["collect"] if r["scenario"] == "1r-1000ep")
    note = by_key(results)["collect_floor"].note
    # (0.09 - 0.03) s over 9,000 endpoints; curl (0.014 - 0.0095) s; the 100-endpoint run is not the one compared.
    assert "per 1,000 more endpoints (1,000 → 10,000): plinv 6.7 ms, curl 0.50 ms (plinv 13× curl)" in note
    assert "work floor" not in note.split("per 1,000")[1]
    small["floor_work"], large["floor_work"] = summary(0.027), summary(0.072)
    note = by_key(results)["collect_floor"].note
    assert note.endswith("curl 0.50 ms (plinv 13× curl), work floor 5.0 ms (plinv 1.33× it)")
    assert by_key(results)["collect_floor"].value == pytest.approx(0.09 / 0.014)  # judged as before


def test_a_single_endpoint_size_gives_no_per_endpoint_cost():
    results = full_results()
    results["collect"] = [r for r in results["collect"] if r["scenario"] != "1r-100ep"]
    assert "per 1,000" not in by_key(results)["collect_floor"].note


def test_a_difference_lost_in_noise_is_said_so_not_printed_as_a_cost():
    results = full_results()
    results["collect"].insert(1, collect("1r-1000ep", 1, 1000, plinv=0.03, floor=0.014))
    note = by_key(results)["collect_floor"].note
    assert note.endswith("per 1,000 more endpoints (1,000 → 10,000): not measurable, the CPU did not grow with the "
                         "endpoints")
    assert "plinv 6.7 ms" not in note


def test_the_work_floor_is_compared_only_when_both_sizes_ran_it():
    results = full_results()
    results["collect"].insert(1, collect("1r-1000ep", 1, 1000, plinv=0.03, floor=0.0095))
    next(r for r in results["collect"] if r["scenario"] == "1r-10000ep")["floor_work"] = summary(0.072)
    assert by_key(results)["collect_floor"].note.endswith("curl 0.50 ms (plinv 13× curl)")
    next(r for r in results["collect"] if r["scenario"] == "1r-1000ep")["floor_work"] = summary(0.072)
    assert by_key(results)["collect_floor"].note.endswith(", work floor not measurable")
