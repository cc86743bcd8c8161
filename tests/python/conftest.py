"""Child processes import the newsnlp under test.

Tests start Python children in temporary folders (the CLI, the examples, notebook kernels);
a relative PYTHONPATH (`PYTHONPATH=build/dev/python`, as in the README) would make them
import another newsnlp there (the installed one, or none) than the tests do, so it is made
absolute, as Python itself resolved it at start."""

from __future__ import annotations

import os


def _absolute(pythonpath: str) -> str:
    return os.pathsep.join(os.path.abspath(p) if p else p for p in pythonpath.split(os.pathsep))


if os.environ.get("PYTHONPATH"):
    os.environ["PYTHONPATH"] = _absolute(os.environ["PYTHONPATH"])
