"""TEST-ONLY: DescribeVpcEndpointServicePermissions with the fields moto 5.2.1 leaves out."""

from __future__ import annotations

import hashlib
from typing import Any

from moto.core.responses import ActionResult
from moto.ec2.responses import EC2Response


def install() -> None:
    """Replace the response method so each principal carries principalType, servicePermissionId, serviceId."""
    EC2Response.describe_vpc_endpoint_service_permissions = describe_vpc_endpoint_service_permissions


def principal_type(principal: str) -> str:
    """AWS's PrincipalType for a principal string (All|Service|OrganizationUnit|Account|User|Role)."""
    if principal == "*":
        return "All"
    if not principal.startswith("arn:"):
        return "Service" if "." in principal else "Account"
    resource = principal.split(":", 5)[-1]
    if principal.split(":")[2] == "organizations":
        return "OrganizationUnit"
    if resource == "root":
        return "Account"
    if resource.startswith("role/"):
        return "Role"
    if resource.startswith("user/"):
        return "User"
    return "Account"


def permission_id(service_id: str, principal: str) -> str:
    """A stable `vpce-svc-perm-<17 hex>` id for one allowed principal of one service."""
    return "vpce-svc-perm-" + hashlib.sha256(f"{service_id} {principal}".encode()).hexdigest()[:17]


def describe_vpc_endpoint_service_permissions(self: Any) -> ActionResult:
    """DescribeVpcEndpointServicePermissions (paged by peer_ext.paging)."""
    service_id = self._get_param("ServiceId")
    principals = self.ec2_backend.describe_vpc_endpoint_service_permissions(service_id)
    allowed = [
        {
            "PrincipalType": principal_type(principal),
            "Principal": principal,
            "ServicePermissionId": permission_id(service_id, principal),
            "ServiceId": service_id,
        }
        for principal in principals
    ]
    return ActionResult({"AllowedPrincipals": allowed})
