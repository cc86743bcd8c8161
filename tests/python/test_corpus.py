"""Reading corpora: newsnlp.read_corpus and CorpusReader on JSONL, CSV, TSV, Parquet, text
files and folders; fields, languages, dates; every bad input names its file and line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

import newsnlp
from newsnlp.corpus import CorpusReader, corpus_format, normalize_date
from newsnlp.errors import InvalidArgumentError, NewsnlpIOError
from newsnlp.sample import load_sample, sample_path

pd = pytest.importorskip("pandas")

RECORDS = [
    {
        "id": "a1",
        "text": "Le Maroc accueille la réunion.",
        "title": "Réunion",
        "date": "2024-02-14",
        "lang": "fr",
        "source": "Agence",
    },
    {
        "id": "a2",
        "text": "Morocco hosts the meeting.",
        "title": "Meeting",
        "date": "2024-02-15T08:30:00Z",
        "lang": "en-GB",
        "source": "Wire",
    },
    {"id": 3, "text": "المغرب يستضيف الاجتماع", "title": "اجتماع", "date": "", "lang": "ar"},
]


def write_jsonl(path: Path, records: list) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def test_reads_the_sample_as_a_frame():
    frame = newsnlp.read_corpus(sample_path())
    sample = load_sample()
    assert list(frame.columns) == ["id", "text", "title", "date", "lang", "source"]
    assert frame["id"].tolist() == [a["id"] for a in sample]
    assert frame["text"].tolist() == [a["text"] for a in sample]
    assert frame["lang"].tolist() == [a["lang"] for a in sample]
    assert str(frame["date"].dtype).startswith("datetime64")
    assert frame.loc[0, "date"] == pd.Timestamp(sample[0]["date"])
    assert frame.attrs["bad_lines"] == []


def test_jsonl_fields_langs_dates_and_extras(tmp_path):
    frame = newsnlp.read_corpus(write_jsonl(tmp_path / "c.jsonl", RECORDS))
    assert frame["id"].tolist() == ["a1", "a2", "3"]  # ids are str
    assert frame["lang"].tolist() == ["fr", "en", "ar"]  # en-GB -> en
    assert frame["date"].tolist()[:2] == [pd.Timestamp("2024-02-14"), pd.Timestamp("2024-02-15")]
    assert pd.isna(frame.loc[2, "date"])
    assert frame["source"].tolist()[:2] == ["Agence", "Wire"] and pd.isna(frame.loc[2, "source"])


def test_articles_keep_the_raw_id_and_where(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", RECORDS)
    articles = CorpusReader(path).read()
    assert [a.raw_id for a in articles] == ["a1", "a2", 3]
    assert [a.where for a in articles] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert articles[0].extra == {}  # only read_corpus keeps the other fields


def test_other_field_names(tmp_path):
    records = [
        {
            "key": "k1",
            "body": "Texte un.",
            "headline": "Un",
            "published": "2024-03-01",
            "language": "fr",
        }
    ]
    frame = newsnlp.read_corpus(
        write_jsonl(tmp_path / "c.jsonl", records),
        text_field="body",
        id_field="key",
        title_field="headline",
        date_field="published",
        lang_field="language",
    )
    assert frame.loc[0, ["id", "text", "title", "lang"]].tolist() == ["k1", "Texte un.", "Un", "fr"]
    assert frame.loc[0, "date"] == pd.Timestamp("2024-03-01")


def test_default_ids_and_lang(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"text": "one"}, {"text": "two", "lang": "de"}])
    frame = newsnlp.read_corpus(path, lang="fr")
    assert frame["id"].tolist() == [f"{path}:1", f"{path}:2"]
    assert frame["lang"].tolist() == ["fr", "xx"]  # a language the tokenizer lacks: xx


def test_csv_tsv_and_gzip(tmp_path):
    rows = [
        ["id", "text", "date"],
        ["c1", "Premier, avec virgule", "2024-01-02"],
        ["c2", 'Deuxième\nsur deux lignes "cité"', "2024-01-03"],
    ]
    for path in (write_csv(tmp_path / "c.csv", rows), write_csv(tmp_path / "c.tsv", rows, "\t")):
        frame = newsnlp.read_corpus(path)
        assert frame["id"].tolist() == ["c1", "c2"]
        assert frame["text"].tolist() == [rows[1][1], rows[2][1]]
    gz = tmp_path / "c.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as f:
        f.write(json.dumps(RECORDS[0]) + "\n")
    assert newsnlp.read_corpus(gz)["id"].tolist() == ["a1"]


def test_csv_record_line_numbers_count_physical_lines(tmp_path):
    rows = [["id", "text"], ["c1", "a\nb\nc"], ["c2", "d", "extra"]]
    path = write_csv(tmp_path / "c.csv", rows)
    with pytest.raises(InvalidArgumentError, match=rf"{path}:5: 3 fields where the header has 2"):
        newsnlp.read_corpus(path)


def test_parquet(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "c.parquet"
    pd.DataFrame(
        {
            "id": ["p1", "p2"],
            "body": ["un", "deux"],
            "date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
        }
    ).to_parquet(path)
    frame = newsnlp.read_corpus(path, text_field="body")
    assert frame["text"].tolist() == ["un", "deux"]
    assert frame["date"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-01-02")]
    with pytest.raises(InvalidArgumentError, match=r"unknown field 'content' \(fields: id, body"):
        newsnlp.read_corpus(path, text_field="content")


def test_folder_of_text_files(tmp_path):
    (tmp_path / "news" / "2024").mkdir(parents=True)
    (tmp_path / "news" / "b.txt").write_text("Titre B\n\nCorps de B.", encoding="utf-8")
    (tmp_path / "news" / "2024" / "a.txt").write_text("\ufeffTitre A\nCorps.", encoding="utf-8")
    (tmp_path / "news" / "notes.md").write_text("ignored", encoding="utf-8")
    frame = newsnlp.read_corpus(tmp_path / "news", lang="fr")
    assert frame["id"].tolist() == ["2024/a", "b"]
    assert frame["title"].tolist() == ["Titre A", "Titre B"]
    assert frame["text"].tolist() == ["Titre A\nCorps.", "Titre B\n\nCorps de B."]
    assert frame["lang"].tolist() == ["fr", "fr"]
    single = newsnlp.read_corpus(tmp_path / "news" / "b.txt")
    assert single["id"].tolist() == ["b"]


def test_several_inputs_and_duplicate_ids(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", RECORDS[:2])
    b = write_jsonl(tmp_path / "b.jsonl", [RECORDS[2], RECORDS[0]])
    with pytest.raises(InvalidArgumentError, match=rf"{b}:2: duplicate id 'a1' \(first at {a}:1\)"):
        newsnlp.read_corpus([a, b])
    frame = newsnlp.read_corpus([a, b], skip_bad_lines=True)
    assert frame["id"].tolist() == ["a1", "a2", "3"]
    assert [line.line for line in frame.attrs["bad_lines"]] == [2]


# -- bad input -----------------------------------------------------------------------------


def test_missing_file(tmp_path):
    with pytest.raises(NewsnlpIOError, match=r"cannot read .*nope\.jsonl: No such file") as e:
        newsnlp.read_corpus(tmp_path / "nope.jsonl")
    assert e.value.path == str(tmp_path / "nope.jsonl")
    for name in ("nope.csv", "nope.txt", "nope.parquet"):
        with pytest.raises(NewsnlpIOError, match="No such file"):
            if name.endswith(".parquet"):
                pytest.importorskip("pyarrow")
            newsnlp.read_corpus(tmp_path / name)


def test_unknown_format(tmp_path):
    (tmp_path / "c.xml").write_text("<a/>", encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match=r"cannot tell the format of .*c\.xml"):
        newsnlp.read_corpus(tmp_path / "c.xml")
    assert corpus_format(tmp_path) == "folder" and corpus_format("-") == "jsonl"


def test_unknown_fields(tmp_path):
    csv_path = write_csv(tmp_path / "c.csv", [["id", "body"], ["1", "x"]])
    with pytest.raises(
        InvalidArgumentError, match=r"c\.csv: unknown field 'text' \(fields: id, body\)"
    ):
        newsnlp.read_corpus(csv_path)
    with pytest.raises(InvalidArgumentError, match=r"unknown field 'published'"):
        newsnlp.read_corpus(csv_path, text_field="body", date_field="published")
    jsonl = write_jsonl(tmp_path / "c.jsonl", RECORDS)
    with pytest.raises(
        InvalidArgumentError, match=r"c\.jsonl: unknown field 'published' \(fields: "
    ):
        newsnlp.read_corpus(jsonl, date_field="published")
    with pytest.raises(
        InvalidArgumentError,
        match=r"c\.jsonl:1: no string field 'body' in this record \(fields: id, text",
    ):
        newsnlp.read_corpus(jsonl, text_field="body")


def test_malformed_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps(RECORDS[0])
        + "\n\n{not json\n[1, 2]\n"
        + json.dumps({"text": 3})
        + "\n"
        + json.dumps(RECORDS[1])
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidArgumentError, match=rf"{path}:3: malformed JSON \("):
        newsnlp.read_corpus(path)
    reader = CorpusReader(path, skip_bad_lines=True)
    assert [a.id for a in reader.read()] == ["a1", "a2"]
    assert [(b.line, b.message.split(": ", 1)[1]) for b in reader.bad_lines] == [
        (3, "malformed JSON (Expecting property name enclosed in double quotes)"),
        (4, "not a JSON object (list)"),
        (5, "no string field 'text' in this record"),
    ]


def test_invalid_utf8_names_file_line_and_byte(tmp_path):
    path = tmp_path / "c.jsonl"
    first = (json.dumps(RECORDS[0]) + "\n").encode()
    path.write_bytes(first + b'{"text": "bad \xff"}\n')
    with pytest.raises(
        InvalidArgumentError,
        match=rf"{path}:2: invalid UTF-8 at byte {len(first) + 14} of the file",
    ):
        newsnlp.read_corpus(path)
    csv_path = tmp_path / "c.csv"
    csv_path.write_bytes(b'id,text\n1,"ok\nstill ok"\n2,bad \xfe\n3,fine\n')
    with pytest.raises(InvalidArgumentError, match=rf"{csv_path}:4: invalid UTF-8 at byte 30"):
        newsnlp.read_corpus(csv_path)
    assert newsnlp.read_corpus(csv_path, skip_bad_lines=True)["id"].tolist() == ["1", "3"]
    (tmp_path / "txt").mkdir()
    (tmp_path / "txt" / "a.txt").write_bytes(b"line one\nline \xc3\n")
    with pytest.raises(InvalidArgumentError, match=r"a\.txt:2: invalid UTF-8 at byte 14"):
        newsnlp.read_corpus(tmp_path / "txt")


def test_empty_corpus(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match=r"empty corpus: no article in .*empty\.jsonl"):
        newsnlp.read_corpus(empty)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    with pytest.raises(InvalidArgumentError, match=r"empty corpus: .* \(1 bad lines skipped\)"):
        newsnlp.read_corpus(bad, skip_bad_lines=True)
    header_only = write_csv(tmp_path / "h.csv", [["id", "text"]])
    with pytest.raises(InvalidArgumentError, match="empty corpus"):
        newsnlp.read_corpus(header_only)
    (tmp_path / "folder").mkdir()
    with pytest.raises(InvalidArgumentError, match=r"folder: no \.txt file in this folder"):
        newsnlp.read_corpus(tmp_path / "folder")


def test_bad_arguments(tmp_path):
    with pytest.raises(
        InvalidArgumentError, match=r"lang must be one of fr, en, ar, xx \(got 'de'\)"
    ):
        CorpusReader(sample_path(), lang="de")
    with pytest.raises(InvalidArgumentError, match="no corpus file given"):
        CorpusReader([])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-02-14", "2024-02-14"),
        ("2024-02-14T08:00:00+02:00", "2024-02-14"),
        ("2024-02-14 08:00", "2024-02-14"),
        ("2024/2/3", "2024-02-03"),
        ("2024-02", "2024-02-01"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
        ("14/02/2024", None),
        ("2024-02-30", None),
        (20240214, None),
    ],
)
def test_normalize_date(value, expected):
    assert normalize_date(value) == expected


def test_unreadable_dates_are_counted(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", [{"text": "a", "date": "hier"}, {"text": "b"}])
    reader = CorpusReader(path)
    assert [a.date for a in reader.read()] == ["", ""]
    assert reader.unreadable_dates == 1


def test_byte_order_mark_and_json_arrays(tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffid,text\n1,Texte.\n".encode())
    assert newsnlp.read_corpus(bom)["id"].tolist() == ["1"]
    jsonl = tmp_path / "bom.jsonl"
    jsonl.write_bytes(b"\xef\xbb\xbf" + json.dumps(RECORDS[0]).encode() + b"\n")
    assert newsnlp.read_corpus(jsonl)["id"].tolist() == ["a1"]
    array = tmp_path / "array.json"
    array.write_text(json.dumps(RECORDS), encoding="utf-8")
    with pytest.raises(
        InvalidArgumentError,
        match=r"array.json:1: not a JSON object \(list\) "
        r"\(a JSON array\? write one object per line\)",
    ):
        newsnlp.read_corpus(array)


def test_parquet_without_pyarrow(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # import fails
    (tmp_path / "c.parquet").write_bytes(b"PAR1")
    with pytest.raises(
        InvalidArgumentError, match=r"c\.parquet needs pyarrow: pip install pyarrow"
    ):
        newsnlp.read_corpus(tmp_path / "c.parquet")
