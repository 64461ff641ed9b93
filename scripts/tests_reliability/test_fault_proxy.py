"""The fault proxy (scripts/fault_proxy.py): it forwards requests byte for byte, injects each kind of
fault in the shape a real client meets, follows a seeded plan, counts what it did, and exits with its
parent. One test drives botocore through it against moto as the oracle of the throttling shape.
"""
import http.client
import http.server
import json
import os
import subprocess
import sys
import threading

import pytest

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROXY = os.path.join(SCRIPTS, "fault_proxy.py")
sys.path.insert(0, SCRIPTS)

import fault_proxy  # noqa: E402  (needs the scripts folder on the path)


class EchoUpstream(http.server.BaseHTTPRequestHandler):
    """Answers 200 with a JSON echo of the request line, the headers in order, and the body."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        echo = json.dumps({"path": self.path, "headers": list(self.headers.items()), "body": body.decode("latin-1")})
        payload = ("<Echo>" + echo.replace("&", "&amp;").replace("<", "&lt;") + "</Echo>").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture(scope="module")
def upstream():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoUpstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def start_proxy(upstream_url, *args):
    process = subprocess.Popen(
        [sys.executable, PROXY, "--upstream", upstream_url, "--parent-pid", str(os.getpid()), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    assert line.startswith("PORT="), f"first line {line!r}, stderr {process.stderr.read()}"
    return process, int(line[len("PORT="):])


@pytest.fixture
def proxy(upstream, request):
    args = getattr(request, "param", [])
    process, port = start_proxy(upstream, *args)
    yield port
    process.terminate()
    process.wait(timeout=10)


def post(port, action, extra=b"", headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = b"Action=" + action.encode() + b"&Version=2016-11-15" + extra
    connection.request("POST", "/", body=body, headers=headers or {
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    response = connection.getresponse()
    return response


def counts(port):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/__faults")
    return json.loads(connection.getresponse().read())


def test_requests_are_forwarded_with_host_headers_and_body_unchanged(proxy):
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
               "X-Amz-Date": "20261126T235200Z", "Authorization": "AWS4-HMAC-SHA256 Credential=AKID/…"}
    extra = b"&Filter.1.Value.1=caf%C3%A9+%26+co%3D%2B~*"
    response = post(proxy, "DescribeVpcs", extra, {k: v.replace("…", "x") for k, v in headers.items()})
    assert response.status == 200
    text = response.read().decode()
    echo = json.loads(text[len("<Echo>"):-len("</Echo>")].replace("&lt;", "<").replace("&amp;", "&"))
    sent = dict(echo["headers"])
    assert sent["Host"] == f"127.0.0.1:{proxy}", "the Host the client signed must reach the peer"
    assert sent["X-Amz-Date"] == "20261126T235200Z"
    assert sent["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKID/x"
    assert echo["body"] == "Action=DescribeVpcs&Version=2016-11-15" + extra.decode()
    assert counts(proxy)["forwarded"] == 1


@pytest.mark.parametrize("proxy", [["--throttle", "1"]], indirect=True)
def test_throttling_is_a_503_with_ec2s_request_limit_exceeded_document(proxy):
    response = post(proxy, "DescribeVpcEndpoints")
    body = response.read().decode()
    assert response.status == 503
    assert "<Response><Errors><Error><Code>RequestLimitExceeded</Code>" in body
    assert "<RequestID>fault-proxy-00000000</RequestID>" in body
    assert counts(proxy)["faults"]["throttle"] == 1


@pytest.mark.parametrize("proxy", [["--error500", "1"]], indirect=True)
def test_error500_is_an_internal_error_document(proxy):
    response = post(proxy, "DescribeVpcEndpoints")
    assert response.status == 500
    assert "<Code>InternalError</Code>" in response.read().decode()


@pytest.mark.parametrize("proxy", [["--error503", "1"]], indirect=True)
def test_error503_is_an_html_page_that_is_not_an_aws_document(proxy):
    response = post(proxy, "DescribeVpcEndpoints")
    body = response.read().decode()
    assert response.status == 503
    assert body.startswith("<html>") and "<Error>" not in body


@pytest.mark.parametrize("proxy", [["--truncate", "1", "--truncate-mode", "cut"]], indirect=True)
def test_cut_truncation_keeps_the_original_length_and_closes_early(proxy):
    response = post(proxy, "DescribeVpcs")
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as caught:
        response.read()
    assert caught.value.expected > 0
    assert counts(proxy)["truncations"] == {"cut": 1, "short": 0}


@pytest.mark.parametrize("proxy", [["--truncate", "1", "--truncate-mode", "short"]], indirect=True)
def test_short_truncation_is_a_complete_http_answer_with_a_cut_document(proxy):
    response = post(proxy, "DescribeVpcs")
    body = response.read()
    assert response.status == 200
    assert int(response.getheader("Content-Length")) == len(body)
    assert body.startswith(b"<Echo>") and not body.endswith(b"</Echo>")


@pytest.mark.parametrize("proxy", [["--drop", "1"]], indirect=True)
def test_drop_closes_the_socket_without_an_answer(proxy):
    with pytest.raises((http.client.RemoteDisconnected, ConnectionResetError)):
        post(proxy, "DescribeVpcs")
    assert counts(proxy)["faults"]["drop"] == 1
    assert counts(proxy)["forwarded"] == 0


@pytest.mark.parametrize("proxy", [["--always-throttle-action", "DescribeVpcEndpoints"]], indirect=True)
def test_always_throttle_action_fails_only_that_action_every_time(proxy):
    statuses = [post(proxy, "DescribeVpcEndpoints").status for _ in range(5)]
    other = post(proxy, "DescribeVpcs").status
    assert statuses == [503] * 5 and other == 200
    snapshot = counts(proxy)
    assert snapshot["byAction"]["DescribeVpcEndpoints"] == {"requests": 5, "faults": 5}
    assert snapshot["byAction"]["DescribeVpcs"] == {"requests": 1, "faults": 0}


@pytest.mark.parametrize("proxy", [["--always", "*=error500"]], indirect=True)
def test_always_star_fails_every_action_and_reset_zeroes_the_counts(proxy):
    assert post(proxy, "A").status == 500 and post(proxy, "B").status == 500
    assert counts(proxy)["faultsInjected"] == 2
    connection = http.client.HTTPConnection("127.0.0.1", proxy, timeout=30)
    connection.request("POST", "/__faults/reset", body=b"")
    assert json.loads(connection.getresponse().read())["requests"] == 0


@pytest.mark.parametrize("proxy", [["--throttle", "1", "--fault-region", "us-west-2"]], indirect=True)
def test_fault_region_limits_faults_to_requests_signed_for_that_region(proxy):
    def signed(region):
        return {"Content-Type": "application/x-www-form-urlencoded",
                "Authorization": f"AWS4-HMAC-SHA256 Credential=AKID/20261127/{region}/ec2/aws4_request, "
                                 "SignedHeaders=host, Signature=00"}
    assert post(proxy, "DescribeVpcEndpoints", headers=signed("us-west-2")).status == 503
    assert post(proxy, "DescribeVpcEndpoints", headers=signed("us-east-1")).status == 200
    assert counts(proxy)["faults"]["throttle"] == 1


def test_the_plan_is_seeded_and_keeps_to_the_shares():
    shares = {"throttle": 0.2, "error500": 0.1, "error503": 0.1, "slow": 0.05, "truncate": 0.05, "drop": 0.05}
    plan = fault_proxy.FaultPlan(7, shares, {}, "mixed")
    first = [plan.decide(index, "X") for index in range(4000)]
    again = [fault_proxy.FaultPlan(7, shares, {}, "mixed").decide(index, "X") for index in range(4000)]
    other = [fault_proxy.FaultPlan(8, shares, {}, "mixed").decide(index, "X") for index in range(4000)]
    assert first == again and first != other
    for kind, share in shares.items():
        seen = sum(1 for decided, _ in first if decided == kind) / len(first)
        assert abs(seen - share) < 0.03, f"{kind}: {seen:.3f} vs {share}"
    assert abs(sum(1 for decided, _ in first if decided is None) / len(first) - 0.45) < 0.03


def test_shares_over_one_and_bad_always_kinds_are_refused_with_a_clear_message(upstream):
    for args, message in ((["--throttle", "0.8", "--drop", "0.5"], "sum to at most 1"),
                          (["--always", "DescribeVpcs=explode"], "expected ACTION=KIND")):
        result = subprocess.run([sys.executable, PROXY, "--upstream", upstream, *args],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 2 and message in result.stderr


def test_the_proxy_exits_when_its_parent_is_gone(upstream):
    parent = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    process = subprocess.Popen([sys.executable, PROXY, "--upstream", upstream, "--parent-pid", str(parent.pid)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout.readline().startswith("PORT=")
    parent.stdin.close()
    parent.wait(timeout=10)
    assert process.wait(timeout=10) == 0


def test_botocore_reads_the_injected_throttle_as_request_limit_exceeded_after_max_attempts():
    boto3 = pytest.importorskip("boto3", reason="boto3 is installed by make deps")
    from botocore.config import Config
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    process, proxy_port = start_proxy(f"http://{host}:{port}", "--always-throttle-action", "DescribeVpcEndpoints")
    try:
        client = boto3.client("ec2", endpoint_url=f"http://127.0.0.1:{proxy_port}", region_name="us-east-1",
                              aws_access_key_id="testing", aws_secret_access_key="testing",
                              config=Config(retries={"mode": "standard", "total_max_attempts": 2}))
        assert client.describe_vpcs()["Vpcs"], "other actions pass through to moto"
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.describe_vpc_endpoints()
        assert caught.value.response["Error"]["Code"] == "RequestLimitExceeded"
        assert caught.value.response["ResponseMetadata"]["RetryAttempts"] == 1
        assert counts(proxy_port)["byAction"]["DescribeVpcEndpoints"] == {"requests": 2, "faults": 2}
    finally:
        process.terminate()
        process.wait(timeout=10)
        server.stop()
