"""A fitted (or stateless) vectorizer applied partition by partition: a Dask array whose
chunks are the partitions' scipy.sparse CSR matrices."""

from __future__ import annotations

from typing import Any

from ._partitions import check_texts, partitions
from ._shipping import as_task_input, unpack

__all__ = ["transform_partitions"]


def transform_partitions(local: Any, raw_documents: Any) -> Any:
    """``local.transform`` of each partition as one row block of a Dask array (rows per
    block unknown until computed: ``compute_chunk_sizes()`` learns them). `local` travels
    to each worker once."""
    import dask
    import dask.array as da

    parts = partitions(raw_documents, "transform")
    meta = local.transform([""])[:0]  # 0 x n_features: a block's dtype and sparse class
    shipped = as_task_input(local)
    task = dask.delayed(_transform_partition, pure=True)
    blocks = [
        da.from_delayed(task(part, number, shipped, meta), shape=(float("nan"), meta.shape[1]),
                        dtype=meta.dtype, meta=meta)
        for number, part in enumerate(parts.parts)
    ]  # fmt: skip
    return da.concatenate(blocks, axis=0) if blocks else da.from_array(meta)


def _transform_partition(part: Any, number: int, shipped: Any, empty: Any) -> Any:
    texts = check_texts(part, number)
    return unpack(shipped).transform(texts) if texts else empty
