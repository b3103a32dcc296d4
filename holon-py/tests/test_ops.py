"""The algebra and similarity through Python: core semantics, the prefix
property at dims the package does not compile, and errors."""

import numpy as np
import pytest

import holon


def vec(text, dims=4096, seed=0):
    return holon.atom(text, dims=dims, seed=seed)


def test_bind_is_self_inverse_where_the_key_is_nonzero():
    a, b = vec("role"), vec("filler")
    back = holon.bind(holon.bind(a, b), a)
    assert np.array_equal(back[a != 0], b[a != 0])
    assert np.array_equal(holon.bind(a, b), a * b)


def test_bundle_and_cosine_follow_the_core():
    xs = [vec(t) for t in "abc"]
    s = holon.bundle(xs)
    assert np.array_equal(s, np.sign(np.sum(np.stack(xs).astype(np.int32), axis=0)).astype(np.int8))
    for x in xs:
        assert 0.3 < holon.cosine(s, x) <= 1.0
    assert holon.cosine(xs[0], xs[0]) == 1.0
    zero = np.zeros(4096, dtype=np.int8)
    assert holon.cosine(xs[0], zero) == 0.0
    assert np.array_equal(holon.bundle([], dims=10), np.zeros(10, dtype=np.int8))
    a, b = xs[0], xs[1]
    assert holon.dot(a, b) == int(np.dot(a.astype(np.int64), b.astype(np.int64)))
    assert holon.hamming(a, b) == int(np.count_nonzero(a != b))
    assert holon.agreement(a, b) == int(np.count_nonzero((a == b) & (a != 0)))


def test_cosine_is_the_core_f32_value():
    a, b = vec("x"), vec("y")
    na, nb = np.count_nonzero(a), np.count_nonzero(b)
    d = int(np.dot(a.astype(np.int64), b.astype(np.int64)))
    want = np.float32(d) / (np.sqrt(np.float32(na)) * np.sqrt(np.float32(nb)))
    assert abs(holon.cosine(a, b) - float(want)) < 1e-6


def test_the_rest_of_the_algebra():
    s, c = vec("s", 512), vec("c", 512)
    assert np.array_equal(holon.negate(s, c), np.clip(s.astype(np.int16) - c, -1, 1).astype(np.int8))
    assert np.array_equal(holon.negate(s, c, mode="zero_out"), np.where(c != 0, 0, s))
    assert np.array_equal(holon.negate(s, c, mode="invert"), np.where(c != 0, -s, s))
    assert np.array_equal(holon.difference(s, c), np.clip(c.astype(np.int16) - s, -1, 1).astype(np.int8))
    assert np.array_equal(holon.resonance(s, c), np.where(s == c, s, 0))
    assert np.array_equal(holon.blend(s, c, 0.0), s)
    assert np.array_equal(holon.blend(s, c, 1.0), c)
    assert np.array_equal(holon.amplify(s, c, 2.0), np.sign(s + 2 * c.astype(np.int16)).astype(np.int8))
    # Component i of permute(s, k) is s[(i + k) mod D] (holon-rs's convention).
    assert np.array_equal(holon.permute(s, 3), np.roll(s, -3))
    assert np.array_equal(holon.permute(s, -5), np.roll(s, 5))
    assert np.array_equal(holon.permute(holon.permute(s, 7), -7), s)
    xs = [vec(t, 512) for t in "abcd"]
    assert np.array_equal(holon.prototype(xs, 1.0), np.where(np.all(np.stack(xs) == xs[0], axis=0), xs[0], 0))
    with pytest.raises(ValueError):
        holon.negate(s, c, mode="sideways")


@pytest.mark.parametrize("dims", [3, 1000, 5000])
def test_prefix_property_at_any_dims(dims):
    big = 8192
    a, b = vec("a", big), vec("b", big)
    pa, pb = a[:dims], b[:dims]
    assert np.array_equal(holon.bind(pa, pb), holon.bind(a, b)[:dims])
    assert np.array_equal(holon.bundle([pa, pb, pa]), holon.bundle([a, b, a])[:dims])
    assert np.array_equal(holon.linear(3.0, 10.0, dims=dims), holon.linear(3.0, 10.0, dims=big)[:dims])
    assert np.array_equal(holon.log(52.0, dims=dims), holon.log(52.0, dims=big)[:dims])
    assert np.array_equal(holon.circular(5.0, 24.0, dims=dims), holon.circular(5.0, 24.0, dims=big)[:dims])
    assert np.array_equal(holon.time(1_709_208_000, dims=dims), holon.time(1_709_208_000, dims=big)[:dims])
    with pytest.raises(ValueError):
        holon.permute(pa, 1)


def test_encoders_keep_their_promises():
    cos = holon.cosine
    assert cos(holon.log(52), holon.log(55)) > 0.95
    assert cos(holon.log(52), holon.log(1400)) < 0.5
    assert not holon.log(0).any() and not holon.log(-3).any()
    assert cos(holon.linear(0, 100), holon.linear(1, 100)) > 0.95
    assert abs(cos(holon.linear(0, 100), holon.linear(100, 100))) < 0.05
    assert abs(cos(holon.circular(0, 24), holon.circular(23, 24)) - cos(holon.circular(0, 24), holon.circular(1, 24))) < 0.05
    monday9, tuesday9, monday21 = 1_709_542_800, 1_709_629_200, 1_709_586_000
    assert cos(holon.time(monday9), holon.time(tuesday9)) > cos(holon.time(monday9), holon.time(monday21))
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="scale"):
            holon.linear(1.0, bad)
        with pytest.raises(ValueError, match="period"):
            holon.circular(1.0, bad)


def test_non_contiguous_input_is_read_correctly():
    a = vec("a", 2048)
    b = vec("b", 2048)
    assert np.array_equal(holon.bind(a[::2], b[::2]), (a * b)[::2])


def test_bad_vectors_are_value_or_type_errors():
    good = vec("a", 8)
    with pytest.raises(ValueError, match="not a trit"):
        holon.bind(good, np.array([0, 0, 2, 0, 0, 0, 0, 0], dtype=np.int8))
    with pytest.raises(ValueError, match="components"):
        holon.bind(good, vec("a", 9))
    with pytest.raises(ValueError):
        holon.bundle([])
    with pytest.raises(TypeError):
        holon.bind(good.astype(np.int64), good)
    with pytest.raises(TypeError):
        holon.cosine([1, 0], [1, 0])
    with pytest.raises(ValueError):
        holon.cosine(np.zeros(0, dtype=np.int8), np.zeros(0, dtype=np.int8))
