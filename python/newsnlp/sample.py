"""The built-in sample: short French, English and Arabic news articles written for
newsnlp, and a gazetteer of the entities they mention."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def sample_path(name: str = "sample_corpus.jsonl") -> Path:
    """Path of a file of the built-in sample (``sample_corpus.jsonl`` or
    ``sample_gazetteer.csv``)."""
    return Path(str(resources.files("newsnlp") / "data" / name))


def load_sample() -> list[dict[str, Any]]:
    """The sample articles as dicts with id, lang, date, source, title and text."""
    with sample_path().open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
