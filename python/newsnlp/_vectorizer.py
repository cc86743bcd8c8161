"""What the scikit-learn-compatible vectorizers share: deciding whether a configuration
runs in C++ (and with which analyzer), preparing documents, and wrapping results.

A configuration runs in C++ when its analysis can be expressed there: the 'word', 'char'
and 'char_wb' analyzers with scikit-learn's default token pattern (or ``\\w+``-style
variants), or a :class:`newsnlp.Tokenizer` as the tokenizer; a callable ``preprocessor``
or ``strip_accents`` runs in Python first, then C++ takes over. Anything else (a callable
analyzer or tokenizer, another token pattern, exotic dtypes) is handed to scikit-learn's
own implementation, unchanged: same results, Python speed.
"""

from __future__ import annotations

import copy
import functools
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import _core
from ._params import CachedParams
from ._sklearn_tables import char_tables
from .tokenizer import Tokenizer

try:  # scikit-learn >= 1.3
    from sklearn.base import _fit_context
except ImportError:  # pragma: no cover

    def _fit_context(*, prefer_skip_nested_validation: bool) -> Callable[..., Any]:
        def decorator(fit_method: Callable[..., Any]) -> Callable[..., Any]:
            @functools.wraps(fit_method)
            def wrapper(estimator: Any, *args: Any, **kwargs: Any) -> Any:
                estimator._validate_params()
                return fit_method(estimator, *args, **kwargs)

            return wrapper

        return decorator


__all__ = [
    "CloneMixin",
    "CoreMixin",
    "Plan",
    "check_entities_supported",
    "fit_context",
    "make_plan",
]

fit_context = _fit_context

# Token patterns whose findall() equals "maximal runs of \w of at least n characters".
_TOKEN_PATTERNS = {
    r"(?u)\b\w\w+\b": 2,
    r"\b\w\w+\b": 2,
    r"\w\w+": 2,
    r"(?u)\w\w+": 2,
    r"(?u)\b\w+\b": 1,
    r"\b\w+\b": 1,
    r"\w+": 1,
    r"(?u)\w+": 1,
}

STRING_ERROR = "Iterable over raw text documents expected, string object received."


@dataclass(frozen=True)
class Plan:
    """How a vectorizer's current parameters run in C++."""

    analyzer: dict[str, Any]  # _core.Analyzer keyword arguments (without tables)
    preprocess: Callable[[Any], Any] | None  # Python preprocessing before C++, if any
    dtype: str  # the C++ value type
    key: tuple[Any, ...]  # equal keys mean the same C++ configuration

    def make_analyzer(self) -> _core.Analyzer:
        kwargs = dict(self.analyzer)
        for name in ("tokenizer", "entities"):  # the Python wrappers' C++ objects
            if kwargs.get(name) is not None:
                kwargs[name] = kwargs[name]._core
        return _core.Analyzer(tables=char_tables(), **kwargs)


def _stop_list(stop_words: Any) -> list[str] | None:
    if stop_words is None:
        return []
    if isinstance(stop_words, str):
        return sorted(ENGLISH_STOP_WORDS) if stop_words == "english" else None
    return [w for w in stop_words if isinstance(w, str)]


