"""`holon.Accumulator`: the core's exact sums, merges and pickling."""

import pickle

import numpy as np
import pytest

import holon


def test_frequency_is_preserved():
    a, b = holon.atom("a", 1024), holon.atom("b", 1024)
    acc = holon.Accumulator(1024)
    acc.add(a, weight=100)
    acc.add(b)
    assert acc.count == 101
    # a decides wherever it is non-zero; b only where a is 0.
    assert np.array_equal(acc.threshold(), np.where(a != 0, a, b))
    assert acc.cosine(a) > 0.99
    assert np.array_equal(acc.sums(), 100 * a.astype(np.int32) + b)
    assert acc.dot(a) == int(np.dot(acc.sums().astype(np.int64), a))


@pytest.mark.parametrize("dims", [1000, 4096])
def test_merged_halves_equal_one_accumulator(dims):
    vectors = [holon.atom(str(i), dims) for i in range(50)]
    whole = holon.Accumulator(dims)
    left, right = holon.Accumulator(dims), holon.Accumulator(dims)
    for i, v in enumerate(vectors):
        whole.add(v, weight=i - 20)
        (left if i % 3 else right).add(v, weight=i - 20)
    left.merge(right)
    assert left == whole
    assert np.array_equal(left.sums(), whole.sums()) and left.count == whole.count
    assert np.array_equal(left.threshold(), whole.threshold())


def test_pickle_round_trip_is_exact():
    acc = holon.Accumulator(777)
    for i in range(10):
        acc.add(holon.atom(str(i), 777), weight=i)
    copy = pickle.loads(pickle.dumps(acc))
    assert copy == acc and copy.dims == 777 and copy.count == acc.count
    assert np.array_equal(copy.threshold(), acc.threshold())


def test_mismatches_are_value_errors():
    acc = holon.Accumulator(64)
    with pytest.raises(ValueError):
        acc.add(holon.atom("x", 65))
    with pytest.raises(ValueError):
        acc.merge(holon.Accumulator(128))
    with pytest.raises(ValueError):
        acc.add(np.full(64, 3, dtype=np.int8))
    with pytest.raises(ValueError):
        holon.Accumulator(0)
