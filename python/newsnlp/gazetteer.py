"""Gazetteers: the entities to find in text, each with an id, a canonical name, a type and
aliases.

>>> import newsnlp
>>> gaz = newsnlp.Gazetteer.from_records([
...     {"id": "org:daech", "name": "État islamique", "type": "ORG",
...      "aliases": ["Daech", "ISIS", "داعش", {"text": "EI", "case": "exact"}]},
... ])
>>> len(gaz), gaz["org:daech"].name
(1, 'État islamique')

Alias options (``case``): ``"auto"`` (the matcher's policy decides), ``"ignore"``,
``"capitalized"`` or ``"exact"``. The canonical name is always an alias too.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, NamedTuple, Union

from . import _core
from .errors import InvalidArgumentError

AliasCase = Literal["auto", "ignore", "capitalized", "exact"]
AliasLike = Union[str, "tuple[str, str]", "dict[str, str]"]
PathLike = Union[str, "os.PathLike[str]"]


class Entity(NamedTuple):
    """One entity of a :class:`Gazetteer` (aliases exclude the canonical name)."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]


class BadRow(NamedTuple):
    """A row skipped with ``skip_bad_rows=True``: its line (or record index) and the error."""

    line: int
    message: str


def _text(value: Any) -> str:
    """A field as text: None and NaN (pandas' missing values) are empty, numbers are str()."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an id column pandas read as float because of a blank
    return str(value)


def _aliases(value: Any, separator: str) -> list[tuple[str, str]]:
    """Aliases as (text, case) pairs from a list, a ``separator``-joined string or nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        return [(a, "auto") for a in value.split(separator) if a]
    out: list[tuple[str, str]] = []
    for item in value:
        if isinstance(item, str):
            out.append((item, "auto"))
        elif isinstance(item, dict):
            out.append((_text(item.get("text")), str(item.get("case", "auto"))))
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            out.append((_text(item[0]), str(item[1])))
        else:
            raise InvalidArgumentError(
                f"an alias must be a str, a (text, case) pair or a dict with 'text' (got {item!r})"
            )
    return out


def _record(rec: Any, separator: str) -> tuple[str, str, str, list[tuple[str, str]]]:
    if isinstance(rec, dict):
        return (
            _text(rec.get("id")),
            _text(rec.get("name")),
            _text(rec.get("type")),
            _aliases(rec.get("aliases"), separator),
        )
    if isinstance(rec, (tuple, list)) and 2 <= len(rec) <= 4:
        fields = list(rec) + [None] * (4 - len(rec))
        return _text(fields[0]), _text(fields[1]), _text(fields[2]), _aliases(fields[3], separator)
    raise InvalidArgumentError(
        "a record must be a dict with id, name, type, aliases or an (id, name, type, aliases) "
        f"tuple (got {type(rec).__name__})"
    )


