#!/usr/bin/env bash
# Checks what a plinv binary needs at run time: with the Swift runtime linked statically (--static-swift-stdlib)
# `ldd` lists no Swift library (libswiftCore, libFoundation*, libdispatch, libBlocksRuntime, ICU), and every library
# it lists is glibc, libcrypto/libssl, libsqlite3, libzstd, the C++/gcc runtime the static Swift runtime calls into,
# or something those pull in. libcurl is not linked: plinv loads libcurl.so.4 when it makes its first request (a
# command that only reads the database starts without it and the thirty libraries it pulls in), so it is checked to
# be installed instead. Usage: check_binary.sh PATH-TO-PLINV. Prints the libraries; exits 1 on a library outside
# that set, on libcurl linked, or on libcurl.so.4 missing.
set -euo pipefail
binary="${1:?usage: check_binary.sh PATH-TO-PLINV}"

listed() { ldd "$1" | awk '{ print $1 }' | sed 's#.*/##'; }
paths() { ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }'; }

# The binary's libraries, listed once (ldd loads the binary to answer).
needs=$(listed "$binary")
swift=$(grep -E '^(libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|libicu|lib_CF)' <<<"$needs" || true)
if [ -n "$swift" ]; then
    echo "check-binary: $binary needs the Swift runtime's shared libraries:" >&2
    echo "$swift" | sed 's/^/  /' >&2
    exit 1
fi

allowed=$'linux-vdso.so.1\nlibc.so.6\nlibm.so.6\nlibpthread.so.0\nlibdl.so.2\nlibrt.so.1\nlibutil.so.1'
allowed+=$'\nld-linux-x86-64.so.2\nld-linux-aarch64.so.1\nlibstdc++.so.6\nlibgcc_s.so.1'
for library in $(paths "$binary"); do
    name=$(basename "$library")
    case "$name" in
        libcrypto*|libssl*|libsqlite3*|libzstd*)
            allowed+=$'\n'"$name"
            allowed+=$'\n'"$(listed "$library")" ;;
    esac
done
status=0
echo "check-binary: $binary needs:"
for name in $(sort -u <<<"$needs"); do
    if grep -qxF "$name" <<<"$allowed"; then
        echo "  $name"
    else
        echo "  $name  <- not glibc, libcrypto, libsqlite3, libzstd, the C++ runtime, or pulled in by them" >&2
        status=1
    fi
done
# Each list is read whole before it is searched: `grep -q` stops at its first match, and under pipefail the writer
# it leaves behind would fail the test.
if grep -q '^libcurl' <<<"$needs"; then
    echo "check-binary: $binary links libcurl; it should load it on first use (Sources/CCurl)" >&2
    status=1
fi
# ldconfig is in /sbin, which is not on every user's PATH.
cache=$({ ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null || true)
if grep -q 'libcurl\.so\.4 ' <<<"$cache"; then
    echo "  libcurl.so.4 (loaded on the first request): installed"
else
    echo "check-binary: libcurl.so.4 is not installed: collecting needs it (Debian and Ubuntu: libcurl4)" >&2
    status=1
fi
exit "$status"
