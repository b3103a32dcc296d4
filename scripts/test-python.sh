#!/usr/bin/env bash
# The Python package (holon-py): rustfmt, clippy and rustdoc on its own
# workspace, then a fresh virtualenv, `pip install ./holon-py` (maturin
# from PyPI builds the extension), pytest, numpy and dask[distributed], and
# the test suite. pytest finding no tests (exit 5) is a failure.
#
#   scripts/test-python.sh                 # everything
#   PYTHON=python3.12 scripts/test-python.sh
#
# The tests compare against the `holon` CLI: HOLON_BIN (default
# target/release/holon) is built here if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
manifest=holon-py/Cargo.toml

echo "test-python: cargo fmt --check, clippy, doc (holon-py)"
cargo fmt --manifest-path "$manifest" -- --check
cargo clippy --manifest-path "$manifest" --all-targets --quiet -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --manifest-path "$manifest" --no-deps --quiet

export HOLON_BIN=${HOLON_BIN:-$PWD/target/release/holon}
if [ ! -x "$HOLON_BIN" ]; then
    echo "test-python: building the holon CLI"
    cargo build --release --quiet -p holon-cli --bin holon
fi

venv=$(mktemp -d "${TMPDIR:-/tmp}/holon-py-venv.XXXXXX")
trap 'rm -rf "$venv"' EXIT
echo "test-python: fresh virtualenv in $venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
echo "test-python: pip install ./holon-py pytest dask[distributed]"
"$venv/bin/python" -m pip install --quiet ./holon-py pytest 'dask[distributed]'

echo "test-python: pytest"
status=0
(cd holon-py && "$venv/bin/python" -m pytest -q -p no:cacheprovider tests) || status=$?
if [ "$status" -eq 5 ]; then
    echo "test-python: pytest collected no tests" >&2
    exit 1
fi
exit "$status"
