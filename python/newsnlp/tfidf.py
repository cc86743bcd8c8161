"""scikit-learn's CountVectorizer, TfidfTransformer and TfidfVectorizer, computed in C++.

Drop-in subclasses of scikit-learn's classes: the same parameters, defaults, validation,
warnings, errors and fitted attributes (``vocabulary_``, ``fixed_vocabulary_``, ``idf_``,
``get_feature_names_out()``), usable in ``Pipeline``, ``GridSearchCV``, ``clone`` and
pickle, with the same matrices (columns sorted within rows, which scikit-learn does not
guarantee). On top: ``n_jobs`` threads, ``tokenizer=newsnlp.Tokenizer(...)`` to count
newsnlp's norms, :meth:`save` / :meth:`load`.

>>> from newsnlp import TfidfVectorizer
>>> X = TfidfVectorizer().fit_transform(["Le chat dort.", "Le chien aboie."])
>>> X.shape
(2, 5)

Configurations C++ cannot express (a callable analyzer or tokenizer, another token
pattern, unusual dtypes) run scikit-learn's own code, with the same results.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import text as sk_text
from sklearn.utils.validation import check_is_fitted

from . import _core
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
    fit_context,
    frequency,
    make_plan,
    n_jobs,
    sparse_interface,
    sum_dtype,
    to_csr,
    warn_uppercase,
)

try:
    from sklearn.utils.validation import validate_data
except ImportError:  # scikit-learn < 1.6

    def validate_data(estimator: Any, X: Any, **kwargs: Any) -> Any:
        return estimator._validate_data(X, **kwargs)


__all__ = ["CountVectorizer", "TfidfTransformer", "TfidfVectorizer"]

_F64, _F32 = np.dtype(np.float64), np.dtype(np.float32)
_COUNT_DTYPES: dict[Any, str] = {
    np.dtype(np.int64): "int64",
    np.dtype(np.int32): "int32",
    _F64: "float64",
    _F32: "float32",
}
# TfidfVectorizer: integer counts are weighted in float64 (with scikit-learn's warning).
_TFIDF_DTYPES: dict[Any, str] = {
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


def _align(X: Any) -> Any:
    """scikit-learn's sparse_interface for a matrix computed by scikit-learn's code."""
    if sparse_interface() == "sparray":
        return X if not sp.isspmatrix(X) else sp.csr_array(X)
    return X if sp.isspmatrix(X) else sp.csr_matrix(X)


class _Counting(CoreMixin):
    """The C++ fit / transform shared by CountVectorizer and TfidfVectorizer."""

    _DTYPES: dict[Any, str]
    # scikit-learn's attributes, for the type checker
    vocabulary: Any
    vocabulary_: dict[str, Any]
    fixed_vocabulary_: bool
    max_df: Any
    min_df: Any
    max_features: int | None
    dtype: Any
    binary: bool
    n_jobs: int | None

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
        if not self.fixed_vocabulary_:
            self.vocabulary_ = core.vocabulary()
        self._core_state = CoreState(self._core_key(plan), core, self.vocabulary_)
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
        state = getattr(self, "_core_state", None)
        vocabulary = getattr(self, "vocabulary_", None)
        if state is None or state.key != key or state.vocabulary is not vocabulary:
            terms = check_fixed_vocabulary(self.vocabulary_)
            if terms is None:
                return None
            state = CoreState(key, self._new_core(plan, terms), self.vocabulary_)
            self._core_state = state
        self._sync_core(state)
        return state.core

    def _sync_core(self, state: CoreState) -> None:
        """Brings fitted weights the user may have replaced into the core (TF-IDF)."""


class CountVectorizer(_Counting, sk_text.CountVectorizer):
    """Convert a collection of text documents to a matrix of token counts.

    scikit-learn's :class:`~sklearn.feature_extraction.text.CountVectorizer` (same
    parameters and attributes), computed in C++. Extra parameter:

    n_jobs : int or None, default=None
        Threads for counting (None: 1, -1: all cores). Results do not depend on it.

    ``tokenizer`` may be a :class:`newsnlp.Tokenizer`: features are then its token norms
    (words, numbers, URLs, mentions, hashtags, emoji; no punctuation) without its stop
    words; ``lowercase`` has no effect (the tokenizer's normalization decides), pass
    ``token_pattern=None`` to avoid scikit-learn's unused-parameter warning.
    """

    _parameter_constraints: ClassVar[dict] = {
        **sk_text.CountVectorizer._parameter_constraints,
        "n_jobs": [Integral, None],
    }
    _DTYPES = _COUNT_DTYPES

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
        max_df: float | int = 1.0,
        min_df: float | int = 1,
        max_features: int | None = None,
        vocabulary: Any = None,
        binary: bool = False,
        dtype: Any = np.int64,
        n_jobs: int | None = None,
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
            max_df=max_df,
            min_df=min_df,
            max_features=max_features,
            vocabulary=vocabulary,
            binary=binary,
            dtype=dtype,
        )
        self.n_jobs = n_jobs

    def _new_core(self, plan: Plan, terms: list[str] | None) -> Any:
        return _core.CountVectorizer(
            plan.make_analyzer(), vocabulary=terms, **self._core_options(plan)
        )

    @fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn the vocabulary dictionary and return the document-term matrix."""
        plan = self._plan()
        if plan is None:
            self._forget_core()
            return super().fit_transform(raw_documents)
        return self._fit_core(raw_documents, plan, transform=True)

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents: Any, y: Any = None) -> CountVectorizer:
        """Learn a vocabulary dictionary of all tokens in the raw documents."""
        plan = self._plan()
        if plan is None:
            self._forget_core()
            return super().fit(raw_documents)
        self._fit_core(raw_documents, plan, transform=False)
        return self

    def transform(self, raw_documents: Any) -> Any:
        """Transform documents to a document-term matrix."""
        if isinstance(raw_documents, str):
            raise ValueError(STRING_ERROR)
        self._check_vocabulary()
        plan = self._plan()
        X = self._transform_core(raw_documents, plan) if plan is not None else None
        return X if X is not None else super().transform(raw_documents)


