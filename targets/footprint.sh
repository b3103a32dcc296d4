#!/usr/bin/env bash
# Flash and static RAM of each linked firmware ELF.
#
#   ./footprint.sh [--build] [ELF...]
#
# Without ELF arguments, reports the three firmware images and panic-check
# from target/<triple>/release/ (--build builds them first).
#
# flash      = every allocated, loaded section: vector table + .text + .rodata
#              (+ .data's load image)
# static RAM = .data + .bss + .uninit (writable allocated sections), excluding
#              riscv-rt's fictitious .heap/.stack regions
# Stack is not static RAM; run-all.sh reports the painted peak.
set -euo pipefail
cd "$(dirname "$0")"
. ./toolchain.sh

build=0
elfs=()
for a in "$@"; do
    case "$a" in
    --build) build=1 ;;
    -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
    *) elfs+=("$a") ;;
    esac
done

if [ ${#elfs[@]} -eq 0 ]; then
    for fw in "${FIRMWARE[@]}" "panic-check thumbv7em-none-eabihf -"; do
        read -r name triple _ <<<"$fw"
        if [ $build = 1 ]; then
            holon_cargo "$triple"
            "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release --target "$triple" -p "$name" -q
        fi
        elfs+=("$CARGO_TARGET_DIR/$triple/release/$name")
    done
fi

printf '%-12s %-8s %8s %8s %8s %8s  %8s %10s\n' image arch text rodata data bss flash static_ram
for elf in "${elfs[@]}"; do
    if [ ! -f "$elf" ]; then
        printf '%-12s (missing: %s)\n' "$(basename "$elf")" "$elf"
        continue
    fi
    machine=$(readelf -h "$elf" | awk -F: '/Machine:/ {gsub(/^ +/, "", $2); print $2}')
    case "$machine" in
    ARM) arch=arm ;;
    RISC-V) arch=riscv ;;
    *) arch=$machine ;;
    esac
    # readelf -S --wide: [Nr] Name Type Address Off Size ES Flg Lk Inf Al
    readelf -S --wide "$elf" | sed -n 's/^ *\[ *[0-9]*\] //p' | awk -v img="$(basename "$elf")" -v arch="$arch" '
        function hex(s,    i, n) {
            n = 0; s = tolower(s)
            for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
            return n
        }
        $1 == "" || $2 == "NULL" { next }
        {
            name = $1; type = $2; size = hex($5); flg = $7
            if (flg !~ /A/) next
            if (name == ".stack" || name == ".heap") next
            if (type == "NOBITS") { bss += size; next }
            if (flg ~ /W/) data += size
            else if (flg ~ /X/) text += size
            else rodata += size
        }
        END {
            printf "%-12s %-8s %8d %8d %8d %8d  %8d %10d\n", img, arch, text, rodata, data, bss,
                text + rodata + data, data + bss
        }'
done
