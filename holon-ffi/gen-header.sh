#!/usr/bin/env bash
# Writes holon-ffi/holon.h from the crate's source with cbindgen.
#
#   holon-ffi/gen-header.sh           regenerate holon.h
#   holon-ffi/gen-header.sh --check   fail (exit 1, with a diff) if the
#                                     checked-in holon.h is stale
#
# CBINDGEN names the binary (default: cbindgen on PATH; Debian's package or
# `cargo install cbindgen`).
set -euo pipefail
cd "$(dirname "$0")"
cbindgen=${CBINDGEN:-cbindgen}
fresh=$(mktemp)
trap 'rm -f "$fresh"' EXIT
"$cbindgen" --quiet --config cbindgen.toml --crate holon-ffi --output "$fresh" .
if [ "${1:-}" = --check ]; then
    if ! diff -u holon.h "$fresh"; then
        echo "holon-ffi/holon.h is stale: run holon-ffi/gen-header.sh" >&2
        exit 1
    fi
    echo "holon-ffi/holon.h is up to date"
else
    cp "$fresh" holon.h
fi
