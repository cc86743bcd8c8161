"""Text utilities: plain UAX #29 boundaries, normalization and built-in stop words.

>>> import newsnlp
>>> newsnlp.word_boundaries("l’État")
[0, 6]
>>> newsnlp.normalize("ÉTATS-UNIS", fold_accents=True)
'etats-unis'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from . import _core

Errors = Literal["strict", "replace"]


def word_boundaries(text: str | bytes, *, errors: Errors = "strict") -> list[int]:
    """Unicode word boundaries (UAX #29, ICU, no news rules) as code-point offsets,
    0 first and ``len(text)`` last."""
    return _core.word_boundaries(text, errors=errors)


def sentence_boundaries(text: str | bytes, *, errors: Errors = "strict") -> list[int]:
    """Unicode sentence boundaries (UAX #29, ICU, no abbreviation filter) as code-point
    offsets, 0 first and ``len(text)`` last."""
    return _core.sentence_boundaries(text, errors=errors)


@lru_cache(maxsize=32)
def _normalizer(
    normalization: str,
    lowercase: bool,
    fold_accents: bool,
    unify_punctuation: bool,
    fold_arabic: bool,
) -> _core.TextNormalizer:
    return _core.TextNormalizer(
        normalization=normalization,
        lowercase=lowercase,
        fold_accents=fold_accents,
        unify_punctuation=unify_punctuation,
        fold_arabic=fold_arabic,
    )


def normalize(
    text: str | bytes,
    *,
    normalization: str = "NFKC",
    lowercase: bool = True,
    fold_accents: bool = False,
    unify_punctuation: bool = True,
    fold_arabic: bool = True,
    errors: Errors = "strict",
) -> str:
    """The norm of ``text``, as a :class:`~newsnlp.Tokenizer` with the same options gives
    to a token."""
    normalizer = _normalizer(normalization, lowercase, fold_accents, unify_punctuation, fold_arabic)
    return normalizer.normalize(text, errors=errors)


def builtin_stop_words(lang: str) -> frozenset[str]:
    """The built-in stop words of ``"fr"``, ``"en"`` or ``"ar"`` (as default norms)."""
    return frozenset(_core.builtin_stop_words(lang))
