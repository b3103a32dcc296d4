#!/usr/bin/env bash
# Every check the project makes, in the order a failure is cheapest to see:
# formatting, lints, docs, host tests (unit, property, golden, CLI, doc
# tests), the core built for three bare-metal targets with and without
# defmt and without alloc, the panic-freedom link check, and the firmware
# images run under QEMU against the host's digests.
#
#   scripts/test-all.sh            # everything
#   HOLON_SKIP_TARGETS=1 scripts/test-all.sh   # host only
#
# Missing tools (cross toolchain, QEMU) are installed first by
# scripts/install-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { printf '\n==> %s  [%ds]\n' "$*" $((SECONDS - start)); }

if [ "${HOLON_SKIP_TARGETS:-0}" != 1 ]; then
    step "install missing tools"
    scripts/install-deps.sh
fi

step "cargo fmt --check"
cargo fmt --all -- --check
# Firmware crates build for other targets; rustfmt checks their sources directly.
find targets -name '*.rs' -not -path 'targets/target/*' -print0 |
    xargs -0 rustfmt --edition 2021 --check

step "cargo clippy --all-targets -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo clippy -p holon-core --all-targets --features defmt --quiet -- -D warnings
cargo clippy -p holon-core --all-targets --features serde --quiet -- -D warnings

step "holon-std without default features: no serde_json, no flate2, no CLI"
cargo clippy -p holon-std --no-default-features --all-targets --quiet -- -D warnings
cargo test -p holon-std --no-default-features --quiet
if cargo tree -p holon-std --no-default-features -e normal --prefix none |
    grep -E '^(serde_json|flate2|holon-cli|lexopt) '; then
    echo "holon-std --no-default-features still depends on the crates above" >&2
    exit 1
fi

step "publishable: cargo publish --dry-run of holon-core, holon-std, holon-cli; MSRV"
# Packages and builds each crate from its .crate file alone, as crates.io would.
# Tests and benches stay out of the packages (cargo's "ignoring test" notes).
# A stale unpacked copy of the same version (cargo caches the temporary
# registry's crates by name and version) would be verified instead.
rm -rf target/package "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/holon-*
# Their builds too: cargo never rebuilds a registry crate of an unchanged
# version, so holon-std would be verified against an older holon-core.
for d in $(grep -l 'registry/src/-' target/debug/deps/holon_*.d 2>/dev/null); do
    unit=$(basename "$d" .d)
    rm -rf target/debug/deps/"$unit".d target/debug/deps/lib"$unit".* \
        target/debug/.fingerprint/"${unit//_/-}"
done
publish_log=$(mktemp)
if ! cargo publish --dry-run --allow-dirty --quiet -p holon-core -p holon-std -p holon-cli \
    >"$publish_log" 2>&1; then
    cat "$publish_log" >&2
    exit 1
fi
grep -v -e '^warning: ignoring \(test\|benchmark\)' -e 'aborting upload due to dry run' \
    "$publish_log" || true
rm -f "$publish_log"
scripts/check-msrv.sh

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --quiet

step "host tests"
if cargo nextest --version >/dev/null 2>&1; then
    cargo nextest run --workspace --no-fail-fast
else
    cargo test --workspace --no-fail-fast --lib --bins --tests --examples
fi
step "subspace golden trace (holon-rs CCIPCA; HOLON_SUBSPACE_GOLDEN overrides the file)"
cargo test -p holon-conformance --test subspace --quiet -- --nocapture

step "holon-core serde feature: round trips and malformed input"
cargo test -p holon-core --features serde --test serde --quiet

step "doc tests"
cargo test --workspace --doc --quiet

# sensor-sampler (the embedded-hal demo the M4 image runs), the on-target
# harness and the images' shared build steps are members of the targets/ workspace; their host side is checked here.
step "targets workspace, host side: sensor-sampler clippy, docs and tests; fw-harness and fw-image-build clippy"
(cd targets &&
    cargo clippy -p sensor-sampler -p fw-harness -p fw-image-build --all-targets --quiet -- -D warnings &&
    RUSTDOCFLAGS="-D warnings" cargo doc -p sensor-sampler -p fw-image-build --no-deps --quiet &&
    cargo test -p sensor-sampler --quiet)

step "algebra conformance with holon-rs (HOLON_ALGEBRA_GOLDEN overrides the bundled cases)"
cargo test -p holon-conformance --test algebra --quiet -- --nocapture
step "holon-ffi: holon.h fresh and C++-clean, C test under valgrind, C verdicts == holon score"
holon-ffi/test-c.sh
step "Python package holon-py: fmt, clippy, fresh virtualenv, pip install, pytest"
scripts/test-python.sh

if [ "${HOLON_SKIP_TARGETS:-0}" = 1 ]; then
    step "skipping bare-metal targets (HOLON_SKIP_TARGETS=1)"
    exit 0
fi

# The aarch64 suite runs beside the bare-metal steps: it is mostly one
# emulator process at a time, they are mostly their own builds, and apart
# they were a third of CI's time one after the other. Its output is kept
# and shown whole after theirs.
step "aarch64 Linux (in the background until the firmware is done): cross-built, host test suites and holon detect under qemu-aarch64"
aarch64_log=$(mktemp)
# In its own process group (setsid), so that a failure below can stop the
# whole suite, its cargo and emulator processes included.
setsid scripts/test-aarch64.sh >"$aarch64_log" 2>&1 &
aarch64_pid=$!
stop_aarch64() {
    kill -- -"$aarch64_pid" 2>/dev/null || true
    echo "test-all: stopped the background aarch64 suite; its output so far:" >&2
    cat "$aarch64_log" >&2
    rm -f "$aarch64_log"
}
trap stop_aarch64 EXIT

step "holon-core for bare-metal targets, with and without defmt, no alloc"
scripts/cross-build-core.sh

step "firmware under QEMU (golden atoms and host digest on target) and the panic-freedom link check"
targets/scripts/run-all.sh

step "aarch64 Linux: waiting for the background suite"
aarch64_status=0
wait "$aarch64_pid" || aarch64_status=$?
trap - EXIT
cat "$aarch64_log"
rm -f "$aarch64_log"
if [ "$aarch64_status" != 0 ]; then
    echo "test-all: the aarch64 suite failed (exit $aarch64_status)" >&2
    exit "$aarch64_status"
fi

step "all checks passed in $((SECONDS - start)) s"
