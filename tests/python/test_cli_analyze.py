"""`newsnlp analyze` and `newsnlp` alone: the report folder and summary on the sample, other
inputs and options, every bad input (a clear message, exit status 2, nothing written), and
Ctrl-C (exit status 130, nothing written)."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import newsnlp
from newsnlp.analysis import OUTPUT_FILES
from newsnlp.cli import main
from newsnlp.sample import load_sample, sample_path

GAZETTEER = str(sample_path("sample_gazetteer.csv"))


def analyze(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["analyze", *args])
    out, err = capsys.readouterr()
    return code, out, err


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_no_arguments_analyses_the_sample(tmp_path):
    """The README's main command (scripts/run.sh runs `newsnlp` with no argument)."""
    started = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "newsnlp.cli"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == f"newsnlp {newsnlp.__version__} analyze: the built-in sample"
    assert "36 articles (ar 12, en 12, fr 12), 2024-01-05 to 2024-06-12" in lines[1]
    assert "entities (sample_gazetteer.csv): " in r.stdout
    assert "most mentioned: Maroc (LOC) " in r.stdout
    assert "near-duplicate groups: 3: " in r.stdout and "ar-004 = ar-010" in r.stdout
    assert "fr-001 ~ fr-007" in r.stdout and "en-003 ~ en-009" in r.stdout
    assert "report: newsnlp-report/report.html" in r.stdout
    assert sorted(os.listdir(tmp_path)) == ["newsnlp-report"]
    assert sorted(os.listdir(tmp_path / "newsnlp-report")) == sorted(OUTPUT_FILES)
    html = (tmp_path / "newsnlp-report" / "report.html").read_text(encoding="utf-8")
    assert '<section id="timeline">' in html and "<svg" in html
    duplicates = read_csv(tmp_path / "newsnlp-report" / "duplicates.csv")
    assert {d["article_id"] for d in duplicates} == {
        "fr-001",
        "fr-007",
        "en-003",
        "en-009",
        "ar-004",
        "ar-010",
    }
    assert time.perf_counter() - started < 60


def test_sample_tables(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = analyze(
        capsys, "-o", "out", "--keywords", "3", "--similar", "2", "--n-jobs", "1"
    )
    assert code == 0
    folder = tmp_path / "out"
    mentions = read_csv(folder / "mentions.csv")
    texts = {a["id"]: a["text"] for a in load_sample()}
    assert all(
        texts[m["article_id"]][int(m["start"]) : int(m["end"])] == m["text"] for m in mentions
    )
    entities = read_csv(folder / "entities.csv")
    assert sum(int(e["mentions"]) for e in entities) == len(mentions)
    keywords = read_csv(folder / "keywords.csv")
    assert len(keywords) == 36 * 3
    similar = read_csv(folder / "similar.csv")
    assert len(similar) == 36 * 2
    assert f"{len(mentions):,} mentions" in out


def test_corpus_options(capsys, tmp_path):
    rows = [["key", "body", "headline", "when"]] + [
        [f"k{i}", a["text"], a["title"], a["date"]] for i, a in enumerate(load_sample()[:12])
    ]
    with (tmp_path / "c.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    code, out, err = analyze(
        capsys,
        str(tmp_path / "c.csv"),
        "--text-field",
        "body",
        "--id-field",
        "key",
        "--title-field",
        "headline",
        "--date-field",
        "when",
        "--lang",
        "fr",
        "-g",
        GAZETTEER,
        "-o",
        str(tmp_path / "r"),
    )
    assert code == 0, err
    assert "12 articles (fr 12), 2024-01-05 to 2024-06-10" in out
    assert "near-duplicate groups: 1: k0 ~ k6" in out
    html = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "Entretien téléphonique entre M. Bourita" in html  # the titles


def test_folder_of_text_files_without_gazetteer(capsys, tmp_path):
    (tmp_path / "txt").mkdir()
    for a in load_sample()[12:24]:
        (tmp_path / "txt" / f"{a['id']}.txt").write_text(
            f"{a['title']}\n\n{a['text']}", encoding="utf-8"
        )
    code, out, err = analyze(
        capsys, str(tmp_path / "txt"), "--lang", "en", "-o", str(tmp_path / "r")
    )
    assert code == 0, err
    assert "12 articles (en 12), no dates" in out
    assert "entities: no gazetteer given (--gazetteer FILE)" in out
    assert "en-003 ~ en-009" in out
    assert read_csv(tmp_path / "r" / "mentions.csv") == []


def test_several_gazetteers_and_corpora(capsys, tmp_path):
    sample = load_sample()
    a = write_jsonl(tmp_path / "a.jsonl", sample[:18])
    b = write_jsonl(tmp_path / "b.jsonl", sample[18:])
    extra = tmp_path / "extra.csv"
    extra.write_text("id,name,type,aliases\norg:opec,OPEP,ORG,OPEC|OPEP+|OPEC+\n", encoding="utf-8")
    code, out, err = analyze(
        capsys, str(a), str(b), "-g", GAZETTEER, "-g", str(extra), "-o", str(tmp_path / "r")
    )
    assert code == 0, err
    assert "36 articles" in out and "sample_gazetteer.csv, extra.csv" in out
    entities = {e["entity_id"] for e in read_csv(tmp_path / "r" / "entities.csv")}
    assert "org:opec" in entities


# -- bad input: a clear message, status 2, nothing written ---------------------------------


def assert_failed(code: int, err: str, message: str, tmp_path: Path, keep: set[str]) -> None:
    assert code == 2
    assert err.startswith("newsnlp: error: ") and message in err, err
    assert "Traceback" not in err
    assert {p.name for p in tmp_path.iterdir()} == keep  # no report, no temporary folder


def test_missing_file(capsys, tmp_path):
    code, _, err = analyze(capsys, str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "r"))
    assert_failed(
        code,
        err,
        f"cannot read {tmp_path / 'nope.jsonl'}: No such file or directory",
        tmp_path,
        set(),
    )


