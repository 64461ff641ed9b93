#!/bin/sh
# Builds the libFuzzer harness over XMLNode.parse and QueryError.fromErrorResponse and runs it for a bounded
# number of inputs from the recorded wire fixtures. Usage: scripts/fuzz/run_xml_fuzzer.sh [RUNS] [extra libFuzzer flags]
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-300000}
[ $# -gt 0 ] && shift
out="$repo/.build/fuzz"
mkdir -p "$out/corpus" "$out/artifacts"
cp "$repo"/Tests/CollectorTests/Fixtures/wire/*.xml "$out/corpus/"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name AWSQuery \
    "$repo/Sources/AWSQuery/XMLNode.swift" "$repo/Sources/AWSQuery/XMLReader.swift" "$repo/Sources/AWSQuery/QueryError.swift" \
    "$repo/scripts/fuzz/XMLFuzzer.swift" -o "$out/xml-fuzzer" 2>&1 | grep -v "Cannot export local symbol" || true
# The reader is plain Swift now (no FoundationXML), so leak detection stays on.
exec "$out/xml-fuzzer" -runs="$runs" -max_len=8192 -timeout=10 \
    -dict="$repo/scripts/fuzz/xml.dict" -artifact_prefix="$out/artifacts/" "$@" "$out/corpus"
