#!/usr/bin/env bash
# Installs what the full test suite needs beyond a rustup stable toolchain:
# rustfmt and clippy, and for the bare-metal targets Debian's second Rust
# toolchain with its library source (for -Zbuild-std), GNU binutils for ARM
# and RISC-V, and QEMU. Installs only what is missing; safe to run again.
#
# Users whose rustup can `rustup target add thumbv7em-none-eabihf
# thumbv6m-none-eabi riscv32imac-unknown-none-elf` do not need the Debian Rust
# packages: targets/scripts/toolchain.sh prefers installed rustup targets.
set -euo pipefail

if command -v rustup >/dev/null 2>&1; then
    for component in rustfmt clippy; do
        rustup component list --installed 2>/dev/null | grep -q "^$component" ||
            rustup component add "$component"
    done
fi

rustup_has_all_targets() {
    command -v rustup >/dev/null 2>&1 || return 1
    local installed
    installed=$(rustup target list --installed 2>/dev/null)
    for t in thumbv7em-none-eabihf thumbv6m-none-eabi riscv32imac-unknown-none-elf; do
        grep -qx "$t" <<<"$installed" || return 1
    done
}

packages=()
if ! rustup_has_all_targets; then
    [ -x /usr/bin/rustc ] || packages+=(rustc-web)
    [ -x /usr/bin/cargo ] || packages+=(cargo-web)
    [ -d /usr/lib/rustlib/src/rust/library/core ] || packages+=(rust-web-src)
fi
command -v arm-none-eabi-ld >/dev/null 2>&1 || packages+=(binutils-arm-none-eabi)
command -v riscv64-unknown-elf-ld >/dev/null 2>&1 || packages+=(binutils-riscv64-unknown-elf)
command -v qemu-system-arm >/dev/null 2>&1 || packages+=(qemu-system-arm)
command -v qemu-system-riscv32 >/dev/null 2>&1 || packages+=(qemu-system-misc)
# holon-ffi (issue 15): cbindgen writes holon.h; gcc, g++ and valgrind run
# the host C test; arm-none-eabi-gcc with newlib builds the C firmware.
command -v cbindgen >/dev/null 2>&1 || packages+=(cbindgen)
command -v gcc >/dev/null 2>&1 || packages+=(gcc)
command -v g++ >/dev/null 2>&1 || packages+=(g++)
command -v valgrind >/dev/null 2>&1 || packages+=(valgrind)
command -v arm-none-eabi-gcc >/dev/null 2>&1 || packages+=(gcc-arm-none-eabi)
[ -f /usr/lib/arm-none-eabi/newlib/thumb/v7e-m+fp/hard/librdimon.a ] || packages+=(libnewlib-arm-none-eabi)

# The Python package's tests (scripts/test-python.sh) need python3 with venv
# and pip; Debian splits venv (with ensurepip) into python3-venv.
if ! command -v python3 >/dev/null 2>&1; then
    packages+=(python3 python3-venv python3-pip)
elif ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    packages+=(python3-venv)
fi
# aarch64 Linux (scripts/test-aarch64.sh): cross gcc and libc as the linker,
# qemu-user as the runner, and, without a rustup aarch64 target, Debian's
# Rust with its library source for -Zbuild-std=std.
command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || packages+=(gcc-aarch64-linux-gnu)
[ -d /usr/aarch64-linux-gnu/include ] || packages+=(libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null 2>&1 || packages+=(qemu-user)
if ! { command -v rustup >/dev/null 2>&1 &&
    rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; }; then
    [ -x /usr/bin/rustc ] || packages+=(rustc-web)
    [ -x /usr/bin/cargo ] || packages+=(cargo-web)
    [ -d /usr/lib/rustlib/src/rust/library/std ] || packages+=(rust-web-src)
fi

if [ ${#packages[@]} -eq 0 ]; then
    echo "install-deps: everything is present"
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "install-deps: need root (or sudo) to apt-get install: ${packages[*]}" >&2
        exit 1
    }
    sudo=(sudo)
fi
echo "install-deps: apt-get install ${packages[*]}"
"${sudo[@]}" apt-get update -qq
# --no-install-recommends: the QEMU packages' recommends pull in a desktop
# stack that conflicts with some base images.
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
echo "install-deps: done"
