#!/usr/bin/env bash
# The C side of holon-ffi on the host: holon.h is fresh and C++-clean, the C
# test (tests/c) links against the staticlib, passes under valgrind with zero
# errors, and scores the replay slice with `holon score`'s verdict digest;
# the README's C example and its C snippet compile and run.
#
#   holon-ffi/test-c.sh
#
# Environment: HOLON_REPLAY (replay records, default
# tests/data/packets/replay.jsonl), HOLON_GOLDEN_ATOMS (default
# tests/data/golden/atoms.jsonl), VALGRIND=0 to run without valgrind,
# CC / CXX. Work files: target/ffi-c/. Exit status 0 only if all held.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# The package whose binary is `holon` (mint, score).
holon_package=holon-cli

out=$root/target/ffi-c
mkdir -p "$out"
cc=${CC:-gcc}
cxx=${CXX:-g++}
replay=${HOLON_REPLAY:-$root/tests/data/packets/replay.jsonl}
atoms=${HOLON_GOLDEN_ATOMS:-$root/tests/data/golden/atoms.jsonl}
cargo=(env -u RUSTC -u RUSTC_BOOTSTRAP cargo)

echo "== holon.h"
holon-ffi/gen-header.sh --check
"$cxx" -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -Werror holon-ffi/holon.h
"$cc" -fsyntax-only -x c -std=c99 -Wall -Wextra -Werror -pedantic holon-ffi/holon.h
echo "g++ -fsyntax-only and gcc -std=c99 -pedantic accept holon.h"

echo "== libholon_ffi.a, holon ($holon_package), engram"
"${cargo[@]}" rustc -q --release -p holon-ffi --crate-type staticlib
"${cargo[@]}" build -q --release -p "$holon_package" --bin holon
holon=$root/target/release/holon
lib=$root/target/release/libholon_ffi.a
"$holon" mint --warmup 300 --out "$out/holon.engram" \
    "$root/tests/data/packets/zero_hardcode_packets.jsonl.gz"
"$holon" score --engram "$out/holon.engram" "$replay" >/dev/null 2>"$out/score.log"
host=$(sed -n 's/^verdict digest: \([0-9a-f]\{16\}\)$/\1/p' "$out/score.log")
[ -n "$host" ] || { cat "$out/score.log"; echo "holon score printed no verdict digest"; exit 1; }
echo "holon score: verdict digest $host"

"${cargo[@]}" run -q --release -p holon-ffi --example c_tables -- \
    "$atoms" "$out/holon.engram" "$replay" "$out/tables.c"

echo "== C test (gcc -std=c99 -Wall -Wextra -Werror)"
flags=(-std=c99 -Wall -Wextra -Werror -O2 -g -Iholon-ffi -Iholon-ffi/tests/c)
libs=(-lpthread -ldl -lm)
"$cc" "${flags[@]}" -o "$out/test_holon" holon-ffi/tests/c/test_holon.c \
    holon-ffi/tests/c/checks.c "$out/tables.c" "$lib" "${libs[@]}"
checker=()
if [ "${VALGRIND:-1}" = 1 ]; then
    checker=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
fi
"${checker[@]}" "$out/test_holon" | tee "$out/test.log"
c=$(sed -n 's/^VERDICTS .* digest=\([0-9a-f]*\)$/\1/p' "$out/test.log")
grep -q '^RESULT PASS' "$out/test.log"
grep -q "^SCALARS digest=e4a1325b6ae0abfb$" "$out/test.log"
if [ "$c" != "$host" ]; then
    echo "FAIL: C verdict digest $c != holon score $host"
    exit 1
fi
echo "C verdict digest $c == holon score's"

echo "== example (holon-ffi/examples/c/quickstart.c)"
"$cc" -std=c99 -Wall -Wextra -Werror -Iholon-ffi -o "$out/quickstart" \
    holon-ffi/examples/c/quickstart.c "$lib" "${libs[@]}"
"$out/quickstart"
echo "== README's C snippet (section \"From C\"), compiled and run on the minted engram"
{
    echo '#include <stdio.h>'
    echo '#include "holon.h"'
    echo 'static int readme_snippet(const uint8_t *engram_bytes, size_t engram_len) {'
    awk '/^## From C/ { section = 1 } section && /^```c$/ { inside = 1; next }
         inside && /^```$/ { exit } inside' README.md
    echo '    return v.anomaly;'
    echo '}'
    echo 'int main(int argc, char **argv) {'
    echo '    static uint8_t engram[1 << 20];'
    echo '    FILE *file = argc > 1 ? fopen(argv[1], "rb") : NULL;'
    echo '    size_t len = file ? fread(engram, 1, sizeof engram, file) : 0;'
    echo '    if (len == 0) return 2;'
    echo '    printf("README snippet: anomaly=%d\n", readme_snippet(engram, len));'
    echo '    return 0;'
    echo '}'
} >"$out/readme_snippet.c"
grep -q holon_engram_bank_score "$out/readme_snippet.c" ||
    { echo "FAIL: no C block under README's \"## From C\""; exit 1; }
"$cc" -std=c99 -Wall -Wextra -Werror -Wno-unused-variable -Iholon-ffi \
    -o "$out/readme_snippet" "$out/readme_snippet.c" "$lib" "${libs[@]}"
"${checker[@]}" "$out/readme_snippet" "$out/holon.engram"
echo "holon-ffi C: PASS"
