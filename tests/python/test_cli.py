"""The newsnlp command, run as a subprocess: `sample`, `--version` and `tokenize` (documents
in, JSONL tokens out), with its user errors. `analyze` is in test_cli_analyze.py, `match` and
`vectorize` in test_cli_pipelines.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import newsnlp


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "newsnlp.cli", *args],
        check=False,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def check_tokens_output(stdout: str, texts: list[str]) -> list[dict]:
    """Parses tokenize's output and checks every offset against the input text."""
    records = [json.loads(line) for line in stdout.splitlines()]
    assert len(records) == len(texts)
    for record, text in zip(records, texts):
        assert record["tokens"], text
        for token_text, start, end, kind, norm in record["tokens"]:
            assert text[start:end] == token_text
            assert kind in newsnlp.tokenizer.KINDS and isinstance(norm, str)
        for start, end in record["sentences"]:
            assert 0 <= start < end <= len(text)
    return records


def test_subprocesses_import_the_newsnlp_under_test(tmp_path):
    """The commands these tests run from a temporary folder import the tests' package
    (conftest.py makes a relative PYTHONPATH absolute)."""
    r = subprocess.run(
        [sys.executable, "-c", "import newsnlp; print(newsnlp.__file__)"],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert Path(r.stdout.strip()).resolve() == Path(newsnlp.__file__).resolve()


# --- sample --------------------------------------------------------------------------------


def test_sample_prints_the_tokens_of_the_sample(tmp_path):
    r = run("sample", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"newsnlp {newsnlp.__version__} (Unicode {newsnlp.unicode_version})")
    assert "36 articles" in r.stdout
    assert "Sentences and tokens of fr-001" in r.stdout  # the first article naming Bourita
    assert "token kinds: word " in r.stdout
    for article_id in ("fr-001", "en-012", "ar-012"):
        assert f"\n{article_id} " in r.stdout
    assert list(tmp_path.iterdir()) == []


def test_sample_show(tmp_path):
    r = run("sample", "--show", "en-001", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Sentences and tokens of en-001" in r.stdout
    shown = r.stdout.split("Sentences and tokens of en-001", 1)[1]
    assert "  [1] " in shown and " | Bourita | " in shown


def test_sample_show_unknown_id(tmp_path):
    r = run("sample", "--show", "nope", cwd=tmp_path)
    assert r.returncode == 2
    assert "newsnlp: error: no article 'nope' in the sample (ids: fr-001," in r.stderr
    assert "Sentences and tokens" not in r.stdout


def test_version(tmp_path):
    r = run("--version", cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.strip() == f"newsnlp {newsnlp.__version__}"


# --- tokenize ------------------------------------------------------------------------------

TEXTS = [
    "L’État a dit « oui ». 😀",
    "Hello @bob, see https://example.org #news",
    "قال الوزير إن «المغرب» سيستضيف الاجتماع.",
    "1\u202f000 habitants\r\nà Fe\u0300s",
]


def test_tokenize_file_to_stdout(tmp_path):
    src = write_jsonl(
        tmp_path / "in.jsonl", [{"id": f"d{i}", "text": t} for i, t in enumerate(TEXTS)]
    )
    r = run("tokenize", "--lang", "fr", str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    records = check_tokens_output(r.stdout, TEXTS)
    assert [rec["id"] for rec in records] == ["d0", "d1", "d2", "d3"]
    assert records[0]["tokens"][:2] == [["L’", 0, 2, "word", "l'"], ["État", 2, 6, "word", "état"]]
    assert records[0]["sentences"] == [[0, 21], [22, 23]]
    assert "tokenized 4 documents" in r.stderr


def test_tokenize_output_file(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": t} for t in TEXTS])
    out = tmp_path / "out.jsonl"
    r = run("tokenize", str(src), "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ""
    records = check_tokens_output(out.read_text(encoding="utf-8"), TEXTS)
    assert records[1]["id"] == f"{src}:2"  # no id field: file:line
    assert not (tmp_path / "out.jsonl.partial").exists()


def test_tokenize_many_documents_keeps_order(tmp_path):
    # more than the CLI's batch of 1024, across two input files, blank lines skipped
    texts = [f"Dépêche {i} : le ministre n°{i} est arrivé." for i in range(2500)]
    a = write_jsonl(
        tmp_path / "a.jsonl", [{"id": i, "text": t} for i, t in enumerate(texts[:1500])]
    )
    b = tmp_path / "b.jsonl"
    b.write_text(
        "\n".join(
            json.dumps({"id": i + 1500, "text": t}, ensure_ascii=False)
            for i, t in enumerate(texts[1500:])
        )
        + "\n\n",
        encoding="utf-8",
    )
    r = run("tokenize", "--n-jobs", "2", str(a), str(b), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    records = check_tokens_output(r.stdout, texts)
    assert [rec["id"] for rec in records] == list(range(2500))


def test_tokenize_stdin(tmp_path):
    stdin = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in TEXTS)
    for args in (["tokenize"], ["tokenize", "-"]):
        r = run(*args, cwd=tmp_path, stdin=stdin)
        assert r.returncode == 0, r.stderr
        records = check_tokens_output(r.stdout, TEXTS)
        assert records[0]["id"] == "-:1"


def test_tokenize_other_field(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"body": TEXTS[0], "key": "k"}])
    r = run("tokenize", "--field", "body", "--id-field", "key", str(src), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert check_tokens_output(r.stdout, TEXTS[:1])[0]["id"] == "k"


def test_malformed_line_leaves_no_output(tmp_path):
    src = tmp_path / "in.jsonl"
    good = "".join(json.dumps({"text": f"texte {i}"}) + "\n" for i in range(1500))
    src.write_text(good + "{bad json\n", encoding="utf-8")  # after a first flushed batch
    r = run("tokenize", str(src), "-o", "out.jsonl", cwd=tmp_path)
    assert r.returncode == 2
    assert f"newsnlp: error: {src}:1501: malformed JSON" in r.stderr
    assert "Traceback" not in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_missing_field(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": "a"}, {"body": "b"}])
    r = run("tokenize", str(src), "-o", "out.jsonl", cwd=tmp_path)
    assert r.returncode == 2
    assert f"{src}:2: no string field 'text'" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_non_string_field(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", [{"text": 3}])
    r = run("tokenize", str(src), cwd=tmp_path)
    assert r.returncode == 2
    assert f"{src}:1: no string field 'text'" in r.stderr


def test_missing_file(tmp_path):
    r = run("tokenize", "missing.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert r.returncode == 2
    assert "newsnlp: error: cannot read missing.jsonl: No such file or directory" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_invalid_utf8_file(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "ok"}\n{"text": "bad \xff"}\n')
    r = run("tokenize", str(src), "-o", "out.jsonl", cwd=tmp_path)
    assert r.returncode == 2
    assert f"newsnlp: error: {src}:2: invalid UTF-8 at byte 29 of the file" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_invalid_utf8_names_the_file_offset(tmp_path):
    src = tmp_path / "in.jsonl"
    prefix = "".join(json.dumps({"text": f"ligne numéro {i}"}) + "\n" for i in range(1000)).encode()
    src.write_bytes(prefix + b'{"text": "bad \xff"}\n')
    r = run("tokenize", str(src), cwd=tmp_path)
    assert f"{src}:1001: invalid UTF-8 at byte {len(prefix) + 14} of the file" in r.stderr


def test_unknown_lang_is_a_usage_error(tmp_path):
    r = run("tokenize", "--lang", "de", cwd=tmp_path, stdin="")
    assert r.returncode == 2
    assert "invalid choice: 'de'" in r.stderr
