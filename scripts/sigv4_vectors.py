#!/usr/bin/env python3
"""Generate SigV4 test vectors with botocore's own SigV4Auth/AWSRequest.

Writes Tests/AWSQueryTests/Fixtures/sigv4-vectors.json: for each case the inputs (method, URL, headers,
form parameters or raw body, credentials, region, service, time) and botocore's canonical request,
string to sign and Authorization header. Deterministic: fixed clocks, fixed inputs, sorted JSON keys.

Usage: python3 scripts/sigv4_vectors.py [output.json]
"""
import datetime
import hashlib
import json
import os
import sys
from unittest import mock

import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FORM = "application/x-www-form-urlencoded; charset=utf-8"
AK, SK = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example/token+with=padding=="
T0 = datetime.datetime(2026, 11, 26, 23, 15, 57)


class RecordingSigV4Auth(SigV4Auth):
    """botocore's SigV4Auth, remembering the canonical request and string to sign it computed while signing."""

    def string_to_sign(self, request, canonical_request):
        self.recorded_canonical_request = canonical_request
        self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
        return self.recorded_string_to_sign


def endpoint(prefix, region):
    suffix = ".amazonaws.com.cn" if region.startswith("cn-") else ".amazonaws.com"
    return f"https://{prefix}.{region}{suffix}/"


def case(name, *, service="ec2", region="us-east-1", url=None, method="POST", params=None, body=None,
         headers=None, swift_only_headers=None, token=None, when=T0, ak=AK, sk=SK):
    """One vector. `params` are form-encoded by botocore exactly as its Query serializer sends them
    (a dict body, which AWSRequest urlencodes: RFC 3986 unreserved characters kept, space as '+');
    `body` is a raw string body.
    `swift_only_headers` are given to the Swift signer only (headers it must leave unsigned
    that botocore would otherwise sign, such as Content-Length)."""
    prefix = {"ec2": "ec2", "sts": "sts", "elasticloadbalancing": "elasticloadbalancing"}[service]
    url = url or endpoint(prefix, region)
    if headers is None:
        headers = [["Content-Type", FORM]] if method == "POST" else []
    if params is not None:
        assert len({k for k, _ in params}) == len(params), "parameter names must be unique"
        request = AWSRequest(method=method, url=url, data=dict(params))
        data = request.body.decode("utf-8")
    else:
        data = body or ""
        request = AWSRequest(method=method, url=url, data=data.encode("utf-8"))
    for key, value in headers:
        request.headers[key] = value  # email.message semantics: a repeated name adds a second header
    auth = RecordingSigV4Auth(Credentials(ak, sk, token), service, region)
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth.add_auth(request)
    vector = {
        "name": name, "method": method, "url": url, "service": service, "region": region,
        "headers": headers + (swift_only_headers or []),
        "accessKeyId": ak, "secretAccessKey": sk,
        "epochSeconds": int(when.replace(tzinfo=datetime.timezone.utc).timestamp()),
        "canonicalRequest": auth.recorded_canonical_request,
        "stringToSign": auth.recorded_string_to_sign,
        "authorization": request.headers["Authorization"],
        "amzDate": request.headers["X-Amz-Date"],
        "bodySha256": hashlib.sha256(data.encode("utf-8")).hexdigest(),
    }
    if token is not None:
        vector["sessionToken"] = token
    if params is not None:
        vector["parameters"] = [[k, v] for k, v in params]
        vector["body"] = data
    else:
        vector["body"] = data
    return vector


