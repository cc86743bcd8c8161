"""Errors: invalid UTF-8, lone surrogates, wrong types, bad parameters; and the edges of
input size (empty, 100 MB, one 10 MB word)."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

import newsnlp
from newsnlp import InvalidUtf8Error, Tokenizer

TOK = Tokenizer("fr")

# (bytes, offset of the first bad byte, what the message names)
INVALID = [
    pytest.param(b"\xc0\xaf", 0, "0xC0", id="overlong"),
    pytest.param(b"ab\xed\xa0\x80", 2, "0xED", id="encoded surrogate"),
    pytest.param(b"\xff", 0, "0xFF", id="0xFF"),
    pytest.param(b"caf\xc3", 3, "0xC3", id="truncated"),
    pytest.param(b"x\x80y", 1, "0x80", id="stray continuation"),
    pytest.param(b"ok \xf4\x90\x80\x80", 3, "0xF4", id="above U+10FFFF"),
    pytest.param("été ".encode() + b"\xe2\x82", 6, "0xE2", id="truncated after non-ASCII"),
]


@pytest.mark.parametrize(("raw", "offset", "byte"), INVALID)
def test_invalid_utf8_raises_with_byte_offset(raw, offset, byte):
    with pytest.raises(InvalidUtf8Error, match=f"byte {offset} .*{byte}") as info:
        TOK(raw)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, newsnlp.NewsnlpError)
    assert info.value.byte_offset == offset
    assert info.value.document is None


@pytest.mark.parametrize(("raw", "offset", "byte"), INVALID)
def test_invalid_utf8_in_boundaries_and_normalize(raw, offset, byte):
    for fn in (newsnlp.word_boundaries, newsnlp.sentence_boundaries, newsnlp.normalize):
        with pytest.raises(InvalidUtf8Error) as info:
            fn(raw)
        assert info.value.byte_offset == offset


@pytest.mark.parametrize(("raw", "offset", "byte"), INVALID)
def test_errors_replace_decodes_like_python(raw, offset, byte):
    expected = raw.decode("utf-8", "replace")
    doc = TOK(raw, errors="replace")
    assert doc.text == expected
    for t in doc:
        assert expected[t.start : t.end] == t.text
    assert newsnlp.word_boundaries(raw, errors="replace")[-1] == len(expected)


def test_replace_keeps_valid_bytes_and_offsets():
    doc = TOK(b"caf\xc3 \xc3\xa9t\xc3\xa9", errors="replace")
    assert doc.text == "caf\ufffd été"
    assert [(t.text, t.start, t.end) for t in doc][-1] == ("été", 5, 8)


def test_pipe_error_names_the_document():
    texts = ["ok"] * 7
    texts[5] = b"bad \xff"
    for n_jobs in (1, 2):
        with pytest.raises(InvalidUtf8Error, match=r"^document 5: invalid UTF-8 at byte 4") as info:
            TOK.pipe(texts, batch_size=2, n_jobs=n_jobs)
        assert info.value.document == 5
        assert info.value.byte_offset == 4


def test_pipe_error_index_counts_across_batches_of_a_generator():
    texts = (b"\xff" if i == 5 else f"doc {i}" for i in range(9))
    with pytest.raises(InvalidUtf8Error, match="document 5") as info:
        TOK.pipe(texts, batch_size=2)
    assert info.value.document == 5


def test_pipe_errors_replace():
    docs = TOK.pipe(["a", b"b\xffc"], errors="replace")
    assert [d.text for d in docs] == ["a", "b\ufffdc"]


def test_lone_surrogate_raises_unicode_encode_error():
    with pytest.raises(UnicodeEncodeError, match=r"errors='replace'") as info:
        TOK("a\ud800b")
    assert info.value.start == 1
    assert isinstance(info.value, newsnlp.LoneSurrogateError)
    assert isinstance(info.value, newsnlp.NewsnlpError)  # as the README promises
    with pytest.raises(UnicodeEncodeError, match=r"document 2: .*errors='replace'"):
        TOK.pipe(["a", "b", "c\udfff"])


def test_lone_surrogate_replaced_keeps_offsets():
    text = "été\ud800 là \udc00x"
    doc = TOK(text, errors="replace")
    assert doc.text == "été\ufffd là \ufffdx"
    assert len(doc.text) == len(text)
    for t in doc:
        assert doc.text[t.start : t.end] == t.text
    assert ("là", 5, 7) in [(t.text, t.start, t.end) for t in doc]
    assert newsnlp.word_boundaries(text, errors="replace")[-1] == len(text)


@pytest.mark.parametrize("bad", [None, 3, 1.5, ["a"]])
def test_non_text_items_raise_type_error_naming_the_index(bad):
    with pytest.raises(
        TypeError, match=f"document 1: expected str or bytes, got {type(bad).__name__}"
    ):
        TOK.pipe(["a", bad, "c"])


def test_non_text_single_input_raises_type_error():
    with pytest.raises(TypeError, match="expected str or bytes, got NoneType"):
        TOK(None)


@pytest.mark.parametrize("single", ["un texte", b"un texte"])
def test_pipe_rejects_a_single_text(single):
    with pytest.raises(TypeError, match="iterable of texts, not a single str"):
        TOK.pipe(single)


BAD_PARAMS = [
    pytest.param(lambda: Tokenizer("de"), "unknown language 'de'", id="lang"),
    pytest.param(
        lambda: Tokenizer("fr", normalization="NFD"),
        re.escape("normalization must be 'NFKC', 'NFC' or 'none' (got 'NFD')"),
        id="normalization",
    ),
    pytest.param(lambda: TOK.pipe(["a"], n_jobs=0), "n_jobs must not be 0", id="n_jobs"),
    pytest.param(
        lambda: TOK("a", errors="ignore"),
        re.escape("errors must be 'strict' or 'replace' (got 'ignore')"),
        id="errors",
    ),
    pytest.param(
        lambda: TOK.pipe(["a"], errors="ignore"),
        "errors must be 'strict' or 'replace'",
        id="pipe errors",
    ),
    pytest.param(
        lambda: newsnlp.word_boundaries("a", errors="ignore"),
        "errors must be",
        id="boundaries errors",
    ),
    pytest.param(
        lambda: TOK.pipe(["a"], batch_size=0),
        re.escape("batch_size must be >= 1 (got 0)"),
        id="batch_size",
    ),
    pytest.param(
        lambda: Tokenizer("en", stop_words="english"),
        re.escape("stop_words must be 'builtin', None or a list of words (got 'english')"),
        id="stop_words",
    ),
    pytest.param(
        lambda: newsnlp.normalize("a", normalization="NFD"),
        "normalization must be",
        id="normalize",
    ),
]


@pytest.mark.parametrize(("call", "message"), BAD_PARAMS)
def test_bad_parameters_raise_value_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_empty_text():
    for text in ("", b""):
        doc = TOK(text)
        assert len(doc) == 0 and doc.sentences == [] and doc.text == ""
    assert TOK("  \n\t ").sentences == []
    assert TOK.pipe([]) == []


@pytest.mark.slow  # about 5 s on 2 cores, and 2 GB of memory at peak
def test_100_mb_document():
    unit = "Les négociations internationales reprendront à Rabat. "  # 7 tokens, 1 sentence
    n = 100_000_000 // len(unit.encode("utf-8"))
    text = unit * n
    assert len(text.encode("utf-8")) > 99_000_000
    started = time.perf_counter()
    doc = TOK(text)
    elapsed = time.perf_counter() - started
    # vectorized: millions of Token objects would cost more than the tokenizer
    assert len(doc) == 7 * n
    assert np.array_equal(doc.offsets[::7, 0], np.arange(n) * len(unit))
    assert np.array_equal(doc.offsets[6::7, 1], np.arange(1, n + 1) * len(unit) - 1)
    kinds = np.bincount(doc.kinds, minlength=len(newsnlp.tokenizer.KINDS))
    assert kinds[newsnlp.tokenizer.KINDS.index("punct")] == n
    assert kinds[newsnlp.tokenizer.KINDS.index("word")] == 6 * n
    assert doc._core.sentences().shape == (n, 4)
    assert doc[-2].text == "Rabat" and doc[-2].norm == "rabat"
    assert elapsed < 60, f"100 MB took {elapsed:.1f} s"


@pytest.mark.parametrize(
    ("word", "kind"),
    [("a", "word"), ("é", "word"), ("ب", "word"), ("7", "number")],
)
def test_10_mb_single_word(word, kind):
    text = word * 10_000_000
    doc = TOK(text)
    assert len(doc) == 1
    assert (doc[0].start, doc[0].end, doc[0].kind) == (0, len(text), kind)
    assert len(doc[0].norm) == len(text)
    assert len(doc.sentences) == 1


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_jobs": 0}, "n_jobs must not be 0"),
        ({"errors": "ignore"}, "errors must be 'strict' or 'replace'"),
    ],
)
def test_pipe_checks_parameters_even_without_texts(kwargs, message):
    with pytest.raises(ValueError, match=message):
        newsnlp.Tokenizer("fr").pipe([], **kwargs)


def test_invalid_utf8_message_points_to_errors_replace():
    with pytest.raises(newsnlp.InvalidUtf8Error, match='errors="replace"'):
        newsnlp.Tokenizer("fr")(b"\xff")
