#!/usr/bin/env bash
# Guest instructions per call of the NEON kernels against the scalar core
# at D = 4096 on aarch64, counted under qemu-user (times under an emulator
# mean nothing; instruction counts do).
#
#   scripts/aarch64-insn-counts.sh        # cosine, bind, bundle (10 inputs), cold atom
#
# Debian's qemu-user ships no TCG plugins (no libinsn.so), so the count is
# QEMU's own log: with `-singlestep` every translation block is one guest
# instruction and `-d nochain,exec` logs each block executed. The
# holon-std example `kernel_loop` runs one kernel N and 2N times; the
# difference over N is the count per call, start-up and set-up cancelled.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/aarch64-toolchain.sh
aarch64_toolchain
"${AARCH64_CARGO[@]}" build --quiet "${AARCH64_BUILD_STD[@]}" --target "$AARCH64" \
    --release -p holon-std --example kernel_loop
binary=target/$AARCH64/release/examples/kernel_loop

# Executed guest instructions of one run.
count() {
    $AARCH64_RUNNER -singlestep -d nochain,exec "$binary" "$@" 2>&1 >/dev/null |
        grep -c '^Trace'
}

per_call() {
    local kernel=$1 level=$2 n=$3 once twice
    once=$(count "$kernel" "$level" "$n")
    twice=$(count "$kernel" "$level" $((2 * n)))
    echo $(((twice - once) / n))
}

printf '%-8s %12s %12s %8s\n' kernel scalar neon ratio
# name, calls per run (fewer for the costly ones: the log is ~50 bytes an
# instruction).
for row in "cosine 200" "bind 200" "bundle 40" "atom 8"; do
    set -- $row
    scalar=$(per_call "$1" scalar "$2")
    neon=$(per_call "$1" neon "$2")
    printf '%-8s %12d %12d %7.1fx\n' "$1" "$scalar" "$neon" \
        "$(awk -v s="$scalar" -v n="$neon" 'BEGIN { print s / n }')"
done
