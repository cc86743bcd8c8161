"""TF-IDF fit_transform on the shared news corpora: newsnlp against scikit-learn, same
input, same output (checked in the same run), timed in one process.

Per corpus (OrangeSum fr, Reuters-21578 en, SaudiNewsNet ar), default options of both:

- scikit-learn's ``TfidfVectorizer().fit_transform(texts)``;
- newsnlp's ``TfidfVectorizer(n_jobs=1)`` and ``(n_jobs=--threads)``, same call;
- the identity check: feature names, sparsity pattern and the largest value difference;
- peak memory: each tool's ``fit_transform`` in a fresh process, the growth of its peak
  RSS over what loading the corpus (and warming up the library) took;
- newsnlp on the corpus repeated 1x, 4x and 16x (``--threads``), to show linear growth.

Run ``python benchmarks/python/bench_tfidf.py --help``; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

import harness
import numpy as np
from harness import CORPORA, Case, Corpus

import newsnlp

TARGET_ONE_THREAD = 12.0  # newsnlp (1 thread) vs scikit-learn
TARGET_TWO_THREADS = 25.0  # newsnlp (2 threads) vs scikit-learn


def check_identical(texts: list[str], threads: int) -> dict[str, Any]:
    """Both fits on the same texts: same features in the same order, same sparsity
    pattern, largest absolute value difference."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    ours_vec = newsnlp.TfidfVectorizer(n_jobs=threads)
    ours = ours_vec.fit_transform(texts)
    theirs_vec = TfidfVectorizer()
    theirs = theirs_vec.fit_transform(texts)
    theirs.sort_indices()  # scikit-learn leaves columns unsorted within rows
    same_names = list(ours_vec.get_feature_names_out()) == list(theirs_vec.get_feature_names_out())
    same_pattern = bool(
        ours.shape == theirs.shape
        and np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
    )
    diff = float(np.abs(ours.data - theirs.data).max()) if same_pattern and ours.nnz else None
    return {
        "features": int(ours.shape[1]),
        "nnz": int(ours.nnz),
        "same_feature_names": same_names,
        "same_pattern": same_pattern,
        "max_abs_diff": diff,
        "identical": same_names and same_pattern and diff is not None and diff <= 1e-12,
    }


