"""TEST-ONLY extension of moto 5.2.1 for plinv's tests. Never use it against AWS.

moto 5.2.1 lacks, for PrivateLink (see /work/shared/reference/aws-query-api.md §5):
  * DescribeVpcEndpointConnections, AcceptVpcEndpointConnections, RejectVpcEndpointConnections
    (moto answers HTTP 500), and the acceptance states behind them: moto makes every new endpoint
    `available`, even against a service that requires acceptance;
  * MaxResults/NextToken paging on DescribeVpcEndpointServiceConfigurations,
    DescribeVpcEndpointServicePermissions, DescribeVpcEndpoints and DescribeSecurityGroups;
  * `principalType`, `servicePermissionId` and `serviceId` on DescribeVpcEndpointServicePermissions;
  * CloudFormation: the types AWS::EC2::VPCEndpointService and AWS::EC2::VPCEndpointServicePermissions, and
    DescribeStacks' NoEcho masking and list parameter values (see cloudformation.py);
  * STS: AssumeRole into an organisation member refused when the member has no such role (organizations.py);
  * per-account enabled regions: account:DisableRegion/EnableRegion, and DescribeRegions honouring them (regions.py).

`install()` patches exactly those into moto's own EC2 model and response classes, in this process.
Everything else is moto as shipped. Responses are serialised by moto from botocore's EC2 model,
so element names are AWS's (`vpcEndpointConnectionSet/item/...`).
"""

from __future__ import annotations

_installed = False


def install() -> None:
    """Patch moto's EC2 backend and response classes in place (idempotent)."""
    global _installed
    if _installed:
        return
    from . import cloudformation, connections, organizations, paging, permissions, regions

    cloudformation.install()
    connections.install()
    permissions.install()
    organizations.install()
    paging.install()
    regions.install()
    _installed = True
