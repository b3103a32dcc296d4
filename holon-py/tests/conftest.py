"""Shared fixtures: the repository's data files and the `holon` CLI binary.

Tests read only files inside the repository (tests/data/...). Overrides:
HOLON_BIN (the CLI binary; default target/release/holon, built with cargo
if missing), HOLON_GOLDEN_ATOMS and HOLON_PACKETS (other golden atoms or
another labelled packet stream, to re-check on inputs of your own).
"""

import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def golden_atoms():
    path = os.environ.get("HOLON_GOLDEN_ATOMS", str(REPO / "tests" / "data" / "golden" / "atoms.jsonl"))
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def packets_path() -> str:
    return os.environ.get("HOLON_PACKETS", str(REPO / "tests" / "data" / "packets" / "zero_hardcode_packets.jsonl.gz"))


@pytest.fixture(scope="session")
def packet_lines(packets_path):
    opener = gzip.open if packets_path.endswith(".gz") else open
    with opener(packets_path, "rt", encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def holon_bin() -> str:
    path = os.environ.get("HOLON_BIN", str(REPO / "target" / "release" / "holon"))
    if not os.path.exists(path):
        subprocess.run(
            ["cargo", "build", "--release", "-p", "holon-std", "--bin", "holon"],
            cwd=REPO,
            check=True,
        )
    return path


@pytest.fixture(scope="session")
def run_holon(holon_bin):
    def run(*args, stdin=None):
        done = subprocess.run(
            [holon_bin, *map(str, args)],
            input=stdin,
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        return done

    return run


def digest_of(stderr: bytes) -> str:
    for line in stderr.decode().splitlines():
        if line.startswith("verdict digest: "):
            return line.split(": ", 1)[1].strip()
    raise AssertionError("no verdict digest in: " + stderr.decode())
