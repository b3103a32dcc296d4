"""The detector from Python: the same verdicts, digest and engram bytes as
`holon detect`, `holon mint` and `holon score` on the bundled stream."""

import json
import pickle
from decimal import ROUND_HALF_UP, Decimal

import pytest

import holon
from conftest import digest_of

WARMUP = 300


def round4(x: float) -> float:
    """The 4-decimal display rounding `holon detect` uses (half away from zero)."""
    return float(Decimal(x * 1e4).quantize(Decimal(1), rounding=ROUND_HALF_UP)) / 1e4


@pytest.fixture(scope="module")
def stream_file(tmp_path_factory, packet_lines):
    path = tmp_path_factory.mktemp("stream") / "stream.jsonl"
    path.write_text("\n".join(packet_lines) + "\n")
    return path


@pytest.fixture(scope="module")
def cli_detect(run_holon, stream_file):
    done = run_holon("detect", "--warmup", WARMUP, stream_file)
    return done.stdout.decode().splitlines(), digest_of(done.stderr)


def test_observe_gives_holon_detects_verdicts_and_digest(cli_detect, packet_lines):
    cli_lines, cli_digest = cli_detect
    detector = holon.Detector(WARMUP)
    digest = holon.VerdictDigest()
    for i, (line, cli_line) in enumerate(zip(packet_lines, cli_lines)):
        verdict = detector.observe(line)
        if i < WARMUP:
            assert verdict.get("warmup") is True
            continue
        digest.add(verdict)
        if i % 101 == 0:
            cli = json.loads(cli_line)
            assert verdict["anomaly"] == cli["anomaly"]
            assert round4(verdict["score"]) == cli["score"]
            assert [[s, round4(x)] for s, x in verdict["explain"]] == cli["explain"]
    assert detector.learned == WARMUP
    assert digest.hexdigest() == cli_digest


def test_mint_bytes_equal_holon_mint(run_holon, stream_file, tmp_path, packet_lines):
    out = tmp_path / "net.engram"
    run_holon("mint", "--warmup", WARMUP, "--out", out, stream_file)
    detector = holon.Detector(WARMUP)
    for line in packet_lines[:WARMUP]:
        detector.learn(json.loads(line))  # as dicts this time
    assert detector.mint() == out.read_bytes()


def test_engram_scorer_gives_holon_scores_digest(run_holon, tmp_path, packet_lines):
    detector = holon.Detector(WARMUP)
    for line in packet_lines[:WARMUP]:
        detector.learn(line)
    engram = tmp_path / "net.engram"
    engram.write_bytes(detector.mint())
    rest = tmp_path / "rest.jsonl"
    rest.write_text("\n".join(packet_lines[WARMUP:]) + "\n")
    cli_digest = digest_of(run_holon("score", "--engram", engram, rest).stderr)

    scorer = holon.EngramScorer(engram.read_bytes())
    assert scorer.dims == 1024 and len(scorer) == detector.size[1]
    scorer = pickle.loads(pickle.dumps(scorer))
    digest = holon.VerdictDigest()
    for line in packet_lines[WARMUP:]:
        v = scorer.score(line)
        digest.add(v["anomaly"], v["score"])
    assert digest.hexdigest() == cli_digest


def test_a_pickled_detector_is_the_same_detector(packet_lines):
    detector = holon.Detector(WARMUP, dims=512, seed=9)
    for line in packet_lines[:WARMUP]:
        detector.learn(line)
    copy = pickle.loads(pickle.dumps(detector))
    assert (copy.dims, copy.seed, copy.warmup, copy.learned, copy.size) == (512, 9, WARMUP, WARMUP, detector.size)
    assert copy.mint() == detector.mint()
    for line in packet_lines[WARMUP::997]:
        assert copy.score(line) == detector.score(line)


def test_merge_into_an_empty_detector_is_identity(packet_lines):
    detector = holon.Detector(WARMUP)
    for line in packet_lines[:WARMUP]:
        detector.learn(line)
    empty = holon.Detector(WARMUP)
    empty.merge(detector)
    assert empty.mint() == detector.mint() and empty.learned == WARMUP
    with pytest.raises(ValueError):
        empty.merge(holon.Detector(WARMUP, dims=2048))


def test_bad_input_is_a_value_error():
    detector = holon.Detector(10)
    for bad in ("[1, 2]", "not json", "3"):
        with pytest.raises(ValueError):
            detector.learn(bad)
    with pytest.raises(TypeError):
        detector.learn(42)
    with pytest.raises(ValueError):
        holon.Detector(10, dims=1000)
    detector.learn({"a": 1})
    good = detector.mint()
    for bad in (b"", b"HLNG", good[:-1], good[:-4] + b"\0\0\0\0", b"x" * len(good)):
        with pytest.raises(ValueError):
            holon.EngramScorer(bad)
