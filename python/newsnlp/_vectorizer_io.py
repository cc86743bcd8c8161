"""save() / load() of the vectorizers: the C++ model file (versioned, checksummed, see
``cpp/include/newsnlp/serialize.hpp``) holds the fitted state; its "meta" section holds
the Python parameters as JSON. Never pickle as a format: loading runs no code from the
file. Callables cannot be stored (use pickle for those)."""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from ._sklearn_tables import char_tables
from .errors import NewsnlpIOError
from .tokenizer import Tokenizer

__all__ = ["decode_meta", "encode_meta"]

_FORMAT = 1


def _encode(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    if isinstance(value, tuple):
        return {"tuple": [_encode(name, v) for v in value]}
    if isinstance(value, (list, np.ndarray)):
        return [_encode(name, v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(_encode(name, v) for v in value)}
    if isinstance(value, dict):
        return {"dict": [[_encode(name, k), _encode(name, v)] for k, v in value.items()]}
    if isinstance(value, Tokenizer):
        return {"tokenizer": value.get_params()}
    if type(value).__name__ == "EntityMatcher":
        raise TypeError(
            f"cannot save {name}=EntityMatcher: save the matcher on its own "
            "(EntityMatcher.save) and pass it again after load, or use pickle"
        )
    if isinstance(value, type) or isinstance(value, np.dtype):
        try:
            return {"dtype": np.dtype(value).name}
        except TypeError:
            pass
    if callable(value):
        raise TypeError(
            f"cannot save {name}={value!r}: model files store no code (use pickle for "
            "vectorizers with callables)"
        )
    raise TypeError(f"cannot save {name}={value!r}: {type(value).__name__} is not storable")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    ((kind, inner),) = value.items()
    if kind == "tuple":
        return tuple(_decode(v) for v in inner)
    if kind == "set":
        return {_decode(v) for v in inner}
    if kind == "dict":
        return {_decode(k): _decode(v) for k, v in inner}
    if kind == "tokenizer":
        return Tokenizer(**inner)
    if kind == "dtype":
        return np.dtype(inner).type
    raise ValueError(f"unknown value kind {kind!r}")


def encode_meta(est: Any, fitted: dict[str, Any]) -> str:
    """The JSON stored with a vectorizer: its class, parameters and fitted flags."""
    import sklearn

    from . import __version__

    params = {k: _encode(k, v) for k, v in est.get_params(deep=False).items()}
    return json.dumps(
        {
            "format": _FORMAT,
            "class": type(est).__name__,
            "params": params,
            "fitted": fitted,
            "versions": {"newsnlp": __version__, "scikit-learn": sklearn.__version__},
        }
    )


def decode_meta(cls: type, raw: bytes, path: str | os.PathLike[str]) -> tuple[Any, dict[str, Any]]:
    """A new, unfitted `cls` with the stored parameters, and the fitted flags."""
    where = os.fspath(path)
    try:
        meta = json.loads(raw.decode("utf-8"))
        if meta.get("format") != _FORMAT:
            raise ValueError(f"unknown format {meta.get('format')!r}")
        params = {k: _decode(v) for k, v in meta["params"].items()}
        fitted = dict(meta["fitted"])
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as e:
        error = NewsnlpIOError(f"{where}: corrupt model file: bad parameters ({e})")
        error.path = where
        raise error from e
    if meta.get("class") != cls.__name__:
        error = NewsnlpIOError(
            f"{where}: the model file holds a {meta.get('class')}, not a {cls.__name__}"
        )
        error.path = where
        raise error
    try:
        return cls(**params), fitted
    except TypeError as e:
        error = NewsnlpIOError(f"{where}: parameters this version does not know ({e})")
        error.path = where
        raise error from e


def tables() -> Any:
    return char_tables()
