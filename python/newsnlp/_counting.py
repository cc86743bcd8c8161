"""The C++ fit / transform shared by CountVectorizer and TfidfVectorizer (tfidf.py):
scikit-learn's steps and checks in scikit-learn's order, the counting in C++, the C++
object kept in step with the Python-visible fitted state, and save / load."""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import scipy.sparse as sp

from ._vectorizer import (
    STRING_ERROR,
    CoreMixin,
    CoreState,
    Plan,
    argsort_selector,
    check_fixed_vocabulary,
    check_stop_words,
    decoder,
    documents,
    frequency,
    make_plan,
    n_jobs,
    sparse_interface,
    sum_dtype,
    to_csr,
    warn_uppercase,
)
from ._vectorizer_io import decode_meta, encode_meta, tables

__all__ = ["COUNT_DTYPES", "TFIDF_DTYPES", "Counting", "align", "sorted_rows"]

_F64, _F32 = np.dtype(np.float64), np.dtype(np.float32)
COUNT_DTYPES: dict[Any, str] = {
    np.dtype(np.int64): "int64",
    np.dtype(np.int32): "int32",
    _F64: "float64",
    _F32: "float32",
}
# TfidfVectorizer: integer counts are weighted in float64 (with scikit-learn's warning).
TFIDF_DTYPES: dict[Any, str] = {
    **{np.dtype(t): "float64" for t in (np.int64, np.int32, np.int16, np.int8)},
    _F64: "float64",
    _F32: "float32",
}


def _all_str_terms(vocabulary: Any) -> bool:
    """True when a fixed vocabulary can go to C++ (str terms, re-iterable)."""
    if vocabulary is None:
        return True
    if isinstance(vocabulary, dict) or hasattr(vocabulary, "keys"):
        return all(isinstance(t, str) for t in vocabulary.keys())
    if isinstance(vocabulary, (list, tuple, set, frozenset, np.ndarray)):
        return all(isinstance(t, str) for t in vocabulary)
    return False  # a one-shot iterable: leave it to scikit-learn


def sorted_rows(X: Any) -> Any:
    """scikit-learn's result with columns sorted within rows, as newsnlp's always are."""
    X.sort_indices()
    return X


def align(X: Any) -> Any:
    """scikit-learn's sparse_interface for a matrix computed by scikit-learn's code."""
    if sparse_interface() == "sparray":
        return X if not sp.isspmatrix(X) else sp.csr_array(X)
    return X if sp.isspmatrix(X) else sp.csr_matrix(X)


