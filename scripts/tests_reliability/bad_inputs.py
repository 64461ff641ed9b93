#!/usr/bin/env python3
"""Malformed inputs to the built ``plinv`` binary: databases that are not plinv databases (random bytes,
text, a bare header, truncated, another program's SQLite, a directory), AWS config and credentials files that do
not parse, unusable endpoint URLs and option values. Each must end in exit 1 with a one-paragraph error on
stderr that names the input — never a crash (signal), a hang, a traceback or a silent success.

Prints one JSON line of counts (inputs tried, by outcome) and exits 1 on any failure. Needs the built binary
(``swift build``), so ``make soak`` runs it rather than pytest.
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bad_databases(work, rng):
    """(name, path) of files that are not plinv databases."""
    cases = []

    def write(name, data):
        path = os.path.join(work, name)
        with open(path, "wb") as handle:
            handle.write(data)
        cases.append((name, path))

    # A 0-byte file is an empty SQLite database (sqlite3 itself initialises it), so it is not in this list.
    write("random.sqlite", bytes(rng.randrange(256) for _ in range(8192)))
    write("text.sqlite", b"this is not a database\n" * 100)
    header = b"SQLite format 3\x00" + bytes(84)
    write("header-only.sqlite", header)
    write("header-then-garbage.sqlite", header + bytes(rng.randrange(256) for _ in range(4096 * 4)))
    foreign = os.path.join(work, "foreign.sqlite")
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE snapshots (x TEXT)")
    connection.execute("INSERT INTO snapshots VALUES ('not plinv')")
    connection.commit()
    connection.close()
    cases.append(("foreign-schema.sqlite", foreign))
    with open(foreign, "rb") as handle:
        data = handle.read()
    write("truncated.sqlite", data[: len(data) // 2 + 100])
    directory = os.path.join(work, "a-directory.sqlite")
    os.mkdir(directory)
    cases.append(("directory", directory))
    return cases


BAD_CONFIGS = [
    ("unclosed-section", "[profile broken\nregion = us-east-1\n"),
    ("no-equals", "[default]\nregion us-east-1\n"),
    ("binary", "\x00\x01\x02[default]\x00"),
    ("bad-max-attempts", "[default]\nregion = us-east-1\nmax_attempts = many\n"),
    ("bad-region", "[default]\nregion = not a region!\n"),
    ("source-loop", "[profile a]\nsource_profile = b\nrole_arn = arn:aws:iam::1:role/x\n"
                    "[profile b]\nsource_profile = a\nrole_arn = arn:aws:iam::1:role/y\n"),
]


def run(plinv, args, env, timeout=60):
    try:
        return subprocess.run([plinv, *args], env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def judge(result, name, must_name=None):
    """'clear' when exit 1 with a short stderr naming the input; otherwise a failure message."""
    if result is None:
        return f"{name}: hung"
    if result.returncode < 0:
        return f"{name}: killed by signal {-result.returncode}: {result.stderr[-300:]}"
    if result.returncode != 1:
        return f"{name}: exit {result.returncode} (want 1): {result.stdout[-200:]}{result.stderr[-200:]}"
    if not result.stderr.strip() or "Traceback" in result.stderr or "Fatal error" in result.stderr:
        return f"{name}: unclear error: {result.stderr[-300:]!r}"
    if must_name and must_name not in result.stderr:
        return f"{name}: the error does not name {must_name}: {result.stderr[-300:]}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plinv", default=os.path.join(REPO, ".build", "debug", "plinv"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not os.access(args.plinv, os.X_OK):
        raise SystemExit(f"{args.plinv} is not built: run `swift build` first")
    rng = random.Random(args.seed)
    failures, tried, examples = [], 0, {}
    base_env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    with tempfile.TemporaryDirectory(prefix="plinv-bad-") as work:
        for name, path in bad_databases(work, rng):
            for command in (["snapshots", "--db", path], ["prune", "--keep-days", "1", "--db", path]):
                tried += 1
                result = run(args.plinv, command, base_env)
                problem = judge(result, f"{command[0]} on {name}", must_name=os.path.basename(path))
                if problem:
                    failures.append(problem)
                else:
                    examples.setdefault("database", result.stderr.strip().splitlines()[-1])
        for name, text in BAD_CONFIGS:
            path = os.path.join(work, f"config-{name}")
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as handle:
                handle.write(text)
            env = dict(base_env, AWS_CONFIG_FILE=path, AWS_SHARED_CREDENTIALS_FILE=path,
                       AWS_PROFILE="a" if name == "source-loop" else "default")
            tried += 1
            result = run(args.plinv, ["collect", "--db", os.path.join(work, "c.sqlite"),
                                      "--endpoint-url", "http://127.0.0.1:9"], env)
            problem = judge(result, f"collect with config {name}")
            if problem:
                failures.append(problem)
            else:
                lines = result.stderr.strip().splitlines()
                examples.setdefault("config", next((line for line in lines if "failed scope" in line), lines[-1]))
        env = dict(base_env, AWS_ACCESS_KEY_ID="x", AWS_SECRET_ACCESS_KEY="y", AWS_REGION="us-east-1")
        for endpoint in ("not a url", "ftp://127.0.0.1/", "http://", "http://127.0.0.1:0"):
            tried += 1
            result = run(args.plinv, ["collect", "--db", os.path.join(work, "e.sqlite"), "--endpoint-url", endpoint],
                         env, timeout=120)
            problem = judge(result, f"collect --endpoint-url {endpoint!r}")
            if problem:
                failures.append(problem)
            else:
                examples.setdefault("endpoint", result.stderr.strip().splitlines()[0])
    print(json.dumps({"inputsTried": tried, "clearErrors": tried - len(failures), "failures": len(failures),
                      "examples": examples}))
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