def _status_mb(field: str) -> float | None:
    """A memory field of /proc/self/status (VmRSS, VmHWM) in MB."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024 / harness.MB
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    """Sets the peak RSS (VmHWM) back to the current RSS (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def memory_child(tool: str, corpus_key: str, max_mb: float | None, threads: int) -> None:
    """In a fresh process: RSS before, and peak RSS during, one fit_transform (MB). The peak
    is reset first, so what loading the corpus took does not count."""
    texts = harness.load_texts(CORPORA[corpus_key], max_mb)
    if tool == "sklearn":
        from sklearn.feature_extraction.text import TfidfVectorizer

        TfidfVectorizer().fit_transform(texts[:20])
        make = TfidfVectorizer
    else:
        newsnlp.TfidfVectorizer().fit_transform(texts[:20])  # character tables: once a process

        def make() -> Any:
            return newsnlp.TfidfVectorizer(n_jobs=threads)

    import gc

    gc.collect()
    if _reset_peak() and _status_mb("VmHWM") is not None:
        before = _status_mb("VmRSS") or 0.0
        X = make().fit_transform(texts)
        after = _status_mb("VmHWM") or 0.0
    else:  # no reset: the lifetime peak (loading included) is all there is
        before = harness.peak_rss_mb()
        X = make().fit_transform(texts)
        after = harness.peak_rss_mb()
    result_mb = (X.data.nbytes + X.indices.nbytes + X.indptr.nbytes) / harness.MB
    print(json.dumps({"before": before, "after": after, "result": result_mb}))


def peak_memory(tool: str, corpus: Corpus, max_mb: float | None, threads: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--memory-child", tool, corpus.key, "--threads", str(threads)]
    if max_mb is not None:
        cmd += ["--max-mb", str(max_mb)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
    values = json.loads(out.strip().splitlines()[-1])
    values["growth"] = values["after"] - values["before"]
    return values


def bench_corpus(corpus: Corpus, args: argparse.Namespace) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = harness.load_texts(corpus, args.max_mb)
    n_bytes = harness.utf8_bytes(texts)
    print(
        f"\n## {corpus.name}: {len(texts):,} documents, {n_bytes / harness.MB:.1f} MB", flush=True
    )
    newsnlp.TfidfVectorizer().fit_transform(texts[:20])  # character tables: once a process
    identity = check_identical(texts, args.threads)
    cases = {
        "scikit-learn": Case(lambda: TfidfVectorizer().fit_transform(texts)),
        "newsnlp 1 thread": Case(lambda: newsnlp.TfidfVectorizer(n_jobs=1).fit_transform(texts)),
        f"newsnlp {args.threads} threads": Case(
            lambda: newsnlp.TfidfVectorizer(n_jobs=args.threads).fit_transform(texts)
        ),
    }
    load = harness.OtherLoad()
    times = harness.measure_all(cases, repeat=args.repeat, warmup=args.warmup)
    other = load.share()
    sk = times["scikit-learn"].median
    one = times["newsnlp 1 thread"].median
    many = times[f"newsnlp {args.threads} threads"].median
    rows = [
        [name, m.median, m.best, harness.mb_per_s(n_bytes, m.median), sk / m.median]
        for name, m in times.items()
    ]
    print(harness.markdown_table(["tool", "median s", "best s", "MB/s", "x scikit-learn"], rows))
    print(
        f"identical output: {identity['identical']} (features {identity['features']:,}, "
        f"nnz {identity['nnz']:,}, max |diff| {identity['max_abs_diff']})"
    )
    print(f"1 -> {args.threads} threads: {one / many:.2f}x; other processes used "
          f"{'?' if other is None else f'{100 * other:.0f}%'} of the CPUs")  # fmt: skip
    # The same work on more threads costs a little more CPU time (spinning, each thread's
    # own vocabulary); much more means the threads ran slowly, e.g. a virtual machine's
    # vCPUs sharing a core with another guest: load no process of this machine shows.
    cpu_ratio = statistics.median(times[f"newsnlp {args.threads} threads"].cpu_seconds) / (
        statistics.median(times["newsnlp 1 thread"].cpu_seconds)
    )
    print(f"CPU time per fit, {args.threads} threads / 1 thread: {cpu_ratio:.2f}x")

    memory = {}
    if not args.no_memory:
        for tool in ("sklearn", "newsnlp"):
            memory[tool] = peak_memory(tool, corpus, args.max_mb, args.threads)
        print(
            harness.markdown_table(
                ["tool", "peak RSS growth MB", "result MB"],
                [[t, m["growth"], m["result"]] for t, m in memory.items()],
            )
        )

    sizes = {}
    for factor in args.sizes:
        scaled = texts * factor
        m = harness.measure(
            lambda s=scaled: newsnlp.TfidfVectorizer(n_jobs=args.threads).fit_transform(s),
            repeat=max(1, args.repeat if factor == 1 else 2),
            warmup=0 if factor > 1 else args.warmup,
        )
        sizes[factor] = m.median
    base = sizes[min(sizes)]
    print(
        harness.markdown_table(
            ["corpus x", "median s", "s / (x * s at 1x)"],
            [[f, s, s / (f / min(sizes) * base)] for f, s in sizes.items()],
        )
    )
    return {
        "corpus": corpus.name,
        "docs": len(texts),
        "bytes": n_bytes,
        "identity": identity,
        "seconds": {k: v.seconds for k, v in times.items()},
        "cpu_seconds": {k: v.cpu_seconds for k, v in times.items()},
        "speedup_1_thread": sk / one,
        f"speedup_{args.threads}_threads": sk / many,
        "thread_scaling": one / many,
        "cpu_time_ratio": cpu_ratio,
        "other_load": other,
        "memory_mb": memory,
        "sizes_seconds": sizes,
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    p.add_argument(
        "--corpus",
        action="append",
        choices=[*CORPORA, "all"],
        help="corpus to run (repeatable; default: all)",
    )
    # newsnlp's runs take 30-80 ms, where one hiccup of the host moves a median of 3.
    p.add_argument("--repeat", type=int, default=7, help="timed repeats; the median is reported")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs before the repeats")
    p.add_argument("--max-mb", type=float, default=None, help="subsample each corpus to this size")
    p.add_argument("--threads", type=int, default=2, help="thread count of the parallel runs")
    p.add_argument(
        "--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1, 4, 16],
        help="corpus repetitions timed for growth",
    )  # fmt: skip
    p.add_argument("--no-memory", action="store_true", help="skip the peak memory processes")
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    p.add_argument("--memory-child", nargs=2, metavar=("TOOL", "CORPUS"), help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.memory_child:
        memory_child(*args.memory_child, args.max_mb, args.threads)
        return 0
    keys = list(CORPORA) if not args.corpus or "all" in args.corpus else args.corpus
    info = harness.machine_info()
    print("# TF-IDF fit_transform: newsnlp vs scikit-learn (default options)\n")
    print(harness.describe(info))
    results = [bench_corpus(CORPORA[k], args) for k in keys]
    worst_one = min(r["speedup_1_thread"] for r in results)
    worst_many = min(r[f"speedup_{args.threads}_threads"] for r in results)
    print("\n## Targets (worst corpus)\n")
    print(f"- 1 thread >= {TARGET_ONE_THREAD:.0f}x scikit-learn: {worst_one:.1f}x "
          f"{'met' if worst_one >= TARGET_ONE_THREAD else 'NOT met'}")  # fmt: skip
    print(f"- {args.threads} threads >= {TARGET_TWO_THREADS:.0f}x scikit-learn: {worst_many:.1f}x "
          f"{'met' if worst_many >= TARGET_TWO_THREADS else 'NOT met'}")  # fmt: skip
    if not args.no_memory:
        lower = all(
            r["memory_mb"]["newsnlp"]["growth"] < r["memory_mb"]["sklearn"]["growth"]
            for r in results
        )
        print(f"- peak memory below scikit-learn's: {'met' if lower else 'NOT met'}")
    print(
        f"- identical output: {'yes' if all(r['identity']['identical'] for r in results) else 'NO'}"
    )
    if args.json:
        harness.write_json(args.json, info, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
