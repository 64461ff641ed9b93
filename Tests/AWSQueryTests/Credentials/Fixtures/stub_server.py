"""Loopback servers for the credential tests (test-only).

    stub_server.py moto        moto's server (STS, and IMDS paths) on 127.0.0.1, free port
    stub_server.py container   a container-credentials endpoint: GET /creds answers JSON when the
                               Authorization header is "Bearer test-container-token", else 401

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


class ContainerHandler(BaseHTTPRequestHandler):
    def do_GET(self):
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


def main():
    mode = sys.argv[1]
    if mode == "moto":
        from moto.server import ThreadedMotoServer

        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        port = server.get_host_and_port()[1]
    elif mode == "container":
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), ContainerHandler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        port = httpd.server_address[1]
    else:
        sys.exit(f"unknown mode {mode}")
    print(f"PORT {port}", flush=True)
    sys.stdin.read()
    os._exit(0)


if __name__ == "__main__":
    main()
