"""The ``newsnlp`` command.

``newsnlp`` (or ``newsnlp sample``) tokenizes the built-in sample corpus and prints what it
found; ``newsnlp tokenize`` streams JSONL documents to JSONL tokens for pipelines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

from . import __version__, unicode_version
from .errors import NewsnlpError
from .sample import load_sample
from .tokenizer import Doc, Tokenizer


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def _read_jsonl(path: str, field: str) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """Yields (path, line number, record) for each non-blank line; errors name the file,
    the line and, for bad UTF-8, the byte offset in the file."""
    stream: BinaryIO
    try:
        stream = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as e:
        raise CliError(f"cannot read {path}: {e.strerror}") from None
    offset = 0
    with stream:
        for number, raw in enumerate(stream, start=1):
            line_offset, offset = offset, offset + len(raw)
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                raise CliError(
                    f"{path}:{number}: invalid UTF-8 at byte {line_offset + e.start} of the file"
                ) from None
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise CliError(f"{path}:{number}: malformed JSON ({e.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get(field), str):
                raise CliError(f"{path}:{number}: no string field {field!r} in this record")
            yield path, number, record


def _tokens_record(doc: Doc, doc_id: Any) -> dict[str, Any]:
    return {
        "id": doc_id,
        "tokens": [[t.text, t.start, t.end, t.kind, t.norm] for t in doc],
        "sentences": [[s.start, s.end] for s in doc.sentences],
    }


def _command_tokenize(args: argparse.Namespace) -> int:
    tokenizer = Tokenizer(args.lang)
    # A file output is written aside and renamed at the end: an error leaves no half file.
    partial = f"{args.output}.partial"
    out = sys.stdout if args.output == "-" else open(partial, "w", encoding="utf-8")
    n_docs = 0
    completed = False
    try:
        batch: list[tuple[Any, str]] = []

        def flush() -> None:
            docs = tokenizer.pipe(
                [text for _, text in batch], n_jobs=args.n_jobs, errors=args.errors
            )
            for (doc_id, _), doc in zip(batch, docs):
                out.write(json.dumps(_tokens_record(doc, doc_id), ensure_ascii=False) + "\n")
            batch.clear()

        for path in args.inputs or ["-"]:
            for _, number, record in _read_jsonl(path, args.field):
                batch.append((record.get(args.id_field, f"{path}:{number}"), record[args.field]))
                n_docs += 1
                if len(batch) >= 1024:
                    flush()
        flush()
        completed = True
    finally:
        if out is not sys.stdout:
            out.close()
            if completed:
                os.replace(partial, args.output)
            else:
                os.unlink(partial)
    print(f"tokenized {n_docs} documents", file=sys.stderr)
    return 0


def _command_sample(args: argparse.Namespace) -> int:
    articles = load_sample()
    ids = [a["id"] for a in articles]
    if args.show is not None and args.show not in ids:
        raise CliError(f"no article {args.show!r} in the sample (ids: {', '.join(ids)})")
    tokenizers = {lang: Tokenizer(lang) for lang in ("fr", "en", "ar")}
    print(f"newsnlp {__version__} (Unicode {unicode_version}) on its built-in sample corpus\n")
    print(f"{'id':<8} {'lang':<4} {'tokens':>6} {'sentences':>9}  title")
    started = time.perf_counter()
    docs = []
    for article in articles:
        doc = tokenizers[article["lang"]](article["text"])
        docs.append(doc)
        counts = f"{len(doc):>6} {len(doc.sentences):>9}"
        print(f"{article['id']:<8} {article['lang']:<4} {counts}  {article['title'][:60]}")
    elapsed = time.perf_counter() - started
    n_bytes = sum(len(a["text"].encode("utf-8")) for a in articles)
    n_tokens = sum(len(d) for d in docs)
    kinds: dict[str, int] = {}
    for doc in docs:
        for t in doc:
            kinds[t.kind] = kinds.get(t.kind, 0) + 1
    n_sentences = sum(len(d.sentences) for d in docs)
    print(
        f"\n{len(articles)} articles, {n_tokens} tokens, {n_sentences} sentences "
        f"({n_bytes / 1e3:.1f} kB in {elapsed * 1e3:.1f} ms)"
    )
    print(
        "token kinds: "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1]))
    )

    shown = args.show or next(
        (a["id"] for a in articles if "Bourita" in a["text"]), articles[0]["id"]
    )
    article, doc = next((a, d) for a, d in zip(articles, docs) if a["id"] == shown)
    print(f"\nSentences and tokens of {shown} ({article['title']}):")
    for k, sentence in enumerate(doc.sentences, start=1):
        print(f"  [{k}] " + " | ".join(t.text for t in sentence))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsnlp", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"newsnlp {__version__}")
    sub = parser.add_subparsers(dest="command")
    sample = sub.add_parser("sample", help="tokenize the built-in sample corpus (the default)")
    sample.add_argument("--show", metavar="ID", help="article whose tokens to print")
    tok = sub.add_parser("tokenize", help="JSONL documents in, JSONL tokens out")
    tok.add_argument("inputs", nargs="*", metavar="FILE", help="JSONL files ('-' or none: stdin)")
    tok.add_argument("--field", default="text", help="field holding the text (default: text)")
    tok.add_argument("--id-field", default="id", help="field holding the document id")
    tok.add_argument("--lang", default="xx", choices=["xx", "fr", "en", "ar"])
    tok.add_argument("--errors", default="strict", choices=["strict", "replace"])
    tok.add_argument("--n-jobs", type=int, default=-1, help="threads (-1: all cores)")
    tok.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "tokenize":
            return _command_tokenize(args)
        if args.command in (None, "sample"):
            if args.command is None:
                args.show = None
            return _command_sample(args)
        raise CliError(f"unknown command {args.command!r}")
    except (CliError, NewsnlpError) as e:
        print(f"newsnlp: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("newsnlp: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
