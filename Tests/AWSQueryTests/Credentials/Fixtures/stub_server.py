"""Loopback servers for the credential tests (test-only).

    stub_server.py moto        moto's server (STS, and IMDS paths) on 127.0.0.1, free port
    stub_server.py container   a container-credentials endpoint: GET /creds answers JSON when the
                               Authorization header is "Bearer test-container-token", else 401;
                               GET /flaky/<id> answers 500 twice per id, then the credentials;
                               GET /user-agent answers {"userAgent": <the request's User-Agent header>}
    stub_server.py imds        instance metadata whose IMDSv2 token call hangs 3 s and whose IMDSv1 GETs answer
                               role imds-role's credentials
    stub_server.py sso         the IAM Identity Center portal and OIDC: GET /federation/credentials answers
                               role credentials for a known bearer token, account 111122223333 and role
                               ReadOnly, else 401 UnauthorizedException / 403 ForbiddenException;
                               POST /token with grantType refresh_token and refresh token
                               "sso-refresh-token-1" answers a new access token, else 400 invalid_grant

Prints "PORT <n>" on one line once listening, then serves until its standard input closes, so it never
outlives the test process that started it.
"""
import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CONTAINER_CREDENTIALS = {
    "AccessKeyId": "ASIACONTAINERKEY0001",
    "SecretAccessKey": "container-secret-do-not-log",
    "Token": "container-token-do-not-log",
    "Expiration": "2099-01-01T00:00:00Z",
}


FLAKY_COUNTS = {}


class ContainerHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/flaky/"):
            FLAKY_COUNTS[self.path] = FLAKY_COUNTS.get(self.path, 0) + 1
            if FLAKY_COUNTS[self.path] <= 2:
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.path = "/creds"
        if self.path == "/user-agent":
            body = json.dumps({"userAgent": self.headers.get("User-Agent")}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path != "/creds":
            self.send_response(404)
            self.end_headers()
            return
        if self.headers.get("Authorization") != "Bearer test-container-token":
            self.send_response(401)
            self.end_headers()
            return
        body = json.dumps(CONTAINER_CREDENTIALS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


SSO_ACCESS_TOKENS = {"sso-access-token-valid-do-not-log", "sso-access-token-refreshed-do-not-log"}


class SSOHandler(BaseHTTPRequestHandler):
    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        from urllib.parse import parse_qs, urlparse

        url = urlparse(self.path)
        if url.path != "/federation/credentials":
            return self.reply(404, {"message": "not found"})
        if self.headers.get("x-amz-sso_bearer_token") not in SSO_ACCESS_TOKENS:
            return self.reply(401, {"__type": "UnauthorizedException", "message": "Session token not found or invalid"})
        query = parse_qs(url.query)
        if query.get("account_id") != ["111122223333"] or query.get("role_name") != ["ReadOnly"]:
            return self.reply(403, {"__type": "ForbiddenException", "message": "No access"})
        token = self.headers.get("x-amz-sso_bearer_token")
        self.reply(200, {"roleCredentials": {
            "accessKeyId": "ASIASSO" + ("REFRESHED" if "refreshed" in token else "VALID"),
            "secretAccessKey": "sso-secret-do-not-log", "sessionToken": "sso-session-token-do-not-log",
            "expiration": 4102444800000}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/token":
            return self.reply(404, {"message": "not found"})
        if (request.get("grantType") != "refresh_token" or request.get("refreshToken") != "sso-refresh-token-1"
                or request.get("clientId") != "sso-client-id" or request.get("clientSecret") != "sso-client-secret-do-not-log"):
            return self.reply(400, {"error": "invalid_grant", "error_description": "bad refresh"})
        self.reply(200, {"accessToken": "sso-access-token-refreshed-do-not-log", "expiresIn": 28800,
                         "refreshToken": "sso-refresh-token-2", "tokenType": "Bearer"})

    def log_message(self, *args):
        pass


class IMDSHandler(BaseHTTPRequestHandler):
    """IMDS whose token call never answers in time (PUT sleeps 3 s) while IMDSv1 GETs work."""

    protocol_version = "HTTP/1.1"

    def do_PUT(self):
        import time

        time.sleep(3)
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"token")

    def do_GET(self):
        if self.headers.get("x-aws-ec2-metadata-token"):
            body, status = b"", 400
        elif self.path == "/latest/meta-data/iam/security-credentials/":
            body, status = b"imds-role", 200
        elif self.path == "/latest/meta-data/iam/security-credentials/imds-role":
            body, status = json.dumps({"Code": "Success", "AccessKeyId": "ASIAIMDSV1KEY", "SecretAccessKey":
                                       "imds-secret-do-not-log", "Token": "imds-token-do-not-log",
                                       "Expiration": "2099-01-01T00:00:00Z"}).encode(), 200
        else:
            body, status = b"", 404
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def warm_up(port):
    """Asks moto once for each path the tests use before the port is printed: its first answer on a path loads that
    part of moto, which on a busy machine took longer than the 1 s instance-metadata timeout plinv keeps (botocore's).
    """
    import time
    import urllib.request

    # Straight to the loopback port, whatever HTTP_PROXY says; ten seconds at most in all, well inside the time
    # the harness gives the server to print its port.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 10
    base = f"http://127.0.0.1:{port}"
    token = urllib.request.Request(f"{base}/latest/api/token", method="PUT",
                                   headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    sts = urllib.request.Request(
        base, method="POST", data=b"Action=GetCallerIdentity&Version=2011-06-15",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/sts/aws4_request, "
                                  "SignedHeaders=host, Signature=0"})
    for request in (token, f"{base}/latest/meta-data/iam/security-credentials/", sts):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            opener.open(request, timeout=left).read()
        except Exception:  # noqa: BLE001 - a warm-up only; the tests say what is wrong
            pass


def main():
    mode = sys.argv[1]
    if mode == "moto":
        import logging

        from moto.server import ThreadedMotoServer

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request in the test output
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        port = server.get_host_and_port()[1]
        warm_up(port)
    elif mode in ("container", "sso", "imds"):
        handler = {"container": ContainerHandler, "sso": SSOHandler, "imds": IMDSHandler}[mode]
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        port = httpd.server_address[1]
    else:
        sys.exit(f"unknown mode {mode}")
    print(f"PORT {port}", flush=True)
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
