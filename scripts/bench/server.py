"""TEST-ONLY: moto on 127.0.0.1 in this process, behind a WSGI wrapper that counts requests and bytes.

Served over HTTP/1.1 with keep-alive, as AWS's endpoints are: werkzeug's development server closes every
connection after one response, so each client (curl's floor, plinv, boto3) would pay a TCP connect and close
per call that it does not pay against AWS.

The bench harness seeds moto's backends directly (``scale_seed.py``) and needs the server in the same
process for that. When ``scripts/peer_ext`` exists (plinv's test-only moto extension: connections,
paging), it is installed first, exactly as ``scripts/peer.py`` does.
"""

from __future__ import annotations

import http.server
import io
import logging
import os
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@dataclass
class Traffic:
    """Requests seen since the last reset: count per (service, action), bytes in and out, bodies."""

    calls: Counter = field(default_factory=Counter)
    request_bytes: int = 0
    response_bytes: int = 0
    requests: list[tuple[str, str, str, bytes]] = field(default_factory=list)
    cache_hits: int = 0

    def total_calls(self) -> int:
        return sum(self.calls.values())

    def by_action(self) -> dict[str, int]:
        return {f"{service}:{action}": count for (service, action), count in sorted(self.calls.items())}


class CountingApp:
    """WSGI middleware: records each request's action and sizes, then hands it to moto unchanged.

    With `caching` on, a read-only request (``Describe…``/``Get…``) with the same path, signing
    service, region and form parameters (in any order) as an earlier one gets the earlier response's
    bytes: valid while the seeded state does not change, it takes moto's serializer (about 1 ms per
    endpoint) out of the clients' wall time. Clear it (``clear_cache``) whenever the state changes.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.traffic = Traffic()
        self.record_requests = False
        self.caching = False
        self.latency = 0.0  # seconds added before every response (a stand-in for the network and AWS)
        self.cache: dict[tuple, tuple[str, list[tuple[str, str]], bytes]] = {}

    def reset(self, record_requests: bool = False) -> Traffic:
        """Start a new count; returns the old one."""
        with self.lock:
            old, self.traffic = self.traffic, Traffic()
            self.record_requests = record_requests
        return old

    def clear_cache(self) -> None:
        with self.lock:
            self.cache.clear()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        form = parse_qs(body.decode("utf-8", "replace")) if body else {}
        query = parse_qs(environ.get("QUERY_STRING", ""))
        action = (form.get("Action") or query.get("Action") or ["?"])[0]
        region, service = _scope_of(environ)
        key = (environ.get("PATH_INFO", "/"), environ.get("QUERY_STRING", ""), service, region,
               tuple(sorted((name, tuple(values)) for name, values in form.items())))
        cacheable = self.caching and action.startswith(("Describe", "Get"))
        hit = self.cache.get(key) if cacheable else None
        if hit is None:
            captured: list = []

            def capture(status, headers, exc_info=None):
                captured[:] = [status, headers]
                return start_response(status, headers, exc_info)

            chunks = self.app(environ, capture)
            out = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
            if cacheable and captured and captured[0].startswith("200"):
                with self.lock:
                    self.cache[key] = (captured[0], list(captured[1]), out)
        else:
            status, headers, out = hit
            start_response(status, headers)
        if self.latency:
            time.sleep(self.latency)
        with self.lock:
            self.traffic.calls[(service, action)] += 1
            self.traffic.request_bytes += len(body)
            self.traffic.response_bytes += len(out)
            self.traffic.cache_hits += hit is not None
            if self.record_requests:
                self.traffic.requests.append((environ.get("PATH_INFO", "/"), region, service, body))
        return [out]


class KeepAliveServer(http.server.ThreadingHTTPServer):
    """A thread per connection, each serving requests until its client closes: HTTP/1.1 keep-alive."""

    daemon_threads = True
    # socketserver's default backlog is 5; plinv opens up to 16 connections at once and boto3 a pool of them, and a
    # connection beyond the backlog has its SYN dropped and resent a second later. werkzeug's server used 128.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app) -> None:
        self.app = app
        super().__init__(address, WSGIHandler)


class WSGIHandler(http.server.BaseHTTPRequestHandler):
    """One request at a time on a kept-alive connection: the whole body read by its Content-Length, the app
    called as WSGI, its whole response sent with a Content-Length (no chunking, no `Connection: close`).

    Enough of WSGI for moto behind the bench's clients (plinv, boto3, curl): no chunked request bodies, and
    `start_response`'s legacy `write` callable is refused."""

    protocol_version = "HTTP/1.1"
    # Responses are buffered and flushed after each request, so a response that fits 64 KiB (every paced call's
    # does) is one write; TCP_NODELAY for the rest: a body written after its headers otherwise waited for the
    # client's delayed ACK of them (Nagle), about 40 ms a call.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def handle_expect_100(self) -> bool:
        """Send "100 Continue" now: the write buffer would otherwise hold it while the body is awaited."""
        answer = super().handle_expect_100()
        self.wfile.flush()
        return answer

    def handle_request(self) -> None:
        declared = self.headers.get("Content-Length") or "0"
        if not declared.isdigit() or "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            return self.send_error(400, "a request body needs a Content-Length (no chunked bodies here)")
        length = int(declared)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        host, port = self.server.server_address[:2]
        environ = {
            "REQUEST_METHOD": self.command, "SCRIPT_NAME": "", "PATH_INFO": unquote(path, encoding="latin-1"),
            "QUERY_STRING": query, "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(length), "SERVER_NAME": host, "SERVER_PORT": str(port),
            "SERVER_PROTOCOL": self.request_version, "REMOTE_ADDR": self.client_address[0],
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        for name, value in self.headers.items():
            key = "HTTP_" + name.upper().replace("-", "_")
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                environ[key] = value if key not in environ else environ[key] + "," + value
        started: list = []

        def start_response(status, headers, exc_info=None):
            started[:] = [status, headers]

            def write(data):
                raise NotImplementedError("the bench peer does not support WSGI's write callable")

            return write

        try:
            chunks = self.server.app(environ, start_response)
            try:
                data = b"".join(chunks)
            finally:
                if hasattr(chunks, "close"):
                    chunks.close()
            status, headers = started
        except Exception as error:  # what werkzeug's server did: a 500, then the connection closed
            print(f"bench peer: {self.command} {self.path}: {error!r}", file=sys.stderr)
            self.close_connection = True
            return self.send_error(500, type(error).__name__)
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        declared_length = None
        for name, value in headers:
            lowered = name.lower()
            if lowered == "content-length":
                declared_length = value
            elif lowered not in ("connection", "transfer-encoding"):
                self.send_header(name, value)
        # A HEAD response says how long the GET's body would be, as the app did.
        length_sent = declared_length if self.command == "HEAD" and declared_length else str(len(data))
        self.send_header("Content-Length", length_sent)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = handle_request

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass


def _scope_of(environ) -> tuple[str, str]:
    """Region and signing service from the Authorization header (`…/REGION/SERVICE/aws4_request`)."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    parts = auth.split("Credential=", 1)
    if len(parts) == 2:
        scope = parts[1].split(",", 1)[0].split("/")
        if len(scope) >= 4:
            return scope[2], scope[3]
    return "?", "?"


def peer_extension_installed() -> bool:
    """Install scripts/peer_ext when present; True when it was."""
    if not os.path.isdir(os.path.join(SCRIPTS, "peer_ext")):
        return False
    if SCRIPTS not in sys.path:
        sys.path.insert(0, SCRIPTS)
    import peer_ext

    peer_ext.install()
    return True


def install_speedups() -> None:
    """Make moto's per-resource tag lookup a dict lookup (it scans every tag of the region: quadratic).

    Same result as ``describe_tags(filters={"resource-id": [id]})`` for an id without wildcards, so the
    wire is unchanged; only the peer's own time drops (10,000 tagged endpoints: minutes to seconds).
    """
    from moto.ec2.models.core import TaggedEC2Resource
    from moto.ec2.utils import EC2_PREFIX_TO_RESOURCE, get_prefix

    def get_tags(self) -> list[dict[str, str]]:
        resource_id = getattr(self, "id", None)
        if not resource_id:
            return []
        tags = self.ec2_backend.tags.get(resource_id)
        if not tags:
            return []
        resource_type = EC2_PREFIX_TO_RESOURCE.get(get_prefix(resource_id), "")
        return [{"resource_id": resource_id, "key": key, "value": value, "resource_type": resource_type}
                for key, value in tags.items()]

    TaggedEC2Resource.get_tags = get_tags


class BenchServer:
    """moto + peer_ext (else bench_fallback) + request counting on 127.0.0.1, in a daemon thread here."""

    def __init__(self, use_extension: bool = True) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        import bench_fallback

        self.extension = peer_extension_installed() if use_extension else False
        self.fallback = bench_fallback.install()
        install_speedups()
        self.counter = CountingApp(DomainDispatcherApplication(create_backend_app))
        self.server = KeepAliveServer(("127.0.0.1", 0), self.counter)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()
