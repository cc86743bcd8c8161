"""Row blocks of a Dask sparse matrix written to (and read from) a folder of ``.npz``
files, one per block, each written by the worker that computed it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

__all__ = ["load_shards", "save_shards"]

_PATTERN = "part-{:05d}.npz"


def save_shards(X: Any, folder: str | os.PathLike[str]) -> list[str]:
    """Computes the Dask array `X` (e.g. a vectorizer's ``transform``) block by block and
    writes each row block with ``scipy.sparse.save_npz`` to ``folder/part-NNNNN.npz``, on
    the worker that computed it (the folder must be shared with the workers). Returns the
    paths in row order. The folder is created; files of an earlier run are replaced."""
    import dask

    if X.ndim != 2 or X.numblocks[1] != 1:
        raise ValueError("save_shards: expects a 2-d Dask array in row blocks (one block column)")
    Path(folder).mkdir(parents=True, exist_ok=True)
    write = dask.delayed(_write_block, pure=True)
    blocks = X.to_delayed().ravel()
    paths = [
        write(b, os.path.join(os.fspath(folder), _PATTERN.format(i))) for i, b in enumerate(blocks)
    ]
    return list(dask.compute(*paths))


def load_shards(folder: str | os.PathLike[str]) -> Any:
    """The matrix :func:`save_shards` wrote to `folder`, stacked in row order (CSR)."""
    import scipy.sparse as sp

    paths = sorted(Path(folder).glob("part-*.npz"))
    if not paths:
        raise FileNotFoundError(f"{os.fspath(folder)}: no part-*.npz shards")
    return sp.vstack([sp.load_npz(p) for p in paths], format="csr")


def _write_block(block: Any, path: str) -> str:
    import scipy.sparse as sp

    tmp = path + ".tmp.npz"
    sp.save_npz(tmp, block.tocsr(), compressed=False)
    os.replace(tmp, path)  # no half-written shard under the final name
    return path
