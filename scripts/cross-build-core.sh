#!/usr/bin/env bash
# Builds holon-core for each bare-metal target, with no features, with defmt
# and with serde. With Debian's toolchain this is `-Zbuild-std=core`: only `core` is
# compiled for the target, so a single use of `alloc` or `std` anywhere in
# holon-core fails the build. That is the mechanical proof of "no alloc".
set -euo pipefail
cd "$(dirname "$0")/.."
. targets/scripts/toolchain.sh
# Keep cross artefacts apart from the host build.
export CARGO_TARGET_DIR=$PWD/target/cross

for triple in thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf; do
    holon_cargo "$triple"
    for features in "" "defmt" "serde"; do
        args=(build --release -p holon-core --target "$triple")
        [ -n "$features" ] && args+=(--features "$features")
        "${CARGO_CMD[@]}" "${args[0]}" "${BUILD_STD[@]}" "${args[@]:1}" --quiet
        printf 'holon-core  %-30s %-8s ok\n' "$triple" "${features:-(none)}"
    done
done
if [ ${#BUILD_STD[@]} -gt 0 ]; then
    echo "no alloc: built with -Zbuild-std=core, so alloc was not even available"
else
    echo "note: built against rustup's prebuilt sysroot; the no-alloc proof needs the build-std path (HOLON_BUILD_STD=1)"
fi
