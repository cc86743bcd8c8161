"""A real Dask cluster for the newsnlp.dask tests: 2 worker processes of 1 thread, started
once per test module (``from dask_cluster import client``), shut down after it; plus the
corpus subsets the default run uses."""

from __future__ import annotations

import pytest
from shared_data import corpus_texts

# A few MB per corpus by default; the whole corpora run under -m slow.
SUBSET = {"en": 3000, "fr": 1500}


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as c:  # c: the default scheduler of dask.compute while open
        yield c


def texts_of(lang: str, whole: bool = False) -> list[str]:
    texts = corpus_texts(lang)
    return texts if whole else texts[: SUBSET[lang]]


def series(texts: list, npartitions: int):
    import dask.dataframe as dd
    import pandas as pd

    return dd.from_pandas(pd.Series(texts, dtype=object), npartitions=npartitions)
