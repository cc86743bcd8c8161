"""Column tables for the corpus analysis: equal-length columns that become CSV files or
pandas DataFrames, so that the command line needs no pandas."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np


class Table:
    """Named columns of equal length (lists or 1-d arrays), in order.

    >>> t = Table({"id": ["a", "b"], "n": [3, 1]})
    >>> len(t), t.row(1)
    (2, {'id': 'b', 'n': 1})
    """

    def __init__(self, columns: Mapping[str, Sequence[Any] | np.ndarray]) -> None:
        self.columns: dict[str, Sequence[Any] | np.ndarray] = dict(columns)
        lengths = {len(c) for c in self.columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        self._len = lengths.pop() if lengths else 0

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, name: str) -> Sequence[Any] | np.ndarray:
        return self.columns[name]

    def row(self, i: int) -> dict[str, Any]:
        return {name: _plain(c[i]) for name, c in self.columns.items()}

    def rows(self) -> Iterator[dict[str, Any]]:
        for i in range(self._len):
            yield self.row(i)

    def head(self, n: int) -> Table:
        return Table({name: c[:n] for name, c in self.columns.items()})

    def to_frame(self) -> Any:
        """A pandas DataFrame with these columns."""
        import pandas as pd

        return pd.DataFrame({name: np.asarray(c) if isinstance(c, np.ndarray) else list(c)
                             for name, c in self.columns.items()})  # fmt: skip

    def write_csv(self, path: str | os.PathLike[str]) -> None:
        """UTF-8, RFC 4180 quoting, a header row; floats with 6 significant digits."""
        columns = [c.tolist() if isinstance(c, np.ndarray) else c for c in self.columns.values()]
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(self.columns)
            for values in zip(*columns):
                writer.writerow(f"{v:.6g}" if isinstance(v, float) else v for v in values)

    def __repr__(self) -> str:
        return f"Table({self._len} rows: {', '.join(self.columns)})"


def _plain(value: Any) -> Any:
    """NumPy scalars as Python ones."""
    return value.item() if isinstance(value, np.generic) else value
