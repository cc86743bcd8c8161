"""Gazetteer: records, frames, CSV/TSV and JSONL files, combining, bad rows."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from shared_data import SHARED

import newsnlp
from newsnlp.gazetteer import BadRow, Entity

DATA = Path(__file__).resolve().parents[1] / "data"
GAZETTEERS = SHARED / "gazetteers"


def test_records_as_dicts_and_tuples():
    gaz = newsnlp.Gazetteer.from_records(
        [
            {"id": "MAR", "name": "Maroc", "type": "LOC", "aliases": ["Morocco", "المغرب"]},
            ("USA", "États-Unis", "LOC", "Etats-Unis|USA"),
            ("Q1", "Nasser Bourita"),
            {"id": 42, "name": "Rabat", "aliases": [("RBA", "exact"), {"text": "Ribat"}]},
        ]
    )
    assert len(gaz) == 4
    assert gaz.n_aliases == 6
    assert gaz["MAR"] == Entity("MAR", "Maroc", "LOC", ("Morocco", "المغرب"))
    assert gaz["USA"].aliases == ("Etats-Unis", "USA")
    assert gaz["Q1"] == Entity("Q1", "Nasser Bourita", "", ())
    assert gaz["42"].aliases == ("RBA", "Ribat")  # ids are text
    assert "MAR" in gaz and "FRA" not in gaz and 3 not in gaz
    with pytest.raises(KeyError):
        gaz["FRA"]
    assert [e.id for e in gaz] == ["MAR", "USA", "Q1", "42"]
    assert gaz.to_records()[3] == {
        "id": "42",
        "name": "Rabat",
        "type": "",
        "aliases": [{"text": "RBA", "case": "exact"}, "Ribat"],
    }
    assert repr(gaz) == "Gazetteer(4 entities, 6 aliases; LOC: 2, ?: 2)"


def test_record_errors_name_the_record():
    with pytest.raises(newsnlp.InvalidArgumentError, match=r"^record 1: missing id"):
        newsnlp.Gazetteer.from_records([("a", "A"), (None, "B")])
    with pytest.raises(
        newsnlp.InvalidArgumentError, match=r"^record 0: entity 'a' has an empty name"
    ):
        newsnlp.Gazetteer.from_records([{"id": "a", "name": "  "}])
    with pytest.raises(newsnlp.InvalidArgumentError, match="alias case must be 'auto', 'ignore'"):
        newsnlp.Gazetteer.from_records([{"id": "a", "name": "A", "aliases": [("x", "EXACT")]}])
    with pytest.raises(newsnlp.InvalidArgumentError, match="a record must be a dict"):
        newsnlp.Gazetteer.from_records(["just a string"])
    with pytest.raises(
        newsnlp.InvalidArgumentError,
        match=r"^record 1: duplicate id 'a' with type 'ORG' conflicts with its earlier type 'LOC'",
    ):
        newsnlp.Gazetteer.from_records([("a", "A", "LOC"), ("a", "A", "ORG")])


def test_duplicate_ids_with_the_same_type_merge():
    gaz = newsnlp.Gazetteer.from_records(
        [("Q7821917", "Antony Blinken", "PER", ["Blinken"]), ("Q7821917", "Tony Blinken", "PER")]
    )
    assert len(gaz) == 1
    assert gaz["Q7821917"] == Entity(
        "Q7821917", "Antony Blinken", "PER", ("Blinken", "Tony Blinken")
    )


def test_skip_bad_records_reports_them():
    gaz = newsnlp.Gazetteer.from_records([("a", "A"), ("", "B"), ("c", "")], skip_bad_rows=True)
    assert len(gaz) == 1
    assert gaz.bad_rows == [
        BadRow(1, "record 1: missing id (every entity needs a non-empty id)"),
        BadRow(2, "record 2: entity 'c' has an empty name"),
    ]


def test_from_frame():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "qid": [1, 2, 3],
            "label": ["Maroc", "Rabat", "Fès"],
            "kind": ["LOC", "LOC", None],
            "aliases": ["Morocco|المغرب", float("nan"), ["Fez", "Fes"]],
        }
    )
    gaz = newsnlp.Gazetteer.from_frame(frame, id="qid", name="label", type="kind")
    assert [tuple(e) for e in gaz] == [
        ("1", "Maroc", "LOC", ("Morocco", "المغرب")),
        ("2", "Rabat", "LOC", ()),
        ("3", "Fès", "", ("Fez", "Fes")),
    ]
    back = gaz.to_frame()
    assert list(back.columns) == ["id", "name", "type", "aliases"]
    assert back["aliases"][0] == ["Morocco", "المغرب"]
    with pytest.raises(newsnlp.InvalidArgumentError, match="no column 'id'"):
        newsnlp.Gazetteer.from_frame(frame)
    bad = pd.DataFrame({"id": ["a", None], "name": ["A", "B"]}, index=[10, 11])
    with pytest.raises(newsnlp.InvalidArgumentError, match=r"^record 11: missing id"):
        newsnlp.Gazetteer.from_frame(bad)


@pytest.mark.skipif(not GAZETTEERS.exists(), reason="no shared gazetteers")
def test_the_shared_csv_files():
    countries = newsnlp.Gazetteer.from_csv(GAZETTEERS / "countries" / "countries.csv")
    cities = newsnlp.Gazetteer.from_csv(str(GAZETTEERS / "cities" / "cities.csv"))
    persons = newsnlp.Gazetteer.from_csv(GAZETTEERS / "persons" / "persons.csv")
    assert (len(countries), len(cities), len(persons)) == (250, 32847, 668)
    assert {"Maroc", "Royaume du Maroc", "MA", "المغرب"} <= set(countries["MAR"].aliases)
    assert persons["Q26036628"].name == "Nasser Bourita"
    everything = countries + cities + persons
    assert len(everything) == 250 + 32847 + 668
    total = everything.n_aliases + len(everything)
    assert 160_000 < total < 175_000
    assert everything.bad_rows == []


def test_csv_tsv_and_errors_naming_file_and_line(tmp_path):
    tsv = tmp_path / "places.tsv"
    tsv.write_text(
        "id\tname\ttype\taliases\n1\tTanger, la ville\tLOC\tTangier|طنجة\n", encoding="utf-8"
    )
    assert newsnlp.Gazetteer.from_csv(tsv)["1"] == Entity(
        "1", "Tanger, la ville", "LOC", ("Tangier", "طنجة")
    )
    semi = tmp_path / "places.txt"
    semi.write_text("id;name;aliases\n1;Rabat;Ribat/الرباط\n", encoding="utf-8")
    gaz = newsnlp.Gazetteer.from_csv(semi, delimiter=";", alias_separator="/")
    assert gaz["1"].aliases == ("Ribat", "الرباط")

    bad = DATA / "gazetteer_bad_rows.csv"
    with pytest.raises(
        newsnlp.InvalidArgumentError,
        match=rf"^{bad}:3: missing id \(every entity needs a non-empty id\)$",
    ):
        newsnlp.Gazetteer.from_csv(bad)
    gaz = newsnlp.Gazetteer.from_csv(bad, skip_bad_rows=True)
    assert [e.name for e in gaz] == ["Rabat", "Fès", "Tanger, la ville\ndu détroit"]
    assert [r.line for r in gaz.bad_rows] == [3, 5, 6, 7, 8, 9]
    messages = [r.message for r in gaz.bad_rows]
    assert messages[1] == f"{bad}:5: entity 'bad3' has an empty name"
    assert (
        messages[2]
        == f"{bad}:6: duplicate id 'ok1' with type 'ORG' conflicts with its earlier type 'LOC'"
    )
    assert messages[3] == f"{bad}:7: wrong column count: expected 4 fields, got 3"
    assert messages[4] == f"{bad}:8: bad quoting: text after the closing quote of a field"
    assert messages[5].startswith(f"{bad}:9: bad quoting: '\"' inside an unquoted field")

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("id,name\n1,Rabat\n2,Fès\n".encode("latin-1"))
    with pytest.raises(
        newsnlp.InvalidArgumentError, match=r"latin1.csv:3: name is not valid UTF-8"
    ):
        newsnlp.Gazetteer.from_csv(latin1)


def test_missing_file_is_an_io_error_naming_it(tmp_path):
    missing = tmp_path / "nope.csv"
    with pytest.raises(newsnlp.NewsnlpIOError, match=r"nope\.csv") as info:
        newsnlp.Gazetteer.from_csv(missing)
    assert info.value.path == str(missing)
    assert isinstance(info.value, OSError)
    with pytest.raises(newsnlp.NewsnlpIOError) as info:
        newsnlp.Gazetteer.from_jsonl(tmp_path / "nope.jsonl")
    assert info.value.path == str(tmp_path / "nope.jsonl")


def test_jsonl(tmp_path):
    path = tmp_path / "entities.jsonl"
    lines = [
        json.dumps({"id": "org:daech", "name": "État islamique", "type": "ORG",
                    "aliases": ["Daech", {"text": "EI", "case": "exact"}, "داعش"]}),
        "",
        json.dumps({"id": "loc:maroc", "name": "Maroc", "type": "LOC",
                    "aliases": "Morocco|المغرب"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "x", "name": ""}),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(newsnlp.InvalidArgumentError, match=rf"^{path}:4: not a JSON object"):
        newsnlp.Gazetteer.from_jsonl(path)
    gaz = newsnlp.Gazetteer.from_jsonl(path, skip_bad_rows=True)
    assert [e.id for e in gaz] == ["org:daech", "loc:maroc"]
    assert gaz["org:daech"].aliases == ("Daech", "EI", "داعش")
    assert gaz.to_records()[0]["aliases"][1] == {"text": "EI", "case": "exact"}
    assert [r.line for r in gaz.bad_rows] == [4, 5, 6]
    assert gaz.bad_rows[2].message == f"{path}:6: entity 'x' has an empty name"
    path.write_text("\n".join(lines[:3] + lines[5:]) + "\n", encoding="utf-8")
    with pytest.raises(
        newsnlp.InvalidArgumentError, match=rf"^{path}:4: entity 'x' has an empty name"
    ):
        newsnlp.Gazetteer.from_jsonl(path)


def test_adding_gazetteers():
    a = newsnlp.Gazetteer.from_records([("MAR", "Maroc", "LOC", ["Morocco"])])
    b = newsnlp.Gazetteer.from_records(
        [("FRA", "France", "LOC"), ("MAR", "Maroc", "LOC", ["المغرب"])]
    )
    both = a + b
    assert [e.id for e in both] == ["MAR", "FRA"]
    assert both["MAR"].aliases == ("Morocco", "المغرب")
    assert len(a) == 1 and a["MAR"].aliases == ("Morocco",)  # operands unchanged
    c = newsnlp.Gazetteer.from_records([("MAR", "Maroc", "country")])
    with pytest.raises(newsnlp.InvalidArgumentError, match="duplicate id 'MAR'"):
        a + c


def test_pickles_with_bad_rows():
    gaz = newsnlp.Gazetteer.from_records(
        [("a", "A", "T", [("AA", "exact"), "x"]), ("", "B")], skip_bad_rows=True
    )
    back = pickle.loads(pickle.dumps(gaz))
    assert list(back) == list(gaz)
    assert back.to_records() == gaz.to_records()
    assert back.bad_rows == gaz.bad_rows