def make_plan(est: Any, dtypes: Mapping[Any, str]) -> Plan | None:
    """The C++ plan for `est`'s parameters, or None when scikit-learn must run them.

    `dtypes` maps the output dtypes this estimator computes in C++ to C++ value types.
    """
    try:
        dtype = dtypes.get(np.dtype(est.dtype))
    except TypeError:
        return None
    if dtype is None or callable(est.analyzer) or not isinstance(est.analyzer, str):
        return None
    ngram = est.ngram_range
    if not (
        isinstance(ngram, tuple)
        and len(ngram) == 2
        and all(isinstance(n, Integral) and not isinstance(n, bool) for n in ngram)
        and 1 <= ngram[0]
    ):
        return None
    preprocess = None
    lowercase, strip = bool(est.lowercase), est.strip_accents
    if est.preprocessor is not None or callable(strip):
        preprocess = est.build_preprocessor()
        lowercase, strip = False, None
    elif strip not in (None, "ascii", "unicode"):
        return None
    kwargs: dict[str, Any] = {
        "analyzer": est.analyzer,
        "lowercase": lowercase,
        "strip_accents": strip or "none",
        "ngram_range": (int(ngram[0]), int(ngram[1])),
    }
    if est.analyzer == "word":
        stop = _stop_list(est.stop_words)
        if stop is None:
            return None
        kwargs["stop_words"] = stop
        if isinstance(est.tokenizer, Tokenizer):
            kwargs["tokenizer"] = est.tokenizer
        elif est.tokenizer is not None or est.token_pattern not in _TOKEN_PATTERNS:
            return None
        else:
            kwargs["min_token_length"] = _TOKEN_PATTERNS[est.token_pattern]
    entities = getattr(est, "entities", None)
    if entities is not None:
        kwargs["entities"] = entities
        kwargs["entity_features"] = est.entity_features
    key = (
        tuple(sorted((k, v if not isinstance(v, list) else tuple(v)) for k, v in kwargs.items())),
        id(preprocess) if preprocess is not None else None,
        dtype,
    )
    return Plan(kwargs, preprocess, dtype, key)


def check_entities_supported(est: Any) -> None:
    """Entity features exist in C++ only: scikit-learn's code path would ignore them."""
    if getattr(est, "entities", None) is not None:
        raise ValueError(
            "entities need an analysis newsnlp runs in C++ (the 'word', 'char' or 'char_wb' "
            "analyzer with the default token pattern or a newsnlp Tokenizer, no callable "
            "analyzer or tokenizer, a float64/float32/int64/int32 dtype)"
        )


def documents(est: Any, raw_documents: Iterable[Any], plan: Plan) -> list[Any]:
    """The documents as a list the binding reads: str read in place, the rest decoded by
    :func:`decoder`. Files are read and a Python preprocessor applied here."""
    if isinstance(raw_documents, str):
        raise ValueError(STRING_ERROR)
    docs = raw_documents if type(raw_documents) is list else list(raw_documents)
    if est.input != "content" or plan.preprocess is not None:
        docs = [_decode(est, d, i) for i, d in enumerate(docs)]
        if plan.preprocess is not None:
            preprocess = plan.preprocess
            docs = [preprocess(d) for d in docs]
            for i, d in enumerate(docs):
                if not isinstance(d, str):
                    raise TypeError(
                        f"document {i}: the preprocessor returned {type(d).__name__}, not str"
                    )
    return docs


def _decode(est: Any, doc: Any, index: int) -> str:
    """scikit-learn's decode() (files, bytes with `encoding` and `decode_error`, the np.nan
    check), then a clear error for anything that is still not text."""
    try:
        text = est.decode(doc)
    except UnicodeDecodeError as e:
        if hasattr(e, "add_note"):
            e.add_note(f"in document {index}")
        raise
    if not isinstance(text, str):
        raise TypeError(f"document {index}: expected str or bytes, got {type(text).__name__}")
    return text


def decoder(est: Any) -> Callable[[Any, int], str]:
    """The binding's callback for documents that are not str."""
    return functools.partial(_decode, est)


def n_jobs(value: int | None) -> int:
    return 1 if value is None else int(value)


def sparse_interface() -> str:
    from sklearn import get_config

    return str(get_config().get("sparse_interface", "spmatrix"))


def to_csr(parts: tuple[Any, Any, Any, tuple[int, int]], *, canonical: bool = True) -> Any:
    """A SciPy CSR matrix (or array, per scikit-learn's ``sparse_interface``) over the
    capsule-owned buffers the binding returned, without copying them."""
    data, indices, indptr, shape = parts
    cls = sp.csr_array if sparse_interface() == "sparray" else sp.csr_matrix
    X = cls((data, indices, indptr), shape=shape, copy=False)
    X.has_sorted_indices = True
    if canonical:
        X.has_canonical_format = True
    return X


def argsort_selector(sum_dtype: np.dtype) -> Callable[[np.ndarray, int], np.ndarray]:
    """max_features' choice exactly as scikit-learn makes it, ties included:
    ``(-tfs).argsort()[:limit]`` on the column sums in the dtype SciPy gives them."""

    def select(counts: np.ndarray, limit: int) -> np.ndarray:
        tfs = counts.astype(sum_dtype)
        return (-tfs).argsort()[:limit]

    return select


