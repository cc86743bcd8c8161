"""newsnlp's HashingVectorizer over a Dask Series or Bag: stateless, so no fit pass."""

from __future__ import annotations

from typing import Any

from .. import hashing as local_hashing
from ._transform import transform_partitions

__all__ = ["HashingVectorizer"]


class HashingVectorizer(local_hashing.HashingVectorizer):
    """:class:`newsnlp.HashingVectorizer` (same parameters and validation) whose
    :meth:`transform` takes a Dask Series or Bag and returns a Dask array of CSR blocks,
    one per partition."""

    def transform(self, X: Any) -> Any:
        """The hashed document-term matrix, partition by partition."""
        self._validate_params()
        return transform_partitions(self.to_local(), X)

    def fit_transform(self, X: Any, y: Any = None) -> Any:
        """:meth:`transform` (nothing to fit)."""
        return self.transform(X)

    def to_local(self) -> local_hashing.HashingVectorizer:
        """The equivalent single-machine vectorizer."""
        return local_hashing.HashingVectorizer(**self.get_params(deep=False))
