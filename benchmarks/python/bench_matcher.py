"""Gazetteer entity matching on the shared news corpora: newsnlp's EntityMatcher against the
tools users would pick instead, timed in one process on identical input.

Gazetteer: the shared countries, cities and persons lists (about 175,000 names and aliases).
Per corpus (OrangeSum fr, Reuters-21578 en, SaudiNewsNet ar), all on the same ``str`` list:

- newsnlp ``EntityMatcher._core.find_batch`` (tokenize + normalize + match, code-point
  offsets as arrays), 1 and ``--threads`` threads, and ``EntityMatcher.find_all`` (Python
  ``Mention`` objects); the tokenizer alone with the matcher's norms, for scale;
- pyahocorasick over the lower-cased aliases, ``iter`` on the lower-cased text, plus the
  word-boundary filter users must add (``str.isalnum`` on both sides);
- flashtext's ``KeywordProcessor`` (case-insensitive, its own word boundaries);
- spaCy's ``PhraseMatcher`` on ``LOWER`` over ``spacy.blank(lang)`` tokens.

The baselines get the aliases newsnlp compiled (its policy's skipped aliases left out),
lower-cased; they cannot fold accents or Arabic letters, nor keep acronyms case-sensitive.
They are slow, so they run on an evenly spread subsample (``--baseline-mb``) and newsnlp is
timed again on it for the ratios. Build time and memory are reported for every tool.

Then ``--synthetic`` aliases (3 million by default): 3 per entity, 1 to 4 words, pseudo-words
mixed with the corpora's frequent words (see write_synthetic); build time (CSV parse and
compile), ``memory_bytes()``, the resident memory of a fresh process that loads the saved
matcher, and matching throughput with it. Targets: >= 100 MB/s per core end to end, 3M
aliases in < 150 MB and < 10 s.

Run ``python benchmarks/python/bench_matcher.py --help``.
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # idle BLAS threads spin and steal a core

import harness
from harness import CORPORA, Corpus
from matcher_baselines import (
    ahocorasick_find,
    build_ahocorasick,
    build_flashtext,
    build_phrase_matcher,
    flashtext_find,
    load_spacy,
    phrase_matcher_find,
)

import newsnlp

MB_TARGET = 100.0  # MB/s per core, tokenize + normalize + match
SYNTHETIC_MB_TARGET = 150.0  # MB for 3M aliases
SYNTHETIC_BUILD_TARGET = 10.0  # seconds for 3M aliases


def rss_mb() -> float:
    """Current resident set size (not the peak), in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / harness.MB
    return float("nan")


def trimmed_rss_mb() -> float:
    """RSS after a collection and glibc's malloc_trim: memory really held, not cached."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass
    return rss_mb()


def timed_build(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, seconds, MB of RSS it added)."""
    before = trimmed_rss_mb()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    return result, seconds, trimmed_rss_mb() - before


def shared_gazetteer() -> newsnlp.Gazetteer:
    root = harness.shared_data_dir() / "gazetteers"
    parts = [
        root / "countries" / "countries.csv",
        root / "cities" / "cities.csv",
        root / "persons" / "persons.csv",
    ]
    for p in parts:
        if not p.is_file():
            raise SystemExit(f"gazetteer not found: {p}")
    gaz = newsnlp.Gazetteer.from_csv(parts[0])
    for p in parts[1:]:
        gaz = gaz + newsnlp.Gazetteer.from_csv(p)
    return gaz


def compiled_aliases(
    gaz: newsnlp.Gazetteer, matcher: newsnlp.EntityMatcher
) -> list[tuple[str, str]]:
    """(alias, entity id) for every name and alias newsnlp kept."""
    skipped = {(s.id, s.alias) for s in matcher.skipped_aliases}
    return [
        (alias, e.id) for e in gaz for alias in (e.name, *e.aliases) if (e.id, alias) not in skipped
    ]


# -- timing -------------------------------------------------------------------------------


@dataclass
class Job:
    """One row: ``fn`` over ``texts``, and what to report with it."""

    key: str
    tool: str
    fn: Callable[[], Any]
    texts: list[str]
    threads: int = 1
    inspect: Callable[[Any], Any] | None = None
    build_s: float | None = None
    memory_mb: float | None = None


