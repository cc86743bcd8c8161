"""newsnlp: fast multilingual news text processing.

Tokenization with exact offsets (UAX #29 plus French, English and Arabic news rules),
normalization, sentences, and stop words, on a C++/ICU core.
"""

from __future__ import annotations

import typing as _typing

from . import analysis, corpus, errors, gazetteer, matcher, report
from ._core import __version__, unicode_version
from .corpus import read_corpus
from .errors import (
    InvalidArgumentError,
    InvalidUtf8Error,
    LoneSurrogateError,
    NewsnlpError,
    NewsnlpIOError,
    NotFittedError,
)
from .gazetteer import Gazetteer
from .matcher import EntityMatcher, Mention
from .sample import load_sample
from .text import builtin_stop_words, normalize, sentence_boundaries, word_boundaries
from .tokenizer import Doc, Span, Token, Tokenizer

if _typing.TYPE_CHECKING:
    from . import cli, hashing, similarity, tfidf
    from . import dask as dask  # the optional extra: not in __all__
    from .hashing import HashingVectorizer
    from .similarity import near_duplicates, similar, top_terms
    from .tfidf import CountVectorizer, TfidfTransformer, TfidfVectorizer

# The vectorizers subclass scikit-learn's: imported on first use, so that `import newsnlp`
# does not pay for importing scikit-learn (nor for the command line's parsers, nor Dask:
# newsnlp.dask, an optional extra, stays out of __all__ so that `import *` never needs it).
_LAZY_MODULES = {"cli", "dask", "hashing", "similarity", "tfidf"}
_LAZY = {
    "CountVectorizer": "tfidf",
    "HashingVectorizer": "hashing",
    "TfidfTransformer": "tfidf",
    "TfidfVectorizer": "tfidf",
    "near_duplicates": "similarity",
    "similar": "similarity",
    "top_terms": "similarity",
}


def __getattr__(name: str) -> _typing.Any:
    import importlib

    if name in _LAZY_MODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsnlp' has no attribute {name!r}")


__all__ = [
    "CountVectorizer",
    "Doc",
    "EntityMatcher",
    "Gazetteer",
    "HashingVectorizer",
    "InvalidArgumentError",
    "InvalidUtf8Error",
    "LoneSurrogateError",
    "Mention",
    "NewsnlpError",
    "NewsnlpIOError",
    "NotFittedError",
    "Span",
    "TfidfTransformer",
    "TfidfVectorizer",
    "Token",
    "Tokenizer",
    "__version__",
    "analysis",
    "builtin_stop_words",
    "cli",
    "corpus",
    "errors",
    "gazetteer",
    "hashing",
    "load_sample",
    "matcher",
    "near_duplicates",
    "normalize",
    "read_corpus",
    "report",
    "sentence_boundaries",
    "similar",
    "similarity",
    "tfidf",
    "top_terms",
    "unicode_version",
    "word_boundaries",
]
