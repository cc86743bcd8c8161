"""Document similarity on TF-IDF (or any) matrices: cosine top-k neighbours, near-duplicate
pairs, and keywords per document, computed in C++ row block by row block, so memory stays
bounded by the matrix and the output (never a dense documents x documents product).

>>> import newsnlp
>>> docs = ["oil prices rise", "oil prices fall", "football scores"]
>>> X = newsnlp.TfidfVectorizer().fit_transform(docs)
>>> indices, scores = newsnlp.similar(X, k=1)
>>> indices[:, 0].tolist()
[1, 0, 0]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from . import _core

__all__ = ["near_duplicates", "similar", "top_terms"]


def _csr(X: Any, name: str = "X") -> sp.csr_matrix:
    """X as a CSR matrix of float32/float64 with sorted columns (copied only if needed)."""
    if not sp.issparse(X):
        array = np.asarray(X)
        if array.ndim != 2:
            raise ValueError(f"{name} must be a 2-D matrix (got {array.ndim} dimensions)")
        X = sp.csr_matrix(array)
    X = sp.csr_matrix(X) if X.format != "csr" else X
    if X.dtype not in (np.float32, np.float64):
        X = X.astype(np.float64)
    if X.indices.dtype != X.indptr.dtype:
        X = sp.csr_matrix(
            (X.data, X.indices.astype(np.int64), X.indptr.astype(np.int64)), shape=X.shape
        )
    if not X.has_canonical_format:  # sorted columns, no duplicates
        X = X.copy()
        X.sum_duplicates()
    return X


def _parts(X: sp.csr_matrix) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[int, int]]:
    return X.data, X.indices, X.indptr, (int(X.shape[0]), int(X.shape[1]))


def _jobs(n_jobs: int | None) -> int:
    return 1 if n_jobs is None else int(n_jobs)


def _check_k(k: int, name: str = "k") -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"{name} must be an int >= 1 (got {k!r})")
    return int(k)


def similar(
    X: Any, k: int = 10, *, Y: Any = None, n_jobs: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The k rows of X most cosine-similar to each row of Y (Y=None: to each row of X,
    itself excluded).

    Returns ``(indices, scores)``, int64 and float64 arrays of shape ``(n_rows, k')`` with
    ``k' = min(k, candidates)``: scores descending, lower index first among equal scores;
    rows with no shared feature come last with score 0. Rows need not be normalized.
    ``n_jobs`` threads (None: 1, -1: all cores).
    """
    k = _check_k(k)
    corpus = _csr(X)
    if Y is None:
        return _core.similar(*_parts(corpus), k, n_jobs=_jobs(n_jobs))
    queries = _csr(Y, "Y")
    if queries.shape[1] != corpus.shape[1]:
        raise ValueError(f"Y has {queries.shape[1]} features but X has {corpus.shape[1]}")
    return _core.similar_to(*_parts(queries), *_parts(corpus), k, n_jobs=_jobs(n_jobs))


def near_duplicates(
    X: Any, threshold: float = 0.9, *, n_jobs: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows of X whose cosine similarity is at least `threshold`.

    Returns ``(pairs, scores)``: an int64 array of shape ``(m, 2)`` with ``i < j`` per row,
    sorted, and the float64 scores. Identical rows score 1 up to rounding (~1e-15): use a
    threshold a little below 1 (e.g. ``1 - 1e-9``) to find exact duplicates.
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)):
        raise TypeError(f"threshold must be a number (got {type(threshold).__name__})")
    if not 0.0 < float(threshold):
        raise ValueError(f"threshold must be > 0 (got {threshold!r})")
    first, second, scores = _core.near_duplicates(
        *_parts(_csr(X)), float(threshold), n_jobs=_jobs(n_jobs)
    )
    return np.stack([first, second], axis=1), scores


def top_terms(
    X: Any, feature_names: Any, k: int = 10, *, n_jobs: int | None = None
) -> list[list[tuple[str, float]]]:
    """The k highest-weighted features of each row (keywords per document).

    `feature_names` is a fitted vectorizer (its ``get_feature_names_out()``) or a sequence
    of names, one per column. Each row's list holds ``(name, weight)`` pairs, weight
    descending (lower column first among equals), positive weights only.
    """
    k = _check_k(k)
    if hasattr(feature_names, "get_feature_names_out"):
        feature_names = feature_names.get_feature_names_out()
    names = np.asarray(feature_names, dtype=object)
    matrix = _csr(X)
    if names.ndim != 1 or len(names) != matrix.shape[1]:
        raise ValueError(
            f"feature_names must have one name per column ({matrix.shape[1]}), got {names.shape}"
        )
    columns, weights = _core.top_terms(*_parts(matrix), k, n_jobs=_jobs(n_jobs))
    out: list[list[tuple[str, float]]] = []
    for row_columns, row_weights in zip(columns.tolist(), weights.tolist()):
        out.append([(names[c], w) for c, w in zip(row_columns, row_weights) if c >= 0])
    return out
