"""The summary tables and target verdicts of bench_tokenizer.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

import harness

if TYPE_CHECKING:
    from bench_tokenizer import CorpusBench, Row

ICU_TARGET = 2.0  # newsnlp per core vs ICU's raw word iterator
SPACY_TARGET = 30.0  # newsnlp vs spaCy's tokenizer, one thread each


def met(value: float, target: float) -> str:
    return "met" if value >= target else "NOT met"


def time_shares(rows: dict[str, Row]) -> str:
    """How the 1-thread C++ time splits between segmentation + rules + offsets ("bare"),
    normalization and sentences, estimated from the timings with each switched off."""
    per_mb = {
        k: rows[k].median_s / (rows[k].bytes / harness.MB)
        for k in ("core1", "no_sent", "no_norm", "bare")
    }
    total = per_mb["core1"]
    norm = per_mb["core1"] - per_mb["no_norm"]
    sent = per_mb["core1"] - per_mb["no_sent"]
    parts = [
        ("segmentation + rules + offsets", per_mb["bare"]),
        ("normalization", norm),
        ("sentences", sent),
    ]
    return ", ".join(f"{name} {ms * 1e3:.1f} ms ({ms / total:.0%})" for name, ms in parts) + (
        f" of {total * 1e3:.1f} ms"
    )


def summary(benches: list[CorpusBench], jobs: int) -> str:
    rows = []
    for b in benches:
        r, q = b.rows, b.ratios()

        def mb(key: str, r: dict[str, Row] = r) -> float | None:
            return r[key].mb_s if key in r else None

        rows.append(
            [
                f"{b.corpus.name} ({b.corpus.lang})",
                b.bytes / harness.MB,
                mb("icu"),
                mb("core1"),
                mb("core2"),
                mb("pipe1"),
                mb("pipe2"),
                mb("spacy_cold"),
                mb("spacy"),
                q.get("core1/icu"),
                q.get("core2/icu per core"),
                q.get("pipe1/spacy"),
                q.get("core scaling"),
            ]
        )
    return harness.markdown_table(
        [
            "corpus",
            "MB",
            "ICU loop",
            "C++ 1t",
            f"C++ {jobs}t",
            "pipe 1t",
            f"pipe {jobs}t",
            "spaCy fresh",
            "spaCy warm",
            "C++ 1t / ICU",
            f"C++ {jobs}t / ICU / core",
            "pipe 1t / spaCy warm",
            f"C++ {jobs}t / 1t",
        ],
        rows,
    )


def targets(benches: list[CorpusBench]) -> str:
    lines = []
    for key, how in (("core1/icu", "wall clock"), ("core1/icu cpu", "per CPU-second")):
        icu = [(b.corpus.name, b.ratios().get(key)) for b in benches]
        icu = [(n, v) for n, v in icu if v is not None]
        if icu:
            worst = min(v for _, v in icu)
            lines.append(
                f"Target >= {ICU_TARGET:g}x ICU's word-iterator throughput per core (C++, 1 "
                f"thread, {how}): {met(worst, ICU_TARGET)} — "
                + ", ".join(f"{n} {v:.2f}x" for n, v in icu)
            )
    sp = [(b.corpus.name, b.ratios().get("pipe1/spacy")) for b in benches]
    sp = [(n, v) for n, v in sp if v is not None]
    if sp:
        worst = min(v for _, v in sp)
        lines.append(
            f"Target >= {SPACY_TARGET:g}x spaCy's tokenizer (Tokenizer.pipe vs warm spaCy, "
            "1 thread each): "
            f"{met(worst, SPACY_TARGET)} — " + ", ".join(f"{n} {v:.1f}x" for n, v in sp)
        )
    return "\n".join(lines)
