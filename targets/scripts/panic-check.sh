#!/usr/bin/env bash
# Panic-freedom link check for holon-core (see panic-check/src/main.rs and
# the module files next to it).
#
#   scripts/panic-check.sh     (from targets/, or by any path: it cds there)
#
# 1. builds panic-check (thumbv7em-none-eabihf, --release: fat LTO,
#    panic=abort): the link must SUCCEED, i.e. no panic path survived;
# 2. runs the image under QEMU (must exit 0);
# 3. builds again with --features holon-core/compact (the application
#    images' ChaCha8 and SHA-256): the link must succeed as well;
# 4. builds again with --features prove-the-check-bites (adds one slice
#    index with an opaque index): the link must FAIL with an undefined
#    reference to the panic sentinel, proving the check can fail.
#
# Steps 1-4 run once per opt-level in PANIC_CHECK_OPT_LEVELS (default "s 3":
# the profile's level and the speed one), set through
# CARGO_PROFILE_RELEASE_OPT_LEVEL; each level builds its own copy of core once.
# When step 1 fails, the image is relinked with unresolved symbols allowed
# and panic-culprits.py prints which holon-core functions reach a panic.
# Exit status 0 only if every expectation held. Logs: target/panic-check/.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh

triple=thumbv7em-none-eabihf
sentinel=holon_panic_check__a_panic_path_survived_optimisation
log=$CARGO_TARGET_DIR/panic-check
mkdir -p "$log"
holon_cargo "$triple" || exit 1

fail=0
for level in ${PANIC_CHECK_OPT_LEVELS:-s 3}; do
    build() {
        env CARGO_PROFILE_RELEASE_OPT_LEVEL="$level" "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" \
            --release --target "$triple" -p panic-check "$@"
    }

    if build >"$log/clean-$level.log" 2>&1; then
        echo "panic-check[opt=$level]: holon-core ops link with no panic path: OK"
    else
        echo "panic-check[opt=$level]: FAIL: link failed without the feature (a panic path survived?)"
        grep -E "undefined reference|in function|error" "$log/clean-$level.log" | head -20 | sed 's/^/    /'
        if env CARGO_PROFILE_RELEASE_OPT_LEVEL="$level" "${CARGO_CMD[@]}" rustc "${BUILD_STD[@]}" \
            --release --target "$triple" -p panic-check -- \
            -C link-arg=--unresolved-symbols=ignore-all >"$log/culprits-$level.log" 2>&1 &&
            command -v python3 >/dev/null; then
            echo "  functions that reach the panic handler (shortest call chains):"
            python3 scripts/panic-culprits.py arm-none-eabi-objdump \
                "$CARGO_TARGET_DIR/$triple/release/panic-check" | sed 's/^/  /'
        fi
        fail=1
        continue
    fi

    if scripts/qemu-run.sh mps2-an386 "$CARGO_TARGET_DIR/$triple/release/panic-check" >"$log/run-$level.log" 2>&1; then
        echo "panic-check[opt=$level]: image runs under QEMU, exit 0: OK"
    else
        echo "panic-check[opt=$level]: FAIL: image exited non-zero under QEMU"
        fail=1
    fi

    # holon-core's `compact` feature (the one-block ChaCha8 and SHA-256's
    # compact backend the application images link) must link clean too.
    if build --features holon-core/compact >"$log/compact-$level.log" 2>&1; then
        echo "panic-check[opt=$level]: the same with holon-core/compact: OK"
    else
        echo "panic-check[opt=$level]: FAIL: link failed with holon-core/compact (a panic path survived?)"
        grep -E "undefined reference|in function|error" "$log/compact-$level.log" | head -20 | sed 's/^/    /'
        fail=1
    fi

    if build --features prove-the-check-bites >"$log/bites-$level.log" 2>&1; then
        echo "panic-check[opt=$level]: FAIL: deliberate panic path linked; the check is toothless"
        fail=1
    elif grep -q "undefined reference to \`$sentinel'" "$log/bites-$level.log"; then
        echo "panic-check[opt=$level]: deliberate panic path fails the link as it must: OK"
    else
        echo "panic-check[opt=$level]: FAIL: feature build failed for another reason, see $log/bites-$level.log"
        fail=1
    fi
done
exit $fail
