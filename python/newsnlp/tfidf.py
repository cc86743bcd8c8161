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
pattern, unusual dtypes) run scikit-learn's own code, with the same results. A callable
``preprocessor`` or ``strip_accents`` runs in Python, the rest in C++.

Where newsnlp differs, knowingly: ``vocabulary_`` lists its terms in column order
(scikit-learn: first-seen order; the dicts compare equal) and is made on first access; a
document that is neither str nor bytes raises ``TypeError`` naming its index
(scikit-learn: an ``AttributeError`` from ``.lower()``); a bytes document that does not
decode keeps scikit-learn's ``UnicodeDecodeError``, with a note naming the document.
"""

from __future__ import annotations

import os
from numbers import Integral
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import text as sk_text
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.validation import check_is_fitted

from . import _core
from ._counting import COUNT_DTYPES, TFIDF_DTYPES, Counting, align, sorted_rows
from ._vectorizer import (
    STRING_ERROR,
    CoreState,
    Plan,
    check_entities_supported,
    fit_context,
    n_jobs,
)
from ._vectorizer_io import tables

try:
    from sklearn.utils.validation import validate_data
except ImportError:  # scikit-learn < 1.6

    def validate_data(estimator: Any, X: Any, **kwargs: Any) -> Any:
        return estimator._validate_data(X, **kwargs)


__all__ = ["CountVectorizer", "TfidfTransformer", "TfidfVectorizer"]


class CountVectorizer(Counting, sk_text.CountVectorizer):
    """Convert a collection of text documents to a matrix of token counts.

    scikit-learn's :class:`~sklearn.feature_extraction.text.CountVectorizer` (same
    parameters and attributes), computed in C++. Extra parameter:

    n_jobs : int or None, default=None
        Threads for counting (None: 1, -1: all cores). Results do not depend on it.

    entities : newsnlp.EntityMatcher or None, default=None
        Entity-aware features: each mention the matcher finds becomes the feature
        ``"entity:<id>"``. Needs an analysis newsnlp runs in C++ (no callable analyzer or
        tokenizer, no other token pattern).

    entity_features : {"add", "replace"}, default="add"
        ``"add"``: mentions are extra features, the words stay. ``"replace"`` (word
        analyzer): the words a mention covers are replaced by its feature, in place, so
        n-grams run across it.

    ``tokenizer`` may be a :class:`newsnlp.Tokenizer`: features are then its token norms
    (words, numbers, URLs, mentions, hashtags, emoji; no punctuation) without its stop
    words; ``lowercase`` has no effect (the tokenizer's normalization decides), pass
    ``token_pattern=None`` to avoid scikit-learn's unused-parameter warning.
    """

    _parameter_constraints: ClassVar[dict] = {
        **sk_text.CountVectorizer._parameter_constraints,
        "n_jobs": [Integral, None],
        "entities": [None, HasMethods(["find"])],
        "entity_features": [StrOptions({"add", "replace"})],
    }
    _DTYPES = COUNT_DTYPES
    _CORE = _core.CountVectorizer

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
            max_df=max_df,
            min_df=min_df,
            max_features=max_features,
            vocabulary=vocabulary,
            binary=binary,
            dtype=dtype,
        )
        self.n_jobs = n_jobs
        self.entities = entities
        self.entity_features = entity_features

    def _new_core(self, plan: Plan, terms: list[str] | None) -> Any:
        return _core.CountVectorizer(
            plan.make_analyzer(), vocabulary=terms, **self._core_options(plan)
        )

    def _state_core(self) -> Any:
        core = _core.CountVectorizer(_core.Analyzer(tables=tables()))
        core.set_fitted(self._terms(), [], 0)
        return core

    @fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """Learn the vocabulary dictionary and return the document-term matrix."""
        plan = self._plan()
        if plan is None:
            check_entities_supported(self)
            self._forget_core()
            return sorted_rows(super().fit_transform(raw_documents))
        return self._fit_core(raw_documents, plan, transform=True)

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents: Any, y: Any = None) -> CountVectorizer:
        """Learn a vocabulary dictionary of all tokens in the raw documents."""
        plan = self._plan()
        if plan is None:
            check_entities_supported(self)
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
        if X is None:
            check_entities_supported(self)
            X = sorted_rows(super().transform(raw_documents))
        return X


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

    def _new_core(self, use_idf: bool) -> Any:
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
            core = self._new_core(True)
            float32 = np.dtype(dtype) == np.float32
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
        core = self._new_core(hasattr(self, "idf_"))
        if hasattr(self, "idf_"):
            core.set_idf(np.asarray(self.idf_, dtype=np.float64))
        core.transform(X.data, X.indices, X.indptr, X.shape, X.data, n_jobs=n_jobs(self.n_jobs))
        return align(X)


class TfidfVectorizer(Counting, sk_text.TfidfVectorizer):
    """Convert a collection of raw documents to a matrix of TF-IDF features.

    scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer` (same
    parameters and attributes), counted and weighted in one C++ pass. Extra parameter:

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

    ``tokenizer`` may be a :class:`newsnlp.Tokenizer` (see :class:`CountVectorizer`).
    """

    _parameter_constraints: ClassVar[dict] = {
        **sk_text.TfidfVectorizer._parameter_constraints,
        "n_jobs": [Integral, None],
        "entities": [None, HasMethods(["find"])],
        "entity_features": [StrOptions({"add", "replace"})],
    }
    _DTYPES = TFIDF_DTYPES
    _CORE = _core.TfidfVectorizer

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
        self.entities = entities
        self.entity_features = entity_features

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

    def _state_core(self) -> Any:
        weights = self._weights()
        core = _core.TfidfVectorizer(_core.Analyzer(tables=tables()), **weights)
        idf = getattr(self._tfidf, "idf_", None)
        core.set_fitted(
            self._terms(), [], 0, None if idf is None else np.asarray(idf, dtype=np.float64)
        )
        return core

    def _restore(self, core: Any, fitted: dict[str, Any]) -> None:
        tfidf = TfidfTransformer(
            norm=self.norm,
            use_idf=self.use_idf,
            smooth_idf=self.smooth_idf,
            sublinear_tf=self.sublinear_tf,
        )
        vocabulary = core.vocabulary()
        tfidf.n_features_in_ = len(vocabulary)
        if self.use_idf:
            tfidf.idf_ = core.idf()
        self._tfidf = tfidf
        super()._restore(core, fitted)
        if self._core_state is not None:
            self._core_state.idf = getattr(tfidf, "idf_", None)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the fitted vectorizer to a model file (versioned and checksummed; the
        parameters are stored too, callables excepted: use pickle for those)."""
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        super().save(path)

    def to_bytes(self) -> bytes:
        """The content :meth:`save` writes."""
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        return super().to_bytes()

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
        tfidf.n_features_in_ = state.core.n_features
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
            check_entities_supported(self)
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
            check_entities_supported(self)
            self._forget_core()
            return sorted_rows(super().fit_transform(raw_documents))
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
        if X is None:
            check_entities_supported(self)
            X = sorted_rows(super().transform(raw_documents))
        return X