class TfidfTransformer(sk_text.TfidfTransformer):
    """Transform a count matrix to a normalized tf or tf-idf representation.

    scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfTransformer` (same
    parameters and attributes); the weighting runs in C++. Extra parameter:

    n_jobs : int or None, default=None
        Threads for transform (None: 1, -1: all cores).
    """

    _parameter_constraints: ClassVar[dict] = {
        **sk_text.TfidfTransformer._parameter_constraints,
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        *,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(
            norm=norm, use_idf=use_idf, smooth_idf=smooth_idf, sublinear_tf=sublinear_tf
        )
        self.n_jobs = n_jobs

    def _core(self, use_idf: bool) -> Any:
        return _core.TfidfTransformer(
            norm=self.norm,
            use_idf=use_idf,
            smooth_idf=self.smooth_idf,
            sublinear_tf=self.sublinear_tf,
        )

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any = None) -> TfidfTransformer:
        """Learn the idf vector (global term weights)."""
        X = validate_data(self, X, accept_sparse=("csr", "csc"), accept_large_sparse=True)
        if not sp.issparse(X):
            X = sp.csr_array(X)
        dtype = X.dtype if X.dtype in (np.float64, np.float32) else np.float64
        if self.use_idf:
            if X.format == "csr":
                df = np.bincount(X.indices, minlength=X.shape[1])
            else:
                df = np.diff(X.indptr)
            core = self._core(True)
            float32 = np.dtype(dtype) == _F32
            core.fit(df.astype(np.int64), X.shape[0], float32=float32)
            self.idf_ = core.idf(float32=float32)
        return self

    def transform(self, X: Any, copy: bool = True) -> Any:
        """Transform a count matrix to a tf or tf-idf representation."""
        check_is_fitted(self)
        X = validate_data(
            self, X, accept_sparse="csr", dtype=[np.float64, np.float32], copy=copy, reset=False
        )
        if not sp.issparse(X):
            X = sp.csr_array(X, dtype=X.dtype)
        if X.indices.dtype != X.indptr.dtype:
            X.indices = X.indices.astype(np.int64)
            X.indptr = X.indptr.astype(np.int64)
        core = self._core(hasattr(self, "idf_"))
        if hasattr(self, "idf_"):
            core.set_idf(np.asarray(self.idf_, dtype=np.float64))
        core.transform(X.data, X.indices, X.indptr, X.shape, X.data, n_jobs=n_jobs(self.n_jobs))
        return _align(X)


