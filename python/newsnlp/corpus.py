"""Reading news corpora: JSONL, CSV / TSV, Parquet and folders of ``.txt`` files, as
articles with an id, a text, a title, a date and a language.

>>> import newsnlp
>>> from newsnlp.sample import sample_path
>>> articles = newsnlp.read_corpus(sample_path())
>>> len(articles), list(articles.columns[:5])
(36, ['id', 'text', 'title', 'date', 'lang'])
>>> articles.loc[0, ["id", "lang"]].tolist()
['fr-001', 'fr']

Fields are found by name (``text_field``, ``id_field``, ...). A field you name yourself must
exist; the default names are used when present. Errors name the file and line: a malformed
JSONL line, a CSV row with too many fields, invalid UTF-8, a record without text or with an
id seen before. ``skip_bad_lines=True`` skips such records and lists them in
``bad_lines`` instead.
"""

from __future__ import annotations

import csv
import datetime as _dt
import gzip
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, Union

from .errors import InvalidArgumentError, NewsnlpIOError

PathLike = Union[str, "os.PathLike[str]"]
Format = Literal["jsonl", "csv", "tsv", "parquet", "txt", "folder"]
LANGS = ("fr", "en", "ar", "xx")  # the languages the tokenizer knows; "xx" is multilingual
_DEFAULT_FIELDS = {"text": "text", "id": "id", "title": "title", "date": "date", "lang": "lang"}
_SUFFIXES: dict[str, Format] = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "tsv",
    ".tab": "tsv", ".parquet": "parquet", ".pq": "parquet", ".txt": "txt",
}  # fmt: skip


class Article(NamedTuple):
    """One article: ``date`` is ``YYYY-MM-DD`` or ``""``, ``lang`` one of ``fr``, ``en``,
    ``ar`` or ``xx``; ``where`` is ``file:line`` (for messages); ``raw_id`` is the id as
    the record had it (an int stays an int); ``extra`` holds the record's other fields
    when asked for."""

    id: str
    text: str
    title: str
    date: str
    lang: str
    where: str
    raw_id: Any
    extra: dict[str, Any]


class BadLine(NamedTuple):
    """A record skipped with ``skip_bad_lines=True``; ``message`` starts with file:line."""

    path: str
    line: int
    message: str


