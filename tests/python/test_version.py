"""One version everywhere: pyproject.toml, CMake's project(VERSION), the installed
distribution and newsnlp.__version__ (compiled in from CMake)."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest

import newsnlp

ROOT = Path(__file__).resolve().parents[2]


def pyproject_version() -> str:
    try:
        import tomllib
    except ImportError:  # Python < 3.11
        tomllib = pytest.importorskip("tomli")
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)["project"]["version"]


def cmake_version() -> str:
    text = (ROOT / "CMakeLists.txt").read_text(encoding="utf-8")
    match = re.search(r"^project\(\s*newsnlp\s+VERSION\s+(\d+\.\d+\.\d+)\b", text, re.MULTILINE)
    assert match, "no project(newsnlp VERSION x.y.z ...) in CMakeLists.txt"
    return match.group(1)


def test_version_is_semver():
    assert re.fullmatch(r"\d+\.\d+\.\d+", newsnlp.__version__)


def test_version_matches_pyproject():
    assert newsnlp.__version__ == pyproject_version()


def test_version_matches_cmake():
    assert newsnlp.__version__ == cmake_version()


def test_version_matches_installed_distribution():
    assert metadata.version("newsnlp") == newsnlp.__version__


def test_unicode_version():
    assert re.fullmatch(r"\d+\.\d+", newsnlp.unicode_version)
    major, minor = map(int, newsnlp.unicode_version.split("."))
    assert (major, minor) >= (15, 0)  # ICU 72 (Debian 12) or newer
    assert newsnlp.unicode_version == newsnlp._core.unicode_version
