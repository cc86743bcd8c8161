"""The corpus statistics a vectorizer's fit needs, counted per partition in C++ and merged
in a tree: each candidate term's document frequency and total count, and the number of
documents. Pruning happens once, on the merged totals (see vectorizers.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ._partitions import check_texts
from ._shipping import unpack

__all__ = ["TermStatistics", "count_partition", "merge", "tree_reduce"]

# The message of an unpruned fit over documents with no term: a partition may have none.
_EMPTY_VOCABULARY = "empty vocabulary"


@dataclass(frozen=True)
class TermStatistics:
    """Terms in column order (sorted as scikit-learn sorts them, or a fixed vocabulary's
    order), with their document frequencies and total counts over `n_documents`."""

    terms: np.ndarray  # object array of str
    document_frequencies: np.ndarray  # int64
    term_counts: np.ndarray  # int64
    n_documents: int

    @classmethod
    def empty(cls, n_documents: int) -> TermStatistics:
        none = np.zeros(0, dtype=np.int64)
        return cls(np.zeros(0, dtype=object), none, none, n_documents)


def count_partition(part: Any, number: int, shipped_counter: Any) -> TermStatistics:
    """The statistics of one partition, from an unpruned fit of the shipped
    :class:`newsnlp.CountVectorizer` (a clone per task: fitting changes it)."""
    from sklearn.base import clone

    texts = check_texts(part, number)
    if not texts:
        return TermStatistics.empty(0)
    counter = clone(unpack(shipped_counter))
    try:
        X = counter.fit_transform(texts)
    except ValueError as e:
        if str(e).startswith(_EMPTY_VOCABULARY):
            return TermStatistics.empty(len(texts))
        raise
    n_terms = X.shape[1]
    return TermStatistics(
        np.asarray(counter.get_feature_names_out(), dtype=object),
        np.bincount(X.indices, minlength=n_terms).astype(np.int64),
        np.asarray(X.sum(axis=0), dtype=np.int64).ravel(),
        len(texts),
    )


def merge(*parts: TermStatistics) -> TermStatistics:
    """The statistics of the union of the parts' documents, terms in sorted order (or the
    fixed vocabulary's order, which every non-empty part then shares)."""
    n_documents = sum(p.n_documents for p in parts)
    parts = tuple(p for p in parts if len(p.terms))
    if not parts:
        return TermStatistics.empty(n_documents)
    first = parts[0]
    if all(np.array_equal(p.terms, first.terms) for p in parts[1:]):
        return TermStatistics(
            first.terms,
            sum((p.document_frequencies for p in parts[1:]), first.document_frequencies),
            sum((p.term_counts for p in parts[1:]), first.term_counts),
            n_documents,
        )
    import pandas as pd

    # Hashing finds the distinct terms, then only those are sorted, with Python's < on str
    # (code point order, as scikit-learn sorts terms).
    codes, terms = pd.factorize(np.concatenate([p.terms for p in parts]), sort=True)

    def total(column: str) -> np.ndarray:  # float64 sums of counts: exact below 2**53
        weights = np.concatenate([getattr(p, column) for p in parts])
        return np.bincount(codes, weights=weights, minlength=len(terms)).astype(np.int64)

    df, tf = total("document_frequencies"), total("term_counts")
    return TermStatistics(np.asarray(terms, dtype=object), df, tf, n_documents)


def tree_reduce(parts: list[Any], split_every: int = 8) -> Any:
    """Dask Delayed statistics of all `parts` (Delayed TermStatistics), merged
    `split_every` at a time, level by level: no task holds more than that many inputs."""
    import dask

    combine = dask.delayed(merge, pure=True)
    level = list(parts)
    while len(level) > 1:
        level = [combine(*level[i : i + split_every]) for i in range(0, len(level), split_every)]
    return level[0] if level else dask.delayed(TermStatistics.empty(0))
