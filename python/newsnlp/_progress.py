"""A progress bar on stderr for long jobs: tqdm when installed, a plain counter otherwise."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


class _Counter:
    """Minimal stand-in for tqdm: rewrites one stderr line at most every 0.2 s."""

    def __init__(self, total: int | None, unit: str) -> None:
        self.total, self.unit, self.n = total, unit, 0
        self._last = 0.0
        self._start = time.monotonic()

    def update(self, n: int) -> None:
        self.n += n
        now = time.monotonic()
        if now - self._last >= 0.2 or (self.total is not None and self.n >= self.total):
            self._last = now
            rate = self.n / max(now - self._start, 1e-9)
            of = f"/{self.total}" if self.total is not None else ""
            sys.stderr.write(f"\r{self.n}{of} {self.unit}s ({rate:,.0f} {self.unit}/s)")
            sys.stderr.flush()

    def close(self) -> None:
        if self.n:
            sys.stderr.write("\n")


class _Silent:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


@contextmanager
def progress_bar(items: Iterable[Any], *, enabled: bool, unit: str) -> Iterator[Any]:
    """A bar sized from ``len(items)`` when known; ``enabled=False`` shows nothing."""
    if not enabled:
        yield _Silent()
        return
    total = len(items) if hasattr(items, "__len__") else None  # type: ignore[arg-type]
    try:
        from tqdm.auto import tqdm

        bar: Any = tqdm(total=total, unit=unit, file=sys.stderr)
    except ImportError:
        bar = _Counter(total, unit)
    try:
        yield bar
    finally:
        bar.close()
