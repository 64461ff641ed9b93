"""The bench's store floor (scripts/bench/store_floor.c): it stores every record of the responses, byte for byte.

The floor must do at least what any client that keeps the records does, and no more: if it split a page wrongly
(a nested list entry taken for a record, a record cut short) its CPU would not be the floor of storing those records.
Its work floor (`--work`) must also read each record into the JSON the module docstring of record_json.h describes:
if it skipped or cut a record's members, its CPU would not be the floor of plinv's work.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def ec2_item(index: int) -> str:
    """An EC2 list entry holding lists of its own (nested <item>s are not records)."""
    return (f"<item><vpcEndpointId>vpce-{index:08x}</vpcEndpointId><subnetIdSet><item>subnet-{index}</item>"
            f"<item>subnet-{index + 1}</item></subnetIdSet><empty/><tagSet><item><key>n</key>"
            f"<value>&lt;b&gt; {index}</value></item></tagSet></item>")


def elb_member(index: int) -> str:
    return f"<member><LoadBalancerArn>arn:{index}</LoadBalancerArn><AvailabilityZones><member><ZoneName>a</ZoneName>" \
           f"</member></AvailabilityZones></member>"


PAGES = {
    # EC2: the entries are at depth 3; the page says where the next one starts.
    "/ec2/1": '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpcEndpointsResponse xmlns="x"><requestId>r</requestId>'
              "<vpcEndpointSet>" + "".join(ec2_item(i) for i in range(700)) + "</vpcEndpointSet>"
              "<nextToken>t</nextToken></DescribeVpcEndpointsResponse>",
    "/ec2/2": "<DescribeVpcEndpointsResponse><requestId>r</requestId><vpcEndpointSet>"
              + "".join(ec2_item(i) for i in range(700, 1200)) + "</vpcEndpointSet></DescribeVpcEndpointsResponse>",
    # ELBv2: a result element more, so the entries are at depth 4.
    "/elb": "<DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers>"
            + "".join(elb_member(i) for i in range(3)) + "</LoadBalancers></DescribeLoadBalancersResult>"
            "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>",
    "/empty": "<DescribeSecurityGroupsResponse><requestId>r</requestId><securityGroupInfo/>"
              "</DescribeSecurityGroupsResponse>",
    # What JSON must escape, and references to decode, in a record of its own.
    "/escapes": '<DescribeVpcEndpointsResponse><vpcEndpointSet><item><ownerId>1</ownerId>'
                '<policyDocument>{"a": "b\\c"}&#9;&#xe9;&#x20AC;&#128512;&amp;\x01</policyDocument>'
                '<vpcEndpointId>vpce-e</vpcEndpointId>'
                "<state>first</state><state>second</state><ns:tag xmlns:ns=\"u\">t</ns:tag>"
                "<quoted>&quot;&apos;\n&unknown;</quoted><p:>empty</p:></item></vpcEndpointSet>"
                "</DescribeVpcEndpointsResponse>",
}
RECORDS = [ec2_item(i) for i in range(1200)] + [elb_member(i) for i in range(3)]


MASK = (1 << 64) - 1


def body_hash(data: bytes) -> int:
    """plinv's body hash as Schema/README.md defines it, as SQLite stores it (signed)."""
    def mix(h: int, word: int) -> int:
        mixed = h ^ (word * 0x9E3779B97F4A7C15 & MASK)
        return (((mixed << 29) | (mixed >> 35)) & MASK) * 0xC2B2AE3D27D4EB4F & MASK
    h = 0x2545F4914F6CDD1D ^ (len(data) * 0x9E3779B97F4A7C15 & MASK)
    whole = len(data) // 8 * 8
    for offset in range(0, whole, 8):
        h = mix(h, int.from_bytes(data[offset:offset + 8], "little"))
    if whole < len(data):
        h = mix(h, int.from_bytes(data[whole:], "little"))
    for shift, factor in ((33, 0xFF51AFD7ED558CCD), (33, 0xC4CEB9FE1A85EC53)):
        h = (h ^ (h >> shift)) * factor & MASK
    h ^= h >> 33
    return h - (1 << 64) if h >> 63 else h


class Pages(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the bench's peer

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers["Content-Length"]))
        body = PAGES.get(self.path)
        status = 200 if body is not None else 500
        data = (body or "<Error/>").encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def pages():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def store_floor(tmp_path_factory) -> Path:
    binary = tmp_path_factory.mktemp("floor") / "store_floor"
    subprocess.run(["cc", "-O2", "-Wall", "-Werror", "-o", str(binary), str(BENCH / "store_floor.c"),
                    "-lcurl", "-lsqlite3", "-lzstd", "-lcrypto"], check=True)
    return binary


