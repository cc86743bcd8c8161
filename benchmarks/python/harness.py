"""Shared helpers for the Python benchmarks in this folder.

Corpus loading from the shared JSONL data, deterministic subsampling, timing (warm-up, then
N timed repeats with ``time.perf_counter``), throughput in MB/s of UTF-8 input, Markdown
tables, and a record of the machine and commit the numbers came from.

The shared data lives next to the repository (``<repo>/../shared/data``); set
``NEWSNLP_SHARED_DATA`` to point elsewhere.
"""

from __future__ import annotations

import gc
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[2]
MB = 1_000_000  # throughput is reported in decimal megabytes of UTF-8 input per second


def shared_data_dir() -> Path:
    """The shared corpora: ``$NEWSNLP_SHARED_DATA`` or ``<repo>/../shared/data``."""
    override = os.environ.get("NEWSNLP_SHARED_DATA")
    return Path(override) if override else (REPO_ROOT / ".." / "shared" / "data").resolve()


@dataclass(frozen=True)
class Corpus:
    """One JSONL corpus under the shared data folder and the field holding its text."""

    key: str  # command-line name
    name: str  # display name
    lang: str  # newsnlp / spaCy language code
    path: str  # relative to shared_data_dir()
    field: str


CORPORA: dict[str, Corpus] = {
    c.key: c
    for c in (
        Corpus("orangesum", "OrangeSum", "fr", "orangesum_fr/orangesum_fr.jsonl", "text"),
        Corpus("reuters", "Reuters-21578", "en", "reuters21578/reuters21578.jsonl", "body"),
        Corpus(
            "saudinewsnet",
            "SaudiNewsNet",
            "ar",
            "saudinewsnet_ar/saudinewsnet_ar_sample.jsonl",
            "text",
        ),
    )
}


def load_texts(corpus: Corpus, max_mb: float | None = None) -> list[str]:
    """The non-empty ``corpus.field`` strings of the corpus, in file order; with ``max_mb``,
    an evenly spread subsample of at most that many MB (see :func:`subsample`)."""
    path = shared_data_dir() / corpus.path
    if not path.is_file():
        raise SystemExit(
            f"corpus file not found: {path}\n"
            "set NEWSNLP_SHARED_DATA to the folder holding the shared data"
        )
    texts: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get(corpus.field)
            if isinstance(text, str) and text.strip():
                texts.append(text)
    return texts if max_mb is None else subsample(texts, max_mb)


def utf8_bytes(texts: Iterable[str]) -> int:
    return sum(len(t.encode("utf-8")) for t in texts)


