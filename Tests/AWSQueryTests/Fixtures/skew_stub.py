"""A loopback AWS stub whose clock runs SKEW seconds ahead of this machine's (argv[1], default 3600).

Prints `PORT <n>` once listening on 127.0.0.1, then `<status> <x-amz-date>` per request. A request signed more
than 5 minutes from the stub's clock is answered 403 with a skew error and the stub's `Date` header: Query
(`RequestTimeTooSkewed`, XML) or, with an `X-Amz-Target` header, JSON 1.1 (`InvalidSignatureException`).
Otherwise 200 with a minimal answer. With argv[2] == "always", every request gets the skew error.
Exits when its standard input closes.
"""
import calendar
import email.utils
import http.server
import sys
import threading
import time

SKEW = float(sys.argv[1]) if len(sys.argv) > 1 else 3600.0
ALWAYS = len(sys.argv) > 2 and sys.argv[2] == "always"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def date_time_string(self, timestamp=None):
        """The `Date` header send_response adds: the stub's own, skewed clock."""
        return email.utils.formatdate(time.time() + SKEW, usegmt=True)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        now = time.time() + SKEW
        stamp = self.headers.get("X-Amz-Date", "")
        try:
            signed = calendar.timegm(time.strptime(stamp, "%Y%m%dT%H%M%SZ"))
        except ValueError:
            signed = 0
        json_protocol = self.headers.get("X-Amz-Target") is not None
        if ALWAYS or abs(now - signed) > 300:
            status = 403
            if json_protocol:
                body = b'{"__type":"InvalidSignatureException","message":"Signature expired"}'
                kind = "application/x-amz-json-1.1"
            else:
                body = (b"<ErrorResponse><Error><Code>RequestTimeTooSkewed</Code><Message>The difference between"
                        b" the request time and the current time is too large.</Message></Error></ErrorResponse>")
                kind = "text/xml"
        else:
            status = 200
            body = b'{"Roots":[]}' if json_protocol else b"<DescribeRegionsResponse><regionInfo/></DescribeRegionsResponse>"
            kind = "application/x-amz-json-1.1" if json_protocol else "text/xml"
        print(f"{status} {stamp}", flush=True)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(f"PORT {server.server_address[1]}", flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()
