"""Every notebooks/*.ipynb runs headless without an error, and none is committed with
outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import newsnlp

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# What a notebook's rich outputs must show: quickstart renders a Doc and DataFrames.
EXPECTED_HTML = {"quickstart.ipynb": ('<div class="newsnlp-doc"', "<table")}


def test_notebooks_exist():
    assert NOTEBOOKS, "no notebooks/*.ipynb"


def _kernel_name() -> str:
    """The kernel "python3" runs the current interpreter: jupyter_client maps a spec's
    "python" to sys.executable, and ipykernel provides the spec when none is installed."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:  # pragma: no cover - depends on the machine
        subprocess.run(
            [sys.executable, "-m", "ipykernel", "install", "--user", "--name", "python3"],
            check=True,
            capture_output=True,
        )
    return "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    # checks, after the notebook's own cells, that the kernel is this interpreter and
    # imports the newsnlp under test (conftest.py)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "import sys, newsnlp; print(sys.executable, newsnlp.__file__, sep='\\n')"
        )
    )
    client = nbclient.NotebookClient(
        nb,
        timeout=120,
        kernel_name=_kernel_name(),
        resources={"metadata": {"path": str(tmp_path)}},  # working directory of the kernel
    )
    client.execute()  # raises CellExecutionError at the first failing cell
    errors = [
        f"cell {k}: {o.ename}: {o.evalue}"
        for k, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for o in cell.get("outputs", [])
        if o.output_type == "error"
    ]
    assert not errors
    last = nb.cells[-1].outputs
    assert last, "the kernel printed nothing"
    executable, package = last[0]["text"].splitlines()
    assert Path(executable).resolve() == Path(sys.executable).resolve()
    assert Path(package).resolve() == Path(newsnlp.__file__).resolve()
    # every code cell of the notebook ran
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code")
    html = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    for needle in EXPECTED_HTML.get(path.name, ()):
        assert needle in html, f"{path.name}: no {needle!r} in the HTML outputs"


def _committed_notebooks() -> dict[str, str]:
    """name -> JSON of each notebook as staged in git (what a commit records); the files
    on disk when this is no git checkout or none is tracked yet."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--", "notebooks/*.ipynb"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        staged = {
            p: subprocess.run(
                ["git", "show", f":{p}"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
            for p in listed
        }
    except (OSError, subprocess.CalledProcessError):
        staged = {}
    return staged or {p.name: p.read_text(encoding="utf-8") for p in NOTEBOOKS}


def test_committed_notebooks_have_no_outputs():
    notebooks = _committed_notebooks()
    assert notebooks
    for name, text in notebooks.items():
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
        for k, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert cell.outputs == [], f"{name} cell {k} has outputs"
                assert cell.execution_count is None, f"{name} cell {k} has an execution count"