def subsample(texts: Sequence[str], max_mb: float) -> list[str]:
    """Every k-th text (the smallest k that makes about ``max_mb``), cut at ``max_mb``.

    Deterministic and spread over the whole corpus, so a quick run sees the same mix of
    short and long documents as a full one.
    """
    budget = int(max_mb * MB)
    total = utf8_bytes(texts)
    if total <= budget:
        return list(texts)
    step = -(-total // max(budget, 1))  # ceil: the whole corpus fits in about one budget
    out: list[str] = []
    used = 0
    for text in texts[::step]:
        size = len(text.encode("utf-8"))
        if used + size > budget and out:
            break
        out.append(text)
        used += size
    return out


@dataclass
class Measurement:
    """Wall-clock times of the timed repeats (warm-up excluded) and what ``inspect`` said
    about the result of the first of them (e.g. a token count)."""

    seconds: list[float]
    info: Any = None
    cpu_seconds: list[float] = field(default_factory=list)  # process CPU time, all threads

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Case:
    """One thing to time: ``fn()``, or ``fn(setup())`` with only ``fn`` timed (a fresh
    object per run, e.g. a tokenizer with a cold cache); ``inspect`` summarizes a result."""

    fn: Callable[..., Any]
    inspect: Callable[[Any], Any] | None = None
    setup: Callable[[], Any] | None = None

    def run_once(self) -> tuple[float, float, Any]:
        args = () if self.setup is None else (self.setup(),)
        gc.collect()
        cpu = time.process_time()
        start = time.perf_counter()
        result = self.fn(*args)
        elapsed = time.perf_counter() - start
        return elapsed, time.process_time() - cpu, result


def measure_all(
    cases: dict[str, Case], *, repeat: int = 5, warmup: int = 1
) -> dict[str, Measurement]:
    """Times every case ``repeat`` times after ``warmup`` untimed runs, round robin: run r of
    every case comes before run r + 1 of any, so a burst of load from other processes
    slows all cases alike instead of one of them, and ratios stay fair.

    Wall time and the process's CPU time (all threads) are both recorded; for one thread
    on a loaded machine CPU time is the steadier measure. The garbage collector runs
    before each run and stays enabled during it, as in a user's program. Results are
    dropped after the clock stops, so freeing them is not timed; ``inspect`` sees the
    first timed result.
    """
    out = {key: Measurement([]) for key in cases}
    for _ in range(warmup):
        for case in cases.values():
            case.run_once()
    for i in range(max(1, repeat)):
        for key, case in cases.items():
            elapsed, cpu, result = case.run_once()
            out[key].seconds.append(elapsed)
            out[key].cpu_seconds.append(cpu)
            if i == 0 and case.inspect is not None:
                out[key].info = case.inspect(result)
            del result
    return out


def measure(
    fn: Callable[..., Any],
    *,
    repeat: int = 5,
    warmup: int = 1,
    inspect: Callable[[Any], Any] | None = None,
    setup: Callable[[], Any] | None = None,
) -> Measurement:
    """:func:`measure_all` for a single case."""
    return measure_all({"": Case(fn, inspect, setup)}, repeat=repeat, warmup=warmup)[""]


def mb_per_s(n_bytes: int, seconds: float) -> float:
    return n_bytes / MB / seconds if seconds > 0 else float("inf")


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub Markdown table; columns holding only numbers (or blanks) are right-aligned."""
    raw = [list(row) for row in rows]
    cells = [[_cell(v) for v in row] for row in raw]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] is None for row in raw)
        for i in range(len(headers))
    ]
    widths = [max([len(h)] + [len(row[i]) for row in cells]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        padded = (v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric))
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(
        "-" * (w + 1) + ":" if num else "-" * (w + 2) for w, num in zip(widths, numeric)
    )
    return "\n".join([line(headers), rule + "|"] + [line(row) for row in cells])


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if v >= 100:
            return f"{v:,.0f}"
        if v >= 10:
            return f"{v:.1f}"
        return f"{v:.2f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(REPO_ROOT), *args], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def icu_version() -> str:
    """The ICU that newsnlp's extension module is linked against, from the real file name
    of its libicuuc (e.g. ``libicuuc.so.72.1`` -> ``72.1``)."""
    try:
        from newsnlp import _core

        out = subprocess.run(
            ["ldd", _core.__file__], capture_output=True, text=True, check=False
        ).stdout
        m = re.search(r"libicuuc\.so\.\S+ => (\S+)", out)
        if m:
            real = os.path.realpath(m.group(1))
            v = re.search(r"libicuuc\.so\.([\d.]+)$", real)
            if v:
                return v.group(1)
    except (ImportError, OSError):
        pass
    return "unknown"


@dataclass
class MachineInfo:
    date: str
    commit: str
    dirty: bool
    cpu: str
    logical_cpus: int
    load_average: list[float]
    python: str
    platform: str
    newsnlp: str
    icu: str
    unicode: str
    extra: dict[str, str] = field(default_factory=dict)


def machine_info(**extra: str) -> MachineInfo:
    import newsnlp

    return MachineInfo(
        date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_git("rev-parse", "--short=12", "HEAD"),
        dirty=bool(_git("status", "--porcelain", "--untracked-files=no", "--", "cpp", "python")),
        cpu=cpu_model(),
        logical_cpus=os.cpu_count() or 0,
        load_average=[round(x, 2) for x in os.getloadavg()],
        python=sys.version.split()[0],
        platform=platform.platform(),
        newsnlp=newsnlp.__version__,
        icu=icu_version(),
        unicode=newsnlp.unicode_version,
        extra=dict(extra),
    )


def describe(info: MachineInfo) -> str:
    dirty = " (uncommitted changes in cpp/ or python/)" if info.dirty else ""
    load = " / ".join(f"{x:.2f}" for x in info.load_average)
    software = (
        f"Python {info.python} on {info.platform}; newsnlp {info.newsnlp}; "
        f"ICU {info.icu} (Unicode {info.unicode})"
    )
    lines = [
        f"date: {info.date}; commit {info.commit}{dirty}",
        f"CPU: {info.cpu}, {info.logical_cpus} logical CPUs; load average {load} (1/5/15 min)",
        software,
    ]
    lines += [f"{k}: {v}" for k, v in info.extra.items()]
    return "\n".join(lines)


class OtherLoad:
    """How busy the rest of the machine was while this process ran: CPU time used by all
    processes (``/proc/stat``) minus this process's own, as a share of all cores."""

    def __init__(self) -> None:
        self._start = self._sample()

    @staticmethod
    def _sample() -> tuple[float, float, float] | None:
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return None
        ticks = [int(x) for x in fields[:8]]  # user nice system idle iowait irq softirq steal
        busy = sum(ticks) - ticks[3] - ticks[4]
        own = sum(os.times()[:4])
        return busy / os.sysconf("SC_CLK_TCK"), own, time.monotonic()

    def share(self) -> float | None:
        """Other processes' CPU use since construction, 0.0 (idle) to 1.0 (all cores)."""
        end = self._sample()
        if self._start is None or end is None:
            return None
        busy = end[0] - self._start[0]
        own = end[1] - self._start[1]
        wall = end[2] - self._start[2]
        cores = os.cpu_count() or 1
        return max(0.0, busy - own) / (wall * cores) if wall > 0 else None


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib * 1024 / MB


def write_json(path: str | os.PathLike[str], info: MachineInfo, results: Any) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"machine": asdict(info), "results": results}, f, indent=2, ensure_ascii=False)
        f.write("\n")
