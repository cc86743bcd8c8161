"""The one rule of entity co-occurrence counts: the readings of one ambiguous mention are
not a co-occurrence."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np


def same_span_pairs(doc: Any, entity: Any, start: Any, end: Any, n_entities: int) -> Any:
    """Entities x entities ``csr_array`` (upper triangle): the documents in which entities
    a and b are mentioned at exactly the same spans, that is only through an alias they
    share (two towns named Paris), which says nothing about the two appearing together.
    The arguments are parallel arrays, one row per mention."""
    from scipy import sparse

    spans: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for d, e, s, t in zip(
        np.asarray(doc).tolist(),
        np.asarray(entity).tolist(),
        np.asarray(start).tolist(),
        np.asarray(end).tolist(),
    ):
        spans.setdefault((d, e), []).append((s, t))
    groups: dict[tuple[int, tuple[tuple[int, int], ...]], list[int]] = {}
    for (d, e), where in spans.items():
        groups.setdefault((d, tuple(where)), []).append(e)
    rows: list[int] = []
    cols: list[int] = []
    for entities in groups.values():
        for a, b in combinations(sorted(entities), 2):
            rows.append(a)
            cols.append(b)
    shared = sparse.csr_array(
        (
            np.ones(len(rows), dtype=np.int64),
            (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)),
        ),
        shape=(n_entities, n_entities),
    )
    shared.sum_duplicates()
    return shared
