#!/usr/bin/env python3
"""Copy the firmware tables of run-all's report into the READMEs.

    scripts/readme-tables.py [--check] [REPORT]

REPORT (default target/run-all/report.md, which `run-all.sh` writes with
`footprint.sh --markdown`) holds up to four tables, named here by the first
cell of their header row:

    summary  "target"                       flash, RAM, stack, main costs
    costs    "instructions (QEMU -icount)"  every operation per image
    c-image  "Cortex-M4F image"             the Rust and C replay images
    apps     "application image (D = 1024)" the minimal application images

README.md and targets/README.md mark where a table goes:

    <!-- footprint: costs -->
    | ... the table, replaced on every run ... |
    <!-- /footprint -->

Without --check the blocks are rewritten in place. With --check nothing is
written, and the exit status is 1 if a block differs from the report (each
stale block is named). Exit 2: the report lacks a table a README asks for,
or a marker is not closed.
"""

import pathlib
import re
import sys

TABLES = {
    "target": "summary",
    "instructions (QEMU -icount)": "costs",
    "Cortex-M4F image": "c-image",
    "application image (D = 1024)": "apps",
}

TARGETS_DIR = pathlib.Path(__file__).resolve().parent.parent
READMES = [TARGETS_DIR.parent / "README.md", TARGETS_DIR / "README.md"]
# Markers are whole lines; the same text inside a sentence is not one.
OPEN = r"^<!-- footprint: (?P<name>[a-z-]+) -->\n"
CLOSE = r"^<!-- /footprint -->$"
BLOCK = re.compile(f"({OPEN})(?P<body>.*?)({CLOSE})", re.DOTALL | re.MULTILINE)


def parse_report(text):
    """The report's tables by name: runs of lines starting with '|'."""
    tables, current = {}, []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line.rstrip())
            continue
        if current:
            first_cell = current[0].strip("|").split("|")[0].strip()
            name = TABLES.get(first_cell)
            if name is not None:
                tables[name] = "\n".join(current) + "\n"
            current = []
    return tables


def refresh(text, tables, path, problems):
    """`text` with every block replaced by its table; names of stale blocks."""
    stale = []

    def replace(match):
        name = match.group("name")
        table = tables.get(name)
        if table is None:
            problems.append(f"{path}: the report has no '{name}' table")
            return match.group(0)
        if match.group("body") != table:
            stale.append(name)
        return match.group(1) + table + match.group(4)

    new_text = BLOCK.sub(replace, text)
    opened = len(re.findall(OPEN, text, re.MULTILINE))
    closed = len(re.findall(CLOSE, text, re.MULTILINE))
    if opened != closed:
        problems.append(f"{path}: {opened} footprint markers opened, {closed} closed")
    return new_text, stale


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    if any(a.startswith("-") for a in args) or len(args) > 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    report = pathlib.Path(args[0]) if args else TARGETS_DIR / "target/run-all/report.md"
    try:
        tables = parse_report(report.read_text())
    except OSError as err:
        print(f"readme-tables: cannot read the report: {err}", file=sys.stderr)
        return 2
    problems, any_stale = [], False
    for readme in READMES:
        text = readme.read_text()
        new_text, stale = refresh(text, tables, readme, problems)
        for name in stale:
            any_stale = True
            verb = "differs from" if check else "refreshed from"
            print(f"readme-tables: {readme.relative_to(TARGETS_DIR.parent)}: "
                  f"'{name}' {verb} {report}")
        if not check and new_text != text:
            readme.write_text(new_text)
    for problem in problems:
        print(f"readme-tables: {problem}", file=sys.stderr)
    if problems:
        return 2
    return 1 if check and any_stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