@functools.cache
def sum_dtype(dtype: Any) -> np.dtype:
    """The dtype of ``X.sum(axis=0)`` for a sparse X of `dtype` (asked on every fit: made
    once per dtype)."""
    return np.asarray(sp.csr_matrix((1, 1), dtype=dtype).sum(axis=0)).dtype


def frequency(value: Any) -> tuple[float, bool]:
    """min_df / max_df as (value, is_count)."""
    if isinstance(value, Integral) and not isinstance(value, bool):
        return float(value), True
    return float(value), False


def check_fixed_vocabulary(vocabulary: Mapping[Any, int]) -> list[str] | None:
    """The terms of a validated fixed vocabulary in index order, or None when some term is
    not a str (scikit-learn then runs it)."""
    terms: list[Any] = [None] * len(vocabulary)
    for term, index in vocabulary.items():
        terms[int(index)] = term
    if not all(isinstance(t, str) for t in terms):
        return None
    return terms


def warn_uppercase(est: Any) -> None:
    """scikit-learn's warning for a fixed vocabulary that lowercasing cannot match."""
    if est.fixed_vocabulary_ and est.lowercase:
        for term in est.vocabulary:
            if any(map(str.isupper, term)):
                warnings.warn(
                    "Upper case characters found in"
                    " vocabulary while 'lowercase'"
                    " is True. These entries will not"
                    " be matched with any documents",
                    stacklevel=3,
                )
                break


def check_stop_words(est: Any, plan: Plan) -> None:
    """scikit-learn's stop-word consistency warning (it runs when building the analyzer)."""
    if est.analyzer == "word" and "tokenizer" not in plan.analyzer:
        est._check_stop_words_consistency(
            est.get_stop_words(), est.build_preprocessor(), est.build_tokenizer()
        )


@dataclass
class CoreState:
    """A fitted C++ vectorizer and what it was built from, so that transform() reuses it
    only while the Python-visible state (parameters, ``vocabulary_``, ``idf_``) matches."""

    key: tuple[Any, ...]
    core: Any
    vocabulary: Any  # the vocabulary_ object the core's features came from
    idf: Any = None  # the idf_ array given to the core (TF-IDF)


def _shared(value: Any) -> bool:
    from .matcher import EntityMatcher

    return isinstance(value, (Tokenizer, EntityMatcher))


class CloneMixin(CachedParams):
    """``sklearn.base.clone`` for estimators whose ``tokenizer`` is a
    :class:`newsnlp.Tokenizer` or whose ``entities`` is an :class:`newsnlp.EntityMatcher`:
    clone treats anything with ``get_params`` as an estimator and would rebuild it from
    its parameters, which an EntityMatcher (compiled from a gazetteer) cannot be. Both are
    immutable and thread-safe, so the clone shares them."""

    def __sklearn_clone__(self) -> Any:
        from sklearn.base import clone

        params = self.get_params(deep=False)  # type: ignore[attr-defined]
        if not any(_shared(v) for v in params.values()):
            return super().__sklearn_clone__()  # type: ignore[misc]
        new_params = {k: v if _shared(v) else clone(v, safe=False) for k, v in params.items()}
        new = type(self)(**new_params)
        for attribute in ("_metadata_request", "_sklearn_output_config"):
            if hasattr(self, attribute):
                setattr(new, attribute, copy.deepcopy(getattr(self, attribute)))
        return new


class CoreMixin(CloneMixin):
    """Keeps the C++ object of a fitted vectorizer out of pickles (it is rebuilt from the
    fitted attributes on first use) and drops it when scikit-learn's code path is taken."""

    _core_state: CoreState | None = None

    def _forget_core(self) -> None:
        self._core_state = None

    def __getstate__(self) -> dict[str, Any]:
        state: dict[str, Any] = dict(super().__getstate__())  # type: ignore[misc, call-overload]
        state.pop("_core_state", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)  # type: ignore[misc]
        self._core_state = None
