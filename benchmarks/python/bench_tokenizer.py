"""Tokenizer throughput on the shared news corpora, newsnlp against the tools users would
pick instead, timed in one process on identical input.

Per corpus (OrangeSum fr, Reuters-21578 en, SaudiNewsNet ar):

- ICU's own word BreakIterator loop over the same UTF-8 (C++, GIL released, boundaries only);
- newsnlp's C++ tokenizer as seen from Python, ``Tokenizer._core.tokenize_batch`` (tokens,
  kinds, norms, sentences and code-point offsets, no Python token objects), 1 and 2 threads;
- newsnlp's Python API, ``Tokenizer.pipe`` (``Doc`` wrappers with offset and kind arrays);
- spaCy's rule-based tokenizer of ``spacy.blank(lang)`` (on an evenly spread subsample,
  ``--spacy-mb``, since it is far slower; newsnlp is timed again on that subsample for the ratio);
- a breakdown of newsnlp's C++ time with sentences and/or normalization switched off.

Run ``python benchmarks/python/bench_tokenizer.py --help``; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import harness
from harness import CORPORA, Corpus, Measurement
from tokenizer_report import ICU_TARGET, SPACY_TARGET, met, summary, targets, time_shares

import newsnlp
from newsnlp import _core


@dataclass
class Row:
    """One timed tool on one corpus."""

    tool: str
    threads: int
    docs: int
    bytes: int
    seconds: list[float]
    tokens: int | None
    cpu_seconds: list[float]
    note: str = ""

    @property
    def median_s(self) -> float:
        return Measurement(self.seconds).median

    @property
    def mb_s(self) -> float:
        return harness.mb_per_s(self.bytes, self.median_s)

    @property
    def best_mb_s(self) -> float:
        return harness.mb_per_s(self.bytes, Measurement(self.seconds).best)

    @property
    def mb_cpu_s(self) -> float:
        """MB per CPU-second (median), all threads' CPU time counted."""
        return harness.mb_per_s(self.bytes, Measurement(self.cpu_seconds).median)

    @property
    def mtok_s(self) -> float | None:
        return None if self.tokens is None else self.tokens / 1e6 / self.median_s

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(
            median_s=self.median_s,
            mb_s=self.mb_s,
            best_mb_s=self.best_mb_s,
            mb_cpu_s=self.mb_cpu_s,
            mtok_s=self.mtok_s,
        )
        return d


def count_tokens(docs: Sequence[Any]) -> int:
    return sum(len(d) for d in docs)


def count_spacy_tokens(docs: Sequence[Any]) -> int:
    """spaCy keeps runs of extra white space as tokens; newsnlp never makes such tokens."""
    return sum(1 for doc in docs for t in doc if not t.is_space)


def fresh_copies(texts: Sequence[str]) -> list[str]:
    """Equal strings without the UTF-8 copy CPython caches inside a ``str`` once something
    asks for it: newsnlp's first pass over a ``str`` pays for that encoding, later passes
    (every timed repeat) do not."""
    return [t.encode("utf-8").decode("utf-8") for t in texts]


def spacy_version() -> str:
    try:
        import spacy
    except ImportError:
        return "not installed"
    return spacy.__version__


def load_spacy(lang: str) -> tuple[Any, str] | None:
    """``spacy.blank(lang)``, or the multilingual ``"xx"`` if spaCy has no such language;
    None when spaCy is not installed."""
    try:
        import spacy
    except ImportError:
        return None
    try:
        return spacy.blank(lang), lang
    except ImportError:  # spaCy's error for a language it does not have (E048)
        return spacy.blank("xx"), "xx"


