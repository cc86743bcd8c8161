"""``newsnlp analyze``: a corpus in, a report folder out (``report.html`` and the tables as
CSV), and a short summary on stdout. With no corpus: the built-in sample and its
gazetteer."""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from .. import __version__
from ..analysis import CorpusAnalysis, analyze
from ..sample import sample_path
from ._common import (
    add_corpus_arguments,
    add_run_arguments,
    corpus_reader,
    import_heavy_modules,
    load_gazetteers,
    report_bad_lines,
    show_progress,
)


def add_parser(sub: Any) -> argparse.ArgumentParser:
    p = sub.add_parser(
        "analyze",
        help="a corpus in, an HTML report and CSV tables out (the default command)",
        description="Analyses a news corpus: statistics, entity mentions (with gazetteers), "
        "entities over time, co-occurrences, keywords, near-duplicates and similar articles. "
        "Writes OUTPUT/report.html (opens offline) and mentions.csv, entities.csv, "
        "cooccurrences.csv, keywords.csv, similar.csv, duplicates.csv. With no CORPUS it "
        "analyses the built-in sample with the built-in gazetteer.",
    )
    add_corpus_arguments(p, stdin=False)
    p.add_argument(
        "-g", "--gazetteer", action="append", default=[], metavar="FILE",
        help="gazetteer CSV/TSV (id,name,type,aliases) or JSONL; repeat to combine "
             "(default: the sample's, on the sample only)",
    )  # fmt: skip
    p.add_argument("-o", "--output", default="newsnlp-report", metavar="DIR",
                   help="report folder (default: ./newsnlp-report)")  # fmt: skip
    p.add_argument("--keywords", type=int, default=10, metavar="K", help="terms per article")
    p.add_argument("--similar", type=int, default=5, metavar="K", help="neighbours per article")
    p.add_argument(
        "--duplicate-threshold", type=float, default=0.9, metavar="S",
        help="TF-IDF cosine from which articles are near-duplicates (default: 0.9)",
    )  # fmt: skip
    add_run_arguments(p)
    p.set_defaults(run=run)
    return p


def _stage(enabled: bool, message: str) -> None:
    if enabled:
        print(f"newsnlp: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    on_sample = not args.inputs
    paths = args.inputs or [str(sample_path())]
    gazetteer_paths = args.gazetteer or ([str(sample_path("sample_gazetteer.csv"))]
                                         if on_sample else [])  # fmt: skip
    progress = show_progress(args)
    import_heavy_modules()
    reader = corpus_reader(args, paths)
    _stage(progress, f"reading {', '.join(paths)}")
    articles = reader.read()
    report_bad_lines(reader)
    gazetteer = load_gazetteers(gazetteer_paths) if gazetteer_paths else None
    _stage(progress, f"analysing {len(articles):,} articles")
    result = analyze(
        articles,
        gazetteer,
        keywords=args.keywords,
        similar=args.similar,
        duplicate_threshold=args.duplicate_threshold,
        n_jobs=args.n_jobs,
        progress=progress,
    )
    result.sources = ["the built-in sample"] if on_sample else list(paths)
    result.gazetteers = [os.path.basename(g) for g in gazetteer_paths]
    _stage(progress, f"writing {args.output}")
    result.save(args.output)
    _summary(result, args.output, reader.bad_lines, reader.unreadable_dates, gazetteer is not None,
             time.perf_counter() - started)  # fmt: skip
    return 0


def _summary(
    r: CorpusAnalysis, folder: str, bad: list[Any], bad_dates: int, matched: bool, seconds: float
) -> None:
    s = r.stats
    langs = ", ".join(f"{k} {v:,}" for k, v in s["languages"].items())
    dates = f", {s['first_date']} to {s['last_date']}" if s["dated"] else ", no dates"
    corpus = "the built-in sample" if r.sources == ["the built-in sample"] else ", ".join(r.sources)
    print(f"newsnlp {__version__} analyze: {corpus}")
    print(f"  {s['articles']:,} articles ({langs}){dates}; "
          f"{s['tokens']:,} tokens, {s['sentences']:,} sentences")  # fmt: skip
    if list(s["languages"]) == ["xx"]:
        print("  no language given: analysed as multilingual (xx); pass --lang fr, en or ar "
              "(or a lang field) for that language's stop words and rules")  # fmt: skip
    if bad:
        print(f"  {len(bad):,} bad lines skipped (listed on stderr)")
    if bad_dates:
        print(f"  {bad_dates:,} dates could not be read (treated as missing)")
    e = r.entities
    if matched:
        top = ", ".join(f"{e['name'][k]} ({e['type'][k]}) {e['mentions'][k]:,}"
                        for k in range(min(5, len(e))))  # fmt: skip
        most = f"; most mentioned: {top}" if top else ""
        print(f"  entities ({', '.join(r.gazetteers)}): {s['mentions']:,} mentions of "
              f"{s['entities']:,} entities{most}")  # fmt: skip
        c = r.cooccurrences
        if len(c):
            print(f"  strongest co-occurrence: {c['name_a'][0]} + {c['name_b'][0]} "
                  f"({c['articles'][0]:,} articles)")  # fmt: skip
    else:
        print("  entities: no gazetteer given (--gazetteer FILE)")
    d = r.duplicates
    groups: dict[int, list[str]] = {}
    exact: dict[int, bool] = {}
    for g, article_id, same in zip(d["group"], d["article_id"], d["exact"]):
        groups.setdefault(int(g), []).append(str(article_id))
        exact[int(g)] = exact.get(int(g), True) and bool(same)
    shown = "; ".join(
        (" = " if exact[g] else " ~ ").join(ids[:4]) + (" ..." if len(ids) > 4 else "")
        for g, ids in list(groups.items())[:5]
    )
    more = " ..." if len(groups) > 5 else ""
    print(f"  near-duplicate groups: {len(groups):,}" + (f": {shown}{more}" if groups else ""))
    pairs = r.similar_pairs(1)
    if len(pairs):
        print(f"  most similar: {pairs['article_id'][0]} / {pairs['similar_id'][0]} "
              f"({pairs['similarity'][0]:.2f})")  # fmt: skip
    print(f"report: {os.path.join(folder, 'report.html')}")
    print(f"tables: {folder}{os.sep}" + "{mentions,entities,cooccurrences,keywords,similar,"
          "duplicates}.csv")  # fmt: skip
    print(f"done in {seconds:.1f} s")
