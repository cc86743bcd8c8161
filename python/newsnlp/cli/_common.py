"""What the subcommands share: the corpus options, gazetteer files, progress, complete-or-
nothing output files, and the report of skipped lines."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

from ..corpus import LANGS, CorpusReader
from ..gazetteer import Gazetteer


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def add_corpus_arguments(parser: argparse.ArgumentParser, *, stdin: bool) -> None:
    """CORPUS paths, field names, language, format and --skip-bad-lines."""
    where = "'-' or none: JSONL on stdin" if stdin else "none: the built-in sample"
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="CORPUS",
        help=f"JSONL, CSV, TSV or Parquet files, .txt files or folders of them ({where})",
    )
    g = parser.add_argument_group("corpus fields")
    g.add_argument("--text-field", metavar="NAME", help="field holding the text (default: text)")
    g.add_argument("--id-field", metavar="NAME", help="article id (default: id, else file:line)")
    g.add_argument("--title-field", metavar="NAME", help="title (default: title)")
    g.add_argument("--date-field", metavar="NAME", help="date, ISO 8601 (default: date)")
    g.add_argument("--lang-field", metavar="NAME", help="language of each record (default: lang)")
    g.add_argument(
        "--lang",
        default="xx",
        choices=list(LANGS),
        help="language of records without one (default: xx, multilingual)",
    )
    g.add_argument(
        "--format",
        choices=["jsonl", "csv", "tsv", "parquet", "txt", "folder"],
        help="format of every input (default: by extension)",
    )
    g.add_argument(
        "--skip-bad-lines",
        action="store_true",
        help="skip malformed records (reported on stderr) instead of stopping",
    )


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--n-jobs", type=int, default=-1, help="threads (-1: all cores)")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bars on stderr (default: when stderr is a terminal)",
    )


def corpus_reader(args: argparse.Namespace, paths: Sequence[str]) -> CorpusReader:
    return CorpusReader(
        list(paths),
        text_field=args.text_field,
        id_field=args.id_field,
        title_field=args.title_field,
        date_field=args.date_field,
        lang_field=args.lang_field,
        lang=args.lang,
        skip_bad_lines=args.skip_bad_lines,
        format=args.format,
    )


def import_heavy_modules() -> None:
    """Imports scikit-learn and SciPy's compiled parts now, before the long work: a Ctrl-C
    that lands inside an extension module's initialisation turns into an ImportError or
    marks the interpreter to die by SIGINT at exit, instead of our clean stop."""
    import scipy.sparse.csgraph  # noqa: F401

    from .. import tfidf  # noqa: F401  (scikit-learn)


def show_progress(args: argparse.Namespace) -> bool:
    return sys.stderr.isatty() if args.progress is None else bool(args.progress)


def report_bad_lines(reader: CorpusReader, *, limit: int = 20) -> None:
    """Lists the records --skip-bad-lines skipped, on stderr."""
    bad = reader.bad_lines
    if not bad:
        return
    print(f"newsnlp: skipped {len(bad):,} bad lines:", file=sys.stderr)
    for line in bad[:limit]:
        print(f"  {line.message}", file=sys.stderr)
    if len(bad) > limit:
        print(f"  ... and {len(bad) - limit:,} more", file=sys.stderr)


def check_not_empty(n_articles: int, reader: CorpusReader) -> None:
    """The empty-corpus error of :meth:`CorpusReader.read`, for streaming commands."""
    if n_articles == 0:
        skipped = f" ({len(reader.bad_lines)} bad lines skipped)" if reader.bad_lines else ""
        raise CliError(f"empty corpus: no article in {', '.join(reader.paths)}{skipped}")


def load_gazetteers(paths: Sequence[str]) -> Gazetteer:
    """The union of the gazetteer files (CSV / TSV, or JSONL by extension)."""
    merged: Gazetteer | None = None
    for path in paths:
        name = path.lower()
        if name.endswith((".jsonl", ".ndjson", ".json")):
            gazetteer = Gazetteer.from_jsonl(path)
        else:
            gazetteer = Gazetteer.from_csv(path)
        merged = gazetteer if merged is None else merged + gazetteer
    if merged is None:
        raise CliError("no gazetteer given")
    return merged


def output_format(path: str, given: str | None, choices: Sequence[str]) -> str:
    """The output format: ``given``, else the extension of ``path`` (``-``: jsonl)."""
    if given:
        return given
    if path == "-":
        return "jsonl"
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    ext = {"json": "jsonl", "ndjson": "jsonl"}.get(ext, ext)
    if ext not in choices:
        raise CliError(
            f"cannot tell the output format of {path}: name a {', '.join('.' + c for c in choices)}"
            " file or pass --output-format"
        )
    return ext


@contextmanager
def output_file(path: str, mode: str = "w") -> Iterator[IO[Any]]:
    """A file written aside and renamed to ``path`` when the block completes: an error or
    Ctrl-C leaves nothing. ``-`` is stdout."""
    if path == "-":
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    directory, name = os.path.split(os.path.abspath(path))
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=directory)
    except OSError as e:
        raise CliError(f"cannot write {path}: {e.strerror}") from None
    try:
        text = "b" not in mode
        encoding, newline = ("utf-8", "") if text else (None, None)
        with open(fd, mode, encoding=encoding, newline=newline) as f:
            yield f
        os.chmod(partial, 0o644)  # mkstemp makes it private
        os.replace(partial, path)
    except BaseException:
        os.unlink(partial)
        raise
