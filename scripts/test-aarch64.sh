#!/usr/bin/env bash
# Builds holon for aarch64-unknown-linux-gnu (ARM servers, SmartNIC DPUs)
# and tests it under qemu-user, from an x86-64 Linux machine:
#
# 1. the host test suites of holon-core, holon-std and the crate that builds
#    the `holon` binary, cross-built with warnings as errors and run under
#    `qemu-aarch64` (unit, property, golden-atom, SIMD-vs-core at every level
#    QEMU offers, CLI tests, doc tests; the tests of detection quality stay
#    on the host);
#    the property tests run PROPTEST_CASES cases where they honour it (16
#    unless set);
# 2. the release CLI, left at target/aarch64-unknown-linux-gnu/release/holon;
# 3. `holon detect` (prototype and subspace memories) on the bundled stream
#    under QEMU, whose verdict digests must equal the x86-64 build's.
#
#   scripts/test-aarch64.sh
#
# Toolchain: an installed rustup target first, else Debian's rustc with
# -Zbuild-std (see scripts/aarch64-toolchain.sh; scripts/install-deps.sh
# installs the packages). The standard target/<triple>/ layout keeps the
# cross build beside the host one.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
step() { printf '\n==> aarch64: %s  [%ds]\n' "$*" $((SECONDS - start)); }

# The crate that builds the `holon` binary.
CLI_PACKAGE=${HOLON_CLI_PACKAGE:-holon-cli}
PACKAGES=(-p holon-core -p holon-std)
[ "$CLI_PACKAGE" = holon-std ] || PACKAGES+=(-p "$CLI_PACKAGE")
STREAM=tests/data/packets/zero_hardcode_packets.jsonl.gz

. scripts/aarch64-toolchain.sh
aarch64_toolchain
if [ ${#AARCH64_BUILD_STD[@]} -eq 0 ]; then
    cross=(env RUSTFLAGS="${RUSTFLAGS:-} -D warnings" "${AARCH64_CARGO[@]}")
    deny_warnings=()
else
    # RUSTFLAGS would also reach the std that -Zbuild-std compiles; this
    # denies warnings in the workspace's own crates only.
    cross=("${AARCH64_CARGO[@]}")
    deny_warnings=(-Zwarnings --config 'build.warnings="deny"')
fi
# Dependencies (and a std built by -Zbuild-std) optimised in the test build
# too: unoptimised, std and the gzip reader made each `holon detect` of the
# CLI tests far slower under QEMU. The workspace's crates keep their dev
# profile (debug assertions, overflow checks).
target_args=("${AARCH64_BUILD_STD[@]}" "${deny_warnings[@]}" --target "$AARCH64")
test_args=(--config 'profile.dev.package."*".opt-level=2')

# The CLI tests run the aarch64 `holon` through the emulator (a process
# under qemu-user cannot exec a foreign binary itself).
export HOLON_CLI_RUNNER=$AARCH64_RUNNER
export PROPTEST_CASES=${PROPTEST_CASES:-16}

step "clippy for $AARCH64"
if [ ${#AARCH64_BUILD_STD[@]} -eq 0 ]; then
    "${cross[@]}" clippy --target "$AARCH64" "${PACKAGES[@]}" --all-targets --quiet -- -D warnings
else
    # Debian ships no clippy for its second toolchain, and rustup's clippy
    # cannot build Debian's std source: the build below denies warnings.
    echo "skipped: no clippy for $AARCH64 here (rustup target add $AARCH64 enables it)"
fi

step "build and test holon-core, holon-std, $CLI_PACKAGE under qemu-aarch64 (PROPTEST_CASES=$PROPTEST_CASES)"
# Left to the host: the tests that measure how well the detectors detect
# (recall and false positives on the bundled and generated streams and of
# merged detectors, minted engrams against the learning detector,
# holon-rs's whole-record subspace),
# a property of code whose bits this script proves identical here with the
# release CLI's verdict digests below. Under QEMU's float emulation they
# cost about 12 of this script's minutes.
quality_tests=(generated_streams a_different_stream bundled_stream_recall_fpr_and_minted_verdicts
    bundled_stream_per_packet_recall_and_false_positives minted_engrams_give_the_same_verdicts
    a_whole_record_subspace_misses_the_attacks a_merged_detector_still_catches_the_attacks)
skips=()
for name in "${quality_tests[@]}"; do skips+=(--skip "$name"); done
"${cross[@]}" test "${target_args[@]}" "${test_args[@]}" "${PACKAGES[@]}" --lib --bins --tests --no-fail-fast \
    -- "${skips[@]}"

step "doc tests of holon-core, holon-std, $CLI_PACKAGE under qemu-aarch64"
# Cargo hands rustdoc the target and the runner, so every example in the
# docs is compiled for aarch64 and run in the emulator like the tests.
"${cross[@]}" test "${target_args[@]}" "${test_args[@]}" "${PACKAGES[@]}" --doc --no-fail-fast

step "release CLI"
"${cross[@]}" build "${target_args[@]}" --release -p "$CLI_PACKAGE" --bin holon
cli=target/$AARCH64/release/holon
file "$cli" 2>/dev/null || ls -l "$cli"

digest() { sed -n 's/^verdict digest: //p'; }
# The host's dev build (the one the host tests use) against the aarch64
# release build: the verdicts must not depend on either.
for memory in prototype subspace; do
    step "holon detect --memory $memory on the bundled stream: aarch64 under QEMU against x86-64"
    host=$(cargo run --quiet -p "$CLI_PACKAGE" --bin holon -- \
        detect --memory "$memory" --warmup 300 "$STREAM" 2>&1 >/dev/null | digest)
    arm=$($AARCH64_RUNNER "$cli" detect --memory "$memory" --warmup 300 "$STREAM" 2>&1 >/dev/null | digest)
    echo "x86-64:  $host"
    echo "aarch64: $arm"
    if [ -z "$host" ] || [ "$host" != "$arm" ]; then
        echo "test-aarch64: verdict digests differ (or are missing)" >&2
        exit 1
    fi
done

step "aarch64 passed in $((SECONDS - start)) s"
