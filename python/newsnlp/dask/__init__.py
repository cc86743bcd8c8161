"""newsnlp on a Dask cluster, with the results of one machine.

Example (``matcher`` an :class:`newsnlp.EntityMatcher`)::

    import dask.dataframe as dd
    import newsnlp.dask as nd

    texts = dd.read_parquet("archive/*.parquet")["text"]
    vec = nd.TfidfVectorizer(min_df=5, max_df=0.5, max_features=50_000)
    X = vec.fit_transform(texts)               # Dask array of scipy.sparse CSR blocks
    mentions = nd.find_entities(texts, matcher)  # Dask DataFrame, as to_frame() gives

- :func:`find_entities` / :func:`tokenize`: mentions / tokens of a Dask Series or Bag of
  texts as a Dask DataFrame, with the columns of the single-machine ``to_frame``.
- :class:`CountVectorizer` / :class:`TfidfVectorizer`: fitted on the whole collection
  (per-partition counts merged in a tree, pruned once), exactly as one machine fits;
  :class:`HashingVectorizer` needs no fit. ``transform`` gives a Dask array of CSR
  blocks; :func:`save_shards` writes them to a folder.
- Models travel to each worker once, in their binary save format; tasks are pure, so the
  scheduler reruns those of a worker that dies and the result does not change.

The code runs on the current Dask scheduler: a ``distributed.Client("tcp://host:8786")``
to use a cluster, Dask's threads otherwise.
"""

from __future__ import annotations

from .entities import find_entities
from .hashing import HashingVectorizer
from .shards import load_shards, save_shards
from .tokens import tokenize
from .vectorizers import CountVectorizer, TfidfVectorizer

__all__ = [
    "CountVectorizer",
    "HashingVectorizer",
    "TfidfVectorizer",
    "find_entities",
    "load_shards",
    "save_shards",
    "tokenize",
]