class Table:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rows: list[dict[str, Any]] = []

    def run(self, corpus: str, jobs: list[Job]) -> dict[str, dict[str, Any]]:
        """Times the jobs round robin (harness.measure_all): a burst of load from other
        processes slows them alike, so their ratios stay fair."""
        cases = {j.key: harness.Case(j.fn, j.inspect) for j in jobs}
        measured = harness.measure_all(cases, repeat=self.args.repeat, warmup=self.args.warmup)
        out = {}
        for j in jobs:
            m = measured[j.key]
            n_bytes = harness.utf8_bytes(j.texts)
            cpu = sorted(m.cpu_seconds)
            row = {
                "corpus": corpus,
                "tool": j.tool,
                "threads": j.threads,
                "docs": len(j.texts),
                "bytes": n_bytes,
                "seconds": m.seconds,
                "cpu_seconds": m.cpu_seconds,
                "mentions": m.info,
                "mb_s": harness.mb_per_s(n_bytes, m.median),
                "best_mb_s": harness.mb_per_s(n_bytes, m.best),
                "mb_cpu_s": harness.mb_per_s(n_bytes, cpu[len(cpu) // 2]),
                "build_s": j.build_s,
                "memory_mb": j.memory_mb,
            }
            self.rows.append(row)
            out[j.key] = row
            print(
                f"  {j.tool:<58} {j.threads}t {row['mb_s']:9.2f} MB/s "
                f"{row['mb_cpu_s']:9.2f} MB/CPU-s",
                file=sys.stderr,
                flush=True,
            )
        return out

    def markdown(self) -> str:
        headers = ["corpus", "tool", "threads", "MB", "MB/s", "best MB/s", "MB/CPU-s",
                   "mentions", "build s", "memory MB"]  # fmt: skip
        keys = ["corpus", "tool", "threads", "bytes", "mb_s", "best_mb_s", "mb_cpu_s",
                "mentions", "build_s", "memory_mb"]  # fmt: skip
        return harness.markdown_table(
            headers,
            ([r[k] / harness.MB if k == "bytes" else r[k] for k in keys] for r in self.rows),
        )


def count_rows(result: Any) -> int:
    return len(result[1])  # find_batch: (indptr, rows)


def bench_corpus(
    corpus: Corpus, gaz: newsnlp.Gazetteer, table: Table, args: argparse.Namespace
) -> dict[str, Any]:
    texts = harness.load_texts(corpus, args.max_mb)
    name, jobs = corpus.name, args.threads
    mb = harness.utf8_bytes(texts) / harness.MB
    print(f"{name}: {len(texts):,} documents, {mb:.1f} MB", file=sys.stderr)
    tok = newsnlp.Tokenizer(lang=corpus.lang)
    matcher, build_s, build_mb = timed_build(
        lambda: newsnlp.EntityMatcher(gaz, tokenizer=tok, n_jobs=1)
    )
    memory = matcher.memory_bytes() / harness.MB
    core = matcher._core
    key_tok = newsnlp.Tokenizer(lang=corpus.lang, fold_accents=True, sentences=False)._core
    matcher_tool = "newsnlp EntityMatcher (C++ find_batch)"
    out: dict[str, Any] = {"build_s": build_s, "memory_mb": memory, "rss_mb": build_mb}
    out.update(
        table.run(
            name,
            [
                Job("tokenizer", "newsnlp tokenizer alone (matcher's norms)",
                    lambda: key_tok.tokenize_batch(texts, n_jobs=1), texts),
                Job("newsnlp1", matcher_tool, lambda: core.find_batch(texts, n_jobs=1), texts,
                    inspect=count_rows, build_s=build_s, memory_mb=memory),
                Job("newsnlpN", matcher_tool, lambda: core.find_batch(texts, n_jobs=jobs), texts,
                    threads=jobs, inspect=count_rows),
                Job("find_all", "newsnlp EntityMatcher.find_all (Mention objects)",
                    lambda: matcher.find_all(texts, n_jobs=1), texts,
                    inspect=lambda r: sum(map(len, r))),
            ],
        )
    )  # fmt: skip
    if args.no_baselines:
        return out

    sub = harness.subsample(texts, args.baseline_mb)
    pairs = compiled_aliases(gaz, matcher)
    sub_jobs = [
        Job("newsnlp_sub", f"{matcher_tool}, baselines' subsample",
            lambda: core.find_batch(sub, n_jobs=1), sub, inspect=count_rows),
    ]  # fmt: skip
    builders: list[tuple[str, str, Callable[[], Any], Callable[[Any], Callable[[], Any]]]] = []
    if have("ahocorasick"):
        builders.append(("ahocorasick", AHOCORASICK, lambda: build_ahocorasick(pairs),
                         lambda a: lambda: ahocorasick_find(a, sub)))  # fmt: skip
    if have("flashtext"):
        builders.append(("flashtext", FLASHTEXT, lambda: build_flashtext(pairs),
                         lambda kp: lambda: flashtext_find(kp, sub)))  # fmt: skip
    nlp = load_spacy(corpus.lang)
    if nlp is not None:
        builders.append(("spacy", SPACY, lambda: build_phrase_matcher(nlp, pairs),
                         lambda pm: lambda: phrase_matcher_find(nlp, pm, sub)))  # fmt: skip
    else:
        print("  spaCy is not installed: skipped", file=sys.stderr)
    for key, tool, build, run in builders:
        built, seconds, rss = timed_build(build)
        sub_jobs.append(
            Job(key, tool, run(built), sub, inspect=int, build_s=seconds, memory_mb=rss)
        )
    out.update(table.run(name, sub_jobs))
    return out


AHOCORASICK = "pyahocorasick + word-boundary filter"
FLASHTEXT = "flashtext KeywordProcessor"
SPACY = "spaCy PhraseMatcher (LOWER)"


def have(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        print(f"  {module} is not installed: skipped", file=sys.stderr)
        return False
    return True


# -- synthetic aliases --------------------------------------------------------------------


def frequent_words(texts: list[str], n: int) -> list[str]:
    counts = collections.Counter(w for t in texts for w in re.findall(r"[^\W\d_]{3,}", t))
    return [w.capitalize() for w, _ in counts.most_common(n)]


def write_synthetic(path: Path, n_aliases: int, real_words: list[str], seed: int = 1234) -> None:
    """n_aliases aliases, 3 per entity (name + 2), 1-4 words each. A one-word alias is a
    pseudo-word (made of syllables); in longer ones a word is one of the corpora's frequent
    words 1 time in 4, so that walks through the trie start often, as with real
    gazetteers, without making every frequent word a mention. Deterministic."""
    rng = random.Random(seed)
    syllables = [a + b for a in "b c d f g h j k l m n p r s t v z ch sh kh".split()
                 for b in "a e i o u ou ai an".split()]  # fmt: skip
    pseudo: set[str] = set()
    while len(pseudo) < 200_000:
        pseudo.add(
            "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()
        )
    fake = sorted(pseudo)
    real = real_words or fake

    def alias() -> str:
        k = rng.choices((1, 2, 3, 4), weights=(30, 45, 20, 5))[0]
        if k == 1:
            return rng.choice(fake)
        words = [rng.choice(real) if rng.random() < 0.25 else rng.choice(fake) for _ in range(k)]
        if all(w in real_set for w in words):
            words[-1] = rng.choice(fake)
        return " ".join(words)

    real_set = set(real)
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,name,type,aliases\n")
        types = ("PER", "LOC", "ORG")
        for e in range((n_aliases + 2) // 3):
            f.write(f"S{e},{alias()},{types[e % 3]},{alias()}|{alias()}\n")


LOAD_SCRIPT = """
import gc, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024 / 1e6
import newsnlp  # noqa: E402
gc.collect()
before = rss()
start = time.perf_counter()
m = newsnlp.EntityMatcher.load(sys.argv[1])
print(time.perf_counter() - start, rss() - before, m.memory_bytes() / 1e6)
"""


def bench_synthetic(args: argparse.Namespace, table: Table, corpus: Corpus) -> dict[str, Any]:
    texts = harness.load_texts(corpus, args.max_mb)
    print(f"synthetic: {args.synthetic:,} aliases", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="newsnlp_bench_") as tmp:
        csv = Path(tmp) / "synthetic.csv"
        write_synthetic(csv, args.synthetic, frequent_words(texts, 50_000))
        gaz, csv_s, gaz_mb = timed_build(lambda: newsnlp.Gazetteer.from_csv(csv))
        tok = newsnlp.Tokenizer(lang=corpus.lang)
        out: dict[str, Any] = {
            "aliases": args.synthetic,
            "csv_s": csv_s,
            "gazetteer_mb": gaz_mb,
            "csv_mb": csv.stat().st_size / harness.MB,
        }
        for jobs in sorted({1, args.threads}):
            gc.collect()
            matcher, seconds, _ = timed_build(
                partial(newsnlp.EntityMatcher, gaz, tokenizer=tok, n_jobs=jobs)
            )
            out[f"build_s_{jobs}t"] = seconds
        out["stats"] = matcher.stats
        out["memory_mb"] = matcher.memory_bytes() / harness.MB
        del gaz
        model = Path(tmp) / "synthetic.matcher"
        start = time.perf_counter()
        matcher.save(model)
        out["save_s"] = time.perf_counter() - start
        out["file_mb"] = model.stat().st_size / harness.MB
        load = subprocess.run(
            [sys.executable, "-c", LOAD_SCRIPT, str(model)],
            capture_output=True,
            text=True,
            check=True,
        )
        load_s, load_rss, _ = map(float, load.stdout.split())
        out["load_s"], out["fresh_process_rss_mb"] = load_s, load_rss
        label = f"{corpus.name}, {args.synthetic:,} synthetic aliases"
        job = Job("synthetic", "newsnlp EntityMatcher (C++ find_batch)",
                  lambda: matcher._core.find_batch(texts, n_jobs=1), texts, inspect=count_rows,
                  build_s=out["build_s_1t"], memory_mb=out["memory_mb"])  # fmt: skip
        out["match"] = table.run(label, [job])["synthetic"]
    return out


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--corpus",
        action="append",
        choices=[*CORPORA, "all"],
        help="corpus to run (repeatable; default all)",
    )
    p.add_argument("--repeat", type=int, default=5, help="timed runs per row (5)")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs first (1)")
    p.add_argument("--max-mb", type=float, default=None, help="subsample each corpus to this size")
    p.add_argument(
        "--baseline-mb", type=float, default=2.0, help="subsample for the slow baselines (2 MB)"
    )
    p.add_argument("--threads", type=int, default=2, help="threads of the parallel rows (2)")
    p.add_argument("--synthetic", type=int, default=3_000_000, help="synthetic aliases (0: skip)")
    p.add_argument("--no-baselines", action="store_true", help="newsnlp rows only")
    p.add_argument("--json", help="write every number, with machine and commit, to this file")
    args = p.parse_args(argv)
    keys = (
        list(CORPORA)
        if not args.corpus or "all" in args.corpus
        else list(dict.fromkeys(args.corpus))
    )

    info = harness.machine_info(gazetteers="shared countries + cities + persons")
    print(harness.describe(info), file=sys.stderr)
    start_load = os.getloadavg()[0]
    other = harness.OtherLoad()
    gaz = shared_gazetteer()
    print(f"gazetteer: {gaz!r}", file=sys.stderr)
    table = Table(args)
    results: dict[str, Any] = {"corpora": {}}
    for key in keys:
        results["corpora"][key] = bench_corpus(CORPORA[key], gaz, table, args)
    if args.synthetic > 0:
        results["synthetic"] = bench_synthetic(args, table, CORPORA[keys[0]])

    print()
    print(harness.describe(info))
    share = other.share()
    busy = f"; other processes used {100 * share:.0f}% of the CPUs meanwhile" if share else ""
    print(f"load average at start {start_load:.2f}, at end {os.getloadavg()[0]:.2f}{busy}")
    print()
    print(table.markdown())
    print()
    worst = min(r["newsnlp1"]["mb_s"] for r in results["corpora"].values())
    worst_cpu = min(r["newsnlp1"]["mb_cpu_s"] for r in results["corpora"].values())
    print(
        f"- end to end, 1 thread, worst corpus: {worst:.1f} MB/s wall, {worst_cpu:.1f} MB per "
        f"CPU-second (target >= {MB_TARGET:.0f} MB/s per core): {verdict(worst >= MB_TARGET)} "
        f"on the wall clock, {verdict(worst_cpu >= MB_TARGET)} per CPU-second"
    )
    for key, r in results["corpora"].items():
        line = (
            f"- {CORPORA[key].name}: compile {r['build_s']:.2f} s, {r['memory_mb']:.1f} MB; "
            f"{args.threads} threads {r['newsnlpN']['mb_s'] / r['newsnlp1']['mb_s']:.2f}x 1 thread"
        )
        for key in ("ahocorasick", "flashtext", "spacy"):
            if key in r:
                ratio = r["newsnlp_sub"]["mb_cpu_s"] / r[key]["mb_cpu_s"]
                line += f"; {ratio:.1f}x {r[key]['tool'].split()[0]}"
        print(line)
    if "synthetic" in results:
        s = results["synthetic"]
        build_n = s[f"build_s_{args.threads}t"]
        print(
            f"- {s['aliases']:,} synthetic aliases: CSV {s['csv_mb']:.0f} MB read in "
            f"{s['csv_s']:.2f} s; compiled in {s['build_s_1t']:.2f} s (1 thread) / {build_n:.2f} s "
            f"({args.threads} threads): {verdict(s['build_s_1t'] < SYNTHETIC_BUILD_TARGET)} "
            f"(< {SYNTHETIC_BUILD_TARGET:.0f} s)"
        )
        memory = max(s["memory_mb"], s["fresh_process_rss_mb"])
        print(
            f"- matcher memory_bytes {s['memory_mb']:.1f} MB, fresh process after load "
            f"+{s['fresh_process_rss_mb']:.1f} MB RSS, file {s['file_mb']:.1f} MB, "
            f"load {s['load_s']:.2f} s: {verdict(memory < SYNTHETIC_MB_TARGET)} "
            f"(< {SYNTHETIC_MB_TARGET:.0f} MB); {s['stats']['nodes']:,} trie nodes, "
            f"{s['stats']['vocabulary']:,} words"
        )
    print(f"- peak RSS of this process: {harness.peak_rss_mb():.0f} MB")
    if args.json:
        harness.write_json(args.json, info, {"rows": table.rows, **results})
    return 0


if __name__ == "__main__":
    sys.exit(main())
