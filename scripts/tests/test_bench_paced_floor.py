"""The bench's batched floor (scripts/bench/paced_floor.c): it sends every request, a burst and then batches."""

from __future__ import annotations

import http.server
import subprocess
import threading
import time
from pathlib import Path

import pytest

from test_bench_store_floor import Pages

BENCH = Path(__file__).resolve().parent.parent / "bench"


class Counting(Pages):
    """Pages that notes when each request arrived."""

    arrivals: list[float] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        Counting.arrivals.append(time.monotonic())
        super().do_POST()


@pytest.fixture()
def pages():
    Counting.arrivals = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def paced_floor(tmp_path_factory) -> Path:
    binary = tmp_path_factory.mktemp("floor") / "paced_floor"
    subprocess.run(["cc", "-O2", "-Wall", "-Werror", "-o", str(binary), str(BENCH / "paced_floor.c"), "-lcurl"],
                   check=True)
    return binary


def run(binary: Path, tmp_path: Path, url: str, paths: list[str], *pacing: str) -> subprocess.CompletedProcess[str]:
    requests = tmp_path / "requests"
    requests.write_text("".join(f"{url}{path}\tAWS4-HMAC-SHA256 Credential=x, Signature=0\tAction=Describe\n"
                                for path in paths))
    return subprocess.run([str(binary), str(requests), *pacing], capture_output=True, text=True, timeout=60)


def test_every_request_is_sent_the_burst_first_then_one_batch_per_interval(paced_floor, pages, tmp_path):
    # A burst of 3, then batches of 2 every 0.3 s: 3 + 2 + 2 + 1 requests, the last batch 0.9 s after the burst.
    result = run(paced_floor, tmp_path, pages, ["/empty"] * 8, "3", "2", "300")
    assert result.returncode == 0, result.stderr
    assert "8 requests" in result.stderr
    assert len(Counting.arrivals) == 8
    # Not a timing test: a slow machine only delays batches, it cannot bring a batch forward of its interval.
    span = Counting.arrivals[-1] - Counting.arrivals[0]
    assert span >= 0.85, f"the 8 requests went out within {span:.2f} s: the batches were not paced"


def test_a_failed_request_fails_the_floor(paced_floor, pages, tmp_path):
    result = run(paced_floor, tmp_path, pages, ["/empty", "/missing", "/empty"], "1", "1", "10")
    assert result.returncode == 1
    assert "/missing" in result.stderr and "HTTP 500" in result.stderr
    assert len(Counting.arrivals) == 3