class TfidfVectorizer(_Counting, sk_text.TfidfVectorizer):
    """Convert a collection of raw documents to a matrix of TF-IDF features.

    scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer` (same
    parameters and attributes), counted and weighted in one C++ pass. Extra parameter:

    n_jobs : int or None, default=None
        Threads (None: 1, -1: all cores). Results do not depend on it.

    ``tokenizer`` may be a :class:`newsnlp.Tokenizer` (see :class:`CountVectorizer`).
    """

    _parameter_constraints: ClassVar[dict] = {
        **sk_text.TfidfVectorizer._parameter_constraints,
        "n_jobs": [Integral, None],
    }
    _DTYPES = _TFIDF_DTYPES

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
        analyzer: Any = "word",
        stop_words: Any = None,
        token_pattern: str | None = r"(?u)\b\w\w+\b",
        ngram_range: tuple[int, int] = (1, 1),
        max_df: float | int = 1.0,
        min_df: float | int = 1,
        max_features: int | None = None,
        vocabulary: Any = None,
        binary: bool = False,
        dtype: Any = np.float64,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        n_jobs: int | None = None,
    ) -> None:
        super().__init__(
            input=input,
            encoding=encoding,
            decode_error=decode_error,
            strip_accents=strip_accents,
            lowercase=lowercase,
            preprocessor=preprocessor,
            tokenizer=tokenizer,
            analyzer=analyzer,
            stop_words=stop_words,
            token_pattern=token_pattern,
            ngram_range=ngram_range,
            max_df=max_df,
            min_df=min_df,
            max_features=max_features,
            vocabulary=vocabulary,
            binary=binary,
            dtype=dtype,
            norm=norm,
            use_idf=use_idf,
            smooth_idf=smooth_idf,
            sublinear_tf=sublinear_tf,
        )
        self.n_jobs = n_jobs

    def _weights(self) -> dict[str, Any]:
        """The weighting of the fitted transformer (scikit-learn's transform uses
        ``_tfidf``, whose parameters were fixed at fit time)."""
        t = getattr(self, "_tfidf", None)
        if t is None:
            return {
                "norm": self.norm,
                "use_idf": self.use_idf,
                "smooth_idf": self.smooth_idf,
                "sublinear_tf": self.sublinear_tf,
            }
        return {
            "norm": t.norm,
            "use_idf": hasattr(t, "idf_"),
            "smooth_idf": t.smooth_idf,
            "sublinear_tf": t.sublinear_tf,
        }

    def _core_key(self, plan: Plan) -> tuple[Any, ...]:
        return (plan.key, self.binary, tuple(sorted(self._weights().items())))

    def _new_core(self, plan: Plan, terms: list[str] | None) -> Any:
        options = self._core_options(plan)
        weights = self._weights()
        if not hasattr(self, "_tfidf"):  # fitting: the vocabulary may be fixed
            return _core.TfidfVectorizer(
                plan.make_analyzer(), vocabulary=terms, **options, **weights
            )
        core = _core.TfidfVectorizer(plan.make_analyzer(), **options, **weights)
        idf = getattr(self._tfidf, "idf_", None)
        core.set_fitted(
            terms or [], [], 0, None if idf is None else np.asarray(idf, dtype=np.float64)
        )
        return core

    def _sync_core(self, state: CoreState) -> None:
        idf = getattr(self._tfidf, "idf_", None)
        if idf is not None and idf is not state.idf:
            state.core.set_idf(np.asarray(idf, dtype=np.float64))
            state.idf = idf

    def _start_fit(self) -> None:
        self._forget_core()
        if hasattr(self, "_tfidf"):
            del self._tfidf  # without one, _new_core builds a core that fits

    def _finish_fit(self) -> None:
        state = self._core_state
        assert state is not None
        tfidf = TfidfTransformer(
            norm=self.norm,
            use_idf=self.use_idf,
            smooth_idf=self.smooth_idf,
            sublinear_tf=self.sublinear_tf,
        )
        tfidf.n_features_in_ = len(self.vocabulary_)
        if self.use_idf:
            tfidf.idf_ = state.core.idf()
            state.idf = tfidf.idf_
        self._tfidf = tfidf

    @fit_context(prefer_skip_nested_validation=True)
    def _fit_fast(self, raw_documents: Any, plan: Plan, transform: bool) -> Any:
        self._start_fit()
        X = self._fit_core(raw_documents, plan, transform)
        self._finish_fit()
        return X

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents: Any, y: Any = None) -> TfidfVectorizer:
        """Learn vocabulary and idf from the training set."""
        plan = self._plan()
        if plan is None:
            self._forget_core()
            return super().fit(raw_documents)
        self._check_params()
        self._warn_for_unused_params()
        self._fit_fast(raw_documents, plan, transform=False)
        return self

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn vocabulary and idf, return the document-term matrix."""
        plan = self._plan()
        if plan is None:
            self._forget_core()
            return super().fit_transform(raw_documents)
        self._check_params()
        return self._fit_fast(raw_documents, plan, transform=True)

    def transform(self, raw_documents: Any) -> Any:
        """Transform documents to a document-term matrix."""
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        if isinstance(raw_documents, str):
            raise ValueError(STRING_ERROR)
        self._check_vocabulary()
        plan = self._plan()
        X = self._transform_core(raw_documents, plan) if plan is not None else None
        return X if X is not None else super().transform(raw_documents)
