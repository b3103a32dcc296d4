"""Documents to vectors: `Holon.encode_json` equals `holon encode`, and
`Holon.encode(obj)` equals `encode_json(json.dumps(obj))`."""

import json

import numpy as np
import pytest

import holon

TRIT = {"+": 1, "-": -1, "0": 0}

DOCUMENTS = [
    {"protocol": "UDP", "src_port": 53, "bytes": {"$log": 2546}},
    {"request": {"headers": {"content-type": "application/json", "x-n": 3}, "path": "/api/v1"}},
    {"temp": {"$linear": 21.5, "$scale": 10}, "when": {"$time": 1709208000}},
    {"tags": {"$set": ["a", "b", "c"]}, "path": {"$seq": ["x", "y", "z"], "$mode": "chained"}},
    {"words": {"$seq": ["the", "quick", "fox"], "$mode": "ngram"}, "bag": {"$seq": [1, 2], "$mode": "bundle"}},
    {"list": [1, 2.5, None, True, False, "s", [1, [2]], {"k": "v"}], "empty": {}, "none": [], "set": {"$set": []}},
    {"float": 0.1, "neg": -7, "big": 18446744073709551615, "huge": 1e300, "tiny": 5e-324, "exp": 1.5e-7},
    {"unicode": "héllo ✓ 日本", "emoji": "🦀", "quote": "a\"b\\c\n"},
    ["top", "level", "list"],
    "a bare string",
    42,
    {"$log": 52},
    {"a": {"b": {"c": {"d": {"e": 1}}}}},
]


def cli_vectors(run_holon, lines, dims, seed=0):
    out = run_holon("encode", "--dims", dims, "--seed", seed, stdin=("\n".join(lines) + "\n").encode())
    return [np.array([TRIT[c] for c in row], dtype=np.int8) for row in out.stdout.decode().splitlines()]


@pytest.mark.parametrize("dims,seed", [(4096, 0), (1000, 7)])
def test_encode_json_equals_holon_encode(run_holon, dims, seed):
    lines = [json.dumps(d, ensure_ascii=False) for d in DOCUMENTS]
    want = cli_vectors(run_holon, lines, dims, seed)
    assert len(want) == len(lines)
    h = holon.Holon(dims=dims, seed=seed)
    for line, vector in zip(lines, want):
        got = h.encode_json(line)
        assert got.shape == (dims,)
        assert np.array_equal(got, vector), line
        assert np.array_equal(h.encode_json(line.encode("utf-8")), vector)


def test_encode_json_on_the_packet_stream(run_holon, packet_lines):
    lines = packet_lines[::500]
    want = cli_vectors(run_holon, lines, 4096)
    h = holon.Holon()
    for line, vector in zip(lines, want):
        assert np.array_equal(h.encode_json(line), vector)


@pytest.mark.parametrize("doc", DOCUMENTS + [{1: "int key", True: "bool key", None: "null key", 2.5: "float key"}, ("a", "tuple")])
def test_encode_object_equals_encode_json_of_its_dump(doc):
    h = holon.Holon()
    assert np.array_equal(h.encode(doc), h.encode_json(json.dumps(doc)))


def test_encode_is_independent_of_key_order():
    h = holon.Holon(dims=1024)
    assert np.array_equal(h.encode({"a": 1, "b": 2}), h.encode({"b": 2, "a": 1}))


@pytest.mark.parametrize(
    "text",
    [
        "{",
        '{"a": NaN}',
        '{"x": {"$log": "many"}}',
        '{"x": {"$seq": [1], "$mode": "sideways"}}',
        '{"x": {"$linear": 1, "$scale": 0}}',
        json.dumps(json.loads("[" * 20 + "]" * 20)),
        b"\xff\xfe",
    ],
)
def test_malformed_documents_are_value_errors(text):
    with pytest.raises(ValueError):
        holon.Holon().encode_json(text)


def test_unencodable_objects():
    h = holon.Holon()
    with pytest.raises(TypeError):
        h.encode({"x": object()})
    with pytest.raises(TypeError):
        h.encode({("tuple", "key"): 1})
    with pytest.raises(ValueError):
        h.encode({"x": float("nan")})
    loop = []
    loop.append(loop)
    with pytest.raises(ValueError):
        h.encode(loop)
    with pytest.raises(TypeError):
        h.encode_json(123)
