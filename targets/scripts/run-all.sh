#!/usr/bin/env bash
# Build every firmware image, run each under QEMU, print a summary table.
#
#   scripts/run-all.sh     (from targets/, or by any path: it cds there)
#
# For each image in toolchain.sh's FIRMWARE list (cortex-m4, cortex-m0,
# riscv32):
#   - build it (--release; plain cargo if `rustup target list --installed`
#     has the target, else Debian cargo + -Zbuild-std=core; see toolchain.sh);
#   - run it twice through scripts/qemu-run.sh (timeout QEMU_TIMEOUT, default 60 s,
#     -icount shift=ICOUNT_SHIFT, default 6);
#   - PASS needs: exit status 0, a `RESULT PASS` line, both runs printing the
#     very same bytes (cycle counts included: icount makes them
#     deterministic), and the DIGEST equal to the host's for the image's
#     workload profile (the `profile=` of its HOLON line).
# The host digests come from `cargo test -p fw-harness` (same workloads, on the
# build machine, one `DIGEST <profile> <hex>` line each); HOST_DIGEST=0 skips
# that comparison.
# The engram replay (REPLAY=0 skips it): the host `holon` (root workspace,
# rustup cargo, RUSTC unset) learns from the warm-up of
# tests/data/packets/zero_hardcode_packets.jsonl.gz and mints the engrams
# into target/replay/holon.engram, then `holon score` scores the replay slice
# (tests/data/packets/replay.jsonl, or HOLON_REPLAY) and prints its verdict
# digest. The Cortex-M4 image is built with HOLON_ENGRAM pointing at that
# file: its build.rs embeds the engrams and the records, and the image
# replays them and prints `VERDICTS ... digest=<hex>`. Row cortex-m4-replay
# passes only if that digest equals the host's.
# Then the Cortex-M4 image is built, linked and run once more with
# `--features defmt` (DEFMT=0 skips it; without the replay), and
# scripts/panic-check.sh runs (PANIC_CHECK=0 skips it). Last, scripts/footprint.sh --markdown writes the
# footprint and cost tables to target/run-all/report.md, and scripts/readme-tables.py
# --check says whether the READMEs carry them.
#
# Logs: target/run-all/. Exit status: 0 only if every row is PASS.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh

log=$CARGO_TARGET_DIR/run-all
mkdir -p "$log"
start=$(date +%s)
fail=0
rows=()

# The host prints one `DIGEST <profile> <hex>` line per workload profile;
# each image names its profile in its HOLON line.
host_digest=
host_digest_of() { awk -v p="$1" '$1 == "DIGEST" && $2 == p {print $3; exit}' "$log/host.log"; }
root=$(cd .. && pwd)
replay_engram= host_verdicts= replay_status=
replay_records=${HOLON_REPLAY:-$root/tests/data/packets/replay.jsonl}
if [ "${REPLAY:-1}" = 1 ]; then
    echo "== host verdicts (holon mint, holon score)"
    host_target=${HOLON_HOST_TARGET_DIR:-$root/target}
    holon=$host_target/release/holon
    engram=$CARGO_TARGET_DIR/replay/holon.engram
    mkdir -p "$CARGO_TARGET_DIR/replay"
    if ! (cd "$root" && env -u RUSTC -u RUSTC_BOOTSTRAP CARGO_TARGET_DIR="$host_target" \
        ${HOLON_HOST_CARGO:-cargo} build --release -p holon-cli --bin holon) \
        >"$log/holon.build.log" 2>&1; then
        replay_status="FAIL host build"
        tail -20 "$log/holon.build.log"
    elif ! "$holon" mint --warmup 300 --out "$engram.new" \
        "$root/tests/data/packets/zero_hardcode_packets.jsonl.gz" >"$log/holon.mint.log" 2>&1; then
        replay_status="FAIL host mint"
        cat "$log/holon.mint.log"
    else
        # Replaced only when the bytes differ: the M4 build reruns on a change.
        cat "$log/holon.mint.log"
        if cmp -s "$engram.new" "$engram"; then
            echo "engram file $engram: unchanged"
        else
            cp "$engram.new" "$engram"
            echo "engram file $engram: updated"
        fi
        rm -f "$engram.new"
        "$holon" score --engram "$engram" "$replay_records" >/dev/null 2>"$log/holon.score.log"
        host_verdicts=$(sed -n 's/^verdict digest: \([0-9a-f]\{16\}\)$/\1/p' "$log/holon.score.log")
        if [ -z "$host_verdicts" ]; then
            replay_status="FAIL host score"
            cat "$log/holon.score.log"
        else
            replay_engram=$engram
            echo "host verdict digest: $host_verdicts ($(wc -l <"$replay_records") records)"
        fi
    fi
