# Hand-written stub of the compiled module newsnlp._core (python/bindings/*.cpp).
# tests/python/test_stubs.py checks that its names match dir(_core) both ways.
# Private: use the newsnlp package. Offsets are code points into the str passed in,
# except byte_offsets (UTF-8 bytes). `errors` is "strict" or "replace".
from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

Text: TypeAlias = str | bytes | bytearray

__version__: str
unicode_version: str
TOKEN_KINDS: tuple[str, ...]

class Doc:
    """Tokens and sentences of one text; created by Tokenizer.tokenize only."""

    @property
    def text(self) -> str: ...
    def __len__(self) -> int: ...
    def offsets(self) -> npt.NDArray[np.int64]:
        """Token (start, end) code-point offsets, shape (n, 2)."""
    def byte_offsets(self) -> npt.NDArray[np.int64]:
        """Token (start, end) offsets into text.encode('utf-8'), shape (n, 2)."""
    def kinds(self) -> npt.NDArray[np.uint8]:
        """Token kinds as indices into TOKEN_KINDS, shape (n,)."""
    def norm(self, i: int, /) -> str: ...
    def norms(self) -> list[str]: ...
    def is_stop(self, i: int, /) -> bool: ...
    def sentences(self) -> npt.NDArray[np.int64]:
        """Rows (start, end, first token, token end), shape (m, 4)."""

class Tokenizer:
    def __init__(
        self,
        *,
        lang: str = "xx",
        normalization: str = "NFKC",
        lowercase: bool = True,
        fold_accents: bool = False,
        unify_punctuation: bool = True,
        fold_arabic: bool = True,
        split_elisions: bool = True,
        split_clitics: bool = True,
        sentences: bool = True,
        builtin_stop_words: bool = True,
        stop_words: Sequence[str] = [],
        abbreviations: Sequence[str] = [],
    ) -> None: ...
    def tokenize(self, text: Text, *, errors: str = "strict") -> Doc:
        """Raises InvalidUtf8Error, or UnicodeEncodeError for a lone surrogate (strict)."""
    def tokenize_batch(
        self,
        texts: Sequence[Text],
        *,
        n_jobs: int = 1,
        errors: str = "strict",
        first_index: int = 0,
    ) -> list[Doc]:
        """GIL released; errors name document first_index + i; Ctrl-C raises KeyboardInterrupt."""
    def is_stop_word(self, norm: str) -> bool: ...
    def normalize(self, text: Text) -> str: ...

class TextNormalizer:
    def __init__(
        self,
        *,
        normalization: str = "NFKC",
        lowercase: bool = True,
        fold_accents: bool = False,
        unify_punctuation: bool = True,
        fold_arabic: bool = True,
    ) -> None: ...
    def normalize(self, text: Text, *, errors: str = "strict") -> str: ...

def word_boundaries(text: Text, *, errors: str = "strict") -> list[int]: ...
def sentence_boundaries(text: Text, *, errors: str = "strict") -> list[int]: ...
def builtin_stop_words(lang: str) -> list[str]: ...
def _bench_icu_word_loop(texts: Sequence[Text]) -> int:
    """Benchmark baseline: ICU word-boundary count over the texts."""
