"""TEST-ONLY: what moto 5.2.1's CloudFormation lacks for plinv's stack reading.

* `AWS::EC2::VPCEndpointService` and `AWS::EC2::VPCEndpointServicePermissions` are not CloudFormation types in
  moto: a stack declaring them creates nothing for them, and ListStackResources lists them with empty logical
  id, physical id and type. Here they are created (and updated and deleted) over moto's own EC2 models; their
  physical ids are AWS's: the service id for both (the permissions resource is identified by its ServiceId).
  Being EC2 resources, the service gets moto's `aws:cloudformation:*` tags like the other EC2 resources.
* A load balancer declared in a stack ignores `Type` (a `network` one becomes `application`, so a service over
  it lists it as a gateway load balancer) and `Tags`, and gets no `aws:cloudformation:*` tags. Here it keeps
  its type and tags and gets the three tags AWS adds.
* A resource whose `Condition` is false is listed by ListStackResources (and DescribeStackResources) as an
  entry with empty logical id, physical id and type; AWS does not list it. Here it is left out.
* DescribeStacks masks NoEcho parameters by comparing the parameter's *value* with the NoEcho keys, so a
  NoEcho value comes back in clear; and list parameters come back as a Python list's repr
  (`['subnet-a', 'subnet-b']`). Here NoEcho parameters (passed or defaulted) are `****`, as AWS returns them,
  and list values are joined with commas, as AWS returns them.
* An update that only changes parameters updates the resources that `Ref` them but not those that use them through
  `Fn::Sub` (`!Sub arn:${AWS::Partition}:iam::${ConsumerAccountId}:root`), and sets no `LastUpdatedTime`. Here
  `${Name}` references in `Fn::Sub` count as references, and an update sets `LastUpdatedTime`, as AWS does.
  `UsePreviousValue` on a parameter that took its default fails with HTTP 500 (KeyError); here it keeps its
  default (AWS keeps the previous value, which differs only when the new template changes that default).
* An `AWS::EC2::VPCEndpoint`'s `PolicyDocument` is kept as the template's parsed object, so DescribeVpcEndpoints
  returns its Python repr (`{'Version': datetime.date(2012, 10, 17), …}`) instead of JSON. Here it is stored as
  JSON text, as AWS returns it (an unquoted YAML date such as `Version: 2012-10-17` is the string it stands for).
"""

from __future__ import annotations

from typing import Any


def install() -> None:
    """Register the two resource types with moto's CloudFormation and fix DescribeStacks' parameters."""
    from moto.cloudformation import parsing
    from moto.cloudformation.models import Stack
    from moto.ec2.models.vpc_service_configuration import VPCServiceConfiguration

    VPCServiceConfiguration.cloudformation_name_type = staticmethod(lambda: "")
    VPCServiceConfiguration.cloudformation_type = staticmethod(lambda: "AWS::EC2::VPCEndpointService")
    VPCServiceConfiguration.create_from_cloudformation_json = classmethod(_create_service)
    VPCServiceConfiguration.update_from_cloudformation_json = classmethod(_update_service)
    VPCServiceConfiguration.delete_from_cloudformation_json = classmethod(_delete_service)
    VPCServiceConfiguration.delete = lambda self, account_id, region_name: _delete_service(
        VPCServiceConfiguration, self.id, {}, account_id, region_name)
    VPCServiceConfiguration.physical_resource_id = property(lambda self: self.id)
    VPCServiceConfiguration.has_cfn_attr = classmethod(lambda cls, attr: attr == "ServiceId")
    VPCServiceConfiguration.get_cfn_attribute = lambda self, attr: self.id
    _ServicePermissions.register()
    from moto.elbv2.models import FakeLoadBalancer

    FakeLoadBalancer.create_from_cloudformation_json = classmethod(_create_load_balancer)
    from moto.ec2.models.vpcs import VPCEndPoint

    original_endpoint = VPCEndPoint.create_from_cloudformation_json.__func__
    VPCEndPoint.create_from_cloudformation_json = classmethod(
        lambda cls, name, template, *rest, **named: original_endpoint(
            cls, name, _with_json_policy(template), *rest, **named))
    original_references = parsing.get_references_from_template
    parsing.get_references_from_template = lambda template: original_references(template) + _sub_references(template)
    original_update = Stack.update

    def update(self: Any, *args: Any, **kwargs: Any) -> None:
        from moto.core.utils import utcnow

        original_update(self, *args, **kwargs)
        self.last_updated_time = utcnow()

    Stack.update = update
    from moto.cloudformation.models import CloudFormationBackend

    original_resolve = CloudFormationBackend._resolve_update_parameters

    def resolve(self: Any, instance: Any, incoming_params: list[dict[str, str]]) -> dict[str, str]:
        # A parameter that took its default keeps it when left out (moto then sees no change in it, as AWS).
        passed = getattr(instance, "parameters", None) or {}
        kept = [p for p in incoming_params if not (p.get("UsePreviousValue") and p["ParameterKey"] not in passed)]
        return original_resolve(self, instance, kept)

    CloudFormationBackend._resolve_update_parameters = resolve
    # The model map is cached at first use: drop it so the new types are seen.
    for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
        cached.cache_clear()
    Stack.parameter_list = property(_parameter_list)
    Stack.stack_resources = property(lambda self: [r for r in self.resource_map.values() if r is not None])