fi

if [ "${HOST_DIGEST:-1}" = 1 ]; then
    echo "== host digests (cargo test -p fw-harness)"
    if ${HOLON_HOST_CARGO:-cargo} test -q -p fw-harness --lib host_digest -- --nocapture \
        >"$log/host.log" 2>&1; then
        host_digest=$(awk '/^DIGEST / {printf "%s%s=%s", sep, $2, $3; sep = " "}' "$log/host.log")
        grep '^DIGEST ' "$log/host.log"
    else
        echo "host digest: FAIL (see $log/host.log)"
        rows+=("host|$(uname -m)|FAIL host test|-|-|-")
        fail=1
    fi
    # The packed vectors' digests (`DIGEST packed-<profile> <hex>`) and the
    # host tests of fw_harness::packed and fw_harness::app, one at a time,
    # appended to the same log.
    if ${HOLON_HOST_CARGO:-cargo} test -q -p fw-harness --lib -- --nocapture --test-threads=1 \
        packed:: app:: >>"$log/host.log" 2>&1; then
        grep '^DIGEST packed-' "$log/host.log"
    else
        echo "host packed digest: FAIL (see $log/host.log)"
        rows+=("host-packed|$(uname -m)|FAIL host test|-|-|-")
        fail=1
    fi
fi

for fw in "${FIRMWARE[@]}"; do
    read -r name triple board <<<"$fw"
    elf=$CARGO_TARGET_DIR/$triple/release/$name
    echo "== $name ($triple, QEMU $board)"
    status=PASS
    # Only the Cortex-M4 image replays the engrams (empty: no replay).
    with_engram=
    [ "$name" = cortex-m4 ] && with_engram=$replay_engram
    if ! holon_cargo "$triple"; then
        status="FAIL toolchain"
    elif ! HOLON_ENGRAM=$with_engram "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release \
        --target "$triple" -p "$name" >"$log/$name.build.log" 2>&1; then
        status="FAIL build"
        tail -20 "$log/$name.build.log"
    else
        scripts/qemu-run.sh "$board" "$elf" >"$log/$name.run1.log" 2>&1
        rc=$?
        scripts/qemu-run.sh "$board" "$elf" >"$log/$name.run2.log" 2>&1
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
    profile=$(sed -n 's/^HOLON .* profile=\([a-z]*\).*$/\1/p' "$log/$name.run1.log" 2>/dev/null)
    if [ "$status" = PASS ] && [ -n "$host_digest" ] &&
        [ "$digest" != "$(host_digest_of "$profile")" ]; then
        status="FAIL digest != host ($profile)"
    fi
    # The packed vectors' digest (fw_harness::packed), if the image prints one.
    packed_digest=$(awk '$1 == "DIGEST" && $2 ~ /^packed-/ {print $3; exit}' "$log/$name.run1.log" 2>/dev/null)
    if [ "$status" = PASS ] && [ -n "$host_digest" ] &&
        [ "$packed_digest" != "$(host_digest_of "packed-$profile")" ]; then
        status="FAIL packed digest != host (packed-$profile)"
    fi
    peak=$(sed -n 's/^STACK peak=\([0-9]*\) size=\([0-9]*\)$/\1\/\2/p' "$log/$name.run1.log" 2>/dev/null)
    atom=$(sed -n 's/^CYCLES atom_1024 ticks=[0-9]* insns=\([0-9]*\)$/\1/p' "$log/$name.run1.log" 2>/dev/null)
    [ "$status" = PASS ] || fail=1
    rows+=("$name|$triple|$status|${peak:--}|${atom:--}|${digest:+DIGEST $digest}")
done