class CorpusBench:
    def __init__(self, corpus: Corpus, texts: list[str], args: argparse.Namespace) -> None:
        self.corpus = corpus
        self.texts = texts
        self.bytes = harness.utf8_bytes(texts)
        self.args = args
        self.rows: dict[str, Row] = {}
        self.cases: dict[str, harness.Case] = {}

    def add(
        self,
        key: str,
        tool: str,
        fn: Callable[..., Any],
        *,
        threads: int = 1,
        texts: list[str] | None = None,
        inspect: Callable[[Any], int] | None = None,
        setup: Callable[[], Any] | None = None,
        note: str = "",
    ) -> None:
        """Registers a row; :meth:`run` times all of them together."""
        texts = self.texts if texts is None else texts
        self.cases[key] = harness.Case(fn, inspect, setup)
        self.rows[key] = Row(
            tool, threads, len(texts), harness.utf8_bytes(texts), [], None, [], note
        )

    def measure(self) -> None:
        for key, m in harness.measure_all(
            self.cases, repeat=self.args.repeat, warmup=self.args.warmup
        ).items():
            row = self.rows[key]
            row.seconds, row.cpu_seconds, row.tokens = m.seconds, m.cpu_seconds, m.info
            print(f"  {row.tool:<52} {row.threads}t  {row.mb_s:8.2f} MB/s", file=sys.stderr)

    def run(self) -> None:
        texts, lang, jobs = self.texts, self.corpus.lang, self.args.threads
        tok = newsnlp.Tokenizer(lang=lang)
        core = tok._core

        self.add(
            "icu",
            "ICU word BreakIterator loop",
            lambda: _core._bench_icu_word_loop(texts),
            inspect=int,
            note="count = boundaries",
        )
        self.add(
            "core1",
            "newsnlp C++ tokenize_batch",
            lambda: core.tokenize_batch(texts, n_jobs=1),
            inspect=count_tokens,
        )
        self.add(
            "core2",
            "newsnlp C++ tokenize_batch",
            lambda: core.tokenize_batch(texts, n_jobs=jobs),
            threads=jobs,
            inspect=count_tokens,
        )
        self.add(
            "pipe1",
            "newsnlp Tokenizer.pipe",
            lambda: tok.pipe(texts, n_jobs=1),
            inspect=count_tokens,
        )
        self.add(
            "pipe2",
            "newsnlp Tokenizer.pipe",
            lambda: tok.pipe(texts, n_jobs=jobs),
            threads=jobs,
            inspect=count_tokens,
        )

        if not self.args.no_spacy:
            loaded = load_spacy(lang)
            if loaded is None:
                print(
                    "  spaCy is not installed: skipped (pip install 'spacy>=3.5')", file=sys.stderr
                )
            else:
                nlp, spacy_lang = loaded
                sub = harness.subsample(texts, self.args.spacy_mb)
                self.add(
                    "spacy_cold",
                    f'spaCy blank("{spacy_lang}") tokenizer, fresh',
                    lambda fresh: list(fresh.tokenizer.pipe(sub)),
                    texts=sub,
                    setup=lambda: load_spacy(lang)[0],
                    inspect=count_spacy_tokens,
                    note="new pipeline each run",
                )
                self.add(
                    "spacy",
                    f'spaCy blank("{spacy_lang}") tokenizer, warm',
                    lambda: list(nlp.tokenizer.pipe(sub)),
                    texts=sub,
                    inspect=count_spacy_tokens,
                    note="cache warm from earlier runs",
                )
                self.add(
                    "core1_sub",
                    "newsnlp C++ tokenize_batch (spaCy's subsample)",
                    lambda: core.tokenize_batch(sub, n_jobs=1),
                    texts=sub,
                    inspect=count_tokens,
                )
                self.add(
                    "pipe1_sub",
                    "newsnlp Tokenizer.pipe (spaCy's subsample)",
                    lambda: tok.pipe(sub, n_jobs=1),
                    texts=sub,
                    inspect=count_tokens,
                )

        if not self.args.no_breakdown:
            plain_norms = {
                "normalization": "none",
                "lowercase": False,
                "fold_accents": False,
                "unify_punctuation": False,
                "fold_arabic": False,
            }
            variants = {
                "no_sent": ("newsnlp C++, sentences=False", {"sentences": False}),
                "no_norm": ("newsnlp C++, normalization off", plain_norms),
                "bare": ("newsnlp C++, both off", dict(sentences=False, **plain_norms)),
            }
            for key, (tool, options) in variants.items():
                vcore = newsnlp.Tokenizer(lang=lang, **options)._core
                self.add(
                    key,
                    tool,
                    lambda c=vcore: c.tokenize_batch(texts, n_jobs=1),
                    inspect=count_tokens,
                )
            self.add(
                "pipe1_fresh",
                "newsnlp Tokenizer.pipe, fresh str objects",
                lambda fresh: tok.pipe(fresh, n_jobs=1),
                setup=lambda: fresh_copies(texts),
                inspect=count_tokens,
                note="str -> UTF-8 encoding timed",
            )
            self.add(
                "wb",
                "newsnlp.word_boundaries per doc (UAX #29)",
                lambda: [newsnlp.word_boundaries(t) for t in texts],
                inspect=lambda bs: sum(len(b) for b in bs),
                note="count = boundaries",
            )
        self.measure()

    def ratios(self) -> dict[str, float]:
        r = self.rows
        out: dict[str, float] = {}

        def ratio(name: str, a: str, b: str, scale: float = 1.0) -> None:
            if a in r and b in r:
                out[name] = r[a].mb_s / r[b].mb_s / scale

        jobs = self.args.threads
        ratio("core1/icu", "core1", "icu")
        if "core1" in r and "icu" in r:  # per CPU-second: what a busy machine distorts least
            out["core1/icu cpu"] = r["core1"].mb_cpu_s / r["icu"].mb_cpu_s
        ratio("core2/icu", "core2", "icu")
        ratio("core2/icu per core", "core2", "icu", jobs)
        ratio("pipe1/icu", "pipe1", "icu")
        ratio("core1/spacy", "core1_sub", "spacy")
        ratio("pipe1/spacy", "pipe1_sub", "spacy")
        ratio("pipe1/spacy fresh", "pipe1_sub", "spacy_cold")
        ratio("core scaling", "core2", "core1")
        ratio("pipe scaling", "pipe2", "pipe1")
        ratio("python layer", "pipe1", "core1")
        ratio("utf8 encoding", "pipe1_fresh", "pipe1")
        return out

    def report(self) -> str:
        c = self.corpus
        head = (
            f"### {c.name} ({c.lang}, field `{c.field}`): {len(self.texts):,} docs, "
            f"{self.bytes / harness.MB:.1f} MB"
        )
        table = harness.markdown_table(
            [
                "tool",
                "threads",
                "docs",
                "MB",
                "MB/s",
                "best MB/s",
                "MB/CPU-s",
                "tokens",
                "Mtok/s",
                "note",
            ],
            [
                [
                    row.tool,
                    row.threads,
                    row.docs,
                    row.bytes / harness.MB,
                    row.mb_s,
                    row.best_mb_s,
                    row.mb_cpu_s,
                    row.tokens,
                    row.mtok_s,
                    row.note,
                ]
                for row in self.rows.values()
            ],
        )
        return head + "\n\n" + table + "\n\n" + self.verdicts()

    def verdicts(self) -> str:
        q = self.ratios()
        jobs = self.args.threads
        lines = []
        if "core1/icu" in q:
            lines.append(
                f"- newsnlp C++ / ICU loop: {q['core1/icu']:.2f}x on 1 thread "
                f"(target >= {ICU_TARGET:g}x per core: {met(q['core1/icu'], ICU_TARGET)}), "
                f"{q['core1/icu cpu']:.2f}x per CPU-second; "
                f"{q['core2/icu']:.2f}x on {jobs} threads = "
                f"{q['core2/icu per core']:.2f}x per core "
                f"({met(q['core2/icu per core'], ICU_TARGET)})"
            )
        if "pipe1/spacy" in q:
            lines.append(
                f"- newsnlp / spaCy tokenizer, 1 thread, same subsample: Tokenizer.pipe "
                f"{q['pipe1/spacy']:.1f}x warm spaCy (target >= {SPACY_TARGET:g}x: "
                f"{met(q['pipe1/spacy'], SPACY_TARGET)}), {q['pipe1/spacy fresh']:.1f}x fresh "
                f"spaCy; C++ tokenize_batch {q['core1/spacy']:.1f}x warm spaCy"
            )
        if "core scaling" in q:
            lines.append(
                f"- {jobs}-thread scaling: C++ {q['core scaling']:.2f}x, "
                f"Tokenizer.pipe {q['pipe scaling']:.2f}x; "
                f"Python layer keeps {q['python layer']:.0%} of the C++ throughput"
            )
        if "utf8 encoding" in q:
            lines.append(
                f"- Tokenizer.pipe on fresh str objects (CPython's UTF-8 encoding timed too) "
                f"keeps {q['utf8 encoding']:.0%} of the throughput on already-encoded ones"
            )
        if "bare" in self.rows:
            lines.append("- 1-thread C++ time per MB: " + time_shares(self.rows))
        return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    p.add_argument(
        "--corpus",
        choices=[*CORPORA, "all"],
        action="append",
        help="corpus to run (repeatable; default: all)",
    )
    p.add_argument("--repeat", type=int, default=5, help="timed repeats; the median is reported")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs before the repeats")
    p.add_argument(
        "--max-mb",
        type=float,
        default=None,
        help="subsample each corpus to about this many MB (default: whole corpus)",
    )
    p.add_argument(
        "--spacy-mb",
        type=float,
        default=None,
        help="subsample size for spaCy and the newsnlp runs it is compared with "
        "(default: 2, or a quarter of --max-mb if that is less)",
    )
    p.add_argument("--threads", type=int, default=2, help="thread count of the parallel runs")
    p.add_argument("--no-spacy", action="store_true", help="skip spaCy")
    p.add_argument(
        "--no-breakdown",
        action="store_true",
        help="skip the runs with sentences/normalization off and word_boundaries",
    )
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    args = p.parse_args(argv)
    if args.spacy_mb is None:
        args.spacy_mb = 2.0 if args.max_mb is None else min(2.0, args.max_mb / 4)
    if not args.corpus or "all" in args.corpus:
        args.corpus = list(CORPORA)
    if args.repeat < 1 or args.warmup < 0 or args.threads < 1:
        p.error("--repeat and --threads must be >= 1, --warmup >= 0")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = harness.machine_info(spacy=spacy_version() if not args.no_spacy else "not run")
    print("# newsnlp tokenizer benchmark\n")
    print(harness.describe(info))
    print(
        f"repeats: {args.repeat} timed after {args.warmup} warm-up; MB/s = UTF-8 MB of input "
        "per second, median of the repeats\n"
    )

    others = harness.OtherLoad()
    benches = []
    for key in dict.fromkeys(args.corpus):
        corpus = CORPORA[key]
        texts = harness.load_texts(corpus, args.max_mb)
        print(f"{corpus.name}: {len(texts):,} docs", file=sys.stderr, flush=True)
        bench = CorpusBench(corpus, texts, args)
        bench.run()
        print(bench.report() + "\n", flush=True)
        benches.append(bench)

    print("### Summary (MB/s, median)\n")
    print(summary(benches, args.threads) + "\n")
    print(targets(benches) + "\n")
    rss = harness.peak_rss_mb()
    other = others.share()
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"peak RSS: {rss:.0f} MB")
    if other is not None:
        print(f"other processes used {other:.0%} of the machine's CPU during the run; ", end="")
    print(f"load average at the end {load}")

    if args.json:
        harness.write_json(
            args.json,
            info,
            {
                "args": {k: v for k, v in vars(args).items() if k != "json"},
                "corpora": [
                    {
                        "corpus": b.corpus.key,
                        "lang": b.corpus.lang,
                        "docs": len(b.texts),
                        "bytes": b.bytes,
                        "rows": {k: row.as_dict() for k, row in b.rows.items()},
                        "ratios": b.ratios(),
                    }
                    for b in benches
                ],
                "targets": {"icu_per_core": ICU_TARGET, "spacy": SPACY_TARGET},
                "peak_rss_mb": rss,
                "other_processes_cpu_share": other,
                "load_average_end": list(os.getloadavg()),
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
