"""Tokenization of news text: :class:`Tokenizer` makes :class:`Doc` objects of tokens and
sentences, with code-point offsets into the original ``str``.

>>> import newsnlp
>>> tok = newsnlp.Tokenizer(lang="fr")
>>> doc = tok("Le secrétaire d’État a remercié l’accueil du Maroc.")
>>> [t.text for t in doc][:5]
['Le', 'secrétaire', 'd’', 'État', 'a']
>>> doc[2].norm, doc[3].start, doc[3].end
("d'", 17, 21)
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, overload

import numpy as np

from . import _core
from ._progress import progress_bar

Errors = Literal["strict", "replace"]
TokenKind = Literal[
    "word", "number", "punct", "symbol", "emoji", "url", "email", "mention", "hashtag"
]
KINDS: tuple[str, ...] = tuple(_core.TOKEN_KINDS)


class Token:
    """One token of a :class:`Doc`: ``doc.text[t.start:t.end] == t.text`` always holds."""

    __slots__ = ("doc", "i")

    def __init__(self, doc: Doc, i: int) -> None:
        self.doc = doc
        self.i = i

    @property
    def start(self) -> int:
        """Code-point offset of the first character in ``doc.text``."""
        return int(self.doc.offsets[self.i, 0])

    @property
    def end(self) -> int:
        """Code-point offset one past the last character."""
        return int(self.doc.offsets[self.i, 1])

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    @property
    def kind(self) -> TokenKind:
        return KINDS[self.doc.kinds[self.i]]  # type: ignore[return-value]

    @property
    def norm(self) -> str:
        """The normalized form used for matching and counting."""
        return self.doc._core.norm(self.i)

    @property
    def is_stop(self) -> bool:
        return self.doc._core.is_stop(self.i)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}:{self.end}, {self.kind}, norm={self.norm!r})"


class Span:
    """A sentence: a run of tokens and the text from the first one to the last one."""

    __slots__ = ("doc", "end", "start", "token_end", "token_start")

    def __init__(self, doc: Doc, start: int, end: int, token_start: int, token_end: int) -> None:
        self.doc = doc
        self.start = start
        self.end = end
        self.token_start = token_start
        self.token_end = token_end

    @property
    def text(self) -> str:
        return self.doc.text[self.start : self.end]

    @property
    def tokens(self) -> list[Token]:
        return [Token(self.doc, i) for i in range(self.token_start, self.token_end)]

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __len__(self) -> int:
        return self.token_end - self.token_start

    def __repr__(self) -> str:
        return f"Span({self.text!r}, {self.start}:{self.end})"


class Doc:
    """The tokens and sentences of one text.

    Iterating gives :class:`Token` objects; ``offsets`` (n x 2, code points), ``kinds``
    and ``norms`` give the same data as arrays and lists for fast analysis.
    """

    __slots__ = ("__weakref__", "_core", "_kinds", "_offsets", "_tokenizer")

    def __init__(self, core_doc: Any, tokenizer: Tokenizer) -> None:
        self._core = core_doc
        self._tokenizer = tokenizer
        self._offsets: np.ndarray | None = None
        self._kinds: np.ndarray | None = None

    @property
    def offsets(self) -> np.ndarray:
        """Token (start, end) code-point offsets into ``text``, shape (n, 2); made on first
        use, so that tokenizing a corpus costs no memory for offsets nobody reads."""
        if self._offsets is None:
            self._offsets = self._core.offsets()
        return self._offsets

    @property
    def kinds(self) -> np.ndarray:
        """Token kinds as indices into ``KINDS``, shape (n,)."""
        if self._kinds is None:
            self._kinds = self._core.kinds()
        return self._kinds

    def __reduce__(self) -> tuple[Any, ...]:
        # Tokenization is deterministic: the text and the tokenizer make the same Doc again
        # (for multiprocessing and caches), at a fraction of the size of the tokens.
        return (self._tokenizer, (self.text,))

    @property
    def text(self) -> str:
        return self._core.text

    @property
    def norms(self) -> list[str]:
        return self._core.norms()

    @property
    def tokens(self) -> list[Token]:
        return [Token(self, i) for i in range(len(self))]

    @property
    def sentences(self) -> list[Span]:
        return [Span(self, *map(int, row)) for row in self._core.sentences()]

    @property
    def byte_offsets(self) -> np.ndarray:
        """Token offsets into ``text.encode("utf-8")``, shape (n, 2)."""
        return self._core.byte_offsets()

    def __len__(self) -> int:
        return len(self._core)

    def __iter__(self) -> Iterator[Token]:
        return (Token(self, i) for i in range(len(self)))

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> list[Token]: ...
    def __getitem__(self, i: int | slice) -> Token | list[Token]:
        if isinstance(i, slice):
            return [Token(self, j) for j in range(*i.indices(len(self)))]
        n = len(self)
        if not -n <= i < n:
            raise IndexError(f"token index {i} out of range for a Doc of {n} tokens")
        return Token(self, i % n)

    def to_frame(self) -> Any:
        """The tokens as a pandas DataFrame (text, start, end, kind, norm, is_stop, sentence)."""
        import pandas as pd

        sentence = np.zeros(len(self), dtype=np.int64)
        for k, row in enumerate(self._core.sentences()):
            sentence[row[2] : row[3]] = k
        return pd.DataFrame(
            {
                "text": [t.text for t in self],
                "start": self.offsets[:, 0],
                "end": self.offsets[:, 1],
                "kind": [KINDS[k] for k in self.kinds],
                "norm": self.norms,
                "is_stop": [self._core.is_stop(i) for i in range(len(self))],
                "sentence": sentence,
            }
        )

    def __repr__(self) -> str:
        preview = self.text if len(self.text) <= 60 else self.text[:57] + "..."
        return f"Doc({preview!r}, {len(self)} tokens, {len(self._core.sentences())} sentences)"

    def _repr_html_(self) -> str:
        """Tokens boxed, sentences on their own lines, kinds as tooltips (Jupyter)."""
        parts = ['<div class="newsnlp-doc" style="line-height:2">']
        for sent in self.sentences:
            parts.append("<div>")
            for t in sent:
                parts.append(
                    f'<span title="{t.kind} · norm: {html.escape(t.norm)}" '
                    'style="border:1px solid #ccc;border-radius:3px;padding:1px 3px;margin:1px">'
                    f"{html.escape(t.text)}</span>"
                )
            parts.append("</div>")
        parts.append("</div>")
        return "".join(parts)


class Tokenizer:
    """Splits news text into tokens and sentences (UAX #29 plus news rules).

    Args:
        lang: ``"fr"``, ``"en"``, ``"ar"`` or ``"xx"`` (multilingual, the default): picks
            elisions, clitics, abbreviations and built-in stop words.
        normalization: ``"NFKC"`` (default), ``"NFC"`` or ``"none"`` for norms.
        lowercase: full Unicode case folding in norms.
        fold_accents: ``État`` -> ``etat`` in norms.
        unify_punctuation: apostrophes, quotes and dashes to their ASCII form in norms.
        fold_arabic: tashkeel and tatweel removed, alef variants unified in norms.
        split_elisions: ``l’accueil`` -> ``l’`` ``accueil`` (French).
        split_clitics: ``viendra-t-il`` -> ``viendra`` ``-t`` ``-il`` (French).
        sentences: compute ``Doc.sentences``.
        stop_words: ``"builtin"`` (the lists of ``lang``), ``None``, or your own words.
        extra_stop_words: words added to the list above.
        abbreviations: extra abbreviations that keep their dot and never end a sentence.

    A Tokenizer is immutable and thread-safe; it pickles by its parameters.
    """

    def __init__(
        self,
        lang: str = "xx",
        *,
        normalization: str = "NFKC",
        lowercase: bool = True,
        fold_accents: bool = False,
        unify_punctuation: bool = True,
        fold_arabic: bool = True,
        split_elisions: bool = True,
        split_clitics: bool = True,
        sentences: bool = True,
        stop_words: str | Iterable[str] | None = "builtin",
        extra_stop_words: Iterable[str] = (),
        abbreviations: Iterable[str] = (),
    ) -> None:
        if isinstance(stop_words, str) and stop_words != "builtin":
            raise ValueError(
                f"stop_words must be 'builtin', None or a list of words (got {stop_words!r})"
            )
        own_words = stop_words is not None and not isinstance(stop_words, str)
        words = list(stop_words) if own_words else []  # type: ignore[arg-type]
        # One spelling per form, so that equal tokenizers compare and print equal.
        normalization = {"nfkc": "NFKC", "nfc": "NFC", "none": "none"}.get(
            normalization.lower(), normalization
        )
        self._params: dict[str, Any] = {
            "lang": lang,
            "normalization": normalization,
            "lowercase": lowercase,
            "fold_accents": fold_accents,
            "unify_punctuation": unify_punctuation,
            "fold_arabic": fold_arabic,
            "split_elisions": split_elisions,
            "split_clitics": split_clitics,
            "sentences": sentences,
            "stop_words": words if own_words else stop_words,
            "extra_stop_words": list(extra_stop_words),
            "abbreviations": list(abbreviations),
        }
        self._core = _core.Tokenizer(
            lang=lang,
            normalization=normalization,
            lowercase=lowercase,
            fold_accents=fold_accents,
            unify_punctuation=unify_punctuation,
            fold_arabic=fold_arabic,
            split_elisions=split_elisions,
            split_clitics=split_clitics,
            sentences=sentences,
            builtin_stop_words=stop_words == "builtin",
            stop_words=words + list(self._params["extra_stop_words"]),
            abbreviations=self._params["abbreviations"],
        )

    @property
    def lang(self) -> str:
        return self._params["lang"]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor arguments, for copying or display (scikit-learn's signature:
        a Tokenizer holds no nested estimator, so `deep` changes nothing)."""
        return dict(self._params)

    def __call__(self, text: str | bytes, *, errors: Errors = "strict") -> Doc:
        """Tokenizes one text. ``bytes`` are decoded as UTF-8; invalid bytes raise
        :class:`~newsnlp.errors.InvalidUtf8Error` (naming the byte offset) unless
        ``errors="replace"`` turns them into U+FFFD."""
        return Doc(self._core.tokenize(text, errors=errors), self)

    def pipe(
        self,
        texts: Iterable[str | bytes],
        *,
        n_jobs: int = 1,
        errors: Errors = "strict",
        batch_size: int = 2048,
        progress: bool = False,
    ) -> list[Doc]:
        """Tokenizes many texts on ``n_jobs`` threads (-1: all cores), GIL released.

        Results are in input order and do not depend on ``n_jobs``. Errors name the index
        of the offending document. ``progress=True`` shows a progress bar on stderr; Ctrl-C
        stops the job.
        """
        if isinstance(texts, (str, bytes)):
            raise TypeError("pipe() takes an iterable of texts, not a single str or bytes")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1 (got {batch_size})")
        self._core.tokenize_batch([], n_jobs=n_jobs, errors=errors)  # checks them, even for no text
        docs: list[Doc] = []
        with progress_bar(texts, enabled=progress, unit="doc") as bar:
            for offset, batch in _batches(texts, batch_size):
                core_docs = self._core.tokenize_batch(
                    batch, n_jobs=n_jobs, errors=errors, first_index=offset
                )
                docs.extend(Doc(d, self) for d in core_docs)
                bar.update(len(batch))
        return docs

    def normalize(self, text: str) -> str:
        """The norm this tokenizer gives to ``text``."""
        return self._core.normalize(text)

    def is_stop_word(self, word: str) -> bool:
        """True when ``word`` (normalized first) is one of this tokenizer's stop words."""
        return self._core.is_stop_word(self._core.normalize(word))

    def __getstate__(self) -> dict[str, Any]:
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tokenizer) and other._params == self._params

    def __hash__(self) -> int:
        return hash(repr(self))

    def __repr__(self) -> str:
        defaults = Tokenizer.__init__.__kwdefaults__ or {}
        shown = [f"lang={self.lang!r}"] + [
            f"{k}={v!r}"
            for k, v in self._params.items()
            if k != "lang"
            and defaults.get(k, None) != v
            and not (v == [] and defaults.get(k) == ())
        ]
        return f"Tokenizer({', '.join(shown)})"


def _batches(texts: Iterable[Any], size: int) -> Iterator[tuple[int, list[Any]]]:
    """Yields (offset, list) slices of ``texts`` without materializing a generator."""
    if isinstance(texts, Sequence):
        for start in range(0, len(texts), size):
            yield start, list(texts[start : start + size])
        return
    batch: list[Any] = []
    offset = 0
    for text in texts:
        batch.append(text)
        if len(batch) == size:
            yield offset, batch
            offset += size
            batch = []
    if batch:
        yield offset, batch
