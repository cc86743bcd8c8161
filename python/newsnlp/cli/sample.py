"""``newsnlp sample``: the tokens and sentences of the built-in sample corpus."""

from __future__ import annotations

import argparse
import time
from typing import Any

from .. import __version__, unicode_version
from ..sample import load_sample
from ..tokenizer import Tokenizer
from ._common import CliError


def add_parser(sub: Any) -> None:
    p = sub.add_parser("sample", help="tokenize the built-in sample corpus and print it")
    p.add_argument("--show", metavar="ID", help="article whose tokens to print")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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
