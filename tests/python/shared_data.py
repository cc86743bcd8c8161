"""Where the third-party test data lives: ../shared/data beside the checkout, as for the C++
suite (tests/cpp/CMakeLists.txt), or NEWSNLP_SHARED_DATA."""

from __future__ import annotations

import json
import os
from pathlib import Path

SHARED = Path(
    os.environ.get("NEWSNLP_SHARED_DATA", Path(__file__).resolve().parents[3] / "shared" / "data")
)

# The three news corpora: language -> (path under SHARED, text field).
CORPORA = {
    "en": ("reuters21578/reuters21578.jsonl", "body"),
    "fr": ("orangesum_fr/orangesum_fr.jsonl", "text"),
    "ar": ("saudinewsnet_ar/saudinewsnet_ar_sample.jsonl", "text"),
}


def corpus_texts(lang: str) -> list[str]:
    """The non-empty texts of the corpus in `lang`, in file order."""
    path, field = CORPORA[lang]
    with open(SHARED / path, encoding="utf-8") as f:
        return [t for t in (json.loads(line).get(field) for line in f) if t]


# Small fixtures shared with the C++ suite (tests/data).
TEST_DATA = Path(__file__).resolve().parents[1] / "data"


def token_cases(name: str) -> list:
    """pytest params (lang, text, expected tokens) from a tests/data JSONL file whose
    records hold lang, text, the tokens joined by U+001F, and a note used as the id."""
    import pytest

    with (TEST_DATA / name).open(encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    return [
        pytest.param(r["lang"], r["text"], r["tokens"].split("\x1f"), id=r["note"]) for r in records
    ]
