"""The hand-written stub python/newsnlp/_core.pyi matches the compiled module, names both
ways (module level and class members), and the package type-checks with mypy."""

from __future__ import annotations

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import newsnlp
from newsnlp import _core

PACKAGE = Path(newsnlp.__file__).resolve().parent
SOURCE_PACKAGE = Path(__file__).resolve().parents[2] / "python" / "newsnlp"
STUB = SOURCE_PACKAGE / "_core.pyi"

# Type aliases of the stub itself, not names of the module.
STUB_ONLY = {"Text"}


def _public(name: str) -> bool:
    # dunders are Python's; _pybind11_conduit_v1_ is pybind11's cross-module hook
    return not (name.startswith("__") and name.endswith("__")) and not name.startswith("_pybind11")


def _stub_names(body: list[ast.stmt]) -> set[str]:
    names: set[str] = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {n for n in names if _public(n)}


@pytest.fixture(scope="module")
def stub() -> ast.Module:
    return ast.parse(STUB.read_text(encoding="utf-8"), filename=str(STUB))


def test_stub_and_marker_are_installed():
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "_core.pyi").is_file()
    assert (PACKAGE / "_core.pyi").read_text(encoding="utf-8") == STUB.read_text(encoding="utf-8")


def test_module_names_match(stub):
    in_stub = _stub_names(stub.body) - STUB_ONLY
    in_module = {n for n in dir(_core) if _public(n)}
    assert in_stub - in_module == set(), "in _core.pyi but not in _core"
    assert in_module - in_stub == set(), "in _core but missing from _core.pyi"


def test_stub_declares_the_version_attributes(stub):
    assert {"__version__", "unicode_version"} <= {
        n.target.id
        for n in stub.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }


def _classes(stub: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}


def test_class_members_match(stub):
    classes = _classes(stub)
    assert set(classes) == {n for n in dir(_core) if inspect.isclass(getattr(_core, n))}
    for name, node in classes.items():
        in_stub = _stub_names(node.body)
        in_class = {n for n in dir(getattr(_core, name)) if _public(n)}
        assert in_stub - in_class == set(), f"{name}: in the stub but not in the class"
        assert in_class - in_stub == set(), f"{name}: in the class but missing from the stub"


def _binding_args(obj) -> list[str]:
    # pybind11 puts the signature on the docstring's first line; unnamed arguments are argN
    signature = obj.__doc__.splitlines()[0]
    params = signature[signature.index("(") + 1 : signature.rindex(") ->")]
    names = [p.split(":")[0].strip() for p in params.split(", ")]
    return [n for n in names if n not in ("self", "*", "/")]


def _stub_args(fn: ast.FunctionDef) -> list[str]:
    # positional-only arguments of the stub are pybind11's unnamed argN
    args = fn.args
    n_positional = sum(a.arg != "self" for a in args.posonlyargs)
    positional = [f"arg{k}" for k in range(n_positional)]
    return positional + [a.arg for a in args.args + args.kwonlyargs if a.arg != "self"]


def test_stub_arguments_match_the_bindings(stub):
    checked = 0
    for fn in stub.body:
        if isinstance(fn, ast.FunctionDef):
            assert _stub_args(fn) == _binding_args(getattr(_core, fn.name)), fn.name
            checked += 1
    for cls_name, cls in _classes(stub).items():
        for fn in cls.body:
            if isinstance(fn, ast.FunctionDef) and not fn.decorator_list and fn.name != "__len__":
                method = getattr(getattr(_core, cls_name), fn.name)
                assert _stub_args(fn) == _binding_args(method), f"{cls_name}.{fn.name}"
                checked += 1
    assert checked >= 18


def test_all_names_exist():
    assert len(newsnlp.__all__) == len(set(newsnlp.__all__))
    for name in newsnlp.__all__:
        assert hasattr(newsnlp, name), name
    public = {n for n in vars(newsnlp) if not n.startswith("_")} - {"annotations"}
    # + dask: the optional extra's subpackage, set once imported; out of __all__ so that
    # `from newsnlp import *` never imports Dask
    modules = {"dask", "errors", "sample", "text", "tokenizer"}
    assert public - modules <= set(newsnlp.__all__), "public names missing from __all__"


def _mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    pytest.importorskip("mypy")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", str(cwd / ".mypy_cache"),
         "--disable-error-code=import-untyped", *args],
        check=False, cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_mypy_package(tmp_path):
    r = _mypy(str(SOURCE_PACKAGE), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_checks_calls_against_the_stub(tmp_path):
    # the installed package, as a user's code sees it (py.typed)
    (tmp_path / "use.py").write_text(
        "import numpy as np\n"
        "import newsnlp\n"
        "from newsnlp import _core\n"
        "doc = newsnlp.Tokenizer('fr')('Le chat.')\n"
        "starts: np.ndarray = doc.offsets[:, 0]\n"
        "core = _core.Tokenizer(lang='fr').tokenize(b'x', errors='replace')\n"
        "n: int = len(core)\n"
        "kinds = core.kinds()\n"
        "bounds: list[int] = _core.word_boundaries('a b')\n"
        "version: str = _core.unicode_version\n",
        encoding="utf-8",
    )
    (tmp_path / "misuse.py").write_text(
        "from newsnlp import _core\n"
        "_core.word_boundaries(3)\n"
        "_core.Tokenizer('fr')\n"
        "x: str = _core.Tokenizer().tokenize('a').norms()\n",
        encoding="utf-8",
    )
    ok = _mypy("use.py", cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = _mypy("misuse.py", cwd=tmp_path)
    assert bad.returncode == 1
    assert "misuse.py:2: error" in bad.stdout
    assert "misuse.py:3: error" in bad.stdout
    assert "misuse.py:4: error" in bad.stdout