class Counting(CoreMixin):
    """The C++ fit / transform shared by CountVectorizer and TfidfVectorizer."""

    _DTYPES: dict[Any, str]
    _CORE: Any  # the _core class
    # scikit-learn's attributes, for the type checker
    vocabulary: Any
    fixed_vocabulary_: bool
    max_df: Any
    min_df: Any
    max_features: int | None
    dtype: Any
    binary: bool
    n_jobs: int | None

    # vocabulary_ after a C++ fit is made on first use (a 40k-term dict takes ~5 ms, more
    # than a tenth of a fit): until then "_vocabulary_pending" says the core holds it.
    @property
    def vocabulary_(self) -> dict[str, Any]:
        d = self.__dict__
        if "_vocabulary" in d:
            return d["_vocabulary"]
        state = d.get("_core_state")
        if d.get("_vocabulary_pending") and state is not None:
            vocabulary = state.core.vocabulary()
            d["_vocabulary"] = vocabulary
            del d["_vocabulary_pending"]
            state.vocabulary = vocabulary
            return vocabulary
        raise AttributeError(f"{type(self).__name__!r} object has no attribute 'vocabulary_'")

    @vocabulary_.setter
    def vocabulary_(self, value: dict[str, Any]) -> None:
        self.__dict__["_vocabulary"] = value
        self.__dict__.pop("_vocabulary_pending", None)

    @vocabulary_.deleter
    def vocabulary_(self) -> None:
        self.__dict__.pop("_vocabulary", None)
        self.__dict__.pop("_vocabulary_pending", None)

    def _core_has_vocabulary(self) -> bool:
        """True when the C++ core's features are exactly vocabulary_."""
        state = self._core_state
        if state is None:
            return False
        if self.__dict__.get("_vocabulary_pending"):
            return True
        return state.vocabulary is not None and state.vocabulary is self.__dict__.get("_vocabulary")

    def _check_vocabulary(self) -> None:
        if self.__dict__.get("_vocabulary_pending") and self._core_state is not None:
            return  # fitted: a C++ fit never leaves an empty vocabulary
        super()._check_vocabulary()  # type: ignore[misc]

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Get output feature names for transformation (in column order)."""
        self._check_vocabulary()
        if self._core_has_vocabulary():
            assert self._core_state is not None
            return np.asarray(self._core_state.core.feature_names(), dtype=object)
        return super().get_feature_names_out(input_features)  # type: ignore[misc]

    def __getstate__(self) -> dict[str, Any]:
        if self.__dict__.get("_vocabulary_pending"):
            self.vocabulary_  # noqa: B018 - made now: the core is not pickled
        return super().__getstate__()

    def _plan(self) -> Plan | None:
        if not _all_str_terms(self.vocabulary):
            return None
        return make_plan(self, self._DTYPES)

    def _core_options(self, plan: Plan) -> dict[str, Any]:
        max_df, max_df_is_count = frequency(self.max_df)
        min_df, min_df_is_count = frequency(self.min_df)
        return {
            "max_df": max_df,
            "max_df_is_count": max_df_is_count,
            "min_df": min_df,
            "min_df_is_count": min_df_is_count,
            "max_features": self.max_features or 0,
            "select": argsort_selector(sum_dtype(self.dtype)),
            "binary": self.binary,
            "dtype": plan.dtype,
        }

    def _new_core(self, plan: Plan, terms: list[str] | None) -> Any:
        raise NotImplementedError  # each class builds its own C++ vectorizer

    def _fit_core(self, raw_documents: Any, plan: Plan, transform: bool) -> Any:
        """scikit-learn's CountVectorizer.fit_transform steps, the counting in C++."""
        if isinstance(raw_documents, str):
            raise ValueError(STRING_ERROR)
        self._validate_ngram_range()  # type: ignore[attr-defined]
        self._warn_for_unused_params()  # type: ignore[attr-defined]
        self._validate_vocabulary()  # type: ignore[attr-defined]
        warn_uppercase(self)
        terms = None
        if self.fixed_vocabulary_:
            terms = check_fixed_vocabulary(self.vocabulary_)
        check_stop_words(self, plan)
        docs = documents(self, raw_documents, plan)
        core = self._new_core(plan, terms)
        jobs = n_jobs(self.n_jobs)
        if transform:
            X = to_csr(core.fit_transform(docs, decoder(self), n_jobs=jobs))
        else:
            core.fit(docs, decoder(self), n_jobs=jobs)
            X = None
        if self.fixed_vocabulary_:
            self._core_state = CoreState(self._core_key(plan), core, self.vocabulary_)
        else:
            self.__dict__.pop("_vocabulary", None)
            self._core_state = CoreState(self._core_key(plan), core, None)
            self._vocabulary_pending = True
        return X

    def _core_key(self, plan: Plan) -> tuple[Any, ...]:
        return (plan.key, self.binary)

    def _transform_core(self, raw_documents: Any, plan: Plan) -> Any:
        check_stop_words(self, plan)
        core = self._fitted_core(plan)
        if core is None:
            return None
        docs = documents(self, raw_documents, plan)
        return to_csr(core.transform(docs, decoder(self), n_jobs=n_jobs(self.n_jobs)))

    def _fitted_core(self, plan: Plan) -> Any:
        """The C++ vectorizer for the current fitted state, rebuilt when the parameters,
        ``vocabulary_`` or (TF-IDF) ``idf_`` changed since it was made."""
        key = self._core_key(plan)
        state = self._core_state
        if state is None or state.key != key or not self._core_has_vocabulary():
            terms = check_fixed_vocabulary(self.vocabulary_)
            if terms is None:
                return None
            state = CoreState(key, self._new_core(plan, terms), self.vocabulary_)
            self._core_state = state
        self._sync_core(state)
        return state.core

    def _sync_core(self, state: CoreState) -> None:
        """Brings fitted weights the user may have replaced into the core (TF-IDF)."""

    def _terms(self) -> list[str]:
        terms = check_fixed_vocabulary(self.vocabulary_)
        if terms is None:
            raise TypeError("cannot save a vocabulary whose terms are not all str")
        return terms

    def _io_core(self) -> Any:
        """The C++ vectorizer to store: the fitted one, or (when scikit-learn's code
        fitted, for a configuration C++ does not run) one that only holds the state."""
        plan = self._plan()
        core = self._fitted_core(plan) if plan is not None else None
        return core if core is not None else self._state_core()

    def _state_core(self) -> Any:
        raise NotImplementedError

    def _restore(self, core: Any, fitted: dict[str, Any]) -> None:
        self.fixed_vocabulary_ = bool(fitted["fixed_vocabulary_"])
        self.vocabulary_ = core.vocabulary()
        plan = self._plan()
        if plan is not None:
            self._core_state = CoreState(self._core_key(plan), core, self.vocabulary_)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the fitted vectorizer to a model file (versioned and checksummed; the
        parameters are stored too, callables excepted: use pickle for those)."""
        self._check_vocabulary()  # type: ignore[attr-defined]
        self._io_core().save(os.fspath(path), meta=self._meta())

    def to_bytes(self) -> bytes:
        """The content :meth:`save` writes (how :mod:`newsnlp.dask` ships a fitted
        vectorizer to its workers)."""
        self._check_vocabulary()  # type: ignore[attr-defined]
        return bytes(self._io_core().to_bytes(meta=self._meta()))

    def _meta(self) -> str:
        return encode_meta(self, {"fixed_vocabulary_": bool(self.fixed_vocabulary_)})

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Any:
        """Reads a vectorizer written by :meth:`save`. Raises
        :class:`~newsnlp.errors.NewsnlpIOError` for a missing, foreign or corrupt file."""
        core, raw = cls._CORE.load(os.fspath(path), tables=tables())
        est, fitted = decode_meta(cls, raw, path)
        est._restore(core, fitted)
        return est

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "<bytes>") -> Any:
        """Reads the content :meth:`to_bytes` returned; `source` names it in errors."""
        core, raw = cls._CORE.from_bytes(bytes(data), source, tables())
        est, fitted = decode_meta(cls, raw, source)
        est._restore(core, fitted)
        return est
