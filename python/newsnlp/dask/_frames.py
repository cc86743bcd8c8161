"""A Dask DataFrame with one frame per partition of a text collection: rows labelled by
the document's index label (Dask Series) or position (Bag), columns in a fixed schema."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._partitions import check_texts, labels, partitions
from ._shipping import as_task_input, unpack

__all__ = ["frames_by_partition", "text_dtype"]


def text_dtype() -> Any:
    """The dtype pandas gives a column of str (``str`` in pandas 3, ``object`` before), as
    the single-machine ``to_frame`` methods get it."""
    import pandas as pd

    return pd.Series(["x"]).dtype


def frames_by_partition(
    collection: Any,
    model: Any,
    frame: Callable[[Any, list[Any]], Any],
    columns: dict[str, Any],
    what: str,
) -> Any:
    """Dask DataFrame of ``frame(model, texts)`` per partition, whose "doc" column (the
    position of the text in the partition) becomes the document's label. `columns` maps
    the other columns to their dtypes; `model` is shipped once per worker."""
    import dask
    import dask.dataframe as dd
    import pandas as pd

    parts = partitions(collection, what)
    doc = parts.index_meta.dtype
    if pd.api.types.is_string_dtype(doc):  # labels as to_frame(ids=...) types them
        doc = text_dtype()
    meta = pd.DataFrame(
        {"doc": pd.Series([], dtype=doc)}
        | {name: pd.Series([], dtype=dtype) for name, dtype in columns.items()}
    )
    offsets = [0] * len(parts)
    if not parts.is_series:  # a Bag's documents are numbered across its partitions
        sizes = dask.compute(*[dask.delayed(len)(p) for p in parts.parts])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).tolist()
    shipped = as_task_input(model)
    task = dask.delayed(_partition_frame, pure=True)
    frames = [
        task(part, number, offsets[number], shipped, frame, meta)
        for number, part in enumerate(parts.parts)
    ]
    return dd.from_delayed(frames, meta=meta, verify_meta=False)


def _partition_frame(
    part: Any, number: int, offset: int, shipped: Any, frame: Callable[..., Any], meta: Any
) -> Any:
    texts = check_texts(part, number)
    out = frame(unpack(shipped), texts)
    out["doc"] = labels(part, offset)[out["doc"].to_numpy(dtype=np.int64)]
    return out[list(meta.columns)].astype(meta.dtypes.to_dict())