def cases():
    ec2 = [("Action", "DescribeVpcEndpoints"), ("Version", "2016-11-15")]
    out = [
        case("ec2-describe-vpc-endpoints-wire-example", params=ec2 + [
            ("VpcEndpointId.1", "vpce-1"), ("VpcEndpointId.2", "vpce-2"), ("Filter.1.Name", "vpc-id"),
            ("Filter.1.Value.1", "vpc-a"), ("Filter.1.Value.2", "vpc-b"), ("MaxResults", "100"),
            ("NextToken", "tok==")]),
        case("ec2-empty-body", body=""),
        case("ec2-empty-body-no-content-type", body="", headers=[]),
        case("ec2-minimal-action", params=[("Action", "DescribeRegions"), ("Version", "2016-11-15")]),
        case("ec2-session-token", params=ec2, token=TOKEN),
        case("ec2-session-token-eu", region="eu-west-1", params=ec2, token="short-token"),
        case("ec2-unicode-values", params=ec2 + [("Filter.1.Name", "tag:Name"), ("Filter.1.Value.1", "café ☕ 日本語 🚀")]),
        case("ec2-reserved-characters", params=ec2 + [("Filter.1.Name", "tag:k"),
             ("Filter.1.Value.1", "a b+c&d=e/f?g#h%i;j,k:l@m$n!o*p'q(r)s[t]u")]),
        case("ec2-unreserved-characters", params=ec2 + [("Filter.1.Value.1", "AZaz09-._~")]),
        case("ec2-cidr-slash", params=[("Action", "CreateVpc"), ("Version", "2016-11-15"), ("CidrBlock", "10.9.0.0/16")]),
        case("ec2-empty-value", params=ec2 + [("NextToken", "")]),
        case("ec2-large-body", params=ec2 + [(f"VpcEndpointId.{i}", f"vpce-{i:017x}") for i in range(1, 2001)]),
        case("ec2-large-unicode-value", params=ec2 + [("Filter.1.Value.1", "ü/+= " * 5000)]),
        case("ec2-port-5000", url="http://127.0.0.1:5000/", params=ec2),
        case("ec2-port-5000-token", url="http://127.0.0.1:5000/", params=ec2, token=TOKEN),
        case("ec2-https-default-port-dropped", url="https://ec2.us-east-1.amazonaws.com:443/", params=ec2),
        case("ec2-http-default-port-dropped", url="http://localhost:80/", params=ec2),
        case("ec2-https-non-default-port", url="https://localhost:8443/", params=ec2),
        case("ec2-http-port-443-kept", url="http://localhost:443/", params=ec2),
        case("ec2-uppercase-host", url="http://LocalHost:4566/", params=ec2),
        case("ec2-ipv6-host", url="http://[::1]:5000/", params=ec2),
        case("ec2-endpoint-path", url="https://proxy.example.com/aws/ec2/", params=ec2),
        case("ec2-endpoint-dot-segments", url="https://proxy.example.com/a/./b/../c", params=ec2),
        case("ec2-no-path", url="https://ec2.us-east-1.amazonaws.com", params=ec2),
        case("ec2-cn-region", region="cn-north-1", params=ec2),
        case("ec2-govcloud", region="us-gov-west-1", params=ec2),
        case("ec2-ap-southeast-2", region="ap-southeast-2", params=ec2),
        case("ec2-leap-day-late", params=ec2, when=datetime.datetime(2024, 2, 29, 23, 59, 59)),
        case("ec2-new-year", params=ec2, when=datetime.datetime(2027, 1, 1, 0, 0, 0)),
        case("ec2-old-date", params=ec2, when=datetime.datetime(2015, 8, 30, 12, 36, 0)),
        case("ec2-user-agent-not-signed", params=ec2,
             headers=[["Content-Type", FORM], ["User-Agent", "plinv/0.1"], ["Expect", "100-continue"]]),
        case("ec2-content-length-not-signed", params=ec2, swift_only_headers=[["Content-Length", "47"]]),
        case("ec2-header-whitespace-trim", params=ec2,
             headers=[["Content-Type", FORM], ["X-Custom-Header", "  a   b \t c  "]]),
        case("ec2-header-repeated", params=ec2,
             headers=[["Content-Type", FORM], ["X-Multi", "one"], ["X-Multi", "two"]]),
        case("ec2-header-mixed-case-name", params=ec2, headers=[["CONTENT-type", FORM], ["X-AMZ-Meta", "V"]]),
        case("ec2-other-secret", params=ec2, ak="AKIAIOSFODNN7EXAMPLE", sk="je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"),
        case("sts-get-caller-identity", service="sts", url="https://sts.amazonaws.com/",
             params=[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")]),
        case("sts-regional", service="sts", region="eu-central-1",
             params=[("Action", "GetCallerIdentity"), ("Version", "2011-06-15")]),
        case("sts-assume-role", service="sts", params=[
            ("Action", "AssumeRole"), ("Version", "2011-06-15"),
            ("RoleArn", "arn:aws:iam::111111111111:role/ops"), ("RoleSessionName", "plinv-1"),
            ("ExternalId", "ext id/+=")], token=TOKEN),
        case("sts-get-query-string", service="sts", method="GET",
             url="https://sts.amazonaws.com/?Version=2011-06-15&Action=GetCallerIdentity"),
        case("sts-get-query-repeated-keys", service="sts", method="GET",
             url="https://sts.amazonaws.com/?b=2&a=2&a=1&c="),
        case("elb-describe-load-balancers", service="elasticloadbalancing", params=[
            ("Action", "DescribeLoadBalancers"), ("Version", "2015-12-01"), ("PageSize", "400")]),
        case("elb-describe-marker", service="elasticloadbalancing", region="eu-west-1", params=[
            ("Action", "DescribeLoadBalancers"), ("Version", "2015-12-01"),
            ("LoadBalancerArns.member.1",
             "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/nlb/50dc6c495c0c9188"),
            ("Marker", "bWFya2VyLzEyMw==")]),
        case("elb-local-port", service="elasticloadbalancing", url="http://127.0.0.1:5000/",
             params=[("Action", "DescribeLoadBalancers"), ("Version", "2015-12-01")], token=TOKEN),
    ]
    names = [v["name"] for v in out]
    assert len(names) == len(set(names)), "duplicate case names"
    return out


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "Tests", "AWSQueryTests", "Fixtures", "sigv4-vectors.json")
    document = {"generator": f"scripts/sigv4_vectors.py with botocore {botocore.__version__}", "vectors": cases()}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(document, handle, indent=1, sort_keys=True, ensure_ascii=False)
        handle.write("\n")
    print(f"wrote {len(document['vectors'])} vectors to {path}")


if __name__ == "__main__":
    main()
