"""Learning across a Dask cluster: learn on workers, merge on the client,
mint an engram, score the stream with it.

    python holon-py/examples/dask_mint.py [--stream FILE] [--workers 2] [--partitions 4]

The record stream (JSON Lines, plain or gzip; labels ``_attack`` and
``_phase`` are optional and never encoded) is cut into contiguous
partitions in stream order, and two kinds of learning run on the workers:

* **A sum (exact).** Each worker encodes its records (``Holon.encode``, at
  D = 4096, labels left out) into a ``holon.Accumulator``; the client merges
  them in partition order. Accumulator sums are integers, so the merged
  accumulator equals the one a single process fills, bit for bit.
* **The detector's warm-up (order-dependent, merged by a rule).** Each
  worker learns its share of the first ``--warmup`` records with a
  ``holon.Detector``; the client merges the detectors left to right with
  ``Detector.merge`` (holon-std's documented rule: a partition's prototypes
  join the nearest prototype of their slot when their cosine reaches the
  clustering similarity, or start new ones; slots only one side knows are
  taken as they are) and mints the engram. The engram is then shipped to
  the workers, which score the rest of the stream with ``EngramScorer``.

The same steps run in one process for comparison; the script prints both
recall / false-positive rates. Everything a vector is made of is computed
by holon-core; Dask only moves pickled accumulators, detectors and bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from typing import Dict, List, Sequence

import holon

LABELS = ("_attack", "_phase")
PROFILE_DIMS = 4096


def default_stream() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "tests", "data", "packets", "zero_hardcode_packets.jsonl.gz")


def read_lines(path: str) -> List[str]:
    """The non-blank lines of a JSON Lines file, plain or gzip."""
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
    opener = gzip.open if gz else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [line for line in f.read().splitlines() if line.strip()]


def partitions(items: Sequence[str], parts: int) -> List[Sequence[str]]:
    """`parts` contiguous slices of `items` in order (the last may be shorter)."""
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i : i + size] for i in range(0, len(items), size)]


# --- what runs on a worker -------------------------------------------------


def profile_partition(lines: Sequence[str], dims: int = PROFILE_DIMS) -> holon.Accumulator:
    """An accumulator of the partition's records, labels left out."""
    encoder = holon.Holon(dims=dims)
    acc = holon.Accumulator(dims)
    for line in lines:
        record = json.loads(line)
        for label in LABELS:
            record.pop(label, None)
        acc.add(encoder.encode(record))
    return acc


def learn_partition(lines: Sequence[str], dims: int = 1024, seed: int = 0) -> holon.Detector:
    """A detector that learned the partition's records as normal."""
    detector = holon.Detector(warmup=len(lines), dims=dims, seed=seed)
    for line in lines:
        detector.learn(line)
    return detector


def score_partition(lines: Sequence[str], engram: bytes) -> Dict[str, object]:
    """Verdicts on the partition from the engram alone, with label counts."""
    scorer = holon.EngramScorer(engram)
    verdicts = []
    counts = {"attacks": 0, "attacks_flagged": 0, "normals": 0, "normals_flagged": 0}
    for line in lines:
        v = scorer.score(line)
        verdicts.append((v["anomaly"], v["score"]))
        attack = json.loads(line).get("_attack") is True
        kind = "attacks" if attack else "normals"
        counts[kind] += 1
        counts[kind + "_flagged"] += int(v["anomaly"])
    return {"verdicts": verdicts, "counts": counts}


# --- the client ------------------------------------------------------------


def merge_in_order(items: Sequence):
    """Left fold of `merge` in partition order."""
    merged = items[0]
    for other in items[1:]:
        merged.merge(other)
    return merged


def summarise(parts: Sequence[Dict[str, object]]) -> Dict[str, object]:
    """Recall, false-positive rate and the verdict digest over partitions in order."""
    digest = holon.VerdictDigest()
    total = {"attacks": 0, "attacks_flagged": 0, "normals": 0, "normals_flagged": 0}
    for part in parts:
        for anomaly, score in part["verdicts"]:
            digest.add(anomaly, score)
        for k, n in part["counts"].items():
            total[k] += n
    return {
        "recall": total["attacks_flagged"] / total["attacks"] if total["attacks"] else 1.0,
        "fpr": total["normals_flagged"] / total["normals"] if total["normals"] else 0.0,
        "digest": digest.hexdigest(),
        **total,
    }


def run(client, lines: Sequence[str], warmup: int = 300, parts: int = 4) -> Dict[str, object]:
    """The distributed pipeline on `client`, and the single-process reference."""
    # Workers import this module by value: it need not be on their path.
    if __name__ != "__main__":
        import cloudpickle

        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    result: Dict[str, object] = {"records": len(lines), "warmup": warmup, "partitions": parts}
    started = time.perf_counter()

    # A sum: exact.
    profiles = client.gather(client.map(profile_partition, partitions(lines, parts), pure=False))
    merged_profile = merge_in_order(profiles)

    # The warm-up: merged by the documented rule, then minted.
    detectors = client.gather(client.map(learn_partition, partitions(lines[:warmup], parts), pure=False))
    merged_detector = merge_in_order(detectors)
    engram = merged_detector.mint()
    engram_future = client.scatter(engram, broadcast=True)
    scored = client.gather(
        client.map(score_partition, partitions(lines[warmup:], parts), engram=engram_future, pure=False)
    )
    result["distributed"] = {
        **summarise(scored),
        "engram_bytes": len(engram),
        "slots_prototypes": merged_detector.size,
        "seconds": time.perf_counter() - started,
    }

    # The same in one process.
    started = time.perf_counter()
    single_profile = profile_partition(lines)
    single_detector = learn_partition(lines[:warmup])
    single_engram = single_detector.mint()
    result["single"] = {
        **summarise([score_partition(lines[warmup:], single_engram)]),
        "engram_bytes": len(single_engram),
        "slots_prototypes": single_detector.size,
        "seconds": time.perf_counter() - started,
    }
    result["profile_identical"] = merged_profile == single_profile
    result["profile_count"] = merged_profile.count
    result["engram_identical"] = engram == single_engram
    result["merged_profile"] = merged_profile
    result["single_profile"] = single_profile
    result["engram"] = engram
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stream", default=default_stream(), help="JSON Lines, plain or gzip")
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--out", help="write the merged engram here")
    args = parser.parse_args()

    from dask.distributed import Client, LocalCluster

    lines = read_lines(args.stream)
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            r = run(client, lines, warmup=args.warmup, parts=args.partitions)
    print(f"{r['records']} records, warm-up {r['warmup']}, {r['partitions']} partitions on {args.workers} workers")
    print(f"accumulator of all records (D = {PROFILE_DIMS}): merged == single process: {r['profile_identical']}")
    print(f"{'':14} {'recall':>9} {'FPR':>8} {'slots/protos':>13} {'engram':>8}  verdict digest")
    for name in ("single", "distributed"):
        s = r[name]
        print(
            f"{name:14} {100 * s['recall']:8.3f}% {100 * s['fpr']:7.3f}% "
            f"{'%d/%d' % tuple(s['slots_prototypes']):>13} {s['engram_bytes']:>8}  {s['digest']}"
        )
    if args.out:
        with open(args.out, "wb") as f:
            f.write(r["engram"])
        print(f"merged engram written to {args.out}")
    return 0 if r["profile_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
