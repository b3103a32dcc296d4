"""Learning across a Dask cluster (two worker processes): the merged
accumulator equals the single-process one bit for bit, and the engram
merged from partitions keeps recall and false positives on the bundled
stream close to the single-process engram's."""

import sys
from pathlib import Path

import numpy as np
import pytest



sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
import dask_mint  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


def test_distributed_learning(client, packet_lines):
    r = dask_mint.run(client, packet_lines, warmup=300, parts=4)
    merged, single = r["merged_profile"], r["single_profile"]
    assert r["profile_identical"] and merged == single
    assert merged.count == single.count == len(packet_lines)
    assert np.array_equal(merged.sums(), single.sums())

    s, d = r["single"], r["distributed"]
    assert s["attacks"] == d["attacks"] and s["normals"] == d["normals"]
    assert d["recall"] >= 0.999, d
    assert d["fpr"] <= 0.01, d
    assert d["recall"] >= s["recall"] - 0.001
    assert d["fpr"] <= s["fpr"] + 0.005


def test_one_partition_gives_the_single_process_engram(client, packet_lines):
    r = dask_mint.run(client, packet_lines[:2000], warmup=300, parts=1)
    assert r["engram_identical"]
    assert r["single"]["digest"] == r["distributed"]["digest"]