# The minimal application images (toolchain.sh's APPS, fw_harness::app;
# APPS_RUN=0 skips them): each is built with the engram file minted above,
# scores seven records of the replay slice (lines 1, 2, 12, 751, 759, 1666
# and 2416, as fw_harness::app::RECORDS) and must print the verdict digest
# `holon score` prints for the same lines. They need the replay's host part.
if [ "${APPS_RUN:-1}" = 1 ]; then
    app_host=
    if [ -n "$replay_engram" ]; then
        sed -n '1p;2p;12p;751p;759p;1666p;2416p' "$root/tests/data/packets/replay.jsonl" \
            >"$log/app-records.jsonl"
        "$holon" score --engram "$replay_engram" "$log/app-records.jsonl" >/dev/null \
            2>"$log/app.score.log"
        app_host=$(sed -n 's/^verdict digest: \([0-9a-f]\{16\}\)$/\1/p' "$log/app.score.log")
    fi
    for app in "${APPS[@]}"; do
        read -r name triple board <<<"$app"
        elf=$CARGO_TARGET_DIR/$triple/release/$name
        echo "== $name ($triple, QEMU $board)"
        status=PASS verdicts=
        if [ -z "$app_host" ]; then
            status="FAIL no host verdicts"
        elif ! holon_cargo "$triple"; then
            status="FAIL toolchain"
        elif ! HOLON_ENGRAM=$replay_engram "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release \
            --target "$triple" -p "$name" >"$log/$name.build.log" 2>&1; then
            status="FAIL build"
            tail -20 "$log/$name.build.log"
        else
            scripts/qemu-run.sh "$board" "$elf" >"$log/$name.run1.log" 2>&1
            rc=$?
            scripts/qemu-run.sh "$board" "$elf" >"$log/$name.run2.log" 2>&1
            cat "$log/$name.run1.log"
            verdicts=$(sed -n 's/^VERDICTS .* digest=\([0-9a-f]*\)$/\1/p' "$log/$name.run1.log")
            if [ $rc != 0 ]; then
                status="FAIL exit $rc"
            elif ! grep -q '^RESULT PASS' "$log/$name.run1.log"; then
                status="FAIL no RESULT PASS"
            elif ! cmp -s "$log/$name.run1.log" "$log/$name.run2.log"; then
                status="FAIL runs differ"
            elif [ "$verdicts" != "$app_host" ]; then
                status="FAIL verdicts != host"
            fi
        fi
        peak=$(sed -n 's/^STACK peak=\([0-9]*\) size=\([0-9]*\)$/\1\/\2/p' "$log/$name.run1.log" 2>/dev/null)
        [ "$status" = PASS ] || fail=1
        rows+=("$name|$triple|$status|${peak:--}|-|${verdicts:+VERDICTS $verdicts (host ${app_host:--})}")
    done
fi

# The M4 image's replay against the host's verdicts (its two runs were
# already required to print the same bytes, VERDICTS lines included).
if [ "${REPLAY:-1}" = 1 ]; then
    m4log=$log/cortex-m4.run1.log
    verdicts=$(sed -n 's/^VERDICTS .* digest=\([0-9a-f]*\)$/\1/p' "$m4log" 2>/dev/null)
    per_record=$(sed -n 's/^REPLAY .* insns_per_record=\([0-9]*\) .*$/\1/p' "$m4log" 2>/dev/null)
    if [ -z "$replay_status" ]; then
        replay_status=PASS
        if [ -z "$verdicts" ]; then
            replay_status="FAIL no VERDICTS"
        elif [ "$verdicts" != "$host_verdicts" ]; then
            replay_status="FAIL verdicts != host"
        fi
    fi
    echo "== cortex-m4-replay: VERDICTS ${verdicts:-none}, host ${host_verdicts:-none}: $replay_status"
    [ "$replay_status" = PASS ] || fail=1
    rows+=("cortex-m4-replay|thumbv7em-none-eabihf|$replay_status|-|-|${verdicts:+VERDICTS $verdicts (host ${host_verdicts:--}, ${per_record:-?} insns/record)}")
fi

