#!/usr/bin/env python3
"""Generate Sources/Collector/Shapes/GeneratedShapes.swift from botocore's service models.

Only the OUTPUT shapes of the operations plinv calls are emitted, reduced to what response
decoding needs, with exactly the names botocore's XML parsers use:

* a structure member's XML key is what `BaseXMLResponseParser._member_key_name` computes
  (a flattened list's member locationName, else the member's locationName, else the member name);
* a list records whether it is flattened (its items then repeat directly inside the parent);
* scalars are reduced to their botocore type name.

Usage: gen_shapes.py [--check] [--output PATH]. The output is deterministic (sorted shapes).
`--check` exits 1 when the file on disk differs from what would be generated.
"""
import argparse
import os
import sys

import botocore
import botocore.session

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUTPUT = os.path.join(REPO, "Sources", "Collector", "Shapes", "GeneratedShapes.swift")

# (Swift constant, botocore service name, operation, the result key the page's items come from).
# The result key is the paginator's (the first one when there are several); for operations that
# have no paginator it is named here.
OPERATIONS = [
    ("describeVpcEndpointServiceConfigurations", "ec2", "DescribeVpcEndpointServiceConfigurations", None),
    ("describeVpcEndpointServicePermissions", "ec2", "DescribeVpcEndpointServicePermissions", None),
    ("describeVpcEndpointConnections", "ec2", "DescribeVpcEndpointConnections", None),
    ("describeVpcEndpoints", "ec2", "DescribeVpcEndpoints", None),
    ("describeSecurityGroups", "ec2", "DescribeSecurityGroups", None),
    ("describeVpcEndpointServices", "ec2", "DescribeVpcEndpointServices", None),
    ("describeRegions", "ec2", "DescribeRegions", "Regions"),
    ("describeLoadBalancers", "elbv2", "DescribeLoadBalancers", None),
    ("describeLoadBalancerTags", "elbv2", "DescribeTags", "TagDescriptions"),
    ("getCallerIdentity", "sts", "GetCallerIdentity", None),
    ("describeStacks", "cloudformation", "DescribeStacks", None),
    ("listStackResources", "cloudformation", "ListStackResources", None),
    ("getTemplate", "cloudformation", "GetTemplate", None),
    ("listExports", "cloudformation", "ListExports", None),
]

SCALARS = {
    "string": "string", "character": "string", "boolean": "boolean", "integer": "integer",
    "long": "long", "float": "double", "double": "double", "timestamp": "timestamp", "blob": "blob",
}


def swift_string(text):
    """A Swift string literal for `text` (model names are plain ASCII)."""
    if not text.isascii() or '"' in text or "\\" in text:
        raise ValueError(f"unexpected character in model name {text!r}")
    return f'"{text}"'


def member_key_name(shape, member_name):
    """The XML element name botocore looks for (parsers.BaseXMLResponseParser._member_key_name)."""
    if shape.type_name == "list" and shape.serialization.get("flattened"):
        name = shape.member.serialization.get("name")
        if name is not None:
            return name
    return shape.serialization.get("name") or member_name


def input_wire_name(protocol, shape, member_name):
    """The request parameter name the serializer sends for an input member (serialize.py)."""
    member = shape.members[member_name]
    if protocol == "ec2":
        if member.serialization.get("queryName"):
            return member.serialization["queryName"]
        name = member.serialization.get("name")
        return name[0].upper() + name[1:] if name else member_name
    return member.serialization.get("name") or member_name


def ref(shape):
    """The Swift `ShapeRef` expression for a shape."""
    if shape.type_name in SCALARS:
        return "." + SCALARS[shape.type_name]
    return f".named({swift_string(shape.name)})"


def collect(shape, found):
    """Adds every non-scalar shape reachable from `shape` to `found` (name -> shape)."""
    if shape.type_name in SCALARS or shape.name in found:
        return
    found[shape.name] = shape
    if shape.type_name == "structure":
        for member in shape.members.values():
            collect(member, found)
    elif shape.type_name == "list":
        collect(shape.member, found)
    else:
        raise ValueError(f"shape {shape.name}: type {shape.type_name} is not supported by the decoder")


