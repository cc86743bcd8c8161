"""``newsnlp tokenize``: documents in, one JSON line of tokens and sentences per document
out, streamed in batches (bounded memory)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

from ..corpus import Article
from ..tokenizer import Doc, Tokenizer
from ._common import (
    add_corpus_arguments,
    check_not_empty,
    corpus_reader,
    output_file,
    report_bad_lines,
)

BATCH = 1024


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "tokenize",
        help="documents in, JSONL tokens out",
        description="Tokenizes each document with the tokenizer of its language; writes one "
        "JSON line per document: id, tokens as [text, start, end, kind, norm] (code-point "
        "offsets) and sentences as [start, end].",
    )
    add_corpus_arguments(p, stdin=True)
    p.add_argument("--field", dest="text_field", metavar="NAME", help="same as --text-field")
    p.add_argument("--errors", default="strict", choices=["strict", "replace"])
    p.add_argument("--n-jobs", type=int, default=-1, help="threads (-1: all cores)")
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    p.set_defaults(run=run)


def _record(doc: Doc, doc_id: Any) -> dict[str, Any]:
    return {
        "id": doc_id,
        "tokens": [[t.text, t.start, t.end, t.kind, t.norm] for t in doc],
        "sentences": [[s.start, s.end] for s in doc.sentences],
    }


def _flush(batch: list[Article], tokenizers: dict[str, Tokenizer], out: IO[str],
           args: argparse.Namespace) -> None:  # fmt: skip
    docs: dict[int, Doc] = {}
    for lang in dict.fromkeys(a.lang for a in batch):
        idx = [i for i, a in enumerate(batch) if a.lang == lang]
        if lang not in tokenizers:
            tokenizers[lang] = Tokenizer(lang)
        tokenizer = tokenizers[lang]
        for i, doc in zip(idx, tokenizer.pipe([batch[i].text for i in idx], n_jobs=args.n_jobs,
                                              errors=args.errors)):  # fmt: skip
            docs[i] = doc
    for i, article in enumerate(batch):
        out.write(json.dumps(_record(docs[i], article.raw_id), ensure_ascii=False) + "\n")
    batch.clear()


def run(args: argparse.Namespace) -> int:
    reader = corpus_reader(args, args.inputs or ["-"])
    tokenizers: dict[str, Tokenizer] = {}
    n_docs = 0
    with output_file(args.output) as out:
        batch: list[Article] = []
        for article in reader:
            batch.append(article)
            n_docs += 1
            if len(batch) >= BATCH:
                _flush(batch, tokenizers, out, args)
        _flush(batch, tokenizers, out, args)
        check_not_empty(n_docs, reader)
    report_bad_lines(reader)
    print(f"tokenized {n_docs} documents", file=sys.stderr)
    return 0
