"""newsnlp: fast multilingual news text processing.

Tokenization with exact offsets (UAX #29 plus French, English and Arabic news rules),
normalization, sentences, and stop words, on a C++/ICU core.
"""

from __future__ import annotations

from . import errors, gazetteer, matcher
from ._core import __version__, unicode_version
from .errors import (
    InvalidArgumentError,
    InvalidUtf8Error,
    NewsnlpError,
    NewsnlpIOError,
    NotFittedError,
)
from .gazetteer import Gazetteer
from .matcher import EntityMatcher, Mention
from .sample import load_sample
from .text import builtin_stop_words, normalize, sentence_boundaries, word_boundaries
from .tokenizer import Doc, Span, Token, Tokenizer

__all__ = [
    "Doc",
    "EntityMatcher",
    "Gazetteer",
    "InvalidArgumentError",
    "InvalidUtf8Error",
    "Mention",
    "NewsnlpError",
    "NewsnlpIOError",
    "NotFittedError",
    "Span",
    "Token",
    "Tokenizer",
    "__version__",
    "builtin_stop_words",
    "errors",
    "gazetteer",
    "load_sample",
    "matcher",
    "normalize",
    "sentence_boundaries",
    "unicode_version",
    "word_boundaries",
]
