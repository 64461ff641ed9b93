#!/usr/bin/env python3
"""A loopback HTTP reverse proxy that injects faults in front of an AWS peer (moto), for plinv's
reliability tests.

It listens on 127.0.0.1 on a free port and prints ``PORT=<n>`` as its first stdout line. Every request
is forwarded to ``--upstream`` with its method, path, headers (``Host`` included) and body unchanged,
so a client that signs for the proxy's own host:port (it simply uses the proxy URL as its endpoint)
is accepted by the peer. A seeded plan decides, per request number, whether to answer with a fault
instead:

  throttle   HTTP 503 with EC2's ``RequestLimitExceeded`` error document (not forwarded)
  error500   HTTP 500 with EC2's ``InternalError`` error document (not forwarded)
  error503   HTTP 503 with an HTML page, as a load balancer sends (not forwarded)
  slow       forwarded, answered after ``--slow-ms``
  truncate   forwarded, the body cut in half: either with the original Content-Length and the socket
             closed early ("cut"), or with a Content-Length that matches the cut ("short")
  drop       the socket closed without any answer (not forwarded)

``--always ACTION=KIND`` (repeatable; ACTION ``*`` is every action) fails every request to ACTION with
KIND, to exhaust a retry budget; ``--always-throttle-action ACTION`` is ``--always ACTION=throttle``.
``--fault-region REGION`` limits every fault to requests signed for that region (the SigV4 credential
scope), so that one scope of a multi-region run fails while the others pass.

``GET /__faults`` returns JSON counts (requests seen, forwarded, faults by kind and by action);
``POST /__faults/reset`` sets them to zero. The proxy exits when ``--parent-pid`` is gone.
Only the standard library is used.
"""

import argparse
import http.client
import http.server
import json
import os
import random
import socket
import sys
import threading
import time
import urllib.parse

KINDS = ("throttle", "error500", "error503", "slow", "truncate", "drop")
TRUNCATE_MODES = ("cut", "short", "mixed")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection"}


class FaultPlan:
    """Which fault, if any, request number ``index`` gets: a pure function of the seed and the index."""

    def __init__(self, seed, shares, always, truncate_mode):
        total = sum(shares.get(kind, 0.0) for kind in KINDS)
        if any(shares.get(kind, 0.0) < 0 for kind in KINDS) or total > 1.0 + 1e-9:
            raise ValueError(f"fault shares must be >= 0 and sum to at most 1 (they sum to {total:g})")
        self.seed = seed
        self.shares = shares
        self.always = always
        self.truncate_mode = truncate_mode

    def decide(self, index, action):
        """Returns ``(kind or None, truncate variant)`` for request ``index`` to ``action``."""
        rng = random.Random(self.seed * 1_000_003 + index)
        draw = rng.random()
        variant = self.truncate_mode if self.truncate_mode != "mixed" else rng.choice(("cut", "short"))
        forced = self.always.get(action) or self.always.get("*")
        if forced:
            return forced, variant
        edge = 0.0
        for kind in KINDS:
            edge += self.shares.get(kind, 0.0)
            if draw < edge:
                return kind, variant
        return None, variant


class Counters:
    """Thread-safe counts of what the proxy saw and did."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.requests = 0
        self.forwarded = 0
        self.faults = {kind: 0 for kind in KINDS}
        self.truncations = {"cut": 0, "short": 0}
        self.by_action = {}
        self.upstream_errors = 0

    def next_index(self, action):
        with self.lock:
            index = self.requests
            self.requests += 1
            self.by_action.setdefault(action, {"requests": 0, "faults": 0})["requests"] += 1
            return index

    def fault(self, kind, action, variant=None):
        with self.lock:
            self.faults[kind] += 1
            self.by_action[action]["faults"] += 1
            if kind == "truncate":
                self.truncations[variant] += 1

    def add(self, field):
        with self.lock:
            setattr(self, field, getattr(self, field) + 1)

    def snapshot(self):
        with self.lock:
            return {
                "requests": self.requests,
                "forwarded": self.forwarded,
                "faultsInjected": sum(self.faults.values()),
                "faults": dict(self.faults),
                "truncations": dict(self.truncations),
                "upstreamErrors": self.upstream_errors,
                "byAction": {name: dict(counts) for name, counts in self.by_action.items()},
            }


def action_of(path, body):
    """The Query action of a request: ``Action=`` in the form body, else in the query string."""
    for source in (body.decode("utf-8", "replace"), urllib.parse.urlsplit(path).query):
        values = urllib.parse.parse_qs(source, keep_blank_values=True).get("Action")
        if values:
            return values[0]
    return "(none)"


def region_of(headers):
    """The region of a SigV4 ``Authorization`` header's credential scope (``Credential=AKID/date/REGION/…``)."""
    authorization = headers.get("Authorization") or ""
    marker = "Credential="
    if marker not in authorization:
        return None
    parts = authorization.split(marker, 1)[1].split(",", 1)[0].split("/")
    return parts[2] if len(parts) > 2 else None


