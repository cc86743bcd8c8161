"""How matchers and fitted vectorizers travel to the workers: once per worker, as bytes.

A :class:`Shipment` holds an object's bytes — the binary save format for an
:class:`~newsnlp.EntityMatcher` (its pickle is that format) and for a fitted
Count/TfidfVectorizer (:meth:`to_bytes`); a pickle of the parameters for the rest (a
vectorizer with a Python callable, an unfitted counter, a HashingVectorizer). It enters the
task graph once, as one literal key (:func:`as_task_input`): the scheduler gives it to one
worker and every other worker fetches it once, as a dependency of its first task.

Why a graph key and not ``Client.scatter(..., broadcast=True)``: scattered data has no
recipe, so when the workers holding it die the job fails, while a key of the graph is
recomputed like any task; and a graph works under any scheduler, with no client needed
when it is built.

On a worker, :func:`unpack` turns the bytes into the object once per process: a small
cache keyed by the bytes' SHA-256, so the tasks of a job, and the next job with the same
model (fit, then transform), share one object. The objects are immutable where tasks use
them (matching and transform are const and thread-safe in C++).
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Shipment", "as_task_input", "load_count", "ship", "unpack"]

_CACHE_SIZE = 8  # models per worker process; a job uses one or two


@dataclass(frozen=True)
class Shipment:
    """An object as bytes: `kind` says how to rebuild it, `digest` names the content."""

    kind: str  # "matcher", "CountVectorizer", "TfidfVectorizer" or "pickle"
    payload: bytes = field(repr=False)
    digest: str

    def __dask_tokenize__(self) -> str:
        return self.digest


def ship(obj: Any) -> Shipment:
    """`obj` as a Shipment, in its binary save format when it has one that can hold it."""
    from ..matcher import EntityMatcher
    from ..tfidf import CountVectorizer, TfidfVectorizer

    kind, payload = "pickle", None
    if isinstance(obj, EntityMatcher):
        kind, payload = "matcher", obj.to_bytes()
    elif type(obj) in (CountVectorizer, TfidfVectorizer) and hasattr(obj, "vocabulary_"):
        try:
            kind, payload = type(obj).__name__, obj.to_bytes()
        except TypeError:  # a callable or a matcher among the parameters: not storable
            pass
    if payload is None:
        import cloudpickle  # a dependency of dask; pickles lambdas too

        payload = cloudpickle.dumps(obj)
    return Shipment(kind, payload, hashlib.sha256(payload).hexdigest())


def as_task_input(obj: Any) -> Any:
    """`obj` shipped, as one key of a task graph (a Dask Delayed) that tasks take as an
    argument and pass to :func:`unpack`."""
    import dask

    shipment = ship(obj)
    return dask.delayed(shipment, pure=True, name=f"newsnlp-shipment-{shipment.digest}")


_lock = threading.Lock()
_cache: OrderedDict[str, Any] = OrderedDict()
_loads = 0


def unpack(shipment: Shipment) -> Any:
    """The object a Shipment holds, built once per process and content."""
    global _loads
    with _lock:
        if shipment.digest in _cache:
            _cache.move_to_end(shipment.digest)
            return _cache[shipment.digest]
    obj = _rebuild(shipment)
    with _lock:
        _loads += 1
        _cache[shipment.digest] = obj
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return obj


def _rebuild(shipment: Shipment) -> Any:
    from ..matcher import EntityMatcher
    from ..tfidf import CountVectorizer, TfidfVectorizer

    source = f"<newsnlp.dask shipment {shipment.digest[:12]}>"
    if shipment.kind == "matcher":
        return EntityMatcher.from_bytes(shipment.payload)
    if shipment.kind == "CountVectorizer":
        return CountVectorizer.from_bytes(shipment.payload, source)
    if shipment.kind == "TfidfVectorizer":
        return TfidfVectorizer.from_bytes(shipment.payload, source)
    return pickle.loads(shipment.payload)


def load_count() -> int:
    """How many shipments this process has rebuilt (for tests: once per worker and model)."""
    return _loads