# The Cortex-M4 image again with `--features defmt` (holon-core's defmt
# impls, a defmt logger to semihosting stderr, `-Tdefmt.x`): it must build,
# link, run and pass with the same digest; its defmt frames go to
# target/run-all/cortex-m4-defmt.defmt (decoded if defmt-print is installed).
# Built without the replay (HOLON_ENGRAM empty): the plain image covers it.
if [ "${DEFMT:-1}" = 1 ]; then
    name=cortex-m4-defmt triple=thumbv7em-none-eabihf
    echo "== $name (cortex-m4 --features defmt)"
    status=PASS digest= peak= atom=
    if ! holon_cargo "$triple"; then
        status="FAIL toolchain"
    elif ! HOLON_ENGRAM= "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release --target "$triple" \
        -p cortex-m4 --features defmt >"$log/$name.build.log" 2>&1; then
        status="FAIL build"
        tail -20 "$log/$name.build.log"
    else
        cp "$CARGO_TARGET_DIR/$triple/release/cortex-m4" "$log/$name.elf"
        scripts/qemu-run.sh mps2-an386 "$log/$name.elf" >"$log/$name.run1.log" 2>"$log/$name.defmt"
        rc=$?
        frames=$(wc -c <"$log/$name.defmt")
        digest=$(awk '/^DIGEST / {print $2; exit}' "$log/$name.run1.log")
        echo "exit $rc, $(grep -c . "$log/$name.run1.log") report lines, $frames bytes of defmt frames"
        if [ $rc != 0 ]; then
            status="FAIL exit $rc"
        elif ! grep -q '^RESULT PASS' "$log/$name.run1.log"; then
            status="FAIL no RESULT PASS"
        elif ! readelf -S "$log/$name.elf" | grep -q ' \.defmt '; then
            status="FAIL no .defmt section"
        elif [ "$frames" -eq 0 ]; then
            status="FAIL no defmt output"
        elif [ -n "$host_digest" ] && [ "$digest" != "$(host_digest_of full)" ]; then
            status="FAIL digest != host (full)"
        fi
        if command -v defmt-print >/dev/null 2>&1; then
            defmt-print -e "$log/$name.elf" <"$log/$name.defmt" | tee "$log/$name.decoded.log"
            if [ "$status" = PASS ] && ! grep -q 'pass=true' "$log/$name.decoded.log"; then
                status="FAIL defmt-print decode"
            fi
        else
            echo "(defmt-print not installed: frames not decoded)"
        fi
    fi
    # Put the plain image back in place (cargo kept it: this only copies).
    HOLON_ENGRAM=$replay_engram "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release \
        --target "$triple" -p cortex-m4 >>"$log/$name.build.log" 2>&1 ||
        status="FAIL rebuild plain cortex-m4"
    [ "$status" = PASS ] || fail=1
    rows+=("$name|$triple|$status|-|-|${digest:+DIGEST $digest}")
fi

