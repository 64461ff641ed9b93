#!/usr/bin/env python3
"""The audit report a user would write next to boto3_collect.py: one rule, four formats, stdlib only.

Usage: py_report.py --db FILE --format json|md|html|text -o FILE

Flags every interface endpoint of the latest snapshot whose policy lets any principal do any action
(plinv's PL008) and writes the findings as JSON, a Markdown table, an HTML table or plain text.
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import sqlite3
import sys


def open_to_all(policy: dict) -> bool:
    """A statement allowing principal * action * (the default full-access policy)."""
    statements = policy.get("Statement") or []
    statements = statements if isinstance(statements, list) else [statements]
    for statement in statements:
        principal = statement.get("Principal")
        actions = statement.get("Action")
        actions = actions if isinstance(actions, list) else [actions]
        if statement.get("Effect") == "Allow" and principal in ("*", {"AWS": "*"}) and "*" in actions:
            return True
    return False


def findings_of(db: str) -> list[dict]:
    connection = sqlite3.connect(db)
    snapshot = connection.execute("SELECT max(id) FROM snapshot").fetchone()[0]
    rows = connection.execute("SELECT record FROM resource WHERE snapshot_id = ? AND kind = 'vpcEndpoint'",
                              (snapshot,)).fetchall()
    connection.close()
    findings = []
    for (text,) in rows:
        endpoint = json.loads(text)
        if (endpoint.get("VpcEndpointType") or "").lower() != "interface" or not endpoint.get("PolicyDocument"):
            continue
        if open_to_all(json.loads(endpoint["PolicyDocument"])):
            findings.append({
                "rule": "PL008", "severity": "medium", "resourceType": "AWS::EC2::VPCEndpoint",
                "resourceId": endpoint["VpcEndpointId"], "account": endpoint["Account"], "region": endpoint["Region"],
                "attribute": "PolicyDocument", "actual": endpoint["PolicyDocument"],
                "message": f"The interface endpoint {endpoint['VpcEndpointId']} to {endpoint['ServiceName']} in VPC "
                           f"{endpoint['VpcId']} has a policy that allows every principal every action.",
                "remediation": "Attach a policy that allows only what the VPC needs."})
    return sorted(findings, key=lambda f: (f["account"], f["region"], f["resourceId"]))


def render(findings: list[dict], form: str) -> str:
    generated = datetime.datetime.now(datetime.timezone.utc).isoformat()
    if form == "json":
        return json.dumps({"generatedAt": generated, "findings": findings,
                           "summary": {"medium": len(findings)}}, indent=2, sort_keys=True)
    if form == "md":
        lines = ["# PrivateLink audit", "", f"Generated {generated}. Findings: {len(findings)}.", "",
                 "| Rule | Resource | Account / region | Actual | Finding |", "| --- | --- | --- | --- | --- |"]
        for f in findings:
            cells = [f["rule"], f["resourceId"], f"{f['account']} / {f['region']}", f["actual"],
                     f"{f['message']} Fix: {f['remediation']}"]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(lines) + "\n"
    if form == "html":
        rows = "\n".join(
            "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in (
                f["rule"], f["resourceId"], f"{f['account']} / {f['region']}", f["actual"], f["message"])) + "</tr>"
            for f in findings)
        return (f"<!doctype html><html><head><meta charset=utf-8><title>PrivateLink audit</title></head><body>"
                f"<h1>PrivateLink audit</h1><p>Generated {generated}. Findings: {len(findings)}.</p><table>"
                f"<tr><th>Rule</th><th>Resource</th><th>Account / region</th><th>Actual</th><th>Finding</th></tr>"
                f"\n{rows}\n</table></body></html>\n")
    return "\n".join(f"{f['severity'].upper()} {f['rule']} {f['resourceId']} {f['account']}/{f['region']}: "
                     f"{f['message']}" for f in findings) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True)
    parser.add_argument("--format", choices=["json", "md", "html", "text"], default="md")
    parser.add_argument("-o", "--output", required=True)
    arguments = parser.parse_args(argv)
    with open(arguments.output, "w", encoding="utf-8") as out:
        out.write(render(findings_of(arguments.db), arguments.format))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
