"""scikit-learn's HashingVectorizer, computed in C++.

Features go to columns by scikit-learn's signed 32-bit MurmurHash3 (seed 0) of their
UTF-8: column ``abs(h) % n_features``, sign of h with ``alternate_sign``; colliding +1 and
-1 keep an explicit zero, as in scikit-learn. Stateless: nothing to fit or store.

>>> from newsnlp import HashingVectorizer
>>> HashingVectorizer(n_features=2**4).fit_transform(["Le chat dort."]).shape
(1, 16)
"""

from __future__ import annotations

import os
from numbers import Integral
from typing import Any, ClassVar

import numpy as np
from sklearn.feature_extraction import text as sk_text
from sklearn.utils._param_validation import HasMethods, StrOptions

from . import _core
from ._vectorizer import (
    STRING_ERROR,
    CloneMixin,
    check_entities_supported,
    check_stop_words,
    decoder,
    documents,
    make_plan,
    n_jobs,
    to_csr,
)
from ._vectorizer_io import decode_meta, encode_meta, tables

__all__ = ["HashingVectorizer", "murmurhash3_32"]

_FLOAT: dict[Any, str] = {np.dtype(np.float64): "float64", np.dtype(np.float32): "float32"}
_INT: dict[Any, str] = {np.dtype(np.int64): "int64", np.dtype(np.int32): "int32"}


def murmurhash3_32(key: str | bytes, seed: int = 0) -> int:
    """The signed 32-bit MurmurHash3 of `key` (str as UTF-8), as scikit-learn's
    ``sklearn.utils.murmurhash3_32(key, seed)``."""
    if isinstance(key, str):
        key = key.encode("utf-8")
    return _core.murmurhash3_32(key, seed)


class HashingVectorizer(CloneMixin, sk_text.HashingVectorizer):
    """Convert a collection of text documents to a matrix of token occurrences.

    scikit-learn's :class:`~sklearn.feature_extraction.text.HashingVectorizer` (same
    parameters), computed in C++. Extra parameter:

    n_jobs : int or None, default=None
        Threads (None: 1, -1: all cores). Results do not depend on it.

    entities : newsnlp.EntityMatcher or None, default=None
        Entity-aware features: each mention the matcher finds becomes the feature
        ``"entity:<id>"``. Needs an analysis newsnlp runs in C++ (no callable analyzer or
        tokenizer, no other token pattern).

    entity_features : {"add", "replace"}, default="add"
        ``"add"``: mentions are extra features, the words stay. ``"replace"`` (word
        analyzer): the words a mention covers are replaced by its feature, in place, so
        n-grams run across it.

    An empty list of documents raises ``ValueError("Cannot vectorize empty sequence.")``
    (scikit-learn lets a ``StopIteration`` escape).
    """

    _parameter_constraints: ClassVar[dict] = {
        **sk_text.HashingVectorizer._parameter_constraints,
        "n_jobs": [Integral, None],
        "entities": [None, HasMethods(["find"])],
        "entity_features": [StrOptions({"add", "replace"})],
    }

    def __init__(
        self,
        *,
        input: str = "content",
        encoding: str = "utf-8",
        decode_error: str = "strict",
        strip_accents: Any = None,
        lowercase: bool = True,
        preprocessor: Any = None,
        tokenizer: Any = None,
        stop_words: Any = None,
        token_pattern: str | None = r"(?u)\b\w\w+\b",
        ngram_range: tuple[int, int] = (1, 1),
        analyzer: Any = "word",
        n_features: int = (2**20),
        binary: bool = False,
        norm: str | None = "l2",
        alternate_sign: bool = True,
        dtype: Any = np.float64,
        n_jobs: int | None = None,
        entities: Any = None,
        entity_features: str = "add",
    ) -> None:
        super().__init__(
            input=input,
            encoding=encoding,
            decode_error=decode_error,
            strip_accents=strip_accents,
            lowercase=lowercase,
            preprocessor=preprocessor,
            tokenizer=tokenizer,
            stop_words=stop_words,
            token_pattern=token_pattern,
            ngram_range=ngram_range,
            analyzer=analyzer,
            n_features=n_features,
            binary=binary,
            norm=norm,
            alternate_sign=alternate_sign,
            dtype=dtype,
        )
        self.n_jobs = n_jobs
        self.entities = entities
        self.entity_features = entity_features

    def _dtypes(self) -> dict[Any, str]:
        # integer values are normalized in float64, as sklearn.preprocessing.normalize does
        if self.norm is None:
            return {**_FLOAT, **_INT}
        return {**_FLOAT, **dict.fromkeys(_INT, "float64")}

    def transform(self, X: Any) -> Any:
        """Transform a sequence of documents to a document-term matrix."""
        if isinstance(X, str):
            raise ValueError(STRING_ERROR)
        plan = make_plan(self, self._dtypes())
        if plan is None or not isinstance(self.n_features, Integral):
            check_entities_supported(self)
            return super().transform(X)
        self._validate_ngram_range()
        check_stop_words(self, plan)
        docs = documents(self, X, plan)
        if not docs:
            raise ValueError("Cannot vectorize empty sequence.")
        core = self._new_core(plan.make_analyzer(), plan.dtype)
        # columns sorted and unique (explicit zeros where +1 and -1 cancel): canonical
        return to_csr(core.transform(docs, decoder(self), n_jobs=n_jobs(self.n_jobs)))

    def _new_core(self, analyzer: Any, dtype: str) -> Any:
        return _core.HashingVectorizer(
            analyzer,
            n_features=int(self.n_features),
            binary=self.binary,
            norm=self.norm,
            alternate_sign=self.alternate_sign,
            dtype=dtype,
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the vectorizer (its parameters: it is stateless) to a model file;
        callables cannot be stored (use pickle for those)."""
        plan = make_plan(self, self._dtypes())
        analyzer = plan.make_analyzer() if plan is not None else _core.Analyzer(tables=tables())
        core = self._new_core(analyzer, plan.dtype if plan is not None else "float64")
        core.save(os.fspath(path), meta=encode_meta(self, {}))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> HashingVectorizer:
        """Reads a vectorizer written by :meth:`save`. Raises
        :class:`~newsnlp.errors.NewsnlpIOError` for a missing, foreign or corrupt file."""
        _, raw = _core.HashingVectorizer.load(os.fspath(path), tables=tables())
        est, _ = decode_meta(cls, raw, path)
        return est
