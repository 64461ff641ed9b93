#!/usr/bin/env python3
"""TEST-ONLY: run moto's AWS emulator on 127.0.0.1 with plinv's PrivateLink extension.

Usage:
    python3 scripts/peer.py [--port 0] [--parent-pid PID] [--auth N] [--no-extension]

The first line on stdout is ``PORT=<n>`` (the bound port); the endpoint is then
``http://127.0.0.1:<n>``. The server runs until it gets SIGTERM/SIGINT, until the
process ``--parent-pid`` is gone, or (with ``--stdin-eof``) until stdin closes.

``--auth N`` turns moto's signature checking on after the first N requests
(moto's INITIAL_NO_AUTH_ACTION_COUNT; ``--auth 0`` checks every request). With it,
``--auth-key AKIA...:SECRET`` creates an IAM user allowed everything that signs with exactly
that key, so a test knows valid credentials up front.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to bind (default 0: a free port)")
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    parser.add_argument("--stdin-eof", action="store_true", help="exit when stdin reaches end of file")
    parser.add_argument("--auth", type=int, metavar="N",
                        help="check signatures after the first N requests (INITIAL_NO_AUTH_ACTION_COUNT)")
    parser.add_argument("--auth-key", metavar="ID:SECRET[@ACCOUNT]",
                        help="create an IAM user allowed everything, with exactly this access key "
                             "(default account 123456789012), for signed requests under --auth")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--no-extension", action="store_true", help="plain moto, without peer_ext")
    return parser.parse_args(argv)


def create_auth_key(specification: str) -> None:
    """An IAM user `plinv-test` allowed every action, whose access key is the given id and secret."""
    from moto.iam.models import iam_backends

    key, _, account = specification.partition("@")
    access_key_id, _, secret = key.partition(":")
    if not access_key_id or not secret:
        raise SystemExit(f"--auth-key wants ID:SECRET[@ACCOUNT], got {specification!r}")
    iam = iam_backends[account or "123456789012"]["aws"]
    iam.create_user(region_name="us-east-1", user_name="plinv-test")
    iam.put_user_policy("plinv-test", "everything", json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    generated = iam.create_access_key("plinv-test")
    iam.access_keys.pop(generated.physical_resource_id)
    generated.access_key_id, generated.secret_access_key = access_key_id, secret
    iam.access_keys[generated.physical_resource_id] = generated


def process_exists(pid: int) -> bool:
    """True while `pid` is alive (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    # A parent that spawns from a worker thread (Swift Foundation's Process on Linux) passes on its blocked
    # signal mask; unblock everything so that SIGTERM/SIGINT stop the peer.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    if arguments.auth is not None:
        os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(arguments.auth)

    if not arguments.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    from moto import settings
    from moto.server import ThreadedMotoServer

    if arguments.auth is not None:
        settings.INITIAL_NO_AUTH_ACTION_COUNT = float(arguments.auth)
    if not arguments.no_extension:
        import peer_ext

        peer_ext.install()

    if arguments.auth_key:
        create_auth_key(arguments.auth_key)

    server = ThreadedMotoServer(ip_address=arguments.host, port=arguments.port, verbose=False)
    server.start()
    _, port = server.get_host_and_port()
    print(f"PORT={port}", flush=True)
    # Nothing else goes to stdout: a harness may stop reading it after the port line.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, lambda *_: stop.set())
    if arguments.stdin_eof:
        def watch_stdin() -> None:
            # os.read, not sys.stdin: a daemon thread blocked in a buffered read hangs interpreter shutdown.
            while os.read(0, 4096):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, daemon=True).start()
    while not stop.wait(0.5):
        if arguments.parent_pid is not None and not process_exists(arguments.parent_pid):
            break
    # Exit at once: no graceful shutdown to wait for (moto's state dies with the process anyway).
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
