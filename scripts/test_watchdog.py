#!/usr/bin/env python3
"""Runs the test command with a time limit; if it is still running at the limit, says what it was doing, stops it.

A test run that hangs would otherwise sit until CI's own limit and print nothing about where it hung. At the limit
this prints, in order: the tests that started and never finished (from Swift Testing's event stream, when the
command writes one to --events), the processes the run had started, and the test process's thread stacks (with
gdb, when it is installed). Then it kills every process of the run, whatever its process group (`swift test` starts
the test binary in a group of its own, and the harness gives each child one), and exits 124, as `timeout` does.

    test_watchdog.py --limit 900 --events .build/test-events.jsonl -- swift test --skip-build \
        --event-stream-output-path .build/test-events.jsonl --event-stream-version 0

Otherwise the exit status is the command's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time


def unfinished_tests(events_path: str) -> list[str]:
    """The tests (and suites) that started and did not end, in the order they started."""
    started: dict[str, str] = {}
    try:
        with open(events_path, encoding="utf-8", errors="replace") as events:
            for line in events:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the last line may be half written
                if record.get("kind") != "event":
                    continue
                payload = record.get("payload", {})
                kind, test = payload.get("kind"), payload.get("testID")
                if test is None:
                    continue
                if kind == "testStarted":
                    messages = payload.get("messages") or [{}]
                    started[test] = messages[0].get("text", test)
                elif kind == "testEnded":
                    started.pop(test, None)
    except OSError:
        return []
    return [f"{test}  ({text})" for test, text in started.items()]


def descendants(root: int) -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of `root` and every process below it."""
    table: dict[int, tuple[int, str]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), command)
    found, frontier = [], [root]
    while frontier:
        pid = frontier.pop()
        if pid in table:
            found.append((pid, table[pid][0], table[pid][1]))
        frontier.extend(child for child, (parent, _) in table.items() if parent == pid)
    return sorted(found)


def report(command: list[str], limit: float, root: int, events_path: str | None) -> None:
    """Prints what the run was doing."""
    print(f"\nwatchdog: '{' '.join(command)}' was still running after {limit:g} s; stopping it.", flush=True)
    if events_path:
        unfinished = unfinished_tests(events_path)
        print(f"watchdog: {len(unfinished)} test(s) started and did not finish:")
        for line in unfinished:
            print(f"  {line}")
    processes = descendants(root)
    print("watchdog: the processes of the run (pid, parent, command):")
    for pid, parent, text in processes:
        print(f"  {pid} {parent} {text[:300]}")
    gdb = shutil.which("gdb")
    test_processes = [pid for pid, _, text in processes if ".xctest" in text or "PackageTests" in text]
    for pid in test_processes:
        if not gdb:
            print("watchdog: gdb is not installed; no thread stacks")
            break
        print(f"watchdog: thread stacks of {pid}:", flush=True)
        try:
            run = subprocess.run(
                [gdb, "-p", str(pid), "-batch", "-ex", "thread apply all bt 15"],
                capture_output=True, text=True, timeout=120, check=False,
            )
            stacks = run.stdout + run.stderr
        except subprocess.TimeoutExpired:
            stacks = "(gdb did not answer within 120 s)"
        lines = [line for line in stacks.splitlines() if line.startswith(("Thread", "#"))]
        # No stacks: gdb could not attach (ptrace_scope, permissions); say what it said.
        print("\n".join(lines) if lines else f"(no stacks; gdb said: {stacks.strip()[-2000:]})")
    sys.stdout.flush()


def become_subreaper() -> None:
    """Makes orphans of the run this process's children (Linux), so that they stay among its descendants."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def kill_all(group: int) -> None:
    """SIGKILL to `group` and to every process below this one, in whatever group it is, until none is left."""
    for _ in range(20):
        others = [pid for pid, _, _ in descendants(os.getpid()) if pid != os.getpid()]
        for target, kill in [(group, os.killpg)] + [(pid, os.kill) for pid in others] + [(pid, os.killpg) for pid in others]:
            try:
                kill(target, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        # Reap what became ours; stop once only zombies (or nothing) are left.
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
        if not [pid for pid, _, _ in descendants(os.getpid()) if pid != os.getpid()]:
            return
        time.sleep(0.1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=float, required=True, help="seconds the command may run")
    parser.add_argument("--events", help="the Swift Testing event stream the command writes (JSON lines)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    if args.events and os.path.exists(args.events):
        os.remove(args.events)  # a previous run's events would name tests this run never started

    # A process group of its own, so that stopping it stops everything it started.
    become_subreaper()
    child = subprocess.Popen(command, start_new_session=True)

    def forward(signum: int, _frame: object) -> None:
        try:
            os.killpg(child.pid, signum)
        except ProcessLookupError:
            pass  # it has just ended

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    deadline = time.monotonic() + args.limit
    while True:
        try:
            status = child.wait(timeout=max(0.0, deadline - time.monotonic()))
            return status if status >= 0 else 128 - status  # ended by signal N: 128 + N, as a shell says
        except subprocess.TimeoutExpired:
            break
        except InterruptedError:
            continue
    report(command, args.limit, child.pid, args.events)
    kill_all(child.pid)
    try:
        child.wait(timeout=10)
    except (subprocess.TimeoutExpired, ChildProcessError):
        pass  # already reaped by kill_all
    return 124


if __name__ == "__main__":
    sys.exit(main())