def run(store_floor: Path, tmp_path: Path, url: str, paths: list[str], work: bool = False
        ) -> subprocess.CompletedProcess[str]:
    requests = tmp_path / "requests"
    requests.write_text("".join(f"{url}{path}\tAWS4-HMAC-SHA256 Credential=x, Signature=0\tAction=Describe\n"
                                for path in paths))
    return subprocess.run([str(store_floor), *(["--work"] if work else []), str(requests),
                           str(tmp_path / "floor.sqlite")], capture_output=True, text=True, timeout=60)


def frame_content_size(frame: bytes) -> int:
    """The content size a zstd frame's header declares (RFC 8878, 3.1.1.1): what was compressed into it."""
    assert frame[:4] == b"\x28\xb5\x2f\xfd", "not a zstd frame"
    descriptor = frame[4]
    single_segment, dictionary_flag = descriptor >> 5 & 1, descriptor & 3
    offset = 5 + (0 if single_segment else 1) + (0, 1, 2, 4)[dictionary_flag]
    size = (1 if single_segment else 0, 2, 4, 8)[descriptor >> 6]
    assert size, "the frame does not declare its content size"
    value = int.from_bytes(frame[offset:offset + size], "little")
    return value + 256 if size == 2 else value


def record_json(value: dict) -> bytes:
    """The JSON text the work floor writes for a record: sorted keys, compact, non-ASCII as UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def ec2_item_json(index: int) -> dict:
    """`ec2_item(index)` as the work floor reads it: keys with their first letter in upper case, lists of <item>s as
    arrays, an empty element as an empty string, references decoded."""
    return {"VpcEndpointId": f"vpce-{index:08x}", "SubnetIdSet": [f"subnet-{index}", f"subnet-{index + 1}"],
            "Empty": "", "TagSet": [{"Key": "n", "Value": f"<b> {index}"}]}


def elb_member_json(index: int) -> dict:
    return {"LoadBalancerArn": f"arn:{index}", "AvailabilityZones": [{"ZoneName": "a"}]}


def test_every_record_is_stored_as_its_bytes(store_floor, pages, tmp_path):
    result = run(store_floor, tmp_path, pages, ["/ec2/1", "/ec2/2", "/empty", "/elb"])
    assert result.returncode == 0, result.stderr
    assert "1203 records (" in result.stderr and "of XML), 1203 bodies" in result.stderr
    assert "dictionary trained, journal wal" in result.stderr  # 1,000 records or more train one, as in plinv
    with sqlite3.connect(tmp_path / "floor.sqlite") as db:
        rows = db.execute("SELECT v.raw_digest, b.hash FROM resource_version AS v JOIN body AS b ON b.id = v.body_id "
                          "ORDER BY CAST(substr(v.resource_id, 2) AS INTEGER)").fetchall()
        digests = [bytes(row[0]) for row in rows]
        assert db.execute("SELECT count(*), count(DISTINCT hash) FROM body").fetchone() == (1203, 1203)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    # The digest of each record is that of its exact bytes: no record cut short, joined or nested.
    assert digests == [hashlib.sha256(record.encode()).digest()[:16] for record in RECORDS]
    assert [row[1] for row in rows] == [body_hash(record.encode()) for record in RECORDS]  # plinv's body hash


def test_a_record_seen_again_is_looked_up_and_stored_once(store_floor, pages, tmp_path):
    result = run(store_floor, tmp_path, pages, ["/ec2/1", "/elb", "/ec2/1"])
    assert result.returncode == 0, result.stderr
    assert "1403 records (" in result.stderr and "), 703 bodies" in result.stderr
    with sqlite3.connect(tmp_path / "floor.sqlite") as db:
        assert db.execute("SELECT count(DISTINCT body_id), count(*) FROM resource_version").fetchone() == (703, 1403)


def test_a_failed_request_fails_the_floor(store_floor, pages, tmp_path):
    result = run(store_floor, tmp_path, pages, ["/ec2/1", "/missing"])
    assert result.returncode == 1
    assert "/missing" in result.stderr and "HTTP 500" in result.stderr


def test_the_work_floor_stores_each_record_as_its_json(store_floor, pages, tmp_path):
    result = run(store_floor, tmp_path, pages, ["/ec2/1", "/ec2/2", "/empty", "/elb"], work=True)
    assert result.returncode == 0, result.stderr
    expected = ([record_json(ec2_item_json(i)) for i in range(1200)]
                + [record_json(elb_member_json(i)) for i in range(3)])
    assert f"1203 records ({sum(len(text) for text in expected)} bytes of JSON), 1203 bodies" in result.stderr
    # The save went through a rollback journal (as SQLite reported it inside the transaction).
    assert "dictionary trained, journal delete" in result.stderr
    with sqlite3.connect(tmp_path / "floor.sqlite") as db:
        rows = db.execute("SELECT v.kind, v.resource_id, v.raw_digest, b.hash, b.data FROM resource_version AS v "
                          "JOIN body AS b ON b.id = v.body_id ORDER BY b.id").fetchall()
        # Written through a rollback journal, then left in WAL mode as plinv leaves its file.
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert not (tmp_path / "floor.sqlite-journal").exists()
    # Each body is the record's JSON: its hash is plinv's body hash of that text, and its frame holds that many bytes
    # (not the XML's); the raw digest is still the XML's.
    assert [row[3] for row in rows] == [body_hash(text) for text in expected]
    assert [frame_content_size(bytes(row[4])) for row in rows] == [len(text) for text in expected]
    assert [bytes(row[2]) for row in rows] == [hashlib.sha256(record.encode()).digest()[:16] for record in RECORDS]
    # A version has the record's own identity: its `…Id` member, else its first member.
    assert rows[0][:2] == ("vpcEndpoint", "vpce-00000000") and rows[1199][:2] == ("vpcEndpoint", "vpce-000004af")
    assert [row[:2] for row in rows[1200:]] == [("record", f"arn:{i}") for i in range(3)]


def test_the_work_floor_escapes_decodes_and_keeps_the_first_of_a_name(store_floor, pages, tmp_path):
    result = run(store_floor, tmp_path, pages, ["/escapes"], work=True)
    assert result.returncode == 0, result.stderr
    text = record_json({"OwnerId": "1", "PolicyDocument": '{"a": "b\\c"}\t\u00e9\u20ac\U0001f600&\x01',
                        "VpcEndpointId": "vpce-e", "State": "first", "Tag": "t",
                        "Quoted": "\"'\n&unknown;", "": "empty"})
    with sqlite3.connect(tmp_path / "floor.sqlite") as db:
        assert db.execute("SELECT hash FROM body").fetchall() == [(body_hash(text),)]
        assert db.execute("SELECT kind, resource_id FROM resource_version").fetchall() == [("vpcEndpoint", "vpce-e")]


def test_the_work_floor_fails_on_a_record_that_does_not_end(store_floor, pages, tmp_path):
    PAGES["/cut"] = "<DescribeVpcEndpointsResponse><vpcEndpointSet><item><vpcEndpointId>vpce-1</vpcEndpointId>"
    result = run(store_floor, tmp_path, pages, ["/cut"], work=True)
    assert result.returncode == 1
    assert "does not end" in result.stderr


def test_the_work_floor_keeps_records_that_share_an_id_apart(store_floor, pages, tmp_path):
    # Connections to one service: each one's first `…Id` member is the service's.
    PAGES["/connections"] = ("<DescribeVpcEndpointConnectionsResponse><vpcEndpointConnectionSet>"
                             + "".join(f"<item><serviceId>vpce-svc-1</serviceId><vpcEndpointId>vpce-{i}</vpcEndpointId>"
                                       "</item>" for i in range(2))
                             + "</vpcEndpointConnectionSet></DescribeVpcEndpointConnectionsResponse>")
    result = run(store_floor, tmp_path, pages, ["/connections"], work=True)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "floor.sqlite") as db:
        assert db.execute("SELECT kind, resource_id FROM resource_version ORDER BY resource_id").fetchall() == [
            ("service", "vpce-svc-1"), ("service", "vpce-svc-1#1")]


def test_the_work_floor_stores_a_record_seen_again_once(store_floor, pages, tmp_path):
    result = run(store_floor, tmp_path, pages, ["/ec2/1", "/elb", "/ec2/1"], work=True)
    assert result.returncode == 0, result.stderr
    assert "1403 records (" in result.stderr and "), 703 bodies" in result.stderr
    with sqlite3.connect(tmp_path / "floor.sqlite") as db:
        # The second page's records are the first's again: same bodies, kept apart by id and position.
        assert db.execute("SELECT count(DISTINCT body_id), count(*) FROM resource_version").fetchone() == (703, 1403)
