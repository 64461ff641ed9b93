"""scripts/test_watchdog.py: passes the command's status through; at its limit names the unfinished tests and the
processes, kills everything the command started, and exits 124."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

WATCHDOG = Path(__file__).resolve().parent.parent / "test_watchdog.py"


def event(kind: str, test: str, text: str) -> str:
    """One line of Swift Testing's event stream (version 0)."""
    return json.dumps({"kind": "event", "version": 0,
                       "payload": {"kind": kind, "testID": test, "messages": [{"symbol": "default", "text": text}]}})


def test_the_commands_status_comes_through():
    result = subprocess.run([sys.executable, WATCHDOG, "--limit", "60", "--", "sh", "-c", "exit 3"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert "watchdog" not in result.stdout


def test_a_run_past_its_limit_is_described_then_killed(tmp_path: Path):
    events = tmp_path / "events.jsonl"
    pid_file = tmp_path / "grandchild"
    # The command writes its events, then starts a grandchild in a process group of its own (as `swift test` starts
    # the test binary) and hangs, as a stuck test run would.
    script = (
        f"cat > {events} <<'X'\n"
        + "\n".join([
            event("testStarted", "Suite.finished()", "Test finished() started."),
            event("testStarted", "Suite.stuck()", "Test stuck() started."),
            event("testEnded", "Suite.finished()", "Test finished() passed."),
        ])
        + f"\nX\nsetsid sleep 600 > /dev/null 2>&1 & echo $! > {pid_file}; wait"
    )
    result = subprocess.run(
        [sys.executable, WATCHDOG, "--limit", "2", "--events", str(events), "--", "sh", "-c", script],
        capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 124
    assert "1 test(s) started and did not finish" in result.stdout
    assert "Suite.stuck()  (Test stuck() started.)" in result.stdout
    assert "Suite.finished()  (" not in result.stdout
    assert "sleep 600" in result.stdout
    grandchild = int(pid_file.read_text())
    for _ in range(50):  # the kill is sent before the watchdog exits; the process may take a moment to go
        if not Path(f"/proc/{grandchild}").exists() or "Z" in Path(f"/proc/{grandchild}/stat").read_text().split()[2]:
            break
        time.sleep(0.1)
    else:
        os.kill(grandchild, 9)
        raise AssertionError("the command's grandchild outlived the watchdog")


def test_a_previous_runs_events_are_not_reported(tmp_path: Path):
    events = tmp_path / "events.jsonl"
    events.write_text(event("testStarted", "Old.leftOver()", "Test leftOver() started.") + "\n")
    result = subprocess.run(
        [sys.executable, WATCHDOG, "--limit", "1", "--events", str(events), "--", "sleep", "600"],
        capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 124
    assert "0 test(s) started and did not finish" in result.stdout
    assert "leftOver" not in result.stdout
