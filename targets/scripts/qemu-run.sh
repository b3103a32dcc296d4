#!/usr/bin/env bash
# Run a firmware ELF under QEMU.
#
#   qemu-run.sh BOARD ELF
#
# BOARD is one of:
#   mps2-an386  Cortex-M4  (thumbv7em-none-eabihf), output + exit via semihosting
#   microbit    Cortex-M0  (thumbv6m-none-eabi),    output + exit via semihosting
#   virt        RV32IMAC   (riscv32imac-unknown-none-elf), NS16550 UART output,
#               exit through the SiFive test device
#
# Also used as the cargo `runner` (see ../.cargo/config.toml), so
# `cargo run --release --target <triple> -p <crate>` ends up here.
#
# Environment:
#   ICOUNT_SHIFT  QEMU -icount shift (default 6: 64 ns of virtual time per
#                 instruction). Must match fw_harness::ICOUNT_SHIFT for the
#                 instruction estimates the firmware prints to be right.
#   QEMU_TIMEOUT  seconds before the run is killed (default 60); exit 124.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 BOARD ELF" >&2
    exit 2
fi
board=$1
elf=$2
shift 2
icount="shift=${ICOUNT_SHIFT:-6}"
t=${QEMU_TIMEOUT:-60}

case "$board" in
mps2-an386)
    exec timeout "$t" qemu-system-arm -machine mps2-an386 -cpu cortex-m4 \
        -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -icount "$icount" -kernel "$elf" "$@"
    ;;
microbit)
    exec timeout "$t" qemu-system-arm -machine microbit \
        -nographic -monitor none -serial none \
        -semihosting-config enable=on,target=native \
        -icount "$icount" -kernel "$elf" "$@"
    ;;
virt)
    exec timeout "$t" qemu-system-riscv32 -machine virt -bios none \
        -nographic -monitor none -serial stdio \
        -icount "$icount" -kernel "$elf" "$@"
    ;;
*)
    echo "qemu-run.sh: unknown board '$board'" >&2
    exit 2
    ;;
esac
