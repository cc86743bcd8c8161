"""The documents of a Dask collection, partition by partition: a Dask Series (its index
labels the documents) or a Dask Bag of texts (documents are numbered across partitions)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["Partitions", "check_texts", "partitions"]


class Partitions:
    """The partitions of a collection as Dask Delayed objects, and how to label rows."""

    def __init__(self, parts: list[Any], is_series: bool, index_meta: Any) -> None:
        self.parts = parts  # Delayed pandas Series (Dask Series) or lists (Bag)
        self.is_series = is_series
        self.index_meta = index_meta  # an empty index of the labels' dtype

    def __len__(self) -> int:
        return len(self.parts)


def partitions(collection: Any, what: str = "documents") -> Partitions:
    """`collection` split into its partitions; TypeError for anything but a Dask Series or
    Bag (a pandas object or a list runs on one machine: use newsnlp's own classes)."""
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

    if isinstance(collection, dd.Series):
        return Partitions(list(collection.to_delayed()), True, collection._meta.index[:0])
    if isinstance(collection, db.Bag):
        return Partitions(list(collection.to_delayed()), False, pd.RangeIndex(0))
    if isinstance(collection, dd.DataFrame):
        raise TypeError(f"{what}: pass one column of the Dask DataFrame (a Dask Series)")
    raise TypeError(
        f"{what}: expected a Dask Series or Bag of texts, got {type(collection).__name__} "
        "(on one machine, use newsnlp's own classes)"
    )


def check_texts(part: Any, number: int) -> list[Any]:
    """The documents of partition `number` as a list; TypeError naming the partition and
    the index label (Series) or position (Bag) of the first one that is not str or bytes."""
    is_series = _is_series(part)
    texts = part.tolist() if is_series else list(part)
    for i, text in enumerate(texts):
        if not isinstance(text, (str, bytes)):
            where = f"index {part.index[i]!r}" if is_series else f"item {i}"
            raise TypeError(
                f"partition {number}, {where}: expected str or bytes, got "
                f"{type(text).__name__} ({text!r:.40})"
            )
    return texts


def labels(part: Any, offset: int) -> np.ndarray:
    """The labels of a partition's documents: its index (Series) or positions from `offset`
    (Bag)."""
    if _is_series(part):
        return np.asarray(part.index)
    return np.arange(offset, offset + len(part), dtype=np.int64)


def _is_series(part: Any) -> bool:
    import pandas as pd

    return isinstance(part, pd.Series)
