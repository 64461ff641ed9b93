"""TEST-ONLY extension of moto 5.2.1 for plinv's tests. Never use against AWS.

Adds what moto lacks for PrivateLink: DescribeVpcEndpointConnections,
Accept/RejectVpcEndpointConnections, endpoint acceptance states, and
MaxResults/NextToken paging on the describe calls moto returns whole.
"""


def install() -> None:
    """Patch moto's EC2 models and responses in place (idempotent)."""
