"""``newsnlp match``: documents in, the gazetteer entities they mention out (JSONL, one
line per document, or CSV, one row per mention), streamed in batches."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import IO, Any

from .._progress import progress_bar
from ..corpus import Article
from ..gazetteer import Gazetteer
from ..matcher import EntityMatcher, Mentions
from ..tokenizer import Tokenizer
from ._common import (
    add_corpus_arguments,
    add_run_arguments,
    check_not_empty,
    corpus_reader,
    load_gazetteers,
    output_file,
    output_format,
    report_bad_lines,
    show_progress,
)

BATCH = 2048
CSV_COLUMNS = ["article_id", "start", "end", "text", "entity_id", "name", "type"]


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "match",
        help="documents in, entity mentions out (JSONL or CSV)",
        description="Finds the entities of the gazetteers in each document, with the "
        "tokenizer of its language. JSONL output: one line per document, "
        '{"id": ..., "mentions": [{"start", "end", "text", "id", "name", "type"}, ...]} '
        "(code-point offsets); CSV output: one row per mention.",
    )
    add_corpus_arguments(p, stdin=True)
    p.add_argument(
        "-g", "--gazetteer", action="append", required=True, metavar="FILE",
        help="gazetteer CSV/TSV (id,name,type,aliases) or JSONL; repeat to combine",
    )  # fmt: skip
    p.add_argument("--mode", default="longest", choices=["longest", "overlapping"])
    p.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    p.add_argument("--output-format", choices=["jsonl", "csv"], help="default: by extension")
    add_run_arguments(p)
    p.set_defaults(run=run)


class _Writer:
    def __init__(self, out: IO[str], fmt: str) -> None:
        self.out = out
        self.csv = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
        if self.csv:
            self.csv.writerow(CSV_COLUMNS)

    def write(self, article: Article, mentions: Mentions) -> None:
        if self.csv:
            for m in mentions:
                self.csv.writerow([article.id, m.start, m.end, m.text, m.id, m.name, m.type])
            return
        found = [m._asdict() for m in mentions]
        self.out.write(
            json.dumps({"id": article.raw_id, "mentions": found}, ensure_ascii=False) + "\n"
        )


def _flush(
    batch: list[Article],
    matchers: dict[str, EntityMatcher],
    gazetteer: Gazetteer,
    writer: _Writer,
    args: argparse.Namespace,
) -> int:
    found: dict[int, Mentions] = {}
    for lang in dict.fromkeys(a.lang for a in batch):
        if lang not in matchers:
            matchers[lang] = EntityMatcher(gazetteer, tokenizer=Tokenizer(lang), n_jobs=args.n_jobs)
        idx = [i for i, a in enumerate(batch) if a.lang == lang]
        texts = [batch[i].text for i in idx]
        for i, mentions in zip(idx, matchers[lang].find_all(texts, mode=args.mode,
                                                            n_jobs=args.n_jobs)):  # fmt: skip
            found[i] = mentions
    n = 0
    for i, article in enumerate(batch):
        writer.write(article, found[i])
        n += len(found[i])
    batch.clear()
    return n


def run(args: argparse.Namespace) -> int:
    reader = corpus_reader(args, args.inputs or ["-"])
    fmt = output_format(args.output, args.output_format, ["jsonl", "csv"])
    gazetteer = load_gazetteers(args.gazetteer)
    matchers: dict[str, EntityMatcher] = {}
    n_docs = n_mentions = 0
    with (
        # a stream: the bar counts documents, without a total
        output_file(args.output) as out,
        progress_bar(iter(()), enabled=show_progress(args), unit="doc") as bar,
    ):
        writer = _Writer(out, fmt)
        batch: list[Article] = []
        for article in reader:
            batch.append(article)
            n_docs += 1
            if len(batch) >= BATCH:
                bar.update(len(batch))
                n_mentions += _flush(batch, matchers, gazetteer, writer, args)
        bar.update(len(batch))
        n_mentions += _flush(batch, matchers, gazetteer, writer, args)
        check_not_empty(n_docs, reader)
    report_bad_lines(reader)
    print(f"matched {n_docs} documents: {n_mentions} mentions", file=sys.stderr)
    return 0
