"""Real news corpora from the shared data folder: every document of Reuters-21578 (en),
OrangeSum (fr) and SaudiNewsNet (ar) tokenizes with offsets that index the original str."""

from __future__ import annotations

import unicodedata

import numpy as np
import pytest
from shared_data import CORPORA, SHARED, corpus_texts

import newsnlp

SUBSET = 1500  # documents compared across n_jobs values

pytestmark = pytest.mark.slow


def _gap_char(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) in ("Zs", "Zl", "Zp", "Cc", "Cf")


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request):
    lang = request.param
    path = SHARED / CORPORA[lang][0]
    if not path.exists():
        pytest.skip(f"{path} is missing")
    texts = corpus_texts(lang)
    assert len(texts) > 1000, f"{path}: only {len(texts)} documents"
    tok = newsnlp.Tokenizer(lang)
    return lang, tok, texts, tok.pipe(texts, n_jobs=2)


def test_every_token_indexes_the_original_text(corpus):
    lang, _, texts, docs = corpus
    assert len(docs) == len(texts)
    n_tokens = 0
    gap_chars: set[str] = set()
    for text, doc in zip(texts, docs):
        assert doc.text == text
        offsets = doc.offsets.tolist()
        n_tokens += len(offsets)
        by_code_point = [text[s:e] for s, e in offsets]
        # byte offsets come from C++ untouched: an independent check of the conversion
        raw = text.encode("utf-8")
        by_byte = [raw[s:e].decode("utf-8") for s, e in doc.byte_offsets.tolist()]
        assert by_code_point == by_byte
        if offsets:
            flat = doc.offsets.ravel()
            # non-empty, non-overlapping, ascending: start < end <= next start
            assert np.all(flat[1:] >= flat[:-1]) and np.all(doc.offsets[:, 1] > doc.offsets[:, 0])
            assert flat[-1] <= len(text)
            ends = [0, *doc.offsets[:, 1].tolist()]
            starts = [*doc.offsets[:, 0].tolist(), len(text)]
            gap_chars.update("".join(text[e:s] for e, s in zip(ends, starts)))
        else:
            gap_chars.update(text)
    # nothing but white space, controls and format characters is left out of the tokens
    dropped = sorted(c for c in gap_chars if not _gap_char(c))
    assert not dropped, f"{lang}: characters outside every token: {dropped!r}"
    assert n_tokens > 500_000


def test_sentences_cover_all_tokens_in_order(corpus):
    lang, _, _, docs = corpus
    for k, doc in enumerate(docs):
        rows = doc._core.sentences()  # (start, end, token_start, token_end) per sentence
        if len(doc) == 0:
            assert rows.shape[0] == 0
            continue
        assert rows[0, 2] == 0 and rows[-1, 3] == len(doc), (lang, k)
        assert np.all(rows[1:, 2] == rows[:-1, 3]), (lang, k)  # contiguous
        assert np.all(rows[:, 3] > rows[:, 2]), (lang, k)  # none empty
        # a sentence spans from its first token's start to its last token's end
        assert np.array_equal(rows[:, 0], doc.offsets[rows[:, 2], 0]), (lang, k)
        assert np.array_equal(rows[:, 1], doc.offsets[rows[:, 3] - 1, 1]), (lang, k)


def _summary(doc: newsnlp.Doc) -> tuple:
    return doc.offsets.tolist(), doc.kinds.tolist(), doc.norms, doc._core.sentences().tolist()


def test_results_do_not_depend_on_n_jobs(corpus):
    _, tok, texts, docs = corpus
    subset = texts[:SUBSET]
    serial = tok.pipe(subset, n_jobs=1)
    assert [_summary(d) for d in serial] == [_summary(d) for d in docs[:SUBSET]]
