"""peer_ext.cloudformation: an endpoint's PolicyDocument from a stack is JSON, as AWS returns it."""

from __future__ import annotations

import json

TEMPLATE = """
Resources:
  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.9.0.0/16}}
  Subnet: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.9.1.0/24, AvailabilityZone: us-east-1a}}
  Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcEndpointType: Interface
      VpcId: !Ref Vpc
      SubnetIds: [!Ref Subnet]
      ServiceName: com.amazonaws.us-east-1.ec2
      PolicyDocument:
        Version: 2012-10-17
        Statement: [{Effect: Allow, Principal: '*', Action: '*', Resource: '*'}]
"""


def test_stack_endpoint_policy_is_json_text(peer, fresh_account):
    account = fresh_account()
    peer.client("cloudformation", account).create_stack(StackName="policy", TemplateBody=TEMPLATE)
    endpoints = peer.client("ec2", account).describe_vpc_endpoints()["VpcEndpoints"]
    assert len(endpoints) == 1
    assert json.loads(endpoints[0]["PolicyDocument"]) == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}],
    }
