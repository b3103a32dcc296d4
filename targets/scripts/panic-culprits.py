#!/usr/bin/env python3
"""List who reaches the panic handler in a linked ELF.

    panic-culprits.py OBJDUMP ELF

Reads `OBJDUMP -d -C ELF`, builds the static call graph from direct
branches (bl / b / b.w / jal / j / tail / call), walks it backwards from
core::panicking::* and the panic handler, and prints, for every function of
holon-core or of the calling crate that can reach a panic, one shortest
chain to it. Used by panic-check.sh after the check fails.
"""
import re
import subprocess
import sys
from collections import deque

FUNC = re.compile(r"^[0-9a-f]+ <(.+)>:$")
CALL = re.compile(r"\s(?:bl|blx|b|b\.w|b\.n|jal|j|tail|call)\s+[0-9a-f]+ <(.+)>\s*$")


def base(name):
    return re.sub(r"\+0x[0-9a-f]+$", "", name)


def main():
    objdump, elf = sys.argv[1], sys.argv[2]
    text = subprocess.run([objdump, "-d", "-C", "--no-show-raw-insn", elf],
                          check=True, capture_output=True, text=True).stdout
    callers = {}
    fn = None
    for line in text.splitlines():
        m = FUNC.match(line)
        if m:
            fn = m.group(1)
            continue
        m = CALL.search(line)
        if m and fn:
            callee = base(m.group(1))
            if callee != fn:
                callers.setdefault(callee, set()).add(fn)

    roots = [f for f in callers if f.startswith("core::panicking::")
             or "rust_begin_unwind" in f or "panic_path_survived" in f]
    # BFS backwards; next_hop[f] = the callee one step closer to a panic.
    next_hop = {r: None for r in roots}
    queue = deque(roots)
    while queue:
        f = queue.popleft()
        for c in callers.get(f, ()):
            if c not in next_hop:
                next_hop[c] = f
                queue.append(c)

    def ours(f):
        return f.startswith(("holon_core::", "<holon_core::", "panic_check::", "<panic_check::"))

    found = False
    for f in sorted(next_hop):
        if not ours(f) or f.endswith("panic_path_survived"):
            continue
        # Report only the innermost of our functions on each chain.
        chain, g = [f], next_hop[f]
        while g is not None:
            chain.append(g)
            g = next_hop[g]
        if any(ours(x) for x in chain[1:-1] if "panic_path_survived" not in x):
            continue
        found = True
        print("  " + "\n    -> ".join(chain))
    if not found:
        print("  (no holon-core / panic-check function found on a path to the panic handler)")


if __name__ == "__main__":
    main()
