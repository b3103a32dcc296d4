"""Per-call times of holon from Python, and the detector's packet rate.

    python holon-py/examples/bench.py [--stream FILE] [--repeat 5]

Prints, at D = 4096: holon.cosine against numpy cosines on the same int8
arrays, Holon.encode_json on a packet (warm atom cache), and packets per
second of Detector.score / EngramScorer.score over the bundled stream
(learned from its first 300 records, at D = 1024 as `holon detect`). Each
figure is the best of --repeat runs; on a shared machine read them as
approximate. The Rust figures to compare with come from
`cargo bench -p holon-core` / `cargo bench -p holon-std`.
"""

import argparse
import gzip
import json
import os
import time
import timeit

import numpy as np

import holon


def best_per_call(fn, number, repeat):
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def fmt(seconds):
    return f"{seconds * 1e9:9.0f} ns" if seconds < 1e-5 else f"{seconds * 1e6:9.2f} µs"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "tests", "data", "packets", "zero_hardcode_packets.jsonl.gz")
    parser = argparse.ArgumentParser()
    parser.add_argument("--stream", default=default)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    r = args.repeat

    a = holon.atom("a", 4096)
    b = holon.atom("b", 4096)
    af, bf = a.astype(np.float32), b.astype(np.float32)

    def numpy_cosine_int8():
        x, y = a.astype(np.int32), b.astype(np.int32)
        return np.dot(x, y) / np.sqrt(float(np.dot(x, x)) * float(np.dot(y, y)))

    def numpy_cosine_float32():
        return np.dot(af, bf) / np.sqrt(np.dot(af, af) * np.dot(bf, bf))

    assert abs(numpy_cosine_int8() - holon.cosine(a, b)) < 1e-6
    print("D = 4096, per call")
    print(f"  holon.cosine(a, b)                       {fmt(best_per_call(lambda: holon.cosine(a, b), 20000, r))}")
    print(f"  numpy cosine, int8 arrays (int32 dots)   {fmt(best_per_call(numpy_cosine_int8, 20000, r))}")
    print(f"  numpy cosine, pre-converted float32      {fmt(best_per_call(numpy_cosine_float32, 20000, r))}")
    print(f"  holon.bind(a, b)                         {fmt(best_per_call(lambda: holon.bind(a, b), 20000, r))}")
    print(f"  numpy a * b (int8)                       {fmt(best_per_call(lambda: a * b, 20000, r))}")
    print(f"  holon.atom('a') (derived, no cache)      {fmt(best_per_call(lambda: holon.atom('a', 4096), 5000, r))}")

    opener = gzip.open if args.stream.endswith(".gz") else open
    with opener(args.stream, "rt", encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    packet = json.dumps({k: v for k, v in json.loads(lines[1000]).items() if not k.startswith("_")})
    h = holon.Holon(4096)
    h.encode_json(packet)
    obj = json.loads(packet)
    print(f"  Holon.encode_json(packet), warm          {fmt(best_per_call(lambda: h.encode_json(packet), 5000, r))}  ({len(obj)} fields)")
    print(f"  Holon.encode(dict), warm                 {fmt(best_per_call(lambda: h.encode(obj), 5000, r))}")

    warmup, rest = lines[:300], lines[300:]
    detector = holon.Detector(300)
    for line in warmup:
        detector.learn(line)
    scorer = holon.EngramScorer(detector.mint())
    dicts = [json.loads(line) for line in rest]

    def rate(fn, items):
        best = float("inf")
        for _ in range(max(1, r // 2)):
            start = time.perf_counter()
            for item in items:
                fn(item)
            best = min(best, time.perf_counter() - start)
        return len(items) / best

    print(f"packets/s over the bundled stream ({len(rest)} scored after 300 learned, D = 1024)")
    print(f"  Detector.score(JSON line)                {rate(detector.score, rest):10.0f}")
    print(f"  Detector.score(dict)                     {rate(detector.score, dicts):10.0f}")
    print(f"  EngramScorer.score(JSON line)            {rate(scorer.score, rest):10.0f}")


if __name__ == "__main__":
    main()
