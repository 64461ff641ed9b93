"""A loopback HTTP/1.1 server for the transport tests that sees the raw request bytes.

Prints `PORT <n>` once listening on 127.0.0.1, then one line per request:
`<target-without-query> <bytes> <connection number>` (connections numbered from 1 in accept order).
Paths: /echo answers 200 with the exact request bytes as body and two `X-Multi` header lines (the second
in other case and padded with a tab and spaces);
/redirect answers 302 to /echo; /drop closes the connection without answering; /slow holds the
connection open without answering (for up to 120 s); /big/<n> answers n bytes; /delay/<ms> answers
`ok` after ms milliseconds; /stall sends the headers and the first of 10 body bytes, then holds the
connection like /slow. An absolute-form target (`http://host/path`, as a client sends it to a proxy)
is logged whole and answered by its path.
Exits when its standard input closes.
"""
import socket
import sys
import threading
import time

LOG = threading.Lock()


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head + b"\r\n\r\n" + rest


def hold(conn):
    conn.settimeout(120)
    try:
        conn.recv(1)  # returns when the client closes (or after 120 s)
    except OSError:
        pass


def handle(conn, number):
    with conn:
        while True:
            raw = read_request(conn)
            if raw is None:
                return
            target = raw.split(b" ", 2)[1].decode()
            logged = target.split("?", 1)[0]
            path = "/" + logged.split("://", 1)[1].split("/", 1)[1] if "://" in logged else logged
            with LOG:  # one whole line at a time: print() from several threads interleaves
                print(f"{logged} {len(raw)} {number}", flush=True)
            if path == "/echo":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                             b"X-Multi: a\r\nx-MULTI:\t b \r\nContent-Length: %d\r\n\r\n" % len(raw) + raw)
            elif path == "/redirect":
                conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: /echo\r\nContent-Length: 0\r\n\r\n")
            elif path == "/drop":
                conn.shutdown(socket.SHUT_RDWR)
                return
            elif path == "/slow":
                hold(conn)
                return
            elif path == "/stall":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nx")
                hold(conn)
                return
            elif path.startswith("/delay/"):
                time.sleep(int(path[len("/delay/"):]) / 1000)
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            elif path.startswith("/big/"):
                size = int(path[len("/big/"):])
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % size + b"x" * size)
            else:
                conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    print(f"PORT {server.getsockname()[1]}", flush=True)

    def accept():
        number = 0
        while True:
            conn, _ = server.accept()
            number += 1
            threading.Thread(target=handle, args=(conn, number), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    sys.stdin.read()


if __name__ == "__main__":
    main()
