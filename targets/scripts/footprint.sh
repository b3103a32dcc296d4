#!/usr/bin/env bash
# Flash, static RAM and peak stack of each linked firmware ELF.
#
#   scripts/footprint.sh [--build] [--markdown] [ELF...]
#
# Without ELF arguments, reports the three firmware images and panic-check
# from target/<triple>/release/ (--build builds them first).
#
# flash      = every allocated, loaded section: vector table + .text + .rodata
#              (+ .data's load image)
# static RAM = .data + .bss + .uninit (writable allocated sections), excluding
#              riscv-rt's fictitious .heap/.stack regions
# peak stack = the painted high-water mark (`STACK peak=`) from the image's
#              last run-all.sh log, target/run-all/<image>.run1.log ("-" if
#              there is none)
#
# --markdown prints the README tables instead: per target and dimension,
# flash, static RAM, peak stack and the instructions per operation from the
# run logs (`CYCLES <op>_<D>` lines under -icount), then the full cost table.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/toolchain.sh

build=0
markdown=0
elfs=()
for a in "$@"; do
    case "$a" in
    --build) build=1 ;;
    --markdown) markdown=1 ;;
    -h | --help) sed -n '2,20p' "$0"; exit 0 ;;
    *) elfs+=("$a") ;;
    esac
done