def test_missing_gazetteer(capsys, tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", load_sample()[:3])
    code, _, err = analyze(
        capsys, str(src), "-g", str(tmp_path / "g.csv"), "-o", str(tmp_path / "r")
    )
    assert_failed(code, err, "cannot open gazetteer file", tmp_path, {"c.jsonl"})


def test_unknown_fields(capsys, tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", load_sample()[:3])
    out = str(tmp_path / "r")
    code, _, err = analyze(capsys, str(src), "--date-field", "published", "-o", out)
    assert_failed(code, err, f"{src}: unknown field 'published' (fields: ", tmp_path, {"c.jsonl"})
    code, _, err = analyze(capsys, str(src), "--text-field", "body", "-o", out)
    assert_failed(
        code,
        err,
        f"{src}:1: no string field 'body' in this record (fields: id, lang",
        tmp_path,
        {"c.jsonl"},
    )
    table = tmp_path / "c.csv"
    table.write_text("id,body\n1,texte\n", encoding="utf-8")
    code, _, err = analyze(capsys, str(table), "-o", out)
    assert_failed(
        code,
        err,
        f"{table}: unknown field 'text' (fields: id, body)",
        tmp_path,
        {"c.jsonl", "c.csv"},
    )


def test_malformed_line(capsys, tmp_path):
    src = tmp_path / "c.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in load_sample()[:12]]
    lines.insert(3, '{"id": "broken", "text": ')
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = analyze(capsys, str(src), "-o", str(tmp_path / "r"))
    assert_failed(code, err, f"{src}:4: malformed JSON (Expecting value)", tmp_path, {"c.jsonl"})


def test_skip_bad_lines_reports_and_continues(capsys, tmp_path):
    src = tmp_path / "c.jsonl"
    lines = [json.dumps(a, ensure_ascii=False) for a in load_sample()[:12]]
    lines[3:3] = ['{"id": "broken", "text": ', '{"id": "fr-002", "text": "again"}', "[1]"]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = analyze(capsys, str(src), "--skip-bad-lines", "-o", str(tmp_path / "r"))
    assert code == 0, err
    assert "newsnlp: skipped 3 bad lines:" in err
    assert f"  {src}:4: malformed JSON (Expecting value)" in err
    assert f"  {src}:5: duplicate id 'fr-002' (first at {src}:2)" in err
    assert f"  {src}:6: not a JSON object (list)" in err
    assert "12 articles" in out and "3 bad lines skipped (listed on stderr)" in out
    assert (tmp_path / "r" / "report.html").exists()


def test_invalid_utf8(capsys, tmp_path):
    src = tmp_path / "c.jsonl"
    src.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    code, _, err = analyze(capsys, str(src), "-o", str(tmp_path / "r"))
    assert_failed(
        code, err, f"{src}:2: invalid UTF-8 at byte 28 of the file", tmp_path, {"c.jsonl"}
    )


def test_empty_corpus(capsys, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    code, _, err = analyze(capsys, str(empty), "-o", str(tmp_path / "r"))
    assert_failed(code, err, f"empty corpus: no article in {empty}", tmp_path, {"empty.jsonl"})
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n", encoding="utf-8")
    code, _, err = analyze(capsys, str(bad), "--skip-bad-lines", "-o", str(tmp_path / "r"))
    assert_failed(code, err, "empty corpus: no article in", tmp_path, {"empty.jsonl", "bad.jsonl"})
    assert "(1 bad lines skipped)" in err
    (tmp_path / "folder").mkdir()
    code, _, err = analyze(capsys, str(tmp_path / "folder"), "-o", str(tmp_path / "r"))
    assert_failed(
        code, err, "no .txt file in this folder", tmp_path, {"empty.jsonl", "bad.jsonl", "folder"}
    )


def test_unknown_format(capsys, tmp_path):
    (tmp_path / "c.xml").write_text("<a/>", encoding="utf-8")
    code, _, err = analyze(capsys, str(tmp_path / "c.xml"), "-o", str(tmp_path / "r"))
    assert_failed(code, err, "cannot tell the format of", tmp_path, {"c.xml"})


def test_output_folder_holding_other_files(capsys, tmp_path):
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "thesis.docx").write_text("keep me", encoding="utf-8")
    code, _, err = analyze(capsys, "-o", str(tmp_path / "r"))
    assert_failed(code, err, "holds other files than a report (thesis.docx)", tmp_path, {"r"})
    assert os.listdir(tmp_path / "r") == ["thesis.docx"]


def test_bad_option_values(capsys, tmp_path):
    code, _, err = analyze(capsys, "--duplicate-threshold", "1.5", "-o", str(tmp_path / "r"))
    assert_failed(code, err, "duplicate_threshold must be in (0, 1] (got 1.5)", tmp_path, set())
    code, _, err = analyze(capsys, "--keywords", "0", "-o", str(tmp_path / "r"))
    assert_failed(code, err, "keywords must be >= 1 (got 0)", tmp_path, set())
    with pytest.raises(SystemExit) as e:
        main(["analyze", "--lang", "de"])
    assert e.value.code == 2 and "invalid choice: 'de'" in capsys.readouterr().err


def test_rerun_replaces_the_report(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert analyze(capsys)[0] == 0
    first = (tmp_path / "newsnlp-report" / "report.html").stat().st_mtime_ns
    assert analyze(capsys)[0] == 0
    assert (tmp_path / "newsnlp-report" / "report.html").stat().st_mtime_ns >= first
    assert sorted(os.listdir(tmp_path)) == ["newsnlp-report"]


# -- Ctrl-C ---------------------------------------------------------------------------------


def test_ctrl_c_stops_cleanly(tmp_path):
    """SIGINT during a long run: exit status 130, a one-line message, no report and no
    temporary folder."""
    rng = np.random.default_rng(7)
    words = np.array([f"mot{i}" for i in range(20000)])
    with (tmp_path / "big.jsonl").open("w", encoding="utf-8") as f:
        for i in range(40000):
            text = " ".join(rng.choice(words, 120)) + " Maroc Rabat."
            f.write(json.dumps({"id": i, "text": text, "lang": "fr"}) + "\n")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsnlp.cli",
            "analyze",
            "big.jsonl",
            "-g",
            GAZETTEER,
            "--progress",
            "-o",
            "out",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    seen = ""
    while "newsnlp: analysing" not in seen:
        line = proc.stderr.readline()
        assert line, f"the run ended early: {seen}"
        seen += line
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, seen + err
    assert "newsnlp: interrupted, nothing written" in err and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["big.jsonl"]


def test_analyze_is_the_default_command(capsys, tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", load_sample()[:12])
    code = main([str(src), "-g", GAZETTEER, "-o", str(tmp_path / "r")])
    out = capsys.readouterr().out
    assert code == 0 and f"newsnlp {newsnlp.__version__} analyze: {src}" in out
    assert (tmp_path / "r" / "report.html").exists()
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0 and "analyze" in capsys.readouterr().out
