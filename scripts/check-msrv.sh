#!/usr/bin/env bash
# Builds each published crate with exactly the toolchain its `rust-version`
# names, so the declared MSRV is a tested fact. rustup installs a missing
# toolchain (minimal profile, about 10 s); without rustup the check is
# skipped with a message.
#
#   scripts/check-msrv.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v rustup >/dev/null 2>&1; then
    echo "check-msrv: skipped (no rustup to install the declared toolchains)"
    exit 0
fi
# name rust-version, for the crates users depend on.
cargo metadata --no-deps --format-version 1 | python3 -c '
import json, sys
for p in json.load(sys.stdin)["packages"]:
    if p["name"] in ("holon-core", "holon-std", "holon-cli"):
        print(p["name"], p["rust_version"])
' | while read -r crate msrv; do
    rustup toolchain list | grep -q "^$msrv-" ||
        rustup toolchain install "$msrv" --profile minimal >/dev/null
    echo "check-msrv: $crate with Rust $msrv"
    cargo "+$msrv" check --quiet -p "$crate" --target-dir target/msrv
    if [ "$crate" = holon-std ]; then
        cargo "+$msrv" check --quiet -p "$crate" --no-default-features --target-dir target/msrv
    fi
done
