#!/usr/bin/env python3
"""The long reliability runs (``make soak``): the real ``plinv collect`` against moto through
scripts/fault_proxy.py.

* fault trials: 20-30 % injected faults (throttling, 500/503, slow, truncated, dropped) with a retry budget
  of AWS_MAX_ATTEMPTS=8 — every trial must exit 0 with exactly the resources of a fault-free run;
* exhaustion: two regions, every DescribeVpcEndpoints signed for us-west-2 throttled — plinv must exit 3,
  name the failed scope, and keep the snapshot marked partial (never a silent gap);
* kill trials: ``collect`` killed with SIGKILL at a random moment — the database must pass
  ``PRAGMA integrity_check`` and ``plinv snapshots`` must still read it.

Prints one JSON line of counts (faults injected by kind, trials, trials killed) and exits 1 on any failure.
Not collected by pytest (no ``test_`` prefix): it needs the built binary and takes minutes.
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(SCRIPTS)
PROXY = os.path.join(SCRIPTS, "fault_proxy.py")
FAULT_SHARES = ["--throttle", "0.1", "--error500", "0.04", "--error503", "0.04", "--slow", "0.02",
                "--slow-ms", "100", "--truncate", "0.04", "--truncate-mode", "cut", "--drop", "0.04"]


def start_moto():
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    ec2 = boto3.client("ec2", endpoint_url=url, region_name="us-east-1",
                       aws_access_key_id="soak", aws_secret_access_key="soak")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    for service in ("s3", "ec2", "sts", "logs", "kms"):
        ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.us-east-1.{service}",
                                VpcEndpointType="Interface", SubnetIds=[subnet])
    return server, url


def start_proxy(upstream, *args):
    process = subprocess.Popen([sys.executable, PROXY, "--upstream", upstream, "--parent-pid", str(os.getpid()),
                                *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("PORT="):
        raise SystemExit(f"the fault proxy did not start: {line!r}")
    return process, int(line[len("PORT="):])


def proxy_counts(port):
    return json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/__faults", timeout=30).read())


def collect(plinv, db, endpoint, max_attempts=8, regions=("us-east-1",)):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="soak", AWS_SECRET_ACCESS_KEY="soak", AWS_REGION="us-east-1",
               AWS_MAX_ATTEMPTS=str(max_attempts))
    env.pop("AWS_PROFILE", None)
    command = [plinv, "collect", "--db", db, "--endpoint-url", endpoint]
    for region in regions:
        command += ["--region", region]
    return command, env


def resources_in(stderr):
    """The resource count from collect's summary line ``plinv: 1/1 scopes, N resources, …``."""
    for line in stderr.splitlines():
        if "resources" in line and "scopes" in line:
            return int(line.split("resources")[0].split(",")[-1].strip())
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plinv", default=os.path.join(REPO, ".build", "debug", "plinv"))
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not os.access(args.plinv, os.X_OK):
        raise SystemExit(f"{args.plinv} is not built: run `swift build` first")
    server, upstream = start_moto()
    failures = []
    totals = {"trials": 0, "trialsKilled": 0, "killedBeforeTheDatabase": 0, "requests": 0, "faultsInjected": 0,
              "faults": {}}

    def add(counts):
        totals["requests"] += counts["requests"]
        totals["faultsInjected"] += counts["faultsInjected"]
        for kind, count in counts["faults"].items():
            totals["faults"][kind] = totals["faults"].get(kind, 0) + count

    with tempfile.TemporaryDirectory(prefix="plinv-soak-") as work:
        command, env = collect(args.plinv, os.path.join(work, "baseline.sqlite"), upstream)
        baseline = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        expected = resources_in(baseline.stderr)
        if baseline.returncode != 0 or not expected:
            raise SystemExit(f"fault-free collect failed (exit {baseline.returncode}): {baseline.stderr[-800:]}")

        for trial in range(args.trials):
            proxy, port = start_proxy(upstream, "--seed", str(args.seed + trial), *FAULT_SHARES)
            command, env = collect(args.plinv, os.path.join(work, f"trial{trial}.sqlite"), f"http://127.0.0.1:{port}")
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
            add(proxy_counts(port))
            proxy.terminate()
            totals["trials"] += 1
            got = resources_in(result.stderr)
            if result.returncode != 0 or got != expected:
                failures.append(f"trial {trial}: exit {result.returncode}, {got} resources (want {expected}): "
                                f"{result.stderr[-400:]}")

        proxy, port = start_proxy(upstream, "--always-throttle-action", "DescribeVpcEndpoints",
                                  "--fault-region", "us-west-2")
        db = os.path.join(work, "exhausted.sqlite")
        command, env = collect(args.plinv, db, f"http://127.0.0.1:{port}", max_attempts=3,
                               regions=("us-east-1", "us-west-2"))
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
        add(proxy_counts(port))
        proxy.terminate()
        listing = subprocess.run([args.plinv, "snapshots", "--db", db, "--format", "json"], capture_output=True,
                                 text=True, timeout=60)
        if result.returncode != 3:
            failures.append(f"exhausted budget: exit {result.returncode}, want 3: {result.stderr[-400:]}")
        if "RequestLimitExceeded" not in result.stderr or "us-west-2" not in result.stderr:
            failures.append(f"exhausted budget: the failed scope and error are not named: {result.stderr[-400:]}")
        if listing.returncode != 0 or "partial" not in listing.stdout:
            failures.append(f"exhausted budget: no partial snapshot listed: {listing.stdout[-400:]}{listing.stderr}")

        rng = random.Random(args.seed)
        for kill in range(args.kills):
            proxy, port = start_proxy(upstream, "--slow", "1", "--slow-ms", "150")
            db = os.path.join(work, f"killed{kill}.sqlite")
            command, env = collect(args.plinv, db, f"http://127.0.0.1:{port}")
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.05, 1.0))
            process.kill()
            process.wait(timeout=60)
            add(proxy_counts(port))
            proxy.terminate()
            totals["trialsKilled"] += 1
            existed = os.path.exists(db)
            totals["killedBeforeTheDatabase"] += 0 if existed else 1
            if existed:
                check = sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0]
                if check != "ok":
                    failures.append(f"kill {kill}: integrity_check says {check}")
            listing = subprocess.run([args.plinv, "snapshots", "--db", db, "--format", "json"], capture_output=True,
                                     text=True, timeout=60)
            if existed and listing.returncode != 0:
                failures.append(f"kill {kill}: plinv snapshots exit {listing.returncode}: {listing.stderr[-300:]}")
            if not existed and (listing.returncode != 1 or "no plinv database" not in listing.stderr):
                failures.append(f"kill {kill} (before the database existed): {listing.stderr[-300:]}")
    server.stop()
    totals["failures"] = len(failures)
    print(json.dumps(totals))
    for failure in failures:
        print("FAIL " + failure, file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
