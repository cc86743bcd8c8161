"""A worker process killed in the middle of a newsnlp.dask job: the scheduler reruns its
tasks on a fresh worker, and the result is the single-machine one."""

from __future__ import annotations

import numpy as np
import pytest
from dask_cluster import cluster_client, read_series, texts_of

import newsnlp
import newsnlp.dask as nd


@pytest.fixture(scope="module")
def client():
    yield from cluster_client()


def test_a_worker_killed_mid_job_changes_nothing(client, tmp_path):
    texts = texts_of("en")
    marker = str(tmp_path / "killed")
    pids_before = set(client.run(lambda: __import__("os").getpid()).values())
    vec = nd.TfidfVectorizer(min_df=3, max_features=3000)
    # partition 5 of 8 kills its worker while the fit counts; the transform reads it again.
    # (A dd.from_delayed Series also exercises _partitions._delayed_parts' repair.)
    X = vec.fit_transform(read_series("en", 8, kill=(5, marker))).compute()
    assert (tmp_path / "killed").exists()  # the worker did die, during the fit
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(lambda: __import__("os").getpid()).values()) != pids_before
    local = newsnlp.TfidfVectorizer(min_df=3, max_features=3000)
    Y = local.fit_transform(texts)
    assert vec.get_feature_names_out().tolist() == local.get_feature_names_out().tolist()
    assert np.array_equal(X.indptr, Y.indptr) and np.array_equal(X.indices, Y.indices)
    assert np.max(np.abs(X.data - Y.data)) <= 1e-12