if [ ${#elfs[@]} -eq 0 ]; then
    for fw in "${FIRMWARE[@]}" "${APPS[@]}" "panic-check thumbv7em-none-eabihf -"; do
        read -r name triple _ <<<"$fw"
        if [ $build = 1 ]; then
            holon_cargo "$triple"
            "${CARGO_CMD[@]}" build "${BUILD_STD[@]}" --release --target "$triple" -p "$name" -q
        fi
        elfs+=("$CARGO_TARGET_DIR/$triple/release/$name")
    done
    # The C firmware (c-cortex-m4/build.sh, run by run-all.sh), if built.
    c_elf=$CARGO_TARGET_DIR/c-cortex-m4/c-cortex-m4.elf
    [ -f "$c_elf" ] && elfs+=("$c_elf")
fi

# sizes ELF: prints "text rodata data bss flash static_ram"
sizes() {
    # readelf -S --wide: [Nr] Name Type Address Off Size ES Flg Lk Inf Al
    readelf -S --wide "$1" | sed -n 's/^ *\[ *[0-9]*\] //p' | awk '
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
        END { printf "%d %d %d %d %d %d\n", text, rodata, data, bss, text + rodata + data, data + bss }'
}

runlog() { echo "$CARGO_TARGET_DIR/run-all/$(basename "$1").run1.log"; }

# peak ELF: the painted stack peak from the last run, or "-"
peak() {
    local l
    l=$(runlog "$1")
    [ -f "$l" ] && sed -n 's/^STACK peak=\([0-9]*\) .*/\1/p' "$l" | head -1 | grep . || echo -
}

if [ $markdown = 0 ]; then
    printf '%-12s %-8s %8s %8s %8s %8s  %8s %10s %10s\n' image arch text rodata data bss flash static_ram peak_stack
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
        read -r text rodata data bss flash ram <<<"$(sizes "$elf")"
        printf '%-12s %-8s %8d %8d %8d %8d  %8d %10d %10s\n' "$(basename "$elf")" "$arch" \
            "$text" "$rodata" "$data" "$bss" "$flash" "$ram" "$(peak "$elf")"
    done
    exit 0
fi

# --- markdown -------------------------------------------------------------
# group N: digits in groups of three, "12 345"
group() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\| \)/\1 \2\3/' -e 'ta'; }
# insns LOG NAME: the insns= of `CYCLES NAME`, digits grouped, or "-"
insns() {
    local v
    v=$(sed -n "s/^CYCLES $2 ticks=[0-9]* insns=\([0-9]*\)$/\1/p" "$1" 2>/dev/null | head -1)
    if [ -n "$v" ]; then group "$v"; else echo -; fi
}
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
# Ops of the cost table: "op name in the CYCLES line|column title"
OPS=("atom|cold atom" "cached_atom|cached atom (by key)" "cached_atom_text|cached atom (by text)"
    "bind|bind" "bundle10|bundle of 10" "cosine|cosine" "acc_add|accumulator add"
    "record4|record, 4 fields, warm cache")
# record_d LOG: the D of the record phase(s) in a log, one per line
record_ds() { sed -n 's/^RECORD d=\([0-9]*\) .*/\1/p' "$1" 2>/dev/null; }

echo "| target | D | flash | static RAM | peak stack | cold atom | cached atom | bind | bundle of 10 | cosine | accumulator add | record (4 fields, warm) |"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cols=()
for elf in "${elfs[@]}"; do
    name=$(basename "$elf")
    [ "$name" = panic-check ] && continue
    [ "${name#app-}" != "$name" ] && continue
    log=$(runlog "$elf")
    [ -f "$elf" ] && [ -f "$log" ] || continue
    read -r _ _ _ _ flash ram <<<"$(sizes "$elf")"
    first=1
    for d in $(sed -n 's/^CYCLES bind_\([0-9]*\) .*/\1/p' "$log"); do
        rd=$(record_ds "$log" | grep -x "$d" || record_ds "$log" | head -1)
        if [ $first = 1 ]; then
            f=$(kb "$flash"); r="$ram B"; p="$(group "$(peak "$elf")") B"
        else
            f="(same image)"; r=""; p=""
        fi
        rec=$(insns "$log" "record4_$rd")
        [ "$rd" != "$d" ] && rec="$rec (D = $rd)"
        echo "| $name | $d | $f | $r | $p | $(insns "$log" "atom_$d") | $(insns "$log" "cached_atom_$d") | $(insns "$log" "bind_$d") | $(insns "$log" "bundle10_$d") | $(insns "$log" "cosine_$d") | $(insns "$log" "acc_add_$d") | $rec |"
        cols+=("$name|$d|$log")
        first=0
    done
done
echo
printf '| instructions (QEMU -icount) |'
for c in "${cols[@]}"; do IFS='|' read -r n d _ <<<"$c"; printf ' %s D=%s |' "$n" "$d"; done
echo
printf '| --- |'
for _ in "${cols[@]}"; do printf ' ---: |'; done
echo
for op in "${OPS[@]}" "record4_cold|record, 4 fields, cold cache" "dot|dot" "bundle3|bundle of 3" \
    "permute|permute" "sensor_learn|sensor reading, learning" "sensor_score|sensor reading, scoring" \
    "subspace_update|OnlineSubspace<1024, 8> update (f64)" "subspace_residual|OnlineSubspace<1024, 8> residual (f64)" \
    "packed_atom|packed: cold atom into planes" "packed_pack|packed: pack a Vector" \
    "packed_unpack|packed: unpack to a Vector" "packed_bind|packed: bind" "packed_dot|packed: dot" \
    "packed_cosine|packed: cosine" "packed_bundle10|packed: bundle of 10" \
    "packed_record4_cold|packed: record, 4 fields, cold atoms"; do
    IFS='|' read -r key title <<<"$op"
    printf '| %s |' "$title"
    for c in "${cols[@]}"; do
        IFS='|' read -r _ d log <<<"$c"
        v=$(insns "$log" "${key}_$d")
        if [ "$v" = - ] && [ "${key#record4}" != "$key" ]; then
            rd=$(record_ds "$log" | head -1)
            v=$(insns "$log" "${key}_$rd")
            [ "$v" != - ] && v="$v (D = $rd)"
        fi
        printf ' %s |' "$v"
    done
    echo
done

# The C firmware next to the Rust Cortex-M4 image (both embed the replay:
# the records, the engram file and the golden-atom table).
c_elf=$CARGO_TARGET_DIR/c-cortex-m4/c-cortex-m4.elf
rust_elf=$CARGO_TARGET_DIR/thumbv7em-none-eabihf/release/cortex-m4
if [ -f "$c_elf" ] && [ -f "$rust_elf" ]; then
    echo
    echo "| Cortex-M4F image | flash | static RAM | peak stack (painted) |"
    echo "| --- | ---: | ---: | ---: |"
    for elf in "$rust_elf" "$c_elf"; do
        name=$(basename "$elf" .elf)
        read -r _ _ _ _ flash ram <<<"$(sizes "$elf")"
        p=$(sed -n 's/^STACK peak=\([0-9]*\) .*/\1/p' "$CARGO_TARGET_DIR/run-all/$name.run1.log" 2>/dev/null | head -1)
        echo "| $name | $(kb "$flash") | $(group "$ram") B | ${p:+$(group "$p") B} |"
    done
fi

# The minimal application images (APPS): flash with the engram file it
# embeds broken out, static RAM (the packed bank, where it is in RAM), the
# painted peak stack, and the costs from the app's report lines.
app_rows=()
for elf in "${elfs[@]}"; do
    name=$(basename "$elf")
    [ "${name#app-}" != "$name" ] || continue
    log=$(runlog "$elf")
    [ -f "$elf" ] && [ -f "$log" ] || continue
    read -r _ _ _ _ flash ram <<<"$(sizes "$elf")"
    engram=$(sed -n 's/^ENGRAMS .* bytes=\([0-9]*\) bank_bytes=.*/\1/p' "$log" | head -1)
    bank=$(sed -n 's/^HOLON .* bank=\([a-z]*\).*/\1/p' "$log" | head -1)
    per=$(sed -n 's/^ENGRAMS .* bytes_per_engram=\([0-9]*\) .*/\1/p' "$log" | head -1)
    per_record=$(sed -n 's/^APP .* insns_per_record=\([0-9]*\) .*/\1/p' "$log" | head -1)
    matching=$(sed -n 's/^APP .* match_insns_per_record=\([0-9]*\)$/\1/p' "$log" | head -1)
    pk=$(peak "$elf")
    total=-
    [ "$pk" != - ] && total="$(group $((ram + pk))) B"
    code=$((flash - ${engram:-0}))
    app_rows+=("| $name | $(kb "$code") + $(kb "${engram:-0}") | $(group "$ram") B | $(group "$pk") B | $total | $bank${per:+ ($per B an engram)} | $(insns "$log" app_load) | $(insns "$log" app_setup) | $(group "${per_record:-0}") | $(group "${matching:-0}") |")
done
if [ ${#app_rows[@]} -gt 0 ]; then
    echo
    echo "| application image (D = 1024) | flash: code + engram file | static RAM | peak stack | peak RAM | engram bank | load | setup | score a record (avg of 7) | of which matching |"
    echo "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${app_rows[@]}"
fi
