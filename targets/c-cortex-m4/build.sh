#!/usr/bin/env bash
# Builds the C firmware for QEMU mps2-an386 (Cortex-M4F):
#
#   c-cortex-m4/build.sh ENGRAM [ELF]
#
# 1. libholon.a: this crate (holon-ffi + the panic-check handler) for
#    thumbv7em-none-eabihf, as scripts/toolchain.sh picks (rustup target, else
#    Debian's cargo with -Zbuild-std=core);
# 2. tables.c: the golden atoms, the engram file ENGRAM and the replay
#    records (HOLON_REPLAY, default tests/data/packets/replay.jsonl), by
#    holon-ffi's c_tables example on the host (root workspace, rustup cargo);
# 3. arm-none-eabi-gcc (C99, -Wall -Wextra -Werror) compiles main.c,
#    startup.c and holon-ffi/tests/c/checks.c and links them with
#    libholon.a and newlib (semihosting stdio, rdimon) into ELF (default
#    $CARGO_TARGET_DIR/c-cortex-m4/c-cortex-m4.elf). The link failing on
#    holon_ffi_panic_check__a_panic_path_survived_optimisation means a panic
#    path survived (see src/lib.rs).
#
# CARGO_FEATURES adds cargo features to step 1 (prove-the-check-bites).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/toolchain.sh"
root=$(cd "$here/../.." && pwd)
engram=${1:?usage: build.sh ENGRAM [ELF]}
engram=$(cd "$(dirname "$engram")" && pwd)/$(basename "$engram")
out=$CARGO_TARGET_DIR/c-cortex-m4
elf=${2:-$out/c-cortex-m4.elf}
triple=thumbv7em-none-eabihf
mkdir -p "$out"

holon_cargo "$triple"
(cd "$here/.." && "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release --target "$triple" \
    -p c-cortex-m4 ${CARGO_FEATURES:+--features "$CARGO_FEATURES"})
lib=$CARGO_TARGET_DIR/$triple/release/libholon.a

(cd "$root" && env -u RUSTC -u RUSTC_BOOTSTRAP CARGO_TARGET_DIR="${HOLON_HOST_TARGET_DIR:-$root/target}" \
    ${HOLON_HOST_CARGO:-cargo} run -q --release -p holon-ffi --example c_tables -- \
    "$root/tests/data/golden/atoms.jsonl" "$engram" \
    "${HOLON_REPLAY:-$root/tests/data/packets/replay.jsonl}" "$out/tables.c")

arch=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16)
case ",${CARGO_FEATURES:-}," in *,prove-the-check-bites,*) arch+=(-DHOLON_PROVE_THE_CHECK_BITES) ;; esac
arm-none-eabi-gcc "${arch[@]}" -std=c99 -Wall -Wextra -Werror -Os -g \
    -ffunction-sections -fdata-sections \
    -I"$root/holon-ffi" -I"$root/holon-ffi/tests/c" \
    "$here/main.c" "$here/startup.c" "$root/holon-ffi/tests/c/checks.c" "$out/tables.c" \
    -T "$here/link.ld" -nostartfiles --specs=rdimon.specs -Wl,--gc-sections \
    "$lib" -lm -o "$elf"
echo "$elf"
