#!/usr/bin/env bash
# Build every firmware image, run each under QEMU, print a summary table.
#
#   ./run-all.sh
#
# For each image in toolchain.sh's FIRMWARE list (cortex-m4, cortex-m0,
# riscv32):
#   - build it (--release; plain cargo if `rustup target list --installed`
#     has the target, else Debian cargo + -Zbuild-std=core; see toolchain.sh);
#   - run it twice through ./qemu-run.sh (timeout QEMU_TIMEOUT, default 60 s,
#     -icount shift=ICOUNT_SHIFT, default 6);
#   - PASS needs: exit status 0, a `RESULT PASS` line, both runs printing the
#     very same bytes (cycle counts included: icount makes them
#     deterministic), and the DIGEST equal to the host's.
# The host digest comes from `cargo test -p fw-common` (same workload, on the
# build machine); HOST_DIGEST=0 skips that comparison.
# Then ./panic-check.sh runs (PANIC_CHECK=0 skips it).
#
# Logs: target/run-all/. Exit status: 0 only if every row is PASS.
set -uo pipefail
cd "$(dirname "$0")"
. ./toolchain.sh

log=$CARGO_TARGET_DIR/run-all
mkdir -p "$log"
start=$(date +%s)
fail=0
rows=()

host_digest=
if [ "${HOST_DIGEST:-1}" = 1 ]; then
    echo "== host digest (cargo test -p fw-common)"
    if ${HOLON_HOST_CARGO:-cargo} test -q -p fw-common --lib host_digest -- --nocapture \
        >"$log/host.log" 2>&1; then
        host_digest=$(awk '/^DIGEST / {print $2; exit}' "$log/host.log")
        echo "DIGEST $host_digest"
    else
        echo "host digest: FAIL (see $log/host.log)"
        rows+=("host|$(uname -m)|FAIL host test|-|-|-")
        fail=1
    fi
fi

for fw in "${FIRMWARE[@]}"; do
    read -r name triple board <<<"$fw"
    elf=$CARGO_TARGET_DIR/$triple/release/$name
    echo "== $name ($triple, QEMU $board)"
    status=PASS
    if ! holon_cargo "$triple"; then
        status="FAIL toolchain"
    elif ! "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release --target "$triple" -p "$name" \
        >"$log/$name.build.log" 2>&1; then
        status="FAIL build"
        tail -20 "$log/$name.build.log"
    else
        ./qemu-run.sh "$board" "$elf" >"$log/$name.run1.log" 2>&1
        rc=$?
        ./qemu-run.sh "$board" "$elf" >"$log/$name.run2.log" 2>&1
        cat "$log/$name.run1.log"
        if [ $rc = 124 ]; then
            status="FAIL timeout"
        elif [ $rc != 0 ]; then
            status="FAIL exit $rc"
        elif ! grep -q '^RESULT PASS' "$log/$name.run1.log"; then
            status="FAIL no RESULT PASS"
        elif ! cmp -s "$log/$name.run1.log" "$log/$name.run2.log"; then
            status="FAIL runs differ"
            diff "$log/$name.run1.log" "$log/$name.run2.log" | head -10
        fi
    fi
    digest=$(awk '/^DIGEST / {print $2; exit}' "$log/$name.run1.log" 2>/dev/null)
    if [ "$status" = PASS ] && [ -n "$host_digest" ] && [ "$digest" != "$host_digest" ]; then
        status="FAIL digest != host"
    fi
    peak=$(sed -n 's/^STACK peak=\([0-9]*\) size=\([0-9]*\)$/\1\/\2/p' "$log/$name.run1.log" 2>/dev/null)
    atom=$(sed -n 's/^CYCLES atom_1024 ticks=[0-9]* insns=\([0-9]*\)$/\1/p' "$log/$name.run1.log" 2>/dev/null)
    [ "$status" = PASS ] || fail=1
    rows+=("$name|$triple|$status|${peak:--}|${atom:--}|${digest:+DIGEST $digest}")
done

if [ "${PANIC_CHECK:-1}" = 1 ]; then
    echo "== panic-check"
    if ./panic-check.sh; then
        rows+=("panic-check|thumbv7em-none-eabihf|PASS|-|-|-")
    else
        rows+=("panic-check|thumbv7em-none-eabihf|FAIL|-|-|-")
        fail=1
    fi
fi

echo
echo "== summary (icount shift=${ICOUNT_SHIFT:-6}; ${host_digest:+host DIGEST $host_digest; }$(($(date +%s) - start)) s)"
printf '%-12s %-30s %-20s %-14s %-10s %s\n' target triple status stack_peak atom_insns digest
for r in "${rows[@]}"; do
    IFS='|' read -r a b c d e f <<<"$r"
    printf '%-12s %-30s %-20s %-14s %-10s %s\n' "$a" "$b" "$c" "$d" "$e" "${f:--}"
done
exit $fail