def shape_lines(shape):
    """The Swift dictionary entry for one non-scalar shape."""
    if shape.type_name == "list":
        flattened = "true" if shape.serialization.get("flattened") else "false"
        return [f"            {swift_string(shape.name)}: .list(member: {ref(shape.member)}, flattened: {flattened}),"]
    lines = [f"            {swift_string(shape.name)}: .structure(["]
    for name, member in shape.members.items():
        if member.serialization.get("location") in ("header", "headers", "statusCode"):
            continue
        if member.serialization.get("xmlAttribute"):
            raise ValueError(f"{shape.name}.{name}: XML attributes are not supported by the decoder")
        key = member_key_name(member, name)
        lines.append(f"                .init({swift_string(name)}, {swift_string(key)}, {ref(member)}),")
    lines.append("            ]),")
    return lines


def paginator_config(session, service, op_name):
    """The paginator of an operation, or None when it has none."""
    try:
        return session.get_paginator_model(service).get_paginator(op_name)
    except ValueError:
        return None


def generate():
    session = botocore.session.get_session()
    models, ops_by_service = {}, {}
    for _, service, _, _ in OPERATIONS:
        if service not in models:
            models[service] = session.get_service_model(service)
            ops_by_service[service] = []
    out = [
        "// swift-format-ignore-file",
        f"// generated by scripts/gen_shapes.py from botocore {botocore.__version__} — do not edit",
        "// The output shapes of the operations plinv calls, as botocore's XML parsers read them.",
        "",
    ]
    operation_lines = []
    for constant, service, op_name, result_key in OPERATIONS:
        model = models[service]
        op = model.operation_model(op_name)
        output = op.output_shape
        collect(output, {})  # fails early on an unsupported shape
        ops_by_service[service].append(output)
        paginator = paginator_config(session, service, op_name)
        protocol = model.metadata["protocol"]
        wrapper = output.serialization.get("resultWrapper")
        result = result_key
        output_token = input_token = limit = None
        if paginator:
            keys = paginator["result_key"]
            result = result or (keys[0] if isinstance(keys, list) else keys)
            output_token = paginator["output_token"]
            input_token = input_wire_name(protocol, op.input_shape, paginator["input_token"])
            # CloudFormation's paginators have no limit key: the service sizes its pages.
            if paginator.get("limit_key"):
                limit = input_wire_name(protocol, op.input_shape, paginator["limit_key"])

        def opt(value):
            return swift_string(value) if value is not None else "nil"

        operation_lines += [
            f"    /// {model.metadata['serviceId']} `{op_name}`.",
            f"    public static let {constant} = ModeledOperation(",
            f"        model: .{service}, name: {swift_string(op_name)},",
            f"        output: {swift_string(output.name)},",
            f"        resultWrapper: {opt(wrapper)}, resultKey: {opt(result)}, outputToken: {opt(output_token)},",
            f"        inputTokenParameter: {opt(input_token)}, limitParameter: {opt(limit)}",
            "    )",
            "",
        ]
    out += ["extension ModeledOperation {"] + operation_lines
    out.append("    /// Every operation above, in declaration order.")
    out.append("    public static let all: [ModeledOperation] = [")
    out += [f"        .{constant}," for constant, _, _, _ in OPERATIONS]
    out += ["    ]", "}", ""]
    out.append("extension ShapeModel {")
    for index, (service, model) in enumerate(models.items()):
        found = {}
        for output in ops_by_service[service]:
            collect(output, found)
        meta = model.metadata
        proto = {"ec2": ".ec2", "query": ".query"}[meta["protocol"]]
        out += [
            f"    /// {meta['serviceFullName']} (`{meta['protocol']}` protocol, API {meta['apiVersion']}).",
            f"    public static let {service} = ShapeModel(",
            f"        service: {swift_string(service)}, endpointPrefix: {swift_string(meta['endpointPrefix'])},"
            f" apiVersion: {swift_string(meta['apiVersion'])}, protocol: {proto},",
            "        shapes: [",
        ]
        for name in sorted(found):
            out += shape_lines(found[name])
        out += ["        ]", "    )"]  # closes shapes: [ and ShapeModel(
        if index < len(models) - 1:
            out.append("")
    out += ["}", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the file on disk is not up to date")
    args = parser.parse_args()
    text = generate()
    if args.check:
        with open(args.output, encoding="utf-8") as handle:
            if handle.read() != text:
                print(f"{args.output} is out of date: run scripts/gen_shapes.py", file=sys.stderr)
                return 1
        return 0
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
