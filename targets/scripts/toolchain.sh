# Sourced by run-all.sh, footprint.sh and panic-check.sh: picks how to build
# for a bare-metal target.
#
#   holon_cargo TRIPLE   sets the array CARGO_CMD (command + leading args)
#                        and BUILD_STD (extra args for `cargo build`)
#
# 1. If rustup is present and `rustup target list --installed` lists TRIPLE,
#    use plain `cargo` (prebuilt core for the target).
# 2. Otherwise use Debian's toolchain: /usr/bin/cargo with RUSTC=/usr/bin/rustc,
#    RUSTC_BOOTSTRAP=1 and `-Zbuild-std=core` (needs the rust-src that Debian
#    ships under $(rustc --print sysroot)/lib/rustlib/src).
#
# Override with HOLON_CARGO (a cargo binary), HOLON_RUSTC and
# HOLON_BUILD_STD=1|0.

TARGETS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$TARGETS_DIR/target}

holon_cargo() {
    local triple=$1 build_std=${HOLON_BUILD_STD:-}
    if [ -z "$build_std" ]; then
        if command -v rustup >/dev/null 2>&1 &&
            rustup target list --installed 2>/dev/null | grep -qx "$triple"; then
            build_std=0
        else
            build_std=1
        fi
    fi
    if [ "$build_std" = 0 ]; then
        CARGO_CMD=("${HOLON_CARGO:-cargo}")
        [ -n "${HOLON_RUSTC:-}" ] && CARGO_CMD=(env RUSTC="$HOLON_RUSTC" "${CARGO_CMD[@]}")
        BUILD_STD=()
    else
        local rustc=${HOLON_RUSTC:-/usr/bin/rustc} cargo=${HOLON_CARGO:-/usr/bin/cargo}
        if [ ! -x "$rustc" ] || [ ! -x "$cargo" ]; then
            echo "toolchain.sh: $triple is not an installed rustup target and $rustc/$cargo are missing" >&2
            echo "  either: rustup target add $triple" >&2
            echo "  or:     apt-get install rustc cargo rust-src" >&2
            return 1
        fi
        if [ ! -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library/core" ]; then
            echo "toolchain.sh: $rustc has no rust-src for -Zbuild-std (apt-get install rust-src)" >&2
            return 1
        fi
        CARGO_CMD=(env RUSTC="$rustc" RUSTC_BOOTSTRAP=1 "$cargo")
        BUILD_STD=(-Zbuild-std=core)
    fi
}

# name  triple  qemu board  (one line per firmware image)
FIRMWARE=(
    "cortex-m4 thumbv7em-none-eabihf mps2-an386"
    "cortex-m0 thumbv6m-none-eabi microbit"
    "riscv32 riscv32imac-unknown-none-elf virt"
)

# The minimal application images (fw_harness::app): name  triple  qemu board.
# run-all.sh runs them after FIRMWARE; footprint.sh reports them.
APPS=(
    "app-cortex-m4 thumbv7em-none-eabihf mps2-an386"
    "app-cortex-m0 thumbv6m-none-eabi microbit"
    "app-riscv32 riscv32imac-unknown-none-elf virt"
)
