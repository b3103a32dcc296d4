"""Atoms through `holon.atom` and `Holon.atom`: the 96 golden vectors
produced by holon-rs, and the prefix property for any dims."""

import numpy as np
import pytest

import holon

TRIT = {"+": 1, "-": -1, "0": 0}


def expected(row):
    return np.array([TRIT[c] for c in row["trits"]], dtype=np.int8)


def text_of(row):
    return row["atom"] if "atom" in row else f"__pos__{row['position']}"


def test_all_golden_atoms(golden_atoms):
    assert len(golden_atoms) >= 96
    for row in golden_atoms:
        want = expected(row)
        assert len(want) == row["dims"]
        got = holon.atom(text_of(row), dims=row["dims"], seed=row["seed"])
        assert got.dtype == np.int8 and got.shape == (row["dims"],)
        assert np.array_equal(got, want), (row.get("atom"), row["seed"], row["dims"])
        if "position" in row:
            assert np.array_equal(holon.position(row["position"], dims=row["dims"], seed=row["seed"]), want)


def test_facade_atoms_match_golden(golden_atoms):
    facades = {}
    for row in golden_atoms:
        key = (row["dims"], row["seed"])
        h = facades.setdefault(key, holon.Holon(dims=row["dims"], seed=row["seed"]))
        assert np.array_equal(h.atom(text_of(row)), expected(row))
        assert np.array_equal(h.atom(text_of(row)), expected(row))  # cached


@pytest.mark.parametrize("dims", [1, 7, 255, 1000, 4097, 65536])
def test_any_dims_is_the_prefix(dims):
    full = holon.atom("hello", dims=65536, seed=42)
    assert np.array_equal(holon.atom("hello", dims=dims, seed=42), full[:dims])
    assert np.array_equal(holon.Holon(dims=dims, seed=42).atom("hello"), full[:dims])


def test_cli_atom_agrees(run_holon):
    for dims in (16, 4096):
        line = run_holon("atom", "--dims", dims, "--seed", 3, "--", "-0").stdout.decode().strip()
        want = np.array([TRIT[c] for c in line], dtype=np.int8)
        assert np.array_equal(holon.atom("-0", dims=dims, seed=3), want)


@pytest.mark.parametrize("dims", [0, 65537, -1, 2**70])
def test_unsupported_dims_are_value_errors(dims):
    with pytest.raises(ValueError):
        holon.atom("x", dims=dims)
    with pytest.raises(ValueError):
        holon.Holon(dims=dims)
