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

    # The scheduler's HTTP server on a free port: dashboard_address=None still takes 8787,
    # and only warns (an error here) when another cluster or test run holds it.
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address="127.0.0.1:0"
    )
    with cluster, Client(cluster) as client:
        yield client


def texts_of(lang: str, whole: bool = False) -> list[str]:
    texts = corpus_texts(lang)
    return texts if whole else texts[: SUBSET[lang]]


def read_series(lang: str, npartitions: int, whole: bool = False, kill=None):
    """The texts of `lang` (see texts_of) as a Dask Series whose partitions the workers read
    from the corpus file (index: the texts' positions), so that no text travels in the task
    graph. `kill`, a (partition, marker path) pair, makes that partition, the first time
    it is read, kill the worker process reading it (SIGKILL: as a crash or an OOM kill)."""
    import dask
    import dask.dataframe as dd
    import numpy as np
    import pandas as pd
    from shared_data import CORPORA, SHARED

    path, field = CORPORA[lang]
    path, n = str(SHARED / path), len(texts_of(lang, whole))
    victim, marker = kill if kill is not None else (-1, None)

    def read(begin: int, end: int, number: int):  # a closure: the workers get it by value
        import json
        import os
        import signal

        if number == victim and not os.path.exists(marker):
            open(marker, "w").close()
            os.kill(os.getpid(), signal.SIGKILL)
        texts = []  # texts begin..end, counted as shared_data.corpus_texts counts them
        with open(path, encoding="utf-8") as f:
            for text in (json.loads(line).get(field) for line in f):
                if text:
                    texts.append(text)
                    if len(texts) == end:
                        break
        return pd.Series(texts[begin:end], index=range(begin, end), dtype=object)

    bounds = np.linspace(0, n, npartitions + 1).astype(int).tolist()
    parts = [
        dask.delayed(read, pure=True)(b, e, i)
        for i, (b, e) in enumerate(zip(bounds[:-1], bounds[1:]))
    ]
    return dd.from_delayed(parts, meta=pd.Series([], dtype=object), verify_meta=False)


def series(texts: list, npartitions: int):
    import dask.dataframe as dd
    import pandas as pd

    return dd.from_pandas(pd.Series(texts, dtype=object), npartitions=npartitions)
