"""A real Dask cluster for the newsnlp.dask tests — 2 worker processes of 1 thread, which
each test module starts in its own module fixture and shuts down after it — and the corpus
subsets the default run uses."""

from __future__ import annotations

from shared_data import corpus_texts

# A few MB per corpus by default; the whole corpora run under -m slow.
SUBSET = {"en": 3000, "fr": 1500}


def cluster_client():
    """Yields a Client of a new LocalCluster (the default scheduler of dask.compute while
    open), then shuts both down."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        yield client


def texts_of(lang: str, whole: bool = False) -> list[str]:
    texts = corpus_texts(lang)
    return texts if whole else texts[: SUBSET[lang]]


def series(texts: list, npartitions: int):
    import dask.dataframe as dd
    import pandas as pd

    return dd.from_pandas(pd.Series(texts, dtype=object), npartitions=npartitions)