def _sub_references(template: Any) -> list[str]:
    """The names `${Name}` stands for in every `Fn::Sub` string below `template` (not `${Res.Attr}` or `${!x}`)."""
    import re

    found: list[str] = []
    if isinstance(template, dict):
        for key, value in template.items():
            if key == "Fn::Sub":
                text = value[0] if isinstance(value, list) and value else value
                if isinstance(text, str):
                    found += [name for name in re.findall(r"\$\{([^}!.]+)\}", text)]
            found += _sub_references(value)
    elif isinstance(template, list):
        for item in template:
            found += _sub_references(item)
    return found


def _with_json_policy(cloudformation_json: Any) -> Any:
    """The resource's JSON with a `PolicyDocument` object turned into JSON text, as the EC2 API keeps it."""
    import json

    properties = cloudformation_json.get("Properties", {}) if isinstance(cloudformation_json, dict) else {}
    policy = properties.get("PolicyDocument")
    if isinstance(policy, (dict, list)):
        properties = {**properties, "PolicyDocument": json.dumps(policy, default=str)}
        return {**cloudformation_json, "Properties": properties}
    return cloudformation_json


def _flag(value: Any) -> bool:
    """A CloudFormation boolean property (`true`, `"true"`, `"True"`)."""
    return value is True or str(value).lower() == "true"


def _backend(account_id: str, region_name: str) -> Any:
    from moto.ec2.models import ec2_backends

    return ec2_backends[account_id][region_name]


def _create_service(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str, region_name: str,
                    **kwargs: Any) -> Any:
    properties = cloudformation_json.get("Properties", {})
    arns = list(properties.get("NetworkLoadBalancerArns", [])) + list(properties.get("GatewayLoadBalancerArns", []))
    return _backend(account_id, region_name).create_vpc_endpoint_service_configuration(
        lb_arns=arns, acceptance_required=_flag(properties.get("AcceptanceRequired", False)),
        private_dns_name=None, tags=[], supported_regions=[])


def _update_service(cls: Any, original_resource: Any, new_resource_name: str, cloudformation_json: Any,
                    account_id: str, region_name: str) -> Any:
    properties = cloudformation_json.get("Properties", {})
    original_resource.acceptance_required = _flag(properties.get("AcceptanceRequired", False))
    return original_resource


def _delete_service(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str,
                    region_name: str) -> None:
    _backend(account_id, region_name).delete_vpc_endpoint_service_configurations([resource_name])


