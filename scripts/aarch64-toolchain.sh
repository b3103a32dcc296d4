# Sourced by test-aarch64.sh and aarch64-insn-counts.sh: how to build for
# and run on aarch64-unknown-linux-gnu from an x86-64 Linux machine.
#
#   AARCH64            the target triple
#   AARCH64_CARGO      array: the cargo command (with its environment)
#   AARCH64_BUILD_STD  array: extra `cargo build/test` arguments
#   AARCH64_RUNNER     the emulator command line (qemu-user)
#
# 1. If rustup is present and `rustup target list --installed` lists the
#    triple (`rustup target add aarch64-unknown-linux-gnu`), use plain
#    `cargo` with the prebuilt std.
# 2. Otherwise Debian's toolchain: /usr/bin/cargo with RUSTC=/usr/bin/rustc,
#    RUSTC_BOOTSTRAP=1 and `-Zbuild-std=std` over the library source Debian
#    ships (rust-web-src) under $(rustc --print sysroot)/lib/rustlib/src.
#
# Either way: linker aarch64-linux-gnu-gcc (gcc-aarch64-linux-gnu,
# libc6-dev-arm64-cross), runner `qemu-aarch64 -L /usr/aarch64-linux-gnu`
# (qemu-user), both through cargo's per-target environment variables.
# Override with HOLON_CARGO, HOLON_RUSTC, HOLON_RUSTDOC and HOLON_BUILD_STD=1|0.

AARCH64=aarch64-unknown-linux-gnu
AARCH64_RUNNER="qemu-aarch64 -L /usr/aarch64-linux-gnu"
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER=$AARCH64_RUNNER

aarch64_toolchain() {
    local build_std=${HOLON_BUILD_STD:-}
    if [ -z "$build_std" ]; then
        if command -v rustup >/dev/null 2>&1 &&
            rustup target list --installed 2>/dev/null | grep -qx "$AARCH64"; then
            build_std=0
        else
            build_std=1
        fi
    fi
    for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
        command -v "$tool" >/dev/null 2>&1 || {
            echo "aarch64-toolchain.sh: $tool is missing (scripts/install-deps.sh installs it)" >&2
            return 1
        }
    done
    if [ "$build_std" = 0 ]; then
        AARCH64_CARGO=("${HOLON_CARGO:-cargo}")
        [ -n "${HOLON_RUSTC:-}" ] && AARCH64_CARGO=(env RUSTC="$HOLON_RUSTC" "${AARCH64_CARGO[@]}")
        AARCH64_BUILD_STD=()
    else
        local rustc=${HOLON_RUSTC:-/usr/bin/rustc} cargo=${HOLON_CARGO:-/usr/bin/cargo}
        if [ ! -x "$rustc" ] || [ ! -x "$cargo" ]; then
            echo "aarch64-toolchain.sh: $AARCH64 is not an installed rustup target and $rustc/$cargo are missing" >&2
            echo "  either: rustup target add $AARCH64" >&2
            echo "  or:     apt-get install rustc-web cargo-web rust-web-src" >&2
            return 1
        fi
        if [ ! -d "$("$rustc" --print sysroot)/lib/rustlib/src/rust/library/std" ]; then
            echo "aarch64-toolchain.sh: $rustc has no library source for -Zbuild-std (apt-get install rust-web-src)" >&2
            return 1
        fi
        # rustdoc from the same toolchain: the doc tests link against the
        # std this toolchain builds from source.
        local rustdoc=${HOLON_RUSTDOC:-$(dirname "$rustc")/rustdoc}
        AARCH64_CARGO=(env RUSTC="$rustc" RUSTDOC="$rustdoc" RUSTC_BOOTSTRAP=1 "$cargo")
        AARCH64_BUILD_STD=(-Zbuild-std=std)
    fi
}
