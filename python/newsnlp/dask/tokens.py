"""Tokens over a Dask collection: :meth:`newsnlp.Doc.to_frame` per document, with the
document's label."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._frames import frames_by_partition, text_dtype

__all__ = ["tokenize"]


def tokenize(documents: Any, tokenizer: Any, *, errors: str = "strict") -> Any:
    """The tokens of a Dask Series or Bag of texts as a Dask DataFrame: doc (the Series'
    index label, or the text's position in the Bag) then the columns of
    :meth:`newsnlp.Doc.to_frame` (text, start, end, kind, norm, is_stop, sentence)."""
    from ..tokenizer import Tokenizer

    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"tokenizer: expected a newsnlp.Tokenizer, got {type(tokenizer).__name__}")
    text = text_dtype()
    columns = {"text": text, "start": np.int64, "end": np.int64, "kind": text, "norm": text,
               "is_stop": np.bool_, "sentence": np.int64}  # fmt: skip

    def frame(tok: Any, texts: list[Any]) -> Any:
        import pandas as pd

        docs = tok.pipe(texts, errors=errors)
        frames = [d.to_frame() for d in docs]
        sizes = [len(f) for f in frames]
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
        out.insert(0, "doc", np.repeat(np.arange(len(docs), dtype=np.int64), sizes))
        return out

    return frames_by_partition(documents, tokenizer, frame, columns, "tokenize")