def _create_load_balancer(cls: Any, resource_name: str, cloudformation_json: Any, account_id: str,
                          region_name: str, **kwargs: Any) -> Any:
    from moto.elbv2.models import elbv2_backends

    properties = cloudformation_json["Properties"]
    stack_id = kwargs.get("StackId", "")
    tags = [{"Key": tag["Key"], "Value": tag["Value"]} for tag in properties.get("Tags", [])]
    tags += [
        {"Key": "aws:cloudformation:stack-name", "Value": stack_id.split("/")[1] if "/" in stack_id else ""},
        {"Key": "aws:cloudformation:stack-id", "Value": stack_id},
        {"Key": "aws:cloudformation:logical-id", "Value": kwargs.get("LogicalId", "")},
    ]
    return elbv2_backends[account_id][region_name].create_load_balancer(
        resource_name, properties.get("SecurityGroups"), properties.get("Subnets"),
        scheme=properties.get("Scheme", "internet-facing"), loadbalancer_type=properties.get("Type"), tags=tags)


def _parameter_list(self: Any) -> list[dict[str, Any]]:
    """DescribeStacks' Parameters: NoEcho ones masked whether passed or defaulted, lists joined with commas."""
    declared = (self.template_dict or {}).get("Parameters") or {}
    masked = {key for key, slot in declared.items() if isinstance(slot, dict) and _flag(slot.get("NoEcho"))}
    parameters = []
    for key, value in self.resource_map.resolved_parameters.items():
        if key in masked:
            text = "****"
        elif isinstance(value, list):
            text = ",".join(str(item) for item in value)
        else:
            text = str(value)
        parameters.append({"ParameterKey": key, "ParameterValue": text})
    return parameters


class _ServicePermissions:
    """`AWS::EC2::VPCEndpointServicePermissions`: the allowed principals of one service, set as a whole."""

    @staticmethod
    def register() -> None:
        from moto.core.common_models import CloudFormationModel

        global ServicePermissions  # noqa: PLW0603 - one class, created once moto is importable

        class ServicePermissions(CloudFormationModel):  # type: ignore[misc, no-redef]
            def __init__(self, service_id: str, principals: list[str], account_id: str, region_name: str):
                self.service_id = service_id
                self.principals = principals
                self.account_id = account_id
                self.region_name = region_name

            @property
            def physical_resource_id(self) -> str:
                return self.service_id

            @staticmethod
            def cloudformation_name_type() -> str:
                return ""

            @staticmethod
            def cloudformation_type() -> str:
                return "AWS::EC2::VPCEndpointServicePermissions"

            @classmethod
            def has_cfn_attr(cls, attr: str) -> bool:
                return False

            @classmethod
            def create_from_cloudformation_json(cls, resource_name: str, cloudformation_json: Any, account_id: str,
                                                region_name: str, **kwargs: Any) -> Any:
                properties = cloudformation_json.get("Properties", {})
                service_id = properties["ServiceId"]
                principals = list(properties.get("AllowedPrincipals", []))
                _backend(account_id, region_name).modify_vpc_endpoint_service_permissions(
                    service_id, add_principals=principals, remove_principals=[])
                return cls(service_id, principals, account_id, region_name)

            @classmethod
            def update_from_cloudformation_json(cls, original_resource: Any, new_resource_name: str,
                                                cloudformation_json: Any, account_id: str, region_name: str) -> Any:
                properties = cloudformation_json.get("Properties", {})
                principals = list(properties.get("AllowedPrincipals", []))
                _backend(account_id, region_name).modify_vpc_endpoint_service_permissions(
                    original_resource.service_id, add_principals=principals,
                    remove_principals=[p for p in original_resource.principals if p not in principals])
                original_resource.principals = principals
                return original_resource

            @classmethod
            def delete_from_cloudformation_json(cls, resource_name: str, cloudformation_json: Any, account_id: str,
                                                region_name: str) -> None:
                """Unused: moto deletes through the instance's `delete` (the template's ServiceId is unresolved here)."""

            def delete(self, account_id: str, region_name: str) -> None:
                backend = _backend(account_id, region_name)
                if backend.get_vpc_endpoint_service(self.service_id) is not None:
                    backend.modify_vpc_endpoint_service_permissions(
                        self.service_id, add_principals=[], remove_principals=self.principals)
