"""Every examples/python/*.py runs to completion and prints what it promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import newsnlp

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples" / "python").glob("*.py"))


def _sample_counts() -> dict[str, tuple[int, int, int]]:
    """(articles, sentences, tokens) per language, computed here independently."""
    counts = {}
    articles = newsnlp.load_sample()
    for lang in ("fr", "en", "ar"):
        docs = [newsnlp.Tokenizer(lang)(a["text"]) for a in articles if a["lang"] == lang]
        counts[lang] = (len(docs), sum(len(d.sentences) for d in docs), sum(len(d) for d in docs))
    return counts


def check_tokenize_news(stdout: str) -> None:
    assert stdout.startswith("fr-001: ")
    assert re.search(r"^\s+0-2\s+word\s+'Le'\s+-> 'le' \(stop word\)$", stdout, re.MULTILINE)
    assert '-> "l\'"' in stdout  # the elided article, norm with an ASCII apostrophe
    for lang, (articles, sentences, tokens) in _sample_counts().items():
        assert re.search(
            rf"^{lang}\s+{articles}\s+{sentences}\s+{tokens}$", stdout, re.MULTILINE
        ), lang


CHECKS = {"tokenize_news.py": check_tokenize_news}


def test_examples_exist():
    assert EXAMPLES, "no examples/python/*.py"
    assert set(CHECKS) <= {p.name for p in EXAMPLES}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(example, tmp_path):
    r = subprocess.run(
        [sys.executable, str(example)],
        check=False,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip(), f"{example.name} printed nothing"
    check = CHECKS.get(example.name)
    if check:
        check(r.stdout)
