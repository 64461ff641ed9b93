#!/usr/bin/env bash
# Installs what a fresh Debian or Ubuntu machine lacks. Idempotent; quick when all is there.
#
#   deps.sh build   the system libraries plinv compiles and links against (what `make install` needs)
#   deps.sh test    those, plus what the tests and the demo use: sqlite3, chromium, curl, time, python3-venv,
#                   and the Python packages of the local AWS peer (moto[server], boto3, awscli, pytest) in the
#                   project virtual environment $VENV (default .venv), never in the system Python, which Debian 12
#                   and Ubuntu 24.04 mark externally managed
#
# apt waits up to $APT_LOCK_TIMEOUT seconds (default 600) for another install holding the dpkg lock. On other
# systems it installs nothing and names what to install by hand.
set -euo pipefail

mode="${1:-test}"
VENV="${VENV:-.venv}"
PYTHON_BASE="${PYTHON_BASE:-python3}"
APT_LOCK_TIMEOUT="${APT_LOCK_TIMEOUT:-600}"

build_apt=(libssl-dev libcurl4-openssl-dev libsqlite3-dev libzstd-dev pkg-config)
test_apt=(sqlite3 chromium curl time python3-venv)
packages=("${build_apt[@]}")
[ "$mode" = test ] && packages+=("${test_apt[@]}")

if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    need_apt=()
    for pkg in "${packages[@]}"; do
        # python3-venv is only needed when the Python in use cannot create a virtual environment by itself.
        if [ "$pkg" = python3-venv ] && "$PYTHON_BASE" -c 'import ensurepip, venv' >/dev/null 2>&1; then continue; fi
        dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
    done
    if [ "${#need_apt[@]}" -gt 0 ]; then
        echo "deps: installing ${need_apt[*]} (apt; waiting up to ${APT_LOCK_TIMEOUT}s for the dpkg lock)" >&2
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        lock=(-o "DPkg::Lock::Timeout=$APT_LOCK_TIMEOUT")
        $SUDO apt-get "${lock[@]}" update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${lock[@]}" install -y -qq "${need_apt[@]}" >/dev/null
    fi
else
    missing=()
    for header in openssl/evp.h curl/curl.h sqlite3.h zstd.h; do
        found=0
        for dir in /usr/include /usr/local/include /opt/homebrew/include; do
            [ -f "$dir/$header" ] && found=1
        done
        [ "$found" = 1 ] || missing+=("$header")
    done
    command -v pkg-config >/dev/null 2>&1 || missing+=("pkg-config")
    if [ "$mode" = test ]; then
        for tool in sqlite3 curl chromium; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
    fi
    if [ "${#missing[@]}" -gt 0 ]; then
        cat >&2 <<MSG
deps: this is not Debian or Ubuntu, so nothing is installed automatically. Install by hand:
  to build:  OpenSSL (libcrypto) headers, libcurl headers (OpenSSL flavour), SQLite 3 headers, zstd headers,
             pkg-config (Fedora/RHEL: openssl-devel libcurl-devel sqlite-devel libzstd-devel pkgconf; Arch: openssl
             curl sqlite zstd pkgconf; macOS (Homebrew): zstd pkgconf;
              Alpine is not supported: the Swift toolchain needs glibc)
  to test:   sqlite3, curl, chromium (the HTML rendering test), and Python 3 with the venv module
missing here: ${missing[*]}
MSG
        exit 1
    fi
fi

[ "$mode" = test ] || exit 0

# The peer's Python packages go into the project's virtual environment. It sees the system's site-packages too,
# so packages already installed there (a CI image, a developer's pyenv) are used without downloading them again.
if [ ! -x "$VENV/bin/python" ]; then
    echo "deps: creating the virtual environment $VENV" >&2
    "$PYTHON_BASE" -m venv --system-site-packages "$VENV"
fi
if ! "$VENV/bin/python" -c 'import moto.server, boto3, botocore, flask, flask_cors, pytest' >/dev/null 2>&1 \
    || ! { [ -x "$VENV/bin/aws" ] || PATH="$VENV/bin:$PATH" command -v aws >/dev/null 2>&1; }; then
    echo "deps: installing moto[server], boto3, awscli, pytest into $VENV (pip)" >&2
    "$VENV/bin/python" -m pip install -q 'moto[server]' boto3 awscli pytest
fi