def _io_error(message: str, path: str) -> NewsnlpIOError:
    err = NewsnlpIOError(message)
    err.path = path
    return err


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` from an ISO date or datetime string (``2024-02-14``,
    ``2024-02-14T08:00:00Z``, ``2024-02``), a ``date``/``datetime`` or pandas Timestamp;
    ``""`` for a missing value, None for one that cannot be read."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    m = re.match(r"\s*(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?:$|[T ]|\s)", value)
    if not m:
        return None
    try:
        return _dt.date(int(m[1]), int(m[2]), int(m[3] or 1)).isoformat()
    except ValueError:
        return None


def _lang(value: Any, default: str) -> str:
    """``fr-FR`` -> ``fr``; a language the tokenizer does not know -> ``xx``."""
    if not isinstance(value, str) or not value.strip():
        return default
    code = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return code if code in LANGS else "xx"


def corpus_format(path: PathLike) -> Format:
    """The format of ``path`` by its extension (``.gz`` looked through), ``folder`` for a
    directory and ``jsonl`` for ``-`` (stdin)."""
    p = os.fspath(path)
    if p == "-":
        return "jsonl"
    if os.path.isdir(p):
        return "folder"
    name = p[:-3] if p.endswith(".gz") else p
    fmt = _SUFFIXES.get(os.path.splitext(name)[1].lower())
    if fmt is None:
        raise InvalidArgumentError(
            f"cannot tell the format of {p}: name a .jsonl, .csv, .tsv, .parquet or .txt file "
            "or a folder of .txt files, or pass the format"
        )
    return fmt


def _open_binary(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    if not os.path.exists(path):
        raise _io_error(f"cannot read {path}: No such file or directory", path)
    try:
        if path.endswith(".gz"):
            return gzip.open(path, "rb")  # type: ignore[return-value]  # a GzipFile is an IO[bytes]
        return open(path, "rb")
    except OSError as e:
        raise _io_error(f"cannot read {path}: {e.strerror}", path) from None


def _decoded_lines(path: str, stream: IO[bytes], bad: dict[int, str]) -> Iterator[str]:
    """The lines of ``stream``; a line with invalid UTF-8 is recorded in ``bad`` (line ->
    message naming the byte offset in the file) and yielded with U+FFFD replacements."""
    offset = 0
    for number, raw in enumerate(stream, start=1):
        line_offset, offset = offset, offset + len(raw)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):  # a byte-order mark
            raw = raw[3:]
            line_offset = offset - len(raw)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad[number] = (
                f"{path}:{number}: invalid UTF-8 at byte {line_offset + e.start} of the file"
            )
            yield raw.decode("utf-8", "replace")


class _Record(NamedTuple):
    line: int
    fields: dict[str, Any] | None  # None: unreadable, see error
    error: str


def _jsonl_records(path: str) -> Iterator[_Record]:
    bad: dict[int, str] = {}
    with _open_binary(path) as stream:
        for number, line in enumerate(_decoded_lines(path, stream, bad), start=1):
            if number in bad:
                yield _Record(number, None, bad.pop(number))
                continue
            if not line.strip():
                continue
            starts_array = number == 1 and line.lstrip()[:1] == "["
            array = " (a JSON array? write one object per line)" if starts_array else ""
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                yield _Record(number, None, f"{path}:{number}: malformed JSON ({e.msg}){array}")
                continue
            if not isinstance(record, dict):
                kind = type(record).__name__
                message = f"{path}:{number}: not a JSON object ({kind}){array}"
                yield _Record(number, None, message)
                continue
            yield _Record(number, record, "")


def _csv_records(path: str, delimiter: str, needed: Sequence[str]) -> Iterator[_Record]:
    csv.field_size_limit(2**31 - 1)  # article bodies are longer than csv's 128 KiB default
    bad: dict[int, str] = {}
    with _open_binary(path) as stream:
        reader = csv.reader(_decoded_lines(path, stream, bad), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise InvalidArgumentError(f"{path}:1: malformed CSV header ({e})") from None
        if 1 in bad:
            raise InvalidArgumentError(bad[1])
        _check_columns(path, header, needed)
        last = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                yield _Record(
                    reader.line_num, None, f"{path}:{reader.line_num}: malformed CSV ({e})"
                )
                last = reader.line_num
                continue
            first, last = last + 1, reader.line_num
            errors = [bad.pop(n) for n in range(first, last + 1) if n in bad]
            if errors:
                yield _Record(first, None, errors[0])
            elif not row or (len(row) == 1 and not row[0].strip()):
                continue
            elif len(row) > len(header):
                message = f"{path}:{first}: {len(row)} fields where the header has {len(header)}"
                yield _Record(first, None, message)
            else:
                yield _Record(first, dict(zip(header, row)), "")


def _parquet_records(path: str, needed: Sequence[str]) -> Iterator[_Record]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InvalidArgumentError(
            f"reading the Parquet file {path} needs pyarrow: pip install pyarrow"
        ) from None
    if not os.path.exists(path):
        raise _io_error(f"cannot read {path}: No such file or directory", path)
    try:
        parquet = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises its own ArrowInvalid / OSError kinds
        raise _io_error(f"cannot read {path} as Parquet: {e}", path) from None
    _check_columns(path, parquet.schema_arrow.names, needed)
    row = 0
    for batch in parquet.iter_batches(batch_size=4096):
        for record in batch.to_pylist():
            row += 1
            yield _Record(row, record, "")


def _check_columns(path: str, columns: Sequence[str], needed: Sequence[str]) -> None:
    missing = [f for f in needed if f not in columns]
    if missing:
        raise InvalidArgumentError(
            f"{path}: unknown field {missing[0]!r} (fields: {', '.join(map(str, columns))})"
        )


def _text_files(path: str) -> Iterator[tuple[str, str]]:
    """(id, file) for the .txt files under a folder, sorted; the id is the relative path
    without ``.txt``."""
    root = Path(path)
    for file in sorted(root.rglob("*.txt")):
        if file.is_file():
            yield file.relative_to(root).with_suffix("").as_posix(), str(file)


def _text_record(file: str, article_id: str) -> _Record:
    try:
        data = Path(file).read_bytes()
    except OSError as e:
        raise _io_error(f"cannot read {file}: {e.strerror}", file) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return _Record(line, None, f"{file}:{line}: invalid UTF-8 at byte {e.start} of the file")
    text = text.removeprefix("\ufeff")
    title = next((s.strip() for s in text.splitlines() if s.strip()), "")
    return _Record(1, {"id": article_id, "text": text, "title": title[:300]}, "")


class CorpusReader:
    """Iterates over the articles of files and folders, in order, checking them.

    Args:
        paths: files (``-`` for JSONL on stdin) and folders of ``.txt`` files.
        text_field, id_field, title_field, date_field, lang_field: field names; None means
            the default (``text``, ``id``, ``title``, ``date``, ``lang``), used when present.
            A name you give must exist. Records without an id get ``file:line``.
        lang: language of records without a ``lang`` field (``xx``: multilingual).
        skip_bad_lines: skip bad records (listed in :attr:`bad_lines`) instead of raising.
        format: the format of every path, instead of guessing by extension.
        keep_fields: keep the records' other fields in :attr:`Article.extra`.

    Raises :class:`~newsnlp.errors.NewsnlpIOError` for a file that cannot be read and
    :class:`~newsnlp.errors.InvalidArgumentError` for bad content, naming file and line.
    """

    def __init__(
        self,
        paths: PathLike | Iterable[PathLike],
        *,
        text_field: str | None = None,
        id_field: str | None = None,
        title_field: str | None = None,
        date_field: str | None = None,
        lang_field: str | None = None,
        lang: str = "xx",
        skip_bad_lines: bool = False,
        format: Format | None = None,
        keep_fields: bool = False,
    ) -> None:
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        self.paths = [os.fspath(p) for p in paths]
        if not self.paths:
            raise InvalidArgumentError("no corpus file given")
        if lang not in LANGS:
            raise InvalidArgumentError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
        given = {
            "text": text_field, "id": id_field, "title": title_field, "date": date_field,
            "lang": lang_field,
        }  # fmt: skip
        self.fields = {k: v or _DEFAULT_FIELDS[k] for k, v in given.items()}
        self.required = [v for k, v in given.items() if v is not None and k != "text"]
        self.lang = lang
        self.skip_bad_lines = skip_bad_lines
        self.format = format
        self.keep_fields = keep_fields
        self.bad_lines: list[BadLine] = []
        self.unreadable_dates = 0
        self._seen_fields: set[str] = set()

    def _bad(self, path: str, line: int, message: str) -> None:
        if not self.skip_bad_lines:
            raise InvalidArgumentError(message)
        self.bad_lines.append(BadLine(path, line, message))

    def _records(self, path: str) -> Iterator[tuple[str, _Record]]:
        """(default id, record) pairs of one path."""
        fmt = self.format or corpus_format(path)
        needed = [self.fields["text"], *self.required]
        if fmt == "folder":
            files = list(_text_files(path))
            if not files:
                raise InvalidArgumentError(f"{path}: no .txt file in this folder")
            for article_id, file in files:
                yield article_id, _text_record(file, article_id)
            return
        if fmt == "txt":
            if not os.path.isfile(path):
                raise _io_error(f"cannot read {path}: No such file or directory", path)
            yield Path(path).stem, _text_record(path, Path(path).stem)
            return
        if fmt == "jsonl":
            records = _jsonl_records(path)
        elif fmt == "parquet":
            records = _parquet_records(path, needed)
        else:
            records = _csv_records(path, "\t" if fmt == "tsv" else ",", needed)
        for record in records:
            yield f"{path}:{record.line}", record

    def __iter__(self) -> Iterator[Article]:
        f = self.fields
        seen: dict[str, str] = {}
        for path in self.paths:
            txt = (self.format or corpus_format(path)) in ("folder", "txt")
            self._seen_fields = set()
            for default_id, (line, record, error) in self._records(path):
                if record is None:
                    self._bad(path, line, error)
                    continue
                self._seen_fields.update(record)
                where = f"{path}:{line}"
                text = record.get(f["text"])
                if not isinstance(text, str):
                    fields = (
                        "" if f["text"] in record else f" (fields: {', '.join(map(str, record))})"
                    )
                    message = f"{where}: no string field {f['text']!r} in this record{fields}"
                    self._bad(path, line, message)
                    continue
                raw_id = record.get(f["id"])
                if raw_id is None or raw_id == "":
                    if f["id"] in self.required:
                        self._bad(path, line, f"{where}: no field {f['id']!r} in this record")
                        continue
                    raw_id = default_id
                article_id = str(raw_id)
                if article_id in seen:
                    self._bad(path, line, f"{where}: duplicate id {article_id!r} "
                                          f"(first at {seen[article_id]})")  # fmt: skip
                    continue
                seen[article_id] = where
                date = normalize_date(record.get(f["date"]))
                if date is None:
                    self.unreadable_dates += 1
                    date = ""
                title = record.get(f["title"])
                extra = {}
                if self.keep_fields and not txt:
                    extra = {k: v for k, v in record.items() if k not in f.values()}
                yield Article(
                    article_id,
                    text,
                    "" if title is None else str(title),
                    date,
                    _lang(record.get(f["lang"]), self.lang),
                    where,
                    raw_id,
                    extra,
                )
            self._check_required(path, txt)

    def _check_required(self, path: str, txt: bool) -> None:
        """A field named by the user that no JSONL record had is an unknown field (CSV and
        Parquet headers are checked before reading)."""
        if txt or (self.format or corpus_format(path)) != "jsonl" or not self._seen_fields:
            return
        _check_columns(path, sorted(self._seen_fields), self.required)

    def read(self) -> list[Article]:
        """All the articles; :class:`InvalidArgumentError` when there is none."""
        articles = list(self)
        if not articles:
            skipped = f" ({len(self.bad_lines)} bad lines skipped)" if self.bad_lines else ""
            raise InvalidArgumentError(
                f"empty corpus: no article in {', '.join(self.paths)}{skipped}"
            )
        return articles


def read_corpus(
    path: PathLike | Iterable[PathLike],
    *,
    text_field: str | None = None,
    id_field: str | None = None,
    title_field: str | None = None,
    date_field: str | None = None,
    lang_field: str | None = None,
    lang: str = "xx",
    skip_bad_lines: bool = False,
    format: Format | None = None,
) -> Any:
    """Reads a corpus (JSONL, CSV, TSV, Parquet, ``.txt`` files or folders of them, or a list
    of these) into a pandas DataFrame.

    Columns: ``id`` (str, unique), ``text``, ``title``, ``date`` (``datetime64``, NaT when
    missing), ``lang`` (``fr``, ``en``, ``ar`` or ``xx``; from ``lang_field`` when records
    have one, else ``lang``), then the records' other fields. Records skipped with
    ``skip_bad_lines=True`` are listed in ``frame.attrs["bad_lines"]``
    (:class:`BadLine` tuples). Arguments as in :class:`CorpusReader`.

    >>> import newsnlp
    >>> from newsnlp.sample import sample_path
    >>> frame = newsnlp.read_corpus(sample_path())
    >>> frame.groupby("lang").size().to_dict()
    {'ar': 12, 'en': 12, 'fr': 12}
    """
    import pandas as pd

    reader = CorpusReader(
        path,
        text_field=text_field,
        id_field=id_field,
        title_field=title_field,
        date_field=date_field,
        lang_field=lang_field,
        lang=lang,
        skip_bad_lines=skip_bad_lines,
        format=format,
        keep_fields=True,
    )
    articles = reader.read()
    frame = pd.DataFrame(
        {
            "id": [a.id for a in articles],
            "text": [a.text for a in articles],
            "title": [a.title for a in articles],
            "date": pd.to_datetime([a.date or None for a in articles]),
            "lang": [a.lang for a in articles],
        }
    )
    extra_names: dict[str, None] = {}
    for a in articles:
        extra_names.update(dict.fromkeys(a.extra))
    for name in extra_names:
        if name not in frame.columns:
            frame[name] = [a.extra.get(name) for a in articles]
    frame.attrs["bad_lines"] = list(reader.bad_lines)
    return frame
