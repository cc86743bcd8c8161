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

Then ``--synthetic`` aliases (3 million by default): 1 alias in 3 per entity, 1 to 4 words,
words drawn from the corpora's frequent words and pseudo-words; build time (CSV parse and
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
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # idle BLAS threads spin and steal a core

import harness
from harness import CORPORA, Corpus

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


# -- baselines ----------------------------------------------------------------------------


def build_ahocorasick(pairs: list[tuple[str, str]]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for alias, entity in pairs:
        key = alias.lower()
        found = automaton.get(key, None)
        if found is None:
            automaton.add_word(key, (len(key), [entity]))
        else:
            found[1].append(entity)
    automaton.make_automaton()
    return automaton


def ahocorasick_find(automaton: Any, texts: list[str]) -> int:
    """Every occurrence, kept when whole words: what a user of pyahocorasick writes."""
    n = 0
    for text in texts:
        low = text.lower()
        size = len(low)
        for end, (length, entities) in automaton.iter(low):
            start = end - length + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end + 1 < size and low[end + 1].isalnum():
                continue
            n += len(entities)
    return n


def build_flashtext(pairs: list[tuple[str, str]]) -> Any:
    from flashtext import KeywordProcessor

    kp = KeywordProcessor(case_sensitive=False)
    for alias, entity in pairs:
        kp.add_keyword(alias, entity)  # one entity per alias: the last one wins
    return kp


def flashtext_find(kp: Any, texts: list[str]) -> int:
    return sum(len(kp.extract_keywords(t, span_info=True)) for t in texts)


def load_spacy(lang: str) -> Any | None:
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.blank(lang)
    except ImportError:
        return spacy.blank("xx")


def build_phrase_matcher(nlp: Any, pairs: list[tuple[str, str]]) -> Any:
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_entity: dict[str, list[Any]] = collections.defaultdict(list)
    aliases = [a for a, _ in pairs]
    for (_, entity), doc in zip(pairs, nlp.tokenizer.pipe(aliases, batch_size=4096)):
        by_entity[entity].append(doc)
    for entity, docs in by_entity.items():
        matcher.add(entity, docs)
    return matcher


def phrase_matcher_find(nlp: Any, matcher: Any, texts: list[str]) -> int:
    return sum(len(matcher(doc)) for doc in nlp.tokenizer.pipe(texts, batch_size=256))


# -- timing -------------------------------------------------------------------------------


class Table:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rows: list[dict[str, Any]] = []

    def time(
        self,
        corpus: str,
        tool: str,
        fn: Callable[[], Any],
        texts: list[str],
        threads: int = 1,
        inspect: Callable[[Any], Any] | None = int,
        build_s: float | None = None,
        memory_mb: float | None = None,
    ) -> dict[str, Any]:
        cpu: list[float] = []

        def run() -> Any:
            start = time.process_time()  # all threads of the process
            result = fn()
            cpu.append(time.process_time() - start)
            return result

        m = harness.measure(run, repeat=self.args.repeat, warmup=self.args.warmup, inspect=inspect)
        cpu = sorted(cpu[-len(m.seconds) :])
        n_bytes = harness.utf8_bytes(texts)
        row = {
            "corpus": corpus,
            "tool": tool,
            "threads": threads,
            "docs": len(texts),
            "bytes": n_bytes,
            "seconds": m.seconds,
            "mentions": m.info,
            "mb_s": harness.mb_per_s(n_bytes, m.median),
            "best_mb_s": harness.mb_per_s(n_bytes, m.best),
            "cpu_seconds": cpu,
            "mb_cpu_s": harness.mb_per_s(n_bytes, cpu[len(cpu) // 2]),
            "build_s": build_s,
            "memory_mb": memory_mb,
        }
        self.rows.append(row)
        print(
            f"  {tool:<58} {threads}t {row['mb_s']:9.2f} MB/s {row['mb_cpu_s']:9.2f} MB/CPU-s",
            file=sys.stderr,
            flush=True,
        )
        return row

    def markdown(self) -> str:
        headers = [
            "corpus",
            "tool",
            "threads",
            "MB",
            "MB/s",
            "best MB/s",
            "MB/CPU-s",
            "mentions",
            "build s",
            "memory MB",
        ]
        return harness.markdown_table(
            headers,
            (
                [
                    r["corpus"],
                    r["tool"],
                    r["threads"],
                    r["bytes"] / harness.MB,
                    r["mb_s"],
                    r["best_mb_s"],
                    r["mb_cpu_s"],
                    r["mentions"],
                    r["build_s"],
                    r["memory_mb"],
                ]
                for r in self.rows
            ),
        )


def count_rows(result: Any) -> int:
    return len(result[1])  # find_batch: (indptr, rows)


def bench_corpus(
    corpus: Corpus, gaz: newsnlp.Gazetteer, table: Table, args: argparse.Namespace
) -> dict[str, Any]:
    texts = harness.load_texts(corpus, args.max_mb)
    name, jobs = corpus.name, args.threads
    print(
        f"{name}: {len(texts):,} documents, {harness.utf8_bytes(texts) / harness.MB:.1f} MB",
        file=sys.stderr,
    )
    tok = newsnlp.Tokenizer(lang=corpus.lang)
    matcher, build_s, build_mb = timed_build(
        lambda: newsnlp.EntityMatcher(gaz, tokenizer=tok, n_jobs=1)
    )
    memory = matcher.memory_bytes() / harness.MB
    core = matcher._core
    out: dict[str, Any] = {"build_s": build_s, "memory_mb": memory, "rss_mb": build_mb}
    key_tok = newsnlp.Tokenizer(lang=corpus.lang, fold_accents=True, sentences=False)._core
    table.time(
        name,
        "newsnlp tokenizer alone (matcher's norms)",
        lambda: key_tok.tokenize_batch(texts, n_jobs=1),
        texts,
        inspect=None,
    )
    out["newsnlp1"] = table.time(
        name,
        "newsnlp EntityMatcher (C++ find_batch)",
        lambda: core.find_batch(texts, n_jobs=1),
        texts,
        inspect=count_rows,
        build_s=build_s,
        memory_mb=memory,
    )
    out["newsnlpN"] = table.time(
        name,
        "newsnlp EntityMatcher (C++ find_batch)",
        lambda: core.find_batch(texts, n_jobs=jobs),
        texts,
        threads=jobs,
        inspect=count_rows,
    )
    table.time(
        name,
        "newsnlp EntityMatcher.find_all (Mention objects)",
        lambda: matcher.find_all(texts, n_jobs=1),
        texts,
        inspect=lambda r: sum(map(len, r)),
    )
    if args.no_baselines:
        return out

    sub = harness.subsample(texts, args.baseline_mb)
    out["newsnlp_sub"] = table.time(
        name,
        "newsnlp EntityMatcher (baselines' subsample)",
        lambda: core.find_batch(sub, n_jobs=1),
        sub,
        inspect=count_rows,
    )
    pairs = compiled_aliases(gaz, matcher)
    baselines: list[tuple[str, Callable[[], Any], Callable[[Any], Callable[[], Any]]]] = []
    try:
        import ahocorasick  # noqa: F401

        baselines.append(
            (
                "pyahocorasick + word-boundary filter",
                lambda: build_ahocorasick(pairs),
                lambda a: lambda: ahocorasick_find(a, sub),
            )
        )
    except ImportError:
        print("  pyahocorasick is not installed: skipped", file=sys.stderr)
    try:
        import flashtext  # noqa: F401

        baselines.append(
            (
                "flashtext KeywordProcessor",
                lambda: build_flashtext(pairs),
                lambda kp: lambda: flashtext_find(kp, sub),
            )
        )
    except ImportError:
        print("  flashtext is not installed: skipped", file=sys.stderr)
    nlp = load_spacy(corpus.lang)
    if nlp is not None:
        baselines.append(
            (
                "spaCy PhraseMatcher (LOWER)",
                lambda: build_phrase_matcher(nlp, pairs),
                lambda pm: lambda: phrase_matcher_find(nlp, pm, sub),
            )
        )
    else:
        print("  spaCy is not installed: skipped", file=sys.stderr)
    for tool, build, run in baselines:
        obj, seconds, mb = timed_build(build)
        out[tool] = table.time(name, tool, run(obj), sub, build_s=seconds, memory_mb=mb)
        del obj
    return out


# -- synthetic aliases --------------------------------------------------------------------


def frequent_words(texts: list[str], n: int) -> list[str]:
    counts = collections.Counter(w for t in texts for w in re.findall(r"[^\W\d_]{3,}", t))
    return [w.capitalize() for w, _ in counts.most_common(n)]


def write_synthetic(path: Path, n_aliases: int, real_words: list[str], seed: int = 1234) -> None:
    """n_aliases aliases, 3 per entity (name + 2), 1-4 words each: a real word 1 time in 4,
    else a pseudo-word from syllables. Deterministic."""
    rng = random.Random(seed)
    syllables = [
        a + b
        for a in "b c d f g h j k l m n p r s t v z ch sh kh".split()
        for b in "a e i o u ou ai an".split()
    ]
    pseudo: set[str] = set()
    while len(pseudo) < 200_000:
        pseudo.add(
            "".join(rng.choice(syllables) for _ in range(rng.choice((2, 3, 3, 4)))).capitalize()
        )
    fake = sorted(pseudo)
    real = real_words or fake

    def alias() -> str:
        k = rng.choices((1, 2, 3, 4), weights=(30, 45, 20, 5))[0]
        return " ".join(
            rng.choice(real) if rng.random() < 0.25 else rng.choice(fake) for _ in range(k)
        )

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
        out["match"] = table.time(
            f"{corpus.name}, {args.synthetic:,} synthetic aliases",
            "newsnlp EntityMatcher (C++ find_batch)",
            lambda: matcher._core.find_batch(texts, n_jobs=1),
            texts,
            inspect=count_rows,
            build_s=out["build_s_1t"],
            memory_mb=out["memory_mb"],
        )
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
    print(f"load average at start {start_load:.2f}, at end {os.getloadavg()[0]:.2f}")
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
        for tool in (
            "pyahocorasick + word-boundary filter",
            "flashtext KeywordProcessor",
            "spaCy PhraseMatcher (LOWER)",
        ):
            if tool in r:
                line += f"; {r['newsnlp_sub']['mb_s'] / r[tool]['mb_s']:.1f}x {tool.split()[0]}"
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