# The C firmware (c-cortex-m4/build.sh: holon-ffi's libholon.a, C checks,
# newlib semihosting) on the same board, run twice: PASS needs RESULT PASS,
# identical runs, the GOLDEN and SCALARS lines of the Rust M4 image, and the
# host's verdict digest (so it needs the replay's engram). Its link is the
# C ABI's panic check (at opt-level s, and again at 3); built with --features
# prove-the-check-bites the link must fail. C_FIRMWARE=0 skips it.
if [ "${C_FIRMWARE:-1}" = 1 ]; then
    name=c-cortex-m4 triple=thumbv7em-none-eabihf
    echo "== $name (C, libholon.a, QEMU mps2-an386)"
    status=PASS verdicts=
    celf=$CARGO_TARGET_DIR/c-cortex-m4/c-cortex-m4.elf
    clog=$log/$name
    if [ -z "$replay_engram" ]; then
        status="FAIL no host engram"
    elif ! ./c-cortex-m4/build.sh "$replay_engram" "$celf" >"$clog.build.log" 2>&1; then
        status="FAIL build"
        grep -v 'GNU-stack\|deprecated' "$clog.build.log" | tail -20
    else
        QEMU_TIMEOUT=${QEMU_TIMEOUT:-120} scripts/qemu-run.sh mps2-an386 "$celf" >"$clog.run1.log" 2>&1
        rc=$?
        QEMU_TIMEOUT=${QEMU_TIMEOUT:-120} scripts/qemu-run.sh mps2-an386 "$celf" >"$clog.run2.log" 2>&1
        cat "$clog.run1.log"
        verdicts=$(sed -n 's/^VERDICTS .* digest=\([0-9a-f]*\)$/\1/p' "$clog.run1.log")
        rust_log=$log/cortex-m4.run1.log
        if [ $rc != 0 ]; then
            status="FAIL exit $rc"
        elif ! grep -q '^RESULT PASS' "$clog.run1.log"; then
            status="FAIL no RESULT PASS"
        elif ! cmp -s "$clog.run1.log" "$clog.run2.log"; then
            status="FAIL runs differ"
        elif [ -f "$rust_log" ] && ! cmp -s <(grep -E '^(GOLDEN|SCALARS) ' "$clog.run1.log") \
            <(grep -E '^(GOLDEN|SCALARS) ' "$rust_log"); then
            status="FAIL GOLDEN/SCALARS != Rust M4"
        elif [ "$verdicts" != "$host_verdicts" ]; then
            status="FAIL verdicts != host"
        elif CARGO_FEATURES=prove-the-check-bites ./c-cortex-m4/build.sh "$replay_engram" \
            "$log/$name-bites.elf" >"$clog.bites.log" 2>&1; then
            status="FAIL panic check toothless"
        elif ! grep -q 'undefined reference to `holon_ffi_panic_check__a_panic_path_survived_optimisation' \
            "$clog.bites.log"; then
            status="FAIL bites build failed otherwise"
        elif ! CARGO_PROFILE_RELEASE_OPT_LEVEL=3 ./c-cortex-m4/build.sh "$replay_engram" \
            "$log/$name-opt3.elf" >"$clog.opt3.log" 2>&1; then
            status="FAIL link at opt-level 3"
            grep -v 'GNU-stack\|deprecated' "$clog.opt3.log" | tail -10
        elif ! scripts/qemu-run.sh mps2-an386 "$log/$name-opt3.elf" 2>&1 |
            grep -q "^VERDICTS .* digest=$host_verdicts\$"; then
            status="FAIL opt-level 3 image verdicts"
        else
            echo "C link without a panic path (opt-level s and 3): OK; with prove-the-check-bites the link fails: OK"
        fi
        # Leave the plain library and image in place (footprint reads the ELF).
        ./c-cortex-m4/build.sh "$replay_engram" "$celf" >>"$clog.build.log" 2>&1 ||
            status="FAIL rebuild"
    fi
    echo "== $name: $status"
    [ "$status" = PASS ] || fail=1
    rows+=("$name|$triple|$status|-|-|${verdicts:+VERDICTS $verdicts (host ${host_verdicts:--})}")
fi

if [ "${PANIC_CHECK:-1}" = 1 ]; then
    echo "== panic-check"
    if scripts/panic-check.sh; then
        rows+=("panic-check|thumbv7em-none-eabihf|PASS|-|-|-")
    else
        rows+=("panic-check|thumbv7em-none-eabihf|FAIL|-|-|-")
        fail=1
    fi
fi

echo
echo "== summary (icount shift=${ICOUNT_SHIFT:-6}; ${host_digest:+host DIGEST $host_digest; }${host_verdicts:+host VERDICTS $host_verdicts; }$(($(date +%s) - start)) s)"
printf '%-16s %-30s %-20s %-14s %-10s %s\n' target triple status stack_peak atom_insns digest
for r in "${rows[@]}"; do
    IFS='|' read -r a b c d e f <<<"$r"
    printf '%-16s %-30s %-20s %-14s %-10s %s\n' "$a" "$b" "$c" "$d" "$e" "${f:--}"
done

# Footprint and cost tables (markdown, for the README) from the ELFs and logs.
if scripts/footprint.sh --markdown >"$log/report.md" 2>&1; then
    echo
    echo "== footprint and instructions per operation ($log/report.md)"
    cat "$log/report.md"
    # Informational: counts move with the code and the toolchain, so a
    # stale README is reported, not failed.
    python3 scripts/readme-tables.py --check "$log/report.md" ||
        echo "(scripts/readme-tables.py copies this run's tables into the READMEs)"
fi
exit $fail
