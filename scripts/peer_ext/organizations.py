"""TEST-ONLY: AssumeRole into an organisation member fails when the member has no such role.

moto 5.2.1 lets AssumeRole succeed whatever the role ARN names (its docstring: "the role does not need to
exist"), which is how the harness reaches any account. AWS refuses a role that does not exist. For an account
that moto created as an organisation member (CreateAccount, which also creates its
OrganizationAccountAccessRole as AWS does) this patch refuses AssumeRole, as AWS does, when the member's IAM has
no role of that name — so a test can delete a member's role and see plinv name that account as unreachable.
Accounts outside any organisation keep moto's behaviour, so every other test is unaffected.
"""

from __future__ import annotations

from typing import Any

from moto.sts.exceptions import STSClientError
from moto.sts.models import STSBackend


class AccessDenied(STSClientError):
    """STS's answer to a role that cannot be assumed (AWS: HTTP 403; moto serialises unmodelled errors as 400)."""

    def __init__(self, message: str):
        super().__init__("AccessDenied", message)


def role_is_missing(role_arn: str) -> bool:
    """Whether `role_arn` names an organisation member (created by moto) that has no role of that name."""
    from moto.iam.models import iam_backends
    from moto.organizations.models import organizations_backends

    parts = role_arn.split(":", 5)
    if len(parts) < 6 or not parts[5].startswith("role/"):
        return False
    account = parts[4]
    if account not in organizations_backends.master_accounts:
        return False
    partition = organizations_backends.master_accounts[account][1]
    region = {"aws": "global", "aws-cn": "global", "aws-us-gov": "global"}.get(partition, "global")
    name = parts[5].rsplit("/", 1)[-1]
    iam = iam_backends[account][region]
    return all(role.name != name for role in iam.roles.values())


def install() -> None:
    """Wrap STSBackend.assume_role with the member-role check."""
    original = STSBackend.assume_role
    if getattr(original, "_peer_ext", False):
        return

    def assume_role(self: Any, region_name: str, role_session_name: str, role_arn: str, *args: Any, **kwargs: Any):
        if role_is_missing(role_arn):
            raise AccessDenied(f"User is not authorized to perform: sts:AssumeRole on resource: {role_arn}")
        return original(self, region_name, role_session_name, role_arn, *args, **kwargs)

    assume_role._peer_ext = True  # type: ignore[attr-defined]
    STSBackend.assume_role = assume_role
