"""TEST-ONLY: MaxResults/NextToken paging on the describe calls moto 5.2.1 returns whole.

A paged request (MaxResults or NextToken given) sees the items sorted by their id; the token is
opaque (base64 of the last id returned), so a page after an insert or delete still returns every
remaining item exactly once. NextToken is absent on the last page. MaxResults outside the
documented bounds is InvalidParameterValue (400); a token this peer did not issue is
InvalidPaginationToken (400). Without MaxResults and NextToken the response is moto's, unchanged.
"""

from __future__ import annotations

import base64
import binascii
import functools
from dataclasses import dataclass
from typing import Any, Callable

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.responses import EC2Response

TOKEN_PREFIX = "peer1:"


@dataclass(frozen=True)
class Paging:
    """How one action pages: result key, item id, MaxResults bounds and what happens above the maximum."""

    method: str
    result_key: str
    item_id: Callable[[Any], str]
    minimum: int = 5
    maximum: int = 1000
    error_above_maximum: bool = False  # DescribeSecurityGroups: model-enforced 5..1000
    default_page: int | None = 1000  # None: everything (DescribeSecurityGroups without MaxResults)


def attribute_id(item: Any) -> str:
    return str(item.id)


PAGED = [
    Paging("describe_vpc_endpoint_service_configurations", "ServiceConfigurations", attribute_id),
    Paging("describe_vpc_endpoint_service_permissions", "AllowedPrincipals", lambda item: item["Principal"]),
    Paging("describe_vpc_endpoint_connections", "VpcEndpointConnections", lambda item: item["VpcEndpointId"]),
    Paging("describe_vpc_endpoints", "VpcEndpoints", attribute_id, minimum=1),
    Paging("describe_security_groups", "SecurityGroups", attribute_id,
           error_above_maximum=True, default_page=None),
]


def install() -> None:
    """Wrap each listed response method so that it pages its result list."""
    for paging in PAGED:
        original = getattr(EC2Response, paging.method)
        setattr(EC2Response, paging.method, paged(original, paging))


def encode_token(item_id: str) -> str:
    return base64.urlsafe_b64encode((TOKEN_PREFIX + item_id).encode()).decode()


def decode_token(token: str) -> str:
    """The last id of the previous page. Raises InvalidPaginationToken for anything else."""
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        text = ""
    if not text.startswith(TOKEN_PREFIX) or len(text) == len(TOKEN_PREFIX):
        raise EC2ClientError("InvalidPaginationToken",
                             f"The pagination token '{token}' is not valid or is expired.")
    return text[len(TOKEN_PREFIX):]


def page_size(paging: Paging, requested: Any) -> int | None:
    """The page size for a request's MaxResults, validated as AWS documents it."""
    if requested is None:
        return paging.default_page
    value = int(requested)
    if value < paging.minimum or (paging.error_above_maximum and value > paging.maximum):
        raise EC2ClientError(
            "InvalidParameterValue",
            f"Value ( {value} ) for parameter maxResults is invalid. "
            f"Parameter must be between {paging.minimum} and {paging.maximum}.")
    return min(value, paging.maximum)


def paged(original: Callable[[Any], ActionResult], paging: Paging) -> Callable[[Any], ActionResult]:
    @functools.wraps(original)
    def method(self: Any) -> ActionResult:
        requested = self._get_param("MaxResults")
        token = self._get_param("NextToken")
        size = page_size(paging, requested)
        after = decode_token(token) if token else None
        response = original(self)
        if requested is None and token is None:
            return response
        result = response.result
        items = sorted(result.get(paging.result_key) or [], key=paging.item_id)
        if after is not None:
            items = [item for item in items if paging.item_id(item) > after]
        page = items if size is None else items[:size]
        result[paging.result_key] = page
        result.pop("NextToken", None)
        if size is not None and len(items) > size:
            result["NextToken"] = encode_token(paging.item_id(page[-1]))
        return response

    return method
