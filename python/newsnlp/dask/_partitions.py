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
        return Partitions(_delayed_parts(collection), True, collection._meta.index[:0])
    if isinstance(collection, db.Bag):
        return Partitions(_delayed_parts(collection), False, pd.RangeIndex(0))
    if isinstance(collection, dd.DataFrame):
        raise TypeError(f"{what}: pass one column of the Dask DataFrame (a Dask Series)")
    raise TypeError(
        f"{what}: expected a Dask Series or Bag of texts, got {type(collection).__name__} "
        "(on one machine, use newsnlp's own classes)"
    )


def _delayed_parts(collection: Any) -> list[Any]:
    """``collection.to_delayed()``, repaired: Dask 2026.8 gives the partitions of a
    ``dd.from_delayed`` Series aliases filed under another key than their own, and the
    array optimizer's fusion then loses them ("Missing dependency ('fromdelayed-...', 0)").
    Each such alias is filed again under its own key (nothing changes when none is)."""
    from dask.delayed import Delayed

    parts = list(collection.to_delayed())
    try:
        from dask._task_spec import Alias, GraphNode
    except ImportError:  # a Dask without task specs has no such aliases
        return parts
    if not parts:
        return parts
    graph: dict[Any, Any] = {}
    for g in {id(g): g for g in (p.__dask_graph__() for p in parts)}.values():
        graph.update(g)  # usually one graph object, shared by the partitions
    misfiled = {k: v.key for k, v in graph.items() if isinstance(v, GraphNode) and v.key != k}
    if not misfiled:
        return parts
    graph.update({k: Alias(k, target) for k, target in misfiled.items()})
    return [Delayed(p.key, graph) for p in parts]


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
