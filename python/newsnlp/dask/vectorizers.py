"""newsnlp's CountVectorizer and TfidfVectorizer fitted on a Dask Series or Bag, with the
result of a single-machine fit on the whole corpus.

Fitting: each partition is counted by an unpruned :class:`newsnlp.CountVectorizer` (in
C++) into term statistics (document frequencies, total counts); the statistics are merged
in a tree (_statistics.py); then the single-machine pruning (min_df, max_df, max_features
with scikit-learn's tie-breaking) runs ONCE on the totals, in C++ (``prune``), and the
idf comes from the global document frequencies. Pruning per partition, as dask-ml does,
would keep other terms. Transforming: partition by partition (_transform.py).

The classes subclass newsnlp's own, so parameters, their validation, fitted attributes
(``vocabulary_``, ``fixed_vocabulary_``, ``idf_``) and ``get_feature_names_out()`` are
the single-machine ones; :meth:`to_local` gives the equivalent single-machine vectorizer.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from .. import _core
from .. import tfidf as local_tfidf
from .._vectorizer import (
    Plan,
    check_fixed_vocabulary,
    check_stop_words,
    fit_context,
    warn_uppercase,
)
from ._partitions import partitions
from ._shipping import as_task_input
from ._statistics import TermStatistics, count_partition, tree_reduce
from ._transform import transform_partitions

__all__ = ["CountVectorizer", "TfidfVectorizer"]

_WEIGHTING = ("norm", "use_idf", "smooth_idf", "sublinear_tf")
_SPLIT_EVERY = 8  # statistics merged per reduction task


class _OnCluster:
    """fit / transform over a Dask collection for a newsnlp vectorizer class."""

    _LOCAL: ClassVar[Any]  # the single-machine class

    def _counter(self) -> Any:
        """The unpruned single-machine counter each partition runs: the same analysis,
        exact integer counts."""
        params = {k: v for k, v in self.get_params(deep=False).items() if k not in _WEIGHTING}  # type: ignore[attr-defined]
        params.update(min_df=1, max_df=1.0, max_features=None, dtype=np.int64)
        return local_tfidf.CountVectorizer(**params)

    def _fit_on_cluster(self, raw_documents: Any) -> None:
        import dask

        parts = partitions(raw_documents, "fit")
        self._validate_ngram_range()  # type: ignore[attr-defined]
        self._warn_for_unused_params()  # type: ignore[attr-defined]
        self._validate_vocabulary()  # type: ignore[attr-defined]
        warn_uppercase(self)
        plan = self._plan()  # type: ignore[attr-defined]
        if plan is None:
            raise ValueError(
                f"newsnlp.dask.{type(self).__name__} runs the configurations newsnlp counts in "
                "C++ (no callable analyzer or tokenizer, scikit-learn's token pattern or a "
                "newsnlp Tokenizer, a float or int dtype, str vocabulary terms)"
            )
        check_stop_words(self, plan)
        shipped = as_task_input(self._counter())
        count = dask.delayed(count_partition, pure=True)
        statistics = [count(part, number, shipped) for number, part in enumerate(parts.parts)]
        (total,) = dask.compute(tree_reduce(statistics, _SPLIT_EVERY))
        self._install(plan, total)

    def _install(self, plan: Plan, total: TermStatistics) -> None:
        """The fitted state of a single-machine fit with these corpus statistics."""
        fixed = bool(self.fixed_vocabulary_)  # type: ignore[attr-defined]
        self._reset_fit()
        if fixed:
            terms = check_fixed_vocabulary(self.vocabulary_)  # type: ignore[attr-defined]
            assert terms is not None  # plan is None otherwise
            df = total.document_frequencies if len(total.terms) else np.zeros(len(terms), np.int64)
        else:
            if not len(total.terms):  # no term anywhere: the single-machine fit's error
                self._counter().fit([])
            keep = self._new_core(plan, None).prune(  # type: ignore[attr-defined]
                total.document_frequencies, total.term_counts, total.n_documents
            )
            terms, df = total.terms[keep].tolist(), total.document_frequencies[keep]
        core = self._new_core(plan, terms if fixed else None)  # type: ignore[attr-defined]
        self._set_fitted(core, plan, terms, df, total.n_documents)
        self._restore(core, {"fixed_vocabulary_": fixed})  # type: ignore[attr-defined]

    def _reset_fit(self) -> None:
        self._forget_core()  # type: ignore[attr-defined]

    def _set_fitted(self, core: Any, plan: Plan, terms: list[str], df: np.ndarray, n: int) -> None:
        core.set_fitted(terms, df.tolist(), n)

    def transform(self, raw_documents: Any) -> Any:
        """The document-term matrix of a Dask Series or Bag: a Dask array of scipy.sparse
        CSR blocks, one per partition (``.compute()`` stacks them into one matrix)."""
        return transform_partitions(self.to_local(), raw_documents)

    def fit_transform(self, raw_documents: Any, y: Any = None) -> Any:
        """:meth:`fit`, then :meth:`transform` (the documents are read twice)."""
        return self.fit(raw_documents).transform(raw_documents)  # type: ignore[attr-defined]

    def to_local(self) -> Any:
        """The equivalent fitted single-machine vectorizer (``newsnlp.{Count,Tfidf}Vectorizer``)."""
        self._check_vocabulary()  # type: ignore[attr-defined]
        local = self._LOCAL.__new__(self._LOCAL)
        local.__setstate__(self.__getstate__())  # type: ignore[attr-defined]
        return local


class CountVectorizer(_OnCluster, local_tfidf.CountVectorizer):
    """:class:`newsnlp.CountVectorizer` fitted on a Dask Series or Bag of texts: the same
    parameters and fitted attributes, and the vocabulary a single-machine fit on the whole
    corpus learns. :meth:`transform` returns a Dask array of CSR blocks."""

    _LOCAL = local_tfidf.CountVectorizer

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents: Any, y: Any = None) -> CountVectorizer:
        """Learn the vocabulary of a Dask Series or Bag of texts."""
        self._fit_on_cluster(raw_documents)
        return self


class TfidfVectorizer(_OnCluster, local_tfidf.TfidfVectorizer):
    """:class:`newsnlp.TfidfVectorizer` fitted on a Dask Series or Bag of texts: the same
    parameters and fitted attributes, the vocabulary and idf a single-machine fit on the
    whole corpus learns. :meth:`transform` returns a Dask array of CSR blocks."""

    _LOCAL = local_tfidf.TfidfVectorizer

    @fit_context(prefer_skip_nested_validation=True)
    def fit(self, raw_documents: Any, y: Any = None) -> TfidfVectorizer:
        """Learn the vocabulary and idf of a Dask Series or Bag of texts."""
        self._check_params()
        self._fit_on_cluster(raw_documents)
        return self

    def _reset_fit(self) -> None:
        self._start_fit()

    def _set_fitted(self, core: Any, plan: Plan, terms: list[str], df: np.ndarray, n: int) -> None:
        idf = None
        if self.use_idf:  # the single-machine rule, in C++, on the global frequencies
            float32 = plan.dtype == "float32"
            weights = _core.TfidfTransformer(
                norm=self.norm, use_idf=True, smooth_idf=self.smooth_idf,
                sublinear_tf=self.sublinear_tf,
            )  # fmt: skip
            weights.fit(df, n, float32=float32)
            idf = np.asarray(weights.idf(float32=float32), dtype=np.float64)
        core.set_fitted(terms, df.tolist(), n, idf)
