#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test plinv. Idempotent; quick when all is there.
set -euo pipefail

need_apt=()
for pkg in libssl-dev libcurl4-openssl-dev libsqlite3-dev sqlite3 pkg-config chromium curl time; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
    echo "deps: installing ${need_apt[*]} (apt)" >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import moto.server, boto3, botocore, flask, flask_cors, pytest' >/dev/null 2>&1 \
    || ! command -v aws >/dev/null 2>&1; then
    echo "deps: installing moto[server], boto3, awscli, pytest (pip)" >&2
    "$PYTHON" -m pip install -q 'moto[server]' boto3 awscli pytest
    command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
fi
