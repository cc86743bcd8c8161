"""Entity mentions over a Dask collection, as :meth:`newsnlp.EntityMatcher.to_frame` gives
them on one machine."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._frames import frames_by_partition, text_dtype

__all__ = ["find_entities"]


def find_entities(
    documents: Any, matcher: Any, *, mode: str = "longest", errors: str = "strict"
) -> Any:
    """The mentions `matcher` finds in a Dask Series or Bag of texts, as a Dask DataFrame
    with the columns and dtypes of :meth:`~newsnlp.EntityMatcher.to_frame`: doc (the
    Series' index label, or the text's position in the Bag), start, end, text, id, name,
    type. Rows come in document order within each partition.

    The matcher travels to each worker once, in its binary save format. A text that is not
    str or bytes raises TypeError naming its partition and index. A Bag is read twice (its
    partition sizes first, to number the documents).
    """
    from ..matcher import EntityMatcher

    if not isinstance(matcher, EntityMatcher):
        raise TypeError(f"matcher: expected a newsnlp.EntityMatcher, got {type(matcher).__name__}")
    text = text_dtype()
    columns = {"start": np.int64, "end": np.int64, "text": text, "id": text, "name": text,
               "type": text}  # fmt: skip

    def frame(m: Any, texts: list[Any]) -> Any:
        return m.to_frame(texts, mode=mode, errors=errors)

    return frames_by_partition(documents, matcher, frame, columns, "find_entities")