class Gazetteer:
    """Entities with ids, canonical names, types (free text) and aliases.

    Build one with :meth:`from_records`, :meth:`from_frame`, :meth:`from_csv` (CSV/TSV with
    the columns ``id,name,type,aliases``, aliases ``|``-separated) or :meth:`from_jsonl`;
    combine them with ``+``. An id added again with the same type merges its aliases; with
    another type it is an error. Malformed rows raise :class:`InvalidArgumentError` naming
    the file and line, unless ``skip_bad_rows=True``: then they are listed in
    :attr:`bad_rows`.

    The data lives in C++ (a few buffers, about 13 bytes per alias plus its text).
    """

    def __init__(self, records: Iterable[Any] = (), *, skip_bad_rows: bool = False) -> None:
        self._core = _core.Gazetteer()
        self._json_errors: list[BadRow] = []  # JSONL lines that are not JSON objects
        self._add(records, skip_bad_rows=skip_bad_rows)

    # -- construction ------------------------------------------------------------------

    def _add(
        self,
        records: Iterable[Any],
        *,
        source: str = "",
        lines: Sequence[int] = (),
        skip_bad_rows: bool = False,
        separator: str = "|",
    ) -> None:
        rows = [_record(r, separator) for r in records]
        self._core.add_records(rows, source=source, lines=list(lines), skip_bad_rows=skip_bad_rows)

    @classmethod
    def _wrap(cls, core: Any) -> Gazetteer:
        g = cls.__new__(cls)
        g._core = core
        g._json_errors = []
        return g

    @classmethod
    def from_records(
        cls, records: Iterable[Any], *, skip_bad_rows: bool = False, alias_separator: str = "|"
    ) -> Gazetteer:
        """From dicts (``id``, ``name``, ``type``, ``aliases``) or tuples in that order.

        ``aliases`` is a list (of str, ``(text, case)`` pairs or ``{"text", "case"}`` dicts)
        or one string separated by ``alias_separator``. Errors name the record index.
        """
        g = cls()
        g._add(records, skip_bad_rows=skip_bad_rows, separator=alias_separator)
        return g

    @classmethod
    def from_frame(
        cls,
        frame: Any,
        *,
        id: str = "id",
        name: str = "name",
        type: str = "type",
        aliases: str | None = "aliases",
        alias_separator: str = "|",
        skip_bad_rows: bool = False,
    ) -> Gazetteer:
        """From a pandas DataFrame; ``type`` and ``aliases`` columns are optional. Errors
        name the row's index label."""
        for column in (id, name):
            if column not in frame.columns:
                raise InvalidArgumentError(f"the frame has no column {column!r}")
        n = len(frame)
        types = frame[type].tolist() if type in frame.columns else [None] * n
        alias_values = (
            frame[aliases].tolist() if aliases and aliases in frame.columns else [None] * n
        )
        rows = zip(frame[id].tolist(), frame[name].tolist(), types, alias_values)
        g = cls()
        labels = list(frame.index)
        if all(isinstance(v, int) for v in labels):
            g._add(
                rows,
                source="",
                lines=labels,
                skip_bad_rows=skip_bad_rows,
                separator=alias_separator,
            )
        else:
            g._add(rows, skip_bad_rows=skip_bad_rows, separator=alias_separator)
        return g

    @classmethod
    def from_csv(
        cls,
        path: PathLike,
        *,
        delimiter: str | None = None,
        alias_separator: str = "|",
        skip_bad_rows: bool = False,
    ) -> Gazetteer:
        """Reads a CSV (or, by extension or ``delimiter="\\t"``, TSV) file with a header
        naming ``id``, ``name`` and optionally ``type`` and ``aliases`` (RFC 4180 quoting,
        UTF-8). The file is parsed in C++ without the GIL."""
        return cls._wrap(
            _core.Gazetteer.from_csv(
                os.fspath(path),
                delimiter=delimiter or "",
                alias_separator=alias_separator,
                skip_bad_rows=skip_bad_rows,
            )
        )

    @classmethod
    def from_jsonl(cls, path: PathLike, *, skip_bad_rows: bool = False) -> Gazetteer:
        """Reads one JSON object per line (``id``, ``name``, ``type``, ``aliases``); blank
        lines are ignored. Errors name the file and line."""
        path = os.fspath(path)
        g = cls()
        records: list[Any] = []
        lines: list[int] = []
        try:
            f = open(path, encoding="utf-8")
        except OSError as e:
            raise _io_error(f"cannot open gazetteer file '{path}': {e.strerror}", path) from e
        with f:
            for lineno, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                    if not isinstance(rec, dict):
                        raise ValueError(f"expected a JSON object, got {type(rec).__name__}")
                    records.append(rec)
                    lines.append(lineno)
                except ValueError as e:
                    message = f"{path}:{lineno}: not a JSON object: {e}"
                    if not skip_bad_rows:
                        raise InvalidArgumentError(message) from None
                    g._json_errors.append(BadRow(lineno, message))
        g._add(records, source=path, lines=lines, skip_bad_rows=skip_bad_rows)
        return g

    # -- combining ---------------------------------------------------------------------

    def __add__(self, other: Gazetteer) -> Gazetteer:
        if not isinstance(other, Gazetteer):
            return NotImplemented
        core = self._core.copy()
        core.merge(other._core)
        g = Gazetteer._wrap(core)
        g._json_errors = self._json_errors + other._json_errors
        return g

    # -- reading -----------------------------------------------------------------------

    @property
    def bad_rows(self) -> list[BadRow]:
        """Rows skipped with ``skip_bad_rows=True``, each with its line and error."""
        rows = [BadRow(line, message) for line, message in self._core.bad_rows()]
        return sorted(rows + self._json_errors, key=lambda r: r.line)

    @property
    def n_aliases(self) -> int:
        """Aliases besides the canonical names."""
        return self._core.alias_count()

    def __len__(self) -> int:
        return len(self._core)

    def __contains__(self, entity_id: object) -> bool:
        return isinstance(entity_id, str) and self._core.find(entity_id) >= 0

    def __getitem__(self, entity_id: str) -> Entity:
        index = self._core.find(entity_id)
        if index < 0:
            raise KeyError(entity_id)
        ident, name, typ = self._core.entity(index)
        return Entity(ident, name, typ, tuple(self._core.aliases_of(index)))

    def __iter__(self) -> Iterator[Entity]:
        ids, names, types = self._core.entities()
        aliases: list[list[str]] = [[] for _ in ids]
        texts, entities, _ = self._core.aliases()
        for text, e in zip(texts, entities):
            aliases[e].append(text)
        return (Entity(i, n, t, tuple(a)) for i, n, t, a in zip(ids, names, types, aliases))

    def to_records(self) -> list[dict[str, Any]]:
        """The entities as dicts that :meth:`from_records` reads back (alias cases kept)."""
        ids, names, types = self._core.entities()
        records: list[dict[str, Any]] = [
            {"id": i, "name": n, "type": t, "aliases": []} for i, n, t in zip(ids, names, types)
        ]
        texts, entities, cases = self._core.aliases()
        for text, e, case in zip(texts, entities, cases):
            records[e]["aliases"].append(text if case == "auto" else {"text": text, "case": case})
        return records

    def to_frame(self) -> Any:
        """A pandas DataFrame with the columns id, name, type, aliases (a list per row)."""
        import pandas as pd

        return pd.DataFrame(list(self), columns=["id", "name", "type", "aliases"]).assign(
            aliases=lambda f: f["aliases"].map(list)
        )

    def __getstate__(self) -> dict[str, Any]:
        return {"records": self.to_records(), "bad_rows": [tuple(r) for r in self.bad_rows]}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["records"])  # type: ignore[misc]
        self._json_errors = [BadRow(*r) for r in state["bad_rows"]]

    def __repr__(self) -> str:
        types: dict[str, int] = {}
        for t in self._core.entities()[2]:
            types[t] = types.get(t, 0) + 1
        shown = ", ".join(
            f"{t or '?'}: {n:,}" for t, n in sorted(types.items(), key=lambda x: -x[1])[:5]
        )
        more = ", ..." if len(types) > 5 else ""
        return f"Gazetteer({len(self):,} entities, {self.n_aliases:,} aliases; {shown}{more})"


def _io_error(message: str, path: str) -> Exception:
    from .errors import NewsnlpIOError

    err = NewsnlpIOError(message)
    err.path = path
    return err
