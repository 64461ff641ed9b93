#!/usr/bin/env bash
# make demo: the article's scenario on a local AWS peer, run through the real nightly job twice.
# Installs nothing itself (make deps does), never talks to AWS: every request goes to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-python3}"
PLINV="${PLINV:-$(swift build --show-bin-path)/plinv}"
OUT="$ROOT/out/demo"
EXAMPLES="$ROOT/Reports/examples"
PROVIDER=111111111111
CONSUMER=222222222222
REGIONS=eu-west-1,us-east-1

rm -rf "$OUT" && mkdir -p "$OUT"
# Dummy base credentials: the peer accepts any; the two accounts are reached by assuming roles in them.
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo-secret AWS_DEFAULT_REGION=eu-west-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE || true
export AWS_CONFIG_FILE="$OUT/no-aws-config" AWS_SHARED_CREDENTIALS_FILE="$OUT/no-aws-credentials"

echo "demo: starting the local AWS peer (moto) on 127.0.0.1" >&2
"$PYTHON" scripts/peer.py --parent-pid $$ > "$OUT/peer.out" 2> "$OUT/peer.log" &
PEER_PID=$!
trap 'kill $PEER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    PORT=$(sed -n 's/^PORT=//p' "$OUT/peer.out" 2>/dev/null || true)
    [ -n "$PORT" ] && break
    sleep 0.1
done
[ -n "${PORT:-}" ] || { echo "demo: the peer did not start; see $OUT/peer.log" >&2; exit 1; }
ENDPOINT="http://127.0.0.1:$PORT"

echo "demo: seeding the article's scenario (provider $PROVIDER, consumer $CONSUMER, $REGIONS)" >&2
"$PYTHON" scripts/seed_article.py --endpoint-url "$ENDPOINT" --provider-account $PROVIDER \
    --consumer-account $CONSUMER --regions $REGIONS > "$OUT/seed.json"
"$PYTHON" scripts/demo_config.py --seed "$OUT/seed.json" --endpoint-url "$ENDPOINT" --out "$OUT"

run() {
    set +e
    "$PLINV" run --config out/demo/plinv.yaml
    local code=$?
    set -e
    echo "demo: plinv run exited $code (0 clean, 2 findings at or above failOn, 3 partial, 1 error)" >&2
    [ "$code" -eq 1 ] && exit 1
    return 0
}

echo "demo: first nightly run (matches the templates)" >&2
run
echo "demo: out-of-band changes: add a principal, acceptance off, SG open to 0.0.0.0/0, delete an endpoint, add an unmanaged one" >&2
"$PYTHON" scripts/seed_article.py --endpoint-url "$ENDPOINT" --provider-account $PROVIDER \
    --consumer-account $CONSUMER --regions $REGIONS \
    --mutate add-principal,acceptance-off,widen-sg,delete-endpoint,unmanaged-endpoint \
    --extra-principal arn:aws:iam::999999999999:root > "$OUT/mutations.json"
echo "demo: second nightly run" >&2
run

echo
echo "Reports written (both runs; the second shows the out-of-band changes):"
ls -1 "$OUT"/reports/plinv-* | sed 's/^/  /'
echo "Latest: $OUT/reports/latest.{md,html,json,sarif}"
# The committed examples change only when asked (`make examples`): a demo leaves a clone as it found it.
if [ "${PLINV_UPDATE_EXAMPLES:-0}" = 1 ]; then
    mkdir -p "$EXAMPLES"
    for format in md html json sarif; do
        [ -f "$OUT/reports/latest.$format" ] && cp "$OUT/reports/latest.$format" "$EXAMPLES/report.$format"
    done
    echo "Copied to $EXAMPLES/"
fi
echo "Database: $OUT/plinv.sqlite (try: $PLINV sql --db $OUT/plinv.sqlite 'select * from who_can_connect')"
