"""`newsnlp match`, `newsnlp vectorize` and the corpus options of `newsnlp tokenize`: output
formats checked against the Python API, and every bad input (clear message, status 2, no
output file)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest

import newsnlp
from newsnlp.cli import main
from newsnlp.sample import load_sample, sample_path

SAMPLE = str(sample_path())
GAZETTEER = str(sample_path("sample_gazetteer.csv"))


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def expected_mentions():
    """Per article id: (start, end, entity id), from EntityMatcher per language."""
    gazetteer = newsnlp.Gazetteer.from_csv(GAZETTEER)
    out = {}
    for lang in ("fr", "en", "ar"):
        matcher = newsnlp.EntityMatcher(gazetteer, tokenizer=newsnlp.Tokenizer(lang))
        for a in load_sample():
            if a["lang"] == lang:
                out[a["id"]] = [(m.start, m.end, m.id) for m in matcher.find(a["text"])]
    return out


# -- match ----------------------------------------------------------------------------------


def test_match_jsonl(capsys, expected_mentions):
    code, out, err = cli(capsys, "match", SAMPLE, "-g", GAZETTEER)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [a["id"] for a in load_sample()]
    texts = {a["id"]: a["text"] for a in load_sample()}
    for r in records:
        assert [(m["start"], m["end"], m["id"]) for m in r["mentions"]] == expected_mentions[
            r["id"]
        ]
        assert all(texts[r["id"]][m["start"] : m["end"]] == m["text"] for m in r["mentions"])
    total = sum(len(v) for v in expected_mentions.values())
    assert f"matched 36 documents: {total} mentions" in err


def test_match_csv_file_and_stdin(capsys, tmp_path, monkeypatch, expected_mentions):
    out = tmp_path / "m.csv"
    code, stdout, err = cli(capsys, "match", SAMPLE, "-g", GAZETTEER, "-o", str(out))
    assert code == 0 and stdout == "", err
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert list(rows[0]) == ["article_id", "start", "end", "text", "entity_id", "name", "type"]
    assert len(rows) == sum(len(v) for v in expected_mentions.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv"]
    # stdin, overlapping mode: at least the longest mentions
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(sample_path().read_bytes())))
    code, stdout, err = cli(capsys, "match", "-", "-g", GAZETTEER, "--mode", "overlapping")
    assert code == 0, err
    assert sum(len(json.loads(line)["mentions"]) for line in stdout.splitlines()) >= len(rows)


def test_match_per_record_language(capsys, tmp_path):
    # "Royaume du Maroc" with the French tokenizer; the same text tagged English still
    # matches by norms, but each record is matched with its own language's tokenizer
    src = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": 1, "text": "L’État et le Royaume du Maroc."},
            {"id": 2, "text": "Le Maroc.", "lang": "en"},
        ],
    )
    code, out, err = cli(capsys, "match", str(src), "-g", GAZETTEER, "--lang", "fr")
    assert code == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert first["id"] == 1 and [m["text"] for m in first["mentions"]] == ["Royaume du Maroc"]
    assert [m["id"] for m in second["mentions"]] == ["loc:morocco"]


def test_match_needs_a_gazetteer(capsys):
    with pytest.raises(SystemExit) as e:
        main(["match", SAMPLE])
    assert e.value.code == 2
    assert "the following arguments are required: -g/--gazetteer" in capsys.readouterr().err


# -- vectorize ------------------------------------------------------------------------------


def test_vectorize_npz_matches_the_python_api(capsys, tmp_path):
    from scipy import sparse

    out = tmp_path / "x.npz"
    code, _, err = cli(
        capsys,
        "vectorize",
        SAMPLE,
        "-o",
        str(out),
        "--ngrams",
        "2",
        "--min-df",
        "2",
        "--sublinear-tf",
        "--n-jobs",
        "1",
    )
    assert code == 0, err
    matrix = sparse.load_npz(out)
    saved = np.load(out)
    v = newsnlp.TfidfVectorizer(
        tokenizer=newsnlp.Tokenizer("xx"),
        token_pattern=None,
        ngram_range=(1, 2),
        min_df=2,
        sublinear_tf=True,
    )
    expected = v.fit_transform([a["text"] for a in load_sample()])
    assert saved["ids"].tolist() == [a["id"] for a in load_sample()]
    assert saved["features"].tolist() == v.get_feature_names_out().tolist()
    assert abs(matrix - expected).max() < 1e-12
    assert f"vectorized 36 documents (xx): {expected.shape[1]} features" in err


def test_vectorize_jsonl_csv_count_and_hashing(capsys, tmp_path):
    french = write_jsonl(tmp_path / "fr.jsonl", [a for a in load_sample() if a["lang"] == "fr"])
    code, _, err = cli(
        capsys, "vectorize", str(french), "--kind", "count", "-o", str(tmp_path / "c.jsonl")
    )
    assert code == 0 and "(fr)" in err  # the records' one language picks the tokenizer
    first = json.loads((tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()[0])
    counts = newsnlp.CountVectorizer(tokenizer=newsnlp.Tokenizer("fr"), token_pattern=None)
    row = counts.fit_transform([load_sample()[0]["text"]])
    names = counts.get_feature_names_out()
    assert first["id"] == "fr-001"
    assert first["features"]["bourita"] == row[0, counts.vocabulary_["bourita"]] == 2
    assert len(first["features"]) == len(names)
    code, _, err = cli(
        capsys,
        "vectorize",
        str(french),
        "--kind",
        "hashing",
        "--n-features",
        "64",
        "--dtype",
        "float32",
        "-o",
        str(tmp_path / "h.csv"),
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO((tmp_path / "h.csv").read_text(encoding="utf-8"))))
    assert {r["article_id"] for r in rows} == {f"fr-{i:03d}" for i in range(1, 13)}
    assert all(0 <= int(r["feature"]) < 64 for r in rows)


# -- tokenize with the corpus options --------------------------------------------------------


def test_tokenize_uses_each_records_language(capsys, tmp_path):
    src = write_jsonl(
        tmp_path / "c.jsonl",
        [{"text": "L’État l’a dit", "lang": "fr"}, {"text": "L’État l’a dit", "lang": "en"}],
    )
    code, out, err = cli(capsys, "tokenize", str(src))
    assert code == 0, err
    fr, en = (json.loads(line)["tokens"] for line in out.splitlines())
    assert [t[0] for t in fr] == ["L’", "État", "l’", "a", "dit"]
    assert [t[0] for t in en] == ["L’État", "l’a", "dit"]


def test_tokenize_csv_and_skip_bad_lines(capsys, tmp_path):
    src = tmp_path / "c.csv"
    src.write_text('id,text\n1,Bonjour.\n2,"Salut, toi.",extra\n3,Fin.\n', encoding="utf-8")
    code, out, err = cli(capsys, "tokenize", str(src), "--skip-bad-lines")
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["1", "3"]
    assert f"newsnlp: skipped 1 bad lines:\n  {src}:3: 3 fields where the header has 2" in err


# -- bad input, for the three pipeline commands ----------------------------------------------

COMMANDS = {
    "match": ["match", "-g", GAZETTEER],
    "vectorize": ["vectorize"],
    "tokenize": ["tokenize"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_bad_input(capsys, tmp_path, command):
    out = str(tmp_path / "out.csv")
    args = [*COMMANDS[command], "-o", out]

    def failed(*inputs: str, message: str) -> None:
        before = {p.name for p in tmp_path.iterdir()}
        code, _, err = cli(capsys, *args, *inputs)
        assert code == 2, err
        assert err.startswith("newsnlp: error: ") and message in err, err
        assert {p.name for p in tmp_path.iterdir()} == before  # no output, no partial file

    failed(str(tmp_path / "nope.jsonl"), message="nope.jsonl: No such file or directory")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Le ministre parle."}\n{"text": \n', encoding="utf-8")
    failed(str(bad), message=f"{bad}:2: malformed JSON")
    failed(str(bad), "--text-field", "body", message=f"{bad}:1: no string field 'body'")
    failed(str(bad), "--date-field", "when", "--skip-bad-lines", message="unknown field 'when'")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    failed(str(empty), message=f"empty corpus: no article in {empty}")
    only_bad = tmp_path / "only_bad.jsonl"
    only_bad.write_text("oops\n", encoding="utf-8")
    failed(str(only_bad), "--skip-bad-lines", message="empty corpus: no article in")
    utf8 = tmp_path / "utf8.jsonl"
    utf8.write_bytes(b'{"text": "\xff"}\n')
    failed(str(utf8), message=f"{utf8}:1: invalid UTF-8 at byte 10 of the file")
    code, _, err = cli(capsys, *args, str(bad), "--skip-bad-lines")
    assert code == 0, err
    assert f"newsnlp: skipped 1 bad lines:\n  {bad}:2: malformed JSON" in err
    assert Path(out).exists()


def test_bad_output_names(capsys, tmp_path):
    code, _, err = cli(capsys, "match", SAMPLE, "-g", GAZETTEER, "-o", str(tmp_path / "m.xlsx"))
    assert code == 2 and "cannot tell the output format of" in err
    code, _, err = cli(capsys, "vectorize", SAMPLE, "-o", "-", "--output-format", "npz")
    assert code == 2 and "an .npz matrix cannot go to stdout" in err
    code, _, err = cli(capsys, "match", SAMPLE, "-g", str(tmp_path / "g.csv"))
    assert code == 2 and "cannot open gazetteer file" in err
    assert list(tmp_path.iterdir()) == []
