"""A worker process killed in the middle of a newsnlp.dask job: the scheduler reruns its
tasks on a fresh worker, and the result is the single-machine one."""

from __future__ import annotations

import numpy as np
import pytest
from dask_cluster import cluster_client, texts_of

import newsnlp
import newsnlp.dask as nd


@pytest.fixture(scope="module")
def client():
    yield from cluster_client()


def killing_series(texts, npartitions, victim, marker):
    """A Dask Series whose partition `victim`, the first time it is loaded, kills the
    worker process loading it (SIGKILL: no cleanup, as a crash or an OOM kill)."""
    import dask
    import dask.dataframe as dd
    import pandas as pd

    def load(chunk, index, kill):  # a closure: pickled by value, the workers run it
        import os
        import signal

        if kill and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        return pd.Series(chunk, index=index, dtype=object)

    bounds = np.linspace(0, len(texts), npartitions + 1).astype(int)
    parts = [
        dask.delayed(load, pure=True)(texts[b:e], range(b, e), i == victim)
        for i, (b, e) in enumerate(zip(bounds[:-1], bounds[1:]))
    ]
    return dd.from_delayed(parts, meta=pd.Series([], dtype=object), verify_meta=False)


def test_a_worker_killed_mid_job_changes_nothing(client, tmp_path):
    texts = texts_of("en")[:2000]
    marker = str(tmp_path / "killed")
    pids_before = set(client.run(lambda: __import__("os").getpid()).values())
    vec = nd.TfidfVectorizer(min_df=3, max_features=3000)
    # partition 5 of 8 kills its worker while the fit counts; the transform reads it again.
    # (A dd.from_delayed Series also exercises _partitions._delayed_parts' repair.)
    X = vec.fit_transform(killing_series(texts, 8, 5, marker)).compute()
    assert (tmp_path / "killed").exists()  # the worker did die, during the fit
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(lambda: __import__("os").getpid()).values()) != pids_before
    local = newsnlp.TfidfVectorizer(min_df=3, max_features=3000)
    Y = local.fit_transform(texts)
    assert vec.get_feature_names_out().tolist() == local.get_feature_names_out().tolist()
    assert np.array_equal(X.indptr, Y.indptr) and np.array_equal(X.indices, Y.indices)
    assert np.max(np.abs(X.data - Y.data)) <= 1e-12
