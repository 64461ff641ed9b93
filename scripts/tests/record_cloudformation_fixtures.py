#!/usr/bin/env python3
"""Record the wire fixtures of the CloudFormation calls plinv makes (DescribeStacks, ListStackResources,
GetTemplate, ListExports) into Tests/CollectorTests/Fixtures/wire, as scripts/record_wire_fixtures.py does for
the EC2/ELBv2/STS ones: moto's raw XML (with peer_ext, so parameters read as AWS returns them) and what
`aws cloudformation … --output json` prints for the same call, checked against botocore's own parse.

Usage: python3 scripts/tests/record_cloudformation_fixtures.py (TEST-ONLY; never talks to AWS).
"""
import json, os, subprocess, sys, tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(SCRIPTS))
import boto3
import record_wire_fixtures as r
import peer_ext; peer_ext.install()
from moto.server import ThreadedMotoServer
TEMPLATE = """AWSTemplateFormatVersion: '2010-09-09'
Description: Wire fixture \u2603 <&> stack
Parameters:
  Application: {Type: String, Default: orders}
  Subnets: {Type: CommaDelimitedList}
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "${Application} group"
      Tags: [{Key: Name, Value: !Ref Application}]
  OtherGroup:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: other}
Outputs:
  GroupId:
    Value: !Ref Group
    Export: {Name: !Sub "${AWS::StackName}-GroupId"}
  Other:
    Value: !GetAtt OtherGroup.GroupId
"""
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False); server.start()
host, port = server.get_host_and_port(); endpoint = f"http://{host}:{port}"
empty = tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False); empty.close()
env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1",
           AWS_CONFIG_FILE=empty.name, AWS_SHARED_CREDENTIALS_FILE=empty.name, AWS_PAGER="")
for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"): env.pop(k, None)
session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")
cfn = session.client("cloudformation", endpoint_url=endpoint)
captured = {}
cfn.meta.events.register("before-parse.*.*", lambda operation_model, response_dict, **_: captured.__setitem__(operation_model.name, response_dict["body"]))
cfn.create_stack(StackName="wire-stack", TemplateBody=TEMPLATE, Parameters=[{"ParameterKey": "Subnets", "ParameterValue": "subnet-a,subnet-b"}], Tags=[{"Key": "team", "Value": "net"}])
cfn.create_stack(StackName="wire-stack-2", TemplateBody=TEMPLATE.replace("GroupId\"", "GroupId2\""), Parameters=[{"ParameterKey": "Subnets", "ParameterValue": "subnet-c"}])
calls = [("DescribeStacks", {}, []), ("ListStackResources", {"StackName": "wire-stack"}, ["--stack-name", "wire-stack"]),
         ("GetTemplate", {"StackName": "wire-stack", "TemplateStage": "Processed"}, ["--stack-name", "wire-stack", "--template-stage", "Processed"]),
         ("ListExports", {}, [])]
out = str(SCRIPTS.parent / "Tests" / "CollectorTests" / "Fixtures" / "wire")
for op, kwargs, cli in calls:
    getattr(cfn, r._snake(cfn, op))(**kwargs)
    body = captured[op]
    printed = subprocess.run(["aws", "cloudformation", r._snake(cfn, op).replace("_", "-"), *cli, "--endpoint-url", endpoint, "--output", "json"], env=env, check=True, capture_output=True, text=True).stdout
    if json.loads(printed) != json.loads(r.cli_oracle(session._session, "cloudformation", op, body)):
        sys.exit(f"{op}: the CLI's output differs from botocore's parse of the recorded XML")
    r._write(out, op, body, printed)
server.stop()