def error_document(code, message, request_id):
    """An EC2 error response body."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
        f"<RequestID>{request_id}</RequestID></Response>"
    ).encode()


UNAVAILABLE_PAGE = (
    b"<html><head><title>503 Service Temporarily Unavailable</title></head>"
    b"<body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>"
)


class FaultHandler(http.server.BaseHTTPRequestHandler):
    """Forwards one request (HTTP/1.0: one request per connection) or answers it with a fault."""

    protocol_version = "HTTP/1.0"
    server_version = "fault-proxy"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def do_GET(self):
        if self.path.split("?")[0] == "/__faults":
            return self.reply_json(self.server.counters.snapshot())
        self.handle_proxied()

    def do_POST(self):
        if self.path.split("?")[0] == "/__faults/reset":
            self.read_body()
            self.server.counters.reset()
            return self.reply_json(self.server.counters.snapshot())
        self.handle_proxied()

    def do_PUT(self):
        self.handle_proxied()

    do_DELETE = do_PATCH = do_PUT

    def reply_json(self, value):
        self.reply(200, "OK", [("Content-Type", "application/json")], json.dumps(value).encode())

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def reply(self, status, reason, headers, body, declared_length=None):
        self.send_response_only(status, reason)
        for name, value in headers:
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if declared_length is None else declared_length))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def handle_proxied(self):
        server = self.server
        body = self.read_body()
        action = action_of(self.path, body)
        index = server.counters.next_index(action)
        kind, variant = server.plan.decide(index, action)
        if server.fault_region and region_of(self.headers) != server.fault_region:
            kind = None
        request_id = f"fault-proxy-{index:08d}"
        if kind is not None:
            server.counters.fault(kind, action, variant)
        if kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if kind == "throttle":
            return self.reply(503, "Service Unavailable", [("Content-Type", "text/xml")],
                              error_document("RequestLimitExceeded", "Request limit exceeded.", request_id))
        if kind == "error500":
            return self.reply(500, "Internal Server Error", [("Content-Type", "text/xml")],
                              error_document("InternalError", "An internal error has occurred.", request_id))
        if kind == "error503":
            return self.reply(503, "Service Unavailable", [("Content-Type", "text/html")], UNAVAILABLE_PAGE)
        if kind == "slow":
            time.sleep(server.slow_ms / 1000.0)
        try:
            status, reason, headers, payload = self.forward(body)
        except OSError as error:
            server.counters.add("upstream_errors")
            return self.reply(502, "Bad Gateway", [("Content-Type", "text/plain")],
                              f"fault proxy: upstream {server.upstream} failed: {error}".encode())
        server.counters.add("forwarded")
        if kind == "truncate":
            cut = payload[: len(payload) // 2]
            declared = len(payload) if variant == "cut" else len(cut)
            return self.reply(status, reason, headers, cut, declared_length=declared)
        self.reply(status, reason, headers, payload)

    def forward(self, body):
        """Sends the request to the upstream with the same method, path, headers and body bytes."""
        upstream = self.server.upstream
        connection = http.client.HTTPConnection(upstream.hostname, upstream.port or 80, timeout=120)
        try:
            connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for name, value in self.headers.items():
                connection.putheader(name, value)
            connection.endheaders(body if body else None)
            response = connection.getresponse()
            return response.status, response.reason, response.getheaders(), response.read()
        finally:
            connection.close()


class FaultServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream, plan, slow_ms, fault_region=None):
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.fault_region = fault_region
        self.upstream = upstream
        self.plan = plan
        self.slow_ms = slow_ms
        self.counters = Counters()


def parse_always(pairs, throttle_actions):
    always = {action: "throttle" for action in throttle_actions}
    for pair in pairs:
        action, sep, kind = pair.partition("=")
        if not sep or not action or kind not in KINDS:
            raise ValueError(f"--always {pair!r}: expected ACTION=KIND with KIND one of {', '.join(KINDS)}")
        always[action] = kind
    return always


def watch_parent(pid):
    """Exits the whole process once `pid` no longer exists."""
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass
        time.sleep(0.5)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="the peer's base URL, e.g. http://127.0.0.1:5000")
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    parser.add_argument("--seed", type=int, default=0)
    for kind in KINDS:
        parser.add_argument(f"--{kind}", type=float, default=0.0, metavar="SHARE",
                            help=f"share of requests answered with a {kind} fault (0..1)")
    parser.add_argument("--slow-ms", type=int, default=300)
    parser.add_argument("--truncate-mode", choices=TRUNCATE_MODES, default="mixed")
    parser.add_argument("--always", action="append", default=[], metavar="ACTION=KIND")
    parser.add_argument("--always-throttle-action", action="append", default=[], metavar="ACTION")
    parser.add_argument("--fault-region", metavar="REGION", help="inject faults only into requests signed for REGION")
    args = parser.parse_args(argv)
    upstream = urllib.parse.urlsplit(args.upstream)
    if upstream.scheme != "http" or not upstream.hostname:
        parser.error(f"--upstream {args.upstream!r}: expected http://host:port")
    try:
        always = parse_always(args.always, args.always_throttle_action)
        plan = FaultPlan(args.seed, {kind: getattr(args, kind) for kind in KINDS}, always, args.truncate_mode)
    except ValueError as error:
        parser.error(str(error))
    server = FaultServer(upstream, plan, args.slow_ms, args.fault_region)
    if args.parent_pid:
        threading.Thread(target=watch_parent, args=(args.parent_pid,), daemon=True).start()
    print(f"PORT={server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        print(json.dumps(server.counters.snapshot()), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
