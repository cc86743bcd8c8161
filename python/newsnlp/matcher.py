"""Entity matching: :class:`EntityMatcher` finds the entities of a :class:`Gazetteer` in
text, on token boundaries, ignoring case and accents (per-alias exceptions aside).

>>> import newsnlp
>>> gaz = newsnlp.Gazetteer.from_records([("MAR", "Maroc", "LOC", ["Royaume du Maroc"])])
>>> m = newsnlp.EntityMatcher(gaz, tokenizer=newsnlp.Tokenizer(lang="fr"))
>>> [(x.start, x.end, x.text, x.id) for x in m.find("Le ROYAUME DU MAROC et le Maroc.")]
[(3, 19, 'ROYAUME DU MAROC', 'MAR'), (26, 31, 'Maroc', 'MAR')]

Offsets are code points into the ``str`` passed in: ``text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from typing import Any, Literal, NamedTuple

import numpy as np

from . import _core
from ._cooccurrence import same_span_pairs
from ._progress import progress_bar
from .gazetteer import Gazetteer
from .tokenizer import Errors, Tokenizer, _batches

Mode = Literal["longest", "overlapping"]
StopWordAliases = Literal["skip", "capitalized", "keep"]


class Mention(NamedTuple):
    """One occurrence of one entity. An alias shared by several entities gives one
    Mention per entity, same span, next to each other."""

    start: int
    end: int
    text: str
    id: str
    name: str
    type: str


class SkippedAlias(NamedTuple):
    """An alias the matcher's policy left out, and why: ``"stop_word"``, ``"too_short"``,
    ``"too_long"`` (over 32 tokens) or ``"empty"`` (no token)."""

    id: str
    alias: str
    reason: str


# Colours of the HTML view: common types first, then a palette picked by type name.
_COLORS = {
    "PER": "#fde68a", "person": "#fde68a",
    "LOC": "#bfdbfe", "city": "#bfdbfe", "country": "#a5f3fc", "GPE": "#a5f3fc",
    "ORG": "#fecaca", "organization": "#fecaca",
    "MISC": "#e9d5ff",
}  # fmt: skip
_PALETTE = ["#bbf7d0", "#fed7aa", "#ddd6fe", "#fbcfe8", "#d9f99d", "#c7d2fe", "#99f6e4"]


def _color(entity_type: str) -> str:
    if entity_type in _COLORS:
        return _COLORS[entity_type]
    return _PALETTE[sum(entity_type.encode("utf-8")) % len(_PALETTE)]


class Mentions(list[Mention]):
    """The mentions found in one text (a list of :class:`Mention`), with the text: shows as
    highlighted HTML in notebooks, and as a DataFrame with :meth:`to_frame`."""

    def __init__(self, text: str, mentions: Iterable[Mention] = ()) -> None:
        super().__init__(mentions)
        self.text = text

    def to_frame(self) -> Any:
        """A pandas DataFrame with the columns start, end, text, id, name, type."""
        import pandas as pd

        return pd.DataFrame(list(self), columns=list(Mention._fields))

    def _repr_html_(self) -> str:
        """The text with each mention highlighted, coloured by type, the entity in a tooltip.
        Overlapping mentions: the first (and longest) of a run is shown."""
        parts = ['<div class="newsnlp-mentions" style="line-height:2;white-space:pre-wrap">']
        pos = 0
        i = 0
        items = sorted(self, key=lambda m: (m.start, -m.end))
        while i < len(items):
            m = items[i]
            same = [x for x in items[i:] if (x.start, x.end) == (m.start, m.end)]
            i += len(same)
            if m.start < pos:
                continue  # inside an earlier mention
            title = "; ".join(f"{x.type} {x.id}: {x.name}" for x in same)
            ambiguous = " outline:2px dashed #555;" if len(same) > 1 else ""
            parts.append(html.escape(self.text[pos : m.start]))
            parts.append(
                f'<mark title="{html.escape(title)}" style="background:{_color(m.type)};'
                f'border-radius:3px;padding:0 2px;{ambiguous}">{html.escape(m.text)}'
                f'<sub style="font-size:70%;margin-left:2px">{html.escape(m.type)}</sub></mark>'
            )
            pos = m.end
        parts.append(html.escape(self.text[pos:]))
        parts.append("</div>")
        return "".join(parts)


class EntityMatcher:
    """Finds the entities of a gazetteer in text.

    Text and aliases are tokenized alike (``tokenizer``: language, elisions, clitics, stop
    words), so a mention always covers whole tokens: ``Iran`` never fires in ``Irancell``.
    Tokens compare by their norms with case and (``fold_accents``) accents folded,
    punctuation and Arabic letter variants unified: ``ETATS-UNIS``, ``Etats-Unis`` and
    ``États-Unis`` match the same alias. The tokenizer's own norm options are not used.

    Alias policy, for aliases whose ``case`` is ``"auto"`` (see :class:`Gazetteer`):

    - acronyms (``US``, ``EI``, ``OTAN``: two capitals or more, no small letter) match with
      exact case when ``exact_case_acronyms``;
    - aliases made of stop words of the tokenizer's languages (``de``, ``of``, ``la``) are
      skipped, matched only when capitalised, or kept (``stop_words``);
    - aliases shorter than ``min_length`` characters (wide CJK ones count twice) are skipped;
    - cased aliases of at most ``exact_case_max_length`` characters match with exact case;
    - with ``require_capitalized``, or for the ``common_words`` (``["Nice", "Reading"]``),
      capitalised words of an alias must be capitalised in the text.

    What was skipped: :attr:`skipped_aliases`. Matching with exact case compares the
    tokens' text (accents still fold). An alias shared by several entities yields all of
    them. A matcher is immutable and thread-safe; it saves to a versioned, checksummed
    binary file (:meth:`save`, :meth:`load`) and pickles through the same format.

    Args:
        gazetteer: the entities (it may be dropped after compiling).
        tokenizer: segmentation options; default ``Tokenizer()`` (multilingual).
        n_jobs: threads used to compile the aliases (-1: all cores).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        tokenizer: Tokenizer | None = None,
        fold_accents: bool = True,
        stop_words: StopWordAliases = "skip",
        min_length: int = 3,
        exact_case_max_length: int = 3,
        exact_case_acronyms: bool = True,
        require_capitalized: bool = False,
        common_words: Iterable[str] = (),
        n_jobs: int = -1,
    ) -> None:
        if not isinstance(gazetteer, Gazetteer):
            raise TypeError(
                f"gazetteer must be a newsnlp.Gazetteer (got {type(gazetteer).__name__})"
            )
        for name, value in (
            ("min_length", min_length),
            ("exact_case_max_length", exact_case_max_length),
        ):
            if value < 0:
                raise ValueError(f"{name} must be >= 0 (got {value})")
        self._tokenizer = tokenizer if tokenizer is not None else Tokenizer()
        self._core = _core.EntityMatcher(
            gazetteer._core,
            self._tokenizer._core,
            fold_accents=fold_accents,
            stop_words=stop_words,
            min_length=min_length,
            exact_case_max_length=exact_case_max_length,
            exact_case_acronyms=exact_case_acronyms,
            require_capitalized=require_capitalized,
            common_words=list(common_words),
            n_jobs=n_jobs,
        )
        self._entities: tuple[list[str], list[str], list[str]] | None = None

    @classmethod
    def _wrap(cls, core: Any, tokenizer: Tokenizer | None = None) -> EntityMatcher:
        m = cls.__new__(cls)
        m._core = core
        m._entities = None
        if tokenizer is None:
            params = core.options()["tokenizer"]
            builtin = params.pop("builtin_stop_words")
            words = params.pop("stop_words")
            tokenizer = Tokenizer(
                stop_words="builtin" if builtin else words,
                extra_stop_words=words if builtin else (),
                **params,
            )
        m._tokenizer = tokenizer
        return m

    # -- finding -----------------------------------------------------------------------

    def _entity_lists(self) -> tuple[list[str], list[str], list[str]]:
        if self._entities is None:
            self._entities = self._core.entities()
        return self._entities

    def _mentions(self, text: str, rows: np.ndarray) -> Mentions:
        ids, names, types = self._entity_lists()
        return Mentions(
            text,
            (Mention(s, e, text[s:e], ids[k], names[k], types[k]) for s, e, k in rows.tolist()),
        )

    def find(
        self, text: str | bytes, *, mode: Mode = "longest", errors: Errors = "strict"
    ) -> Mentions:
        """The mentions in ``text``, in text order. ``mode="overlapping"`` also reports
        mentions inside or across others. ``bytes`` are decoded as UTF-8 (``errors`` as in
        :meth:`Tokenizer.__call__`)."""
        rows = self._core.find(text, mode=mode, errors=errors)
        if not isinstance(text, str):
            text = bytes(text).decode("utf-8", "replace")
        return self._mentions(text, rows)

    def _batches(
        self, texts: Iterable[str | bytes], mode: Mode, n_jobs: int, errors: Errors,
        batch_size: int, progress: bool,
    ) -> Iterable[tuple[int, list[Any], np.ndarray, np.ndarray]]:  # fmt: skip
        if isinstance(texts, (str, bytes)):
            raise TypeError("pass a list of texts, not a single str or bytes")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1 (got {batch_size})")
        with progress_bar(texts, enabled=progress, unit="doc") as bar:
            for offset, batch in _batches(texts, batch_size):
                indptr, rows = self._core.find_batch(
                    batch, mode=mode, n_jobs=n_jobs, errors=errors, first_index=offset
                )
                yield offset, batch, indptr, rows
                bar.update(len(batch))

    def find_all(
        self,
        texts: Iterable[str | bytes],
        *,
        mode: Mode = "longest",
        n_jobs: int = 1,
        errors: Errors = "strict",
        batch_size: int = 2048,
        progress: bool = False,
    ) -> list[Mentions]:
        """:meth:`find` over many texts on ``n_jobs`` threads (-1: all cores), GIL released;
        results in input order whatever ``n_jobs``. Errors name the document index."""
        out: list[Mentions] = []
        for _, batch, indptr, rows in self._batches(
            texts, mode, n_jobs, errors, batch_size, progress
        ):
            for i, text in enumerate(batch):
                if not isinstance(text, str):
                    text = bytes(text).decode("utf-8", "replace")
                out.append(self._mentions(text, rows[indptr[i] : indptr[i + 1]]))
        return out

    def to_frame(
        self,
        texts: Iterable[str | bytes],
        ids: Sequence[Any] | None = None,
        *,
        mode: Mode = "longest",
        n_jobs: int = 1,
        errors: Errors = "strict",
        batch_size: int = 2048,
        progress: bool = False,
    ) -> Any:
        """The mentions of many texts as a pandas DataFrame: doc (``ids[i]``, or the text's
        index), start, end, text, id, name, type; one row per mention and entity."""
        import pandas as pd

        doc_index: list[np.ndarray] = []
        all_rows: list[np.ndarray] = []
        mention_texts: list[str] = []
        n_texts = 0
        for offset, batch, indptr, rows in self._batches(
            texts, mode, n_jobs, errors, batch_size, progress
        ):
            counts = np.diff(indptr)
            n_texts += len(batch)
            doc_index.append(np.repeat(np.arange(offset, offset + len(batch)), counts))
            all_rows.append(rows)
            for i, text in enumerate(batch):
                if not isinstance(text, str):
                    text = bytes(text).decode("utf-8", "replace")
                mention_texts.extend(
                    text[s:e] for s, e, _ in rows[indptr[i] : indptr[i + 1]].tolist()
                )
        docs = np.concatenate(doc_index) if doc_index else np.zeros(0, dtype=np.int64)
        rows = np.concatenate(all_rows) if all_rows else np.zeros((0, 3), dtype=np.int64)
        doc: Any = docs
        if ids is not None:
            labels = list(ids)
            if len(labels) != n_texts:
                raise ValueError(f"ids has {len(labels)} entries for {n_texts} texts")
            doc = [labels[d] for d in docs.tolist()]
        entity_ids, names, types = (np.asarray(v, dtype=object) for v in self._entity_lists())
        k = rows[:, 2]
        return pd.DataFrame(
            {
                "doc": doc,
                "start": rows[:, 0],
                "end": rows[:, 1],
                "text": mention_texts,
                "id": entity_ids[k] if len(k) else [],
                "name": names[k] if len(k) else [],
                "type": types[k] if len(k) else [],
            }
        )

    def _all_rows(
        self, texts: Iterable[str | bytes], mode: Mode, n_jobs: int, errors: Errors,
        batch_size: int, progress: bool,
    ) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
        """(indptr over all texts, rows (start, end, entity) of all mentions)."""
        indptrs: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        chunks: list[np.ndarray] = []
        n_mentions = 0
        for _, _, indptr, rows in self._batches(texts, mode, n_jobs, errors, batch_size, progress):
            indptrs.append(indptr[1:] + n_mentions)
            chunks.append(rows)
            n_mentions += len(rows)
        rows = np.concatenate(chunks) if chunks else np.zeros((0, 3), dtype=np.int64)
        return np.concatenate(indptrs), rows

    def count_matrix(
        self,
        texts: Iterable[str | bytes],
        *,
        mode: Mode = "longest",
        binary: bool = False,
        n_jobs: int = 1,
        errors: Errors = "strict",
        batch_size: int = 2048,
        progress: bool = False,
    ) -> Any:
        """A documents x entities ``scipy.sparse.csr_array`` of mention counts (1/0 with
        ``binary``); columns follow :attr:`entity_ids`. An ambiguous mention counts for each
        of its entities."""
        indptr, rows = self._all_rows(texts, mode, n_jobs, errors, batch_size, progress)
        return self._counts(indptr, rows, binary=binary)

    def _counts(self, indptr: np.ndarray, rows: np.ndarray, *, binary: bool) -> Any:
        from scipy import sparse

        data = np.ones(len(rows), dtype=np.int64)
        shape = (len(indptr) - 1, self.n_entities)
        # copy=True: sum_duplicates works in place, and indptr is the caller's
        m = sparse.csr_array((data, rows[:, 2].astype(np.int32), indptr), shape=shape, copy=True)
        m.sum_duplicates()  # a document mentioning an entity twice: one entry of 2
        if binary:
            m.data[:] = 1
        return m

    def cooccurrence_matrix(
        self,
        texts: Iterable[str | bytes],
        *,
        mode: Mode = "longest",
        n_jobs: int = 1,
        errors: Errors = "strict",
        batch_size: int = 2048,
        progress: bool = False,
    ) -> Any:
        """An entities x entities ``scipy.sparse.csr_array``: cell (a, b) counts the
        documents mentioning both a and b, the diagonal the documents mentioning a.

        The readings of one ambiguous mention are not a co-occurrence: two entities whose
        mentions in a document are all at the same places (``Casablanca`` the Moroccan and
        the Chilean city) do not count for that document."""
        from scipy import sparse

        indptr, rows = self._all_rows(texts, mode, n_jobs, errors, batch_size, progress)
        present = self._counts(indptr, rows, binary=True)
        together = sparse.csr_array(present.T @ present)
        # Entities with the same places in a document: readings of the same mentions.
        doc = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        same = same_span_pairs(doc, rows[:, 2], rows[:, 0], rows[:, 1], together.shape[0])
        if same.nnz:
            together = sparse.csr_array(together - same - same.T)
            together.eliminate_zeros()
        return together

    def highlight(self, text: str, *, mode: Mode = "longest") -> Mentions:
        """The mentions of ``text``; in a notebook they display as highlighted HTML."""
        return self.find(text, mode=mode)

    # -- the compiled gazetteer -----------------------------------------------------------

    @property
    def tokenizer(self) -> Tokenizer:
        return self._tokenizer

    @property
    def n_entities(self) -> int:
        return self._core.entity_count()

    @property
    def entity_ids(self) -> list[str]:
        """Entity ids in column order of :meth:`count_matrix`."""
        return list(self._entity_lists()[0])

    def get_feature_names_out(self) -> np.ndarray:
        """Entity ids as an array (scikit-learn's name for the columns)."""
        return np.asarray(self._entity_lists()[0], dtype=object)

    @property
    def entities(self) -> Any:
        """The entities (id, name, type) as a pandas DataFrame."""
        import pandas as pd

        ids, names, types = self._entity_lists()
        return pd.DataFrame({"id": ids, "name": names, "type": types})

    @property
    def skipped_aliases(self) -> list[SkippedAlias]:
        ids = self._entity_lists()[0]
        return [
            SkippedAlias(ids[e], alias, reason) for e, alias, reason in self._core.skipped_aliases()
        ]

    @property
    def stats(self) -> dict[str, int]:
        """Aliases given, compiled entries, exact-case and capitalised entries, skipped
        aliases, trie nodes, distinct alias words."""
        return dict(self._core.stats())

    def memory_bytes(self) -> int:
        """Bytes held by the compiled matcher (its tokenizer's tables not included)."""
        return self._core.memory_bytes()

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The compile options, as scikit-learn's ``get_params``: with ``deep``, the
        tokenizer's own parameters too, as ``tokenizer__<name>``."""
        options = self._core.options()
        options.pop("tokenizer")
        params = {"tokenizer": self._tokenizer, **options}
        if deep:
            params.update({f"tokenizer__{k}": v for k, v in self._tokenizer.get_params().items()})
        return params

    # -- files and pickling ------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the compiled matcher to a versioned, checksummed binary file (written to a
        temporary file, then renamed)."""
        self._core.save(os.fspath(path))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> EntityMatcher:
        """Reads a file written by :meth:`save`. A truncated, corrupt or foreign file raises
        :class:`~newsnlp.errors.NewsnlpIOError` naming it."""
        return cls._wrap(_core.EntityMatcher.load(os.fspath(path)))

    def to_bytes(self) -> bytes:
        """The content :meth:`save` writes."""
        return self._core.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> EntityMatcher:
        return cls._wrap(_core.EntityMatcher.from_bytes(bytes(data)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (EntityMatcher._unpickle, (self.to_bytes(), self._tokenizer))

    @staticmethod
    def _unpickle(data: bytes, tokenizer: Tokenizer) -> EntityMatcher:
        return EntityMatcher._wrap(
            _core.EntityMatcher.from_bytes(data, source="<pickle>"), tokenizer
        )

    def __repr__(self) -> str:
        s = self.stats
        return (
            f"EntityMatcher({self.n_entities:,} entities, {s['compiled']:,} aliases compiled, "
            f"{s['skipped']:,} skipped, {self._tokenizer!r})"
        )
