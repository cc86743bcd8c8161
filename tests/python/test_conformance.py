"""newsnlp.word_boundaries / sentence_boundaries against Unicode's UAX #29 conformance
files (WordBreakTest.txt, SentenceBreakTest.txt) for the Unicode version of the linked ICU."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from shared_data import SHARED

import newsnlp

UNICODE_DATA = SHARED / "unicode" / newsnlp.unicode_version


@dataclass
class BreakCase:
    line_number: int
    source: str  # the line without its comment, e.g. "÷ 0061 × 0062 ÷"
    text: str
    boundaries: list[int]  # code-point offsets, 0 first and len(text) last
    joined: list[bool]  # per code point: "×" right before it


def read_break_tests(path: Path) -> list[BreakCase]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        source = line.split("#", 1)[0].strip()
        if not source:
            continue
        chars: list[str] = []
        boundaries: list[int] = []
        joined: list[bool] = []
        join_next = False
        for field in source.split():
            if field == "÷":
                boundaries.append(len(chars))
                join_next = False
            elif field == "×":
                join_next = True
            else:
                chars.append(chr(int(field, 16)))
                joined.append(join_next)
        cases.append(BreakCase(number, source, "".join(chars), boundaries, joined))
    return cases


COLONS = {"\u003a", "\ufe55", "\uff1a"}


def is_known_word_deviation(case: BreakCase) -> bool:
    """The list of tests/cpp/unicode_test_file.hpp: since ICU 72 (CLDR 42, which brought
    Unicode 15, the oldest version tested here) the colon and its compatibility forms are
    no MidLetter in the root locale, so "a:b" splits where WB6/WB7 join it. Affected: the
    cases that join a colon to what precedes it."""
    return any(c in COLONS and j for c, j in zip(case.text, case.joined))


def check_conformance(file_name: str, compute, is_deviation) -> None:
    path = UNICODE_DATA / file_name
    if not path.exists():
        pytest.skip(f"{path} is missing")
    cases = read_break_tests(path)
    assert len(cases) > 100, f"cannot read {path}"
    failures, still_deviating, no_longer = [], 0, []
    for case in cases:
        got = compute(case.text)
        if is_deviation(case):
            if got != case.boundaries:
                still_deviating += 1
            else:
                no_longer.append(f"line {case.line_number}: {case.source}")
        elif got != case.boundaries:
            failures.append(
                f"line {case.line_number}: {case.source} expected {case.boundaries} got {got}"
            )
    matched = len(cases) - still_deviating - len(no_longer) - len(failures)
    summary = (
        f"{file_name} (Unicode {newsnlp.unicode_version}): {matched} of {len(cases)} lines match, "
        f"{still_deviating} known ICU deviations, {len(failures)} failures, "
        f"{len(no_longer)} listed deviations that now match"
    )
    assert not failures, summary + "\n" + "\n".join(failures[:20])
    assert not no_longer, summary + " (remove them from the list)\n" + "\n".join(no_longer[:20])
    assert matched + still_deviating == len(cases), summary


def test_word_break_conformance():
    check_conformance("WordBreakTest.txt", newsnlp.word_boundaries, is_known_word_deviation)


def test_sentence_break_conformance():
    check_conformance("SentenceBreakTest.txt", newsnlp.sentence_boundaries, lambda case: False)


def test_reader_parses_the_format(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("# header\n÷ 0061 × 003A ÷ 1F600 ÷\t#  comment\n\n", encoding="utf-8")
    [case] = read_break_tests(f)
    assert case.line_number == 2
    assert case.text == "a:😀"
    assert case.boundaries == [0, 2, 3]
    assert case.joined == [False, True, False]
    assert is_known_word_deviation(case)


@pytest.mark.parametrize("fn", [newsnlp.word_boundaries, newsnlp.sentence_boundaries])
def test_empty_text_has_one_boundary(fn):
    assert fn("") == [0]
    assert fn(b"") == [0]


def test_offsets_are_code_points():
    assert newsnlp.word_boundaries("été là") == [0, 3, 4, 6]
    assert newsnlp.word_boundaries("a😀b") == [0, 1, 2, 3]
    assert newsnlp.word_boundaries("l’État") == [0, 6]  # plain UAX #29: no elision rule
    text = "Il a dit 😀. Puis 𝔘 est là."
    assert len(text) == 26 and len(text.encode("utf-8")) == 33
    assert newsnlp.sentence_boundaries(text) == [0, 12, 26]


def test_bytes_input_is_decoded_and_gives_code_points():
    text = "Le ministre est arrivé. Il a parlé à Fès."
    assert newsnlp.word_boundaries(text.encode("utf-8")) == newsnlp.word_boundaries(text)
    assert newsnlp.sentence_boundaries(text.encode("utf-8")) == [0, 24, len(text)]
    assert newsnlp.word_boundaries(bytearray("été".encode())) == [0, 3]


def test_ascii_offsets():
    assert newsnlp.sentence_boundaries("Il pleut. Il vente.") == [0, 10, 19]
    assert newsnlp.word_boundaries("a b") == [0, 1, 2, 3]
