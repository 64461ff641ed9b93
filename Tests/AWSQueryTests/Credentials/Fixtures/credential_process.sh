#!/bin/sh
# Test-only credential_process: prints what $1 asks for.
case "$1" in
  static)  echo '{"Version": 1, "AccessKeyId": "AKIAPROCESSKEY000001", "SecretAccessKey": "process-secret-do-not-log"}' ;;
  expiring) echo "{\"Version\": 1, \"AccessKeyId\": \"ASIAPROCESSKEY000002\", \"SecretAccessKey\": \"process-secret-do-not-log\", \"SessionToken\": \"process-token-do-not-log\", \"Expiration\": \"$2\"}" ;;
  badjson) echo 'not json: process-secret-do-not-log' ;;
  version2) echo '{"Version": 2, "AccessKeyId": "AKIAPROCESSKEY000001", "SecretAccessKey": "process-secret-do-not-log"}' ;;
  missing) echo '{"Version": 1, "AccessKeyId": "AKIAPROCESSKEY000001"}' ;;
  fail) echo 'helper: the SSO session expired, run: helper login' >&2; exit 3 ;;
  hang) echo 'helper: waiting for the browser sign-in' >&2; exec sleep 30 ;;
  signals) blocked=$(sed -n 's/^SigBlk:[[:space:]]*//p' "/proc/$$/status")
           printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "s"}\n' "$blocked" ;;
  args) printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"}\n' "$2" "$3" ;;
esac
