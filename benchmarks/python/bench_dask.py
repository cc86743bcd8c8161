"""newsnlp.dask on a local 2-worker cluster against one process: TF-IDF fit + transform of
a corpus repeated 16x (Reuters by default), and what the scheduler costs per partition.

- one process: ``newsnlp.TfidfVectorizer(n_jobs=1)`` and ``(n_jobs=--threads)``
  ``fit_transform`` of the 16 copies held in memory;
- the cluster (``distributed.LocalCluster``, 2 worker processes x 1 thread): the copies
  read by the workers and persisted first (not timed: data already partitioned on a
  cluster), then ``newsnlp.dask.TfidfVectorizer().fit`` and ``transform(...).persist()``
  timed, the matrix gathered to the client timed apart, and checked against one process;
- the same fit + transform with 4x more partitions, and empty tasks (one per partition),
  for the scheduler's cost per partition.

Run ``python benchmarks/python/bench_dask.py --help``; see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

import harness
import numpy as np
from harness import CORPORA, Corpus

import newsnlp

COPIES = 16


def read_chunk(path: str, field: str, every: int, part: int, parts: int) -> Any:
    """On a worker: chunk `part` of `parts` of the corpus (every `every`-th text, as
    harness.subsample picks them), as a pandas Series. Self-contained: the workers
    cannot import this folder, so the function travels by value."""
    import json as json_

    import pandas as pd

    with open(path, encoding="utf-8") as f:
        texts = [t for t in (json_.loads(line).get(field) for line in f) if t and t.strip()]
    texts = texts[::every]
    bounds = np.linspace(0, len(texts), parts + 1).astype(int)
    return pd.Series(texts[bounds[part] : bounds[part + 1]], dtype=object)


def noop(i: int) -> int:
    return i


def cluster_series(corpus: Corpus, every: int, chunks: int) -> Any:
    """The 16 copies, `chunks` partitions each, read on the workers."""
    import dask
    import dask.dataframe as dd
    import pandas as pd

    path = str(harness.shared_data_dir() / corpus.path)
    parts = [
        dask.delayed(read_chunk, pure=True)(
            path, corpus.field, every, k, chunks, dask_key_name=f"copy-{c}-part-{k}"
        )
        for c in range(COPIES)
        for k in range(chunks)
    ]
    return dd.from_delayed(parts, meta=pd.Series([], dtype=object), verify_meta=False)


def time_cluster(
    client: Any, corpus: Corpus, every: int, chunks: int, repeat: int, warmup: int
) -> dict:
    from distributed import get_task_stream, wait

    import newsnlp.dask as nd

    series = cluster_series(corpus, every, chunks).persist()
    client.wait_for_workers(2)

    wait(series)
    fits, transforms = [], []
    for _ in range(warmup):  # workers import newsnlp and scikit-learn on their first job
        wait(nd.TfidfVectorizer().fit_transform(series).persist())
    X = None
    busy, tasks = [], []
    for _ in range(repeat):
        X = None  # releases the last run's blocks: its pure tasks would be reused, not run
        with get_task_stream(client) as stream:
            start = time.perf_counter()
            vec = nd.TfidfVectorizer().fit(series)
            fitted = time.perf_counter()
            X = vec.transform(series).persist()
            wait(X)
            end = time.perf_counter()
        fits.append(fitted - start)
        transforms.append(end - fitted)
        busy.append(task_seconds(stream.data))
        tasks.append(len(stream.data))
    start = time.perf_counter()
    matrix = X.compute()
    gather = time.perf_counter() - start
    del series, X
    return {
        "partitions": COPIES * chunks,
        "fit_s": float(np.median(fits)),
        "transform_s": float(np.median(transforms)),
        "fit_transform_s": float(np.median(fits) + np.median(transforms)),
        "gather_s": gather,
        "tasks": int(np.median(tasks)),
        "task_compute_s": float(np.median(busy)),  # summed over both workers
        "features": vec.get_feature_names_out().tolist(),
        "matrix": matrix,
    }


def task_seconds(stream: list[dict[str, Any]]) -> float:
    """Seconds the workers spent computing the tasks of a task stream (transfers and
    deserialization excluded)."""
    return sum(
        ss["stop"] - ss["start"]
        for task in stream
        for ss in task.get("startstops", ())
        if ss.get("action") == "compute"
    )


def empty_task_seconds(client: Any, n: int, repeat: int) -> float:
    """Wall time per task of n empty tasks (one dask.compute), median of `repeat`."""
    import dask

    times = []
    for _ in range(repeat):
        tasks = [dask.delayed(noop, pure=False)(i) for i in range(n)]
        start = time.perf_counter()
        dask.compute(*tasks)
        times.append((time.perf_counter() - start) / n)
    return float(np.median(times))


def time_one_process(copies: list[str], args: argparse.Namespace) -> tuple[dict, Any, Any]:
    """Median fit_transform seconds per n_jobs, and the reference vectorizer and matrix."""
    one = {}
    for jobs in sorted({1, args.threads}):

        def fit_transform(jobs: int = jobs) -> Any:
            return newsnlp.TfidfVectorizer(n_jobs=jobs).fit_transform(copies)

        one[jobs] = harness.measure(fit_transform, repeat=args.repeat, warmup=args.warmup).median
    reference_vec = newsnlp.TfidfVectorizer(n_jobs=args.threads)
    return one, reference_vec, reference_vec.fit_transform(copies)


def bench(corpus: Corpus, args: argparse.Namespace) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    texts = harness.load_texts(corpus)
    every = 1
    if args.max_mb is not None:  # every k-th text, as harness.subsample does
        sub = harness.subsample(texts, args.max_mb)
        every = max(1, len(texts) // max(1, len(sub)))
        texts = texts[::every]
    corpus_mb = harness.utf8_bytes(texts) / harness.MB
    one, reference_vec, reference = time_one_process(texts * COPIES, args)

    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        runs = [time_cluster(client, corpus, every, k, args.repeat, args.warmup) for k in (1, 4)]
        empty = {n: empty_task_seconds(client, n, args.repeat) for n in (16, 64, 256)}
    for run in runs:
        X = run.pop("matrix")
        same = run.pop("features") == reference_vec.get_feature_names_out().tolist() and bool(
            np.array_equal(X.indptr, reference.indptr)
            and np.array_equal(X.indices, reference.indices)
            and np.max(np.abs(X.data - reference.data)) <= 1e-12
        )
        run["identical"] = same
    small, large = runs
    per_partition = (large["fit_transform_s"] - small["fit_transform_s"]) / (
        large["partitions"] - small["partitions"]
    )
    return {
        "corpus": corpus.name,
        "copies": COPIES,
        "mb": corpus_mb * COPIES,
        "documents": len(texts) * COPIES,
        "one_process_s": {str(k): v for k, v in one.items()},
        "cluster": runs,
        "empty_task_s": {str(k): v for k, v in empty.items()},
        "job_s_per_extra_partition": per_partition,
    }


def report(r: dict[str, Any]) -> str:
    best_local = min(r["one_process_s"].values())
    rows = [
        [f"one process, n_jobs={k}", None, v, None, r["mb"] / v, None]
        for k, v in r["one_process_s"].items()
    ]
    rows = [[*row, None, None] for row in rows]
    for run in r["cluster"]:
        idle = 2 * run["fit_transform_s"] - run["task_compute_s"]  # 2 workers' wall time
        rows.append([
            "2 workers x 1 thread", run["partitions"], run["fit_transform_s"], run["gather_s"],
            r["mb"] / run["fit_transform_s"], best_local / run["fit_transform_s"],
            run["task_compute_s"], idle / run["tasks"] * 1e3,
        ])  # fmt: skip
    table = harness.markdown_table(
        ["run", "partitions", "fit+transform s", "gather s", "MB/s", "vs best one process",
         "task compute s", "ms not computing / task"],
        rows,
    )  # fmt: skip
    empty = ", ".join(f"{n} tasks: {s * 1e3:.2f} ms" for n, s in r["empty_task_s"].items())
    ok = all(run["identical"] for run in r["cluster"])
    return (
        f"{r['corpus']} x{r['copies']}: {r['mb']:.0f} MB, {r['documents']:,} documents\n\n"
        f"{table}\n\n"
        f"- cluster result identical to one process: {ok}\n"
        f"- empty task, wall time per task: {empty}\n"
        f"- fit+transform cost per extra partition: {r['job_s_per_extra_partition'] * 1e3:.1f} ms"
    )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    p.add_argument(
        "--corpus",
        choices=[*sorted(CORPORA), "all"],
        action="append",
        help="corpus to copy (repeatable; default: reuters)",
    )
    p.add_argument("--repeat", type=int, default=3, help="timed repeats; the median is reported")
    p.add_argument("--warmup", type=int, default=1, help="untimed runs before the repeats")
    p.add_argument("--max-mb", type=float, default=None, help="subsample the corpus first")
    p.add_argument("--threads", type=int, default=2, help="threads of the one-process run")
    p.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    info = harness.machine_info(dask=__import__("dask").__version__)
    print(harness.describe(info), flush=True)
    keys = args.corpus or ["reuters"]
    keys = sorted(CORPORA) if "all" in keys else keys
    results = []
    for key in keys:
        results.append(bench(CORPORA[key], args))
        print(report(results[-1]), flush=True)
    if args.json:
        harness.write_json(args.json, info, results)
    return 0 if all(run["identical"] for r in results for run in r["cluster"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
