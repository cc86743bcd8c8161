"""Offsets are code points into the original str: golden cases of tests/data/offsets.jsonl
(shared with the C++ suite) and a hypothesis property over arbitrary text."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shared_data import token_cases

import newsnlp

LANGS = ("xx", "fr", "en", "ar")
TOKENIZERS = {lang: newsnlp.Tokenizer(lang) for lang in LANGS}

# Spaces a number token may contain as a digit-group separator ("1 000").
NUMBER_SPACES = frozenset("\u00a0\u202f\u2009\u2007")


GOLDEN = token_cases("offsets.jsonl")


def test_golden_file_covers_the_hard_cases():
    notes = " ".join(p.id for p in GOLDEN)
    for needle in (
        "composed",
        "decomposed",
        "CJK",
        "skin",
        "ZWJ",
        "flag",
        "tashkeel",
        "astral",
        "NUL",
        "CRLF",
    ):
        assert needle in notes


@pytest.mark.parametrize(("lang", "text", "expected"), GOLDEN)
def test_golden_offsets(lang, text, expected):
    doc = TOKENIZERS[lang](text)
    assert [t.text for t in doc] == expected
    for t in doc:
        assert text[t.start : t.end] == t.text
    # byte offsets index the UTF-8 encoding of the same text
    raw = text.encode("utf-8")
    assert [raw[s:e].decode("utf-8") for s, e in doc.byte_offsets.tolist()] == expected


def test_code_point_offsets_of_long_texts_are_pythons():
    # Long enough for the 16-bytes-at-a-time count of the byte -> code point conversion.
    text = "Le Maroc — المغرب 🇲🇦 l’État, naïve façade. " * 40 + "fin"
    doc = TOKENIZERS["fr"](text)
    raw = text.encode("utf-8")
    for (start, end), (b, e) in zip(doc.offsets.tolist(), doc.byte_offsets.tolist()):
        assert (start, end) == (len(raw[:b].decode("utf-8")), len(raw[:e].decode("utf-8")))


def test_offsets_count_code_points_not_utf16_units():
    # 𝔘 is one code point but two UTF-16 units: "est" starts at 7, not 8
    doc = TOKENIZERS["fr"]("Puis 𝔘 est venu.")
    assert [(t.text, t.start, t.end) for t in doc][:3] == [
        ("Puis", 0, 4),
        ("𝔘", 5, 6),
        ("est", 7, 10),
    ]


def test_offsets_count_code_points_not_graphemes():
    doc = TOKENIZERS["xx"]("cafe\u0301 x")
    assert [(t.start, t.end) for t in doc] == [(0, 5), (6, 7)]


def _gap_char(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def check_invariants(text: str) -> None:
    for lang, tok in TOKENIZERS.items():
        doc = tok(text)
        prev = 0
        for t in doc:
            start, end = t.start, t.end
            assert prev <= start < end <= len(text), (lang, text, start, end)
            assert text[start:end] == t.text
            gap = text[prev:start]
            assert all(map(_gap_char, gap)), f"{lang}: {gap!r} dropped between tokens of {text!r}"
            for c in t.text:
                if c.isspace():
                    assert t.kind == "number" and c in NUMBER_SPACES, (lang, text, t.text, t.kind)
            prev = end
        assert all(map(_gap_char, text[prev:])), (
            f"{lang}: {text[prev:]!r} dropped at the end of {text!r}"
        )
        # sentences: contiguous token runs covering every token in order
        next_token = 0
        for s in doc.sentences:
            assert s.token_start == next_token and s.token_end > s.token_start
            assert text[s.start : s.end] == s.text
            next_token = s.token_end
        assert next_token == len(doc)


# Characters news rules care about: apostrophes, hyphens, @ # . , no-break spaces, emoji
# parts (ZWJ, VS16, skin tone, regional indicators), Arabic with tashkeel, tatweel and alef
# variants, combining marks, digits.
INTERESTING = list(
    "’'´ʼ‘-‐‑–—@#.,:;!?/%€«»\"() \t\n\r\u00a0\u202f\u2009\u2007\u200b\u200d\ufe0f\ufeff"
    "\U0001f3fd\U0001f1f2\U0001f1e6😀👍👨مُحَمَّدـأإآ\u0301\u0327\u064b\u0670019٢٫éÉaZwhtp"
)
FRAGMENTS = [
    "l’", "qu'", "https://a.b/c?d=1", "www.x.org", "a@b.co", "@x", "#y", "1 000", "2\u202f806",
    "M.", "e.g.", "etc.", " ", "\n", "viendra-t-il", "aujourd’hui", "😀", "🇲🇦", "👨\u200d👩",
    "\u0301", "ـ", "٫", ",5", "»", "« ",
]  # fmt: skip

any_text = st.text(st.characters(blacklist_categories=("Cs",)))
news_text = st.one_of(
    st.text(st.sampled_from(INTERESTING), max_size=50),
    st.lists(st.sampled_from(FRAGMENTS + INTERESTING), max_size=25).map("".join),
)
# derandomize: the same examples on every run (deterministic CI); no example database.
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(any_text)
def test_invariants_on_any_text(text):
    check_invariants(text)


@PROPERTY
@given(news_text)
def test_invariants_on_news_like_text(text):
    check_invariants(text)
