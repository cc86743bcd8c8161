"""Tokenizer, Doc, Token and Span: pinned cases shared with the C++ suite, kinds, norms,
sentences, stop words, options and the Doc API."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from shared_data import token_cases

import newsnlp
from newsnlp import Tokenizer

PINNED = token_cases("tokenizer_cases.jsonl")


def texts(doc: newsnlp.Doc) -> list[str]:
    return [t.text for t in doc]


def test_pinned_cases_file_is_not_empty():
    assert len(PINNED) >= 30


@pytest.mark.parametrize(("lang", "text", "expected"), PINNED)
def test_pinned_case(lang, text, expected):
    doc = Tokenizer(lang)(text)
    assert texts(doc) == expected
    for t in doc:
        assert text[t.start : t.end] == t.text


# --- the real-article sentence of the issue, with exact offsets --------------------------

ARTICLE = (
    "Le secrétaire d’État américain a, en outre, « remercié le ministre des Affaires "
    "étrangères pour l’accueil par le Royaume du Maroc de la réunion ministérielle »."
)
ARTICLE_TOKENS = [
    ("Le", 0, 2), ("secrétaire", 3, 13), ("d’", 14, 16), ("État", 16, 20),
    ("américain", 21, 30), ("a", 31, 32), (",", 32, 33), ("en", 34, 36), ("outre", 37, 42),
    (",", 42, 43), ("«", 44, 45), ("remercié", 46, 54), ("le", 55, 57), ("ministre", 58, 66),
    ("des", 67, 70), ("Affaires", 71, 79), ("étrangères", 80, 90), ("pour", 91, 95),
    ("l’", 96, 98), ("accueil", 98, 105), ("par", 106, 109), ("le", 110, 112),
    ("Royaume", 113, 120), ("du", 121, 123), ("Maroc", 124, 129), ("de", 130, 132),
    ("la", 133, 135), ("réunion", 136, 143), ("ministérielle", 144, 157), ("»", 158, 159),
    (".", 159, 160),
]  # fmt: skip


def test_article_sentence_tokens_and_offsets():
    doc = Tokenizer("fr")(ARTICLE)
    assert [(t.text, t.start, t.end) for t in doc] == ARTICLE_TOKENS
    assert doc.offsets.tolist() == [[s, e] for _, s, e in ARTICLE_TOKENS]
    assert [s.text for s in doc.sentences] == [ARTICLE]
    assert (doc.sentences[0].start, doc.sentences[0].end) == (0, len(ARTICLE))
    norms = doc.norms
    assert norms[2] == "d'" and norms[3] == "état" and norms[18] == "l'"
    assert norms[10] == '"' and norms[29] == '"'  # guillemets unified


# --- kinds ---------------------------------------------------------------------------------


def test_token_kinds():
    text = "Voir 42 , € 😀 https://www.example.org/a presse@example.ma @NBourita #COP28"
    doc = Tokenizer("xx")(text)
    assert [(t.text, t.kind) for t in doc] == [
        ("Voir", "word"),
        ("42", "number"),
        (",", "punct"),
        ("€", "symbol"),
        ("😀", "emoji"),
        ("https://www.example.org/a", "url"),
        ("presse@example.ma", "email"),
        ("@NBourita", "mention"),
        ("#COP28", "hashtag"),
    ]


def test_kinds_array_indexes_token_kinds():
    doc = Tokenizer("xx")("Il a 3 chats 🐱.")
    assert doc.kinds.dtype == np.uint8
    assert doc.kinds.shape == (len(doc),)
    assert [newsnlp.tokenizer.KINDS[k] for k in doc.kinds] == [t.kind for t in doc]
    assert set(newsnlp.tokenizer.KINDS) == {
        "word", "number", "punct", "symbol", "emoji", "url", "email", "mention", "hashtag"
    }  # fmt: skip


# --- norms ---------------------------------------------------------------------------------


def test_norms_case_fold():
    assert Tokenizer("fr")("ÉTATS-UNIS Straße").norms == ["états-unis", "strasse"]


def test_norms_keep_case_when_asked():
    assert Tokenizer("fr", lowercase=False)("Maroc").norms == ["Maroc"]


def test_norms_fold_accents():
    assert Tokenizer("fr", fold_accents=True)("ÉTATS-Unis Élysée çà").norms == [
        "etats-unis",
        "elysee",
        "ca",
    ]
    # off by default
    assert Tokenizer("fr")("Élysée").norms == ["élysée"]


def test_norms_unify_punctuation():
    doc = Tokenizer("fr")("« l’accueil »")
    assert doc.norms == ['"', "l'", "accueil", '"']
    assert Tokenizer("fr", unify_punctuation=False)("l’accueil").norms[0] == "l’"


def test_norms_arabic_folding():
    # tashkeel removed, alef variants (أ إ آ) unified to ا, tatweel removed
    doc = Tokenizer("ar")("مُحَمَّد أحمد إسلام آمن كـــتاب")
    assert doc.norms == ["محمد", "احمد", "اسلام", "امن", "كتاب"]
    assert Tokenizer("ar", fold_arabic=False)("أحمد").norms == ["أحمد"]


def test_number_norm_drops_digit_group_spaces():
    doc = Tokenizer("fr")("1\u202f000 habitants, 2\u00a0806 morts")
    assert [(t.text, t.kind, t.norm) for t in doc if t.kind == "number"] == [
        ("1\u202f000", "number", "1000"),
        ("2\u00a0806", "number", "2806"),
    ]


def test_tokenizer_normalize_matches_token_norm():
    tok = Tokenizer("fr", fold_accents=True)
    assert tok.normalize("L’ÉTAT") == "l'etat"
    assert newsnlp.normalize("ÉTATS-UNIS", fold_accents=True) == "etats-unis"


# --- sentences -----------------------------------------------------------------------------


def test_abbreviation_does_not_end_sentence():
    doc = Tokenizer("fr")("M. Bourita est arrivé. Il a parlé.")
    assert [s.text for s in doc.sentences] == ["M. Bourita est arrivé.", "Il a parlé."]
    assert [len(s) for s in doc.sentences] == [5, 4]


def test_closing_guillemet_stays_in_sentence():
    doc = Tokenizer("fr")("« C’est fini. » Il est parti.")
    assert [s.text for s in doc.sentences] == ["« C’est fini. »", "Il est parti."]


def test_sentences_tokens_cover_doc_in_order():
    doc = Tokenizer("en")("The U.S. said so. Mr. Smith agreed! Did he? Yes.")
    flat = [t.i for s in doc.sentences for t in s]
    assert flat == list(range(len(doc)))
    for s in doc.sentences:
        assert s.text == doc.text[s.start : s.end]
        assert s.start == s.tokens[0].start and s.end == s.tokens[-1].end
    assert len(doc.sentences) == 4


def test_user_abbreviations():
    text = "Voir le chap. Deux est là."
    assert len(Tokenizer("fr")(text).sentences) == 2
    doc = Tokenizer("fr", abbreviations=["chap"])(text)
    assert [s.text for s in doc.sentences] == [text]
    assert "chap." in texts(doc)


# --- stop words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "stop", "content"),
    [("fr", "le", "ministre"), ("en", "the", "minister"), ("ar", "في", "وزير")],
)
def test_builtin_stop_words(lang, stop, content):
    words = newsnlp.builtin_stop_words(lang)
    assert isinstance(words, frozenset) and len(words) > 100
    assert stop in words and content not in words
    tok = Tokenizer(lang)
    assert tok.is_stop_word(stop) and not tok.is_stop_word(content)
    doc = tok(f"{stop} {content}")
    assert [t.is_stop for t in doc] == [True, False]


def test_builtin_stop_words_unknown_lang():
    with pytest.raises(ValueError, match="no built-in stop-word list"):
        newsnlp.builtin_stop_words("xx")


def test_stop_words_none():
    doc = Tokenizer("fr", stop_words=None)("le chat et la souris")
    assert not any(t.is_stop for t in doc)


def test_stop_words_user_list_replaces_builtin():
    doc = Tokenizer("fr", stop_words=["chat"])("le chat et la souris")
    assert [t.is_stop for t in doc] == [False, True, False, False, False]


def test_extra_stop_words_add_to_builtin_and_are_normalized():
    doc = Tokenizer("fr", extra_stop_words=["Chat"])("le chat et la souris")
    assert [t.is_stop for t in doc] == [True, True, True, True, False]
    assert doc.to_frame()["is_stop"].tolist() == [True, True, True, True, False]


# --- options -------------------------------------------------------------------------------


def test_split_elisions_off():
    assert texts(Tokenizer("fr", split_elisions=False)("l’accueil")) == ["l’accueil"]


def test_split_clitics_off():
    tok = Tokenizer("fr", split_clitics=False)
    assert texts(tok("viendra-t-il dis-moi")) == ["viendra-t-il", "dis-moi"]


def test_sentences_off():
    doc = Tokenizer("fr", sentences=False)("Il pleut. Il vente.")
    assert doc.sentences == []
    assert len(doc) == 6


# --- Doc API -------------------------------------------------------------------------------


@pytest.fixture
def doc():
    return Tokenizer("fr")("Le chat d’État dort. Il rêve 😀.")


def test_doc_len_and_iteration(doc):
    assert len(doc) == 10
    tokens = list(doc)
    assert [t.i for t in tokens] == list(range(10))
    assert texts(doc) == [t.text for t in doc.tokens]


def test_doc_indexing(doc):
    assert doc[0].text == "Le"
    assert doc[-1].text == "." and doc[-1].i == len(doc) - 1
    assert doc[-len(doc)].text == "Le"
    with pytest.raises(IndexError, match="out of range"):
        doc[len(doc)]
    with pytest.raises(IndexError, match="out of range"):
        doc[-len(doc) - 1]


def test_doc_slices(doc):
    assert [t.text for t in doc[1:4]] == ["chat", "d’", "État"]
    assert [t.text for t in doc[-2:]] == ["😀", "."]
    assert [t.i for t in doc[::3]] == [0, 3, 6, 9]
    assert doc[5:2] == []


def test_doc_offsets_array(doc):
    assert doc.offsets.shape == (len(doc), 2)
    assert np.issubdtype(doc.offsets.dtype, np.integer)
    assert all(doc.text[s:e] == t.text for (s, e), t in zip(doc.offsets.tolist(), doc))


def test_doc_byte_offsets_index_utf8(doc):
    raw = doc.text.encode("utf-8")
    assert doc.byte_offsets.shape == (len(doc), 2)
    assert [raw[s:e].decode("utf-8") for s, e in doc.byte_offsets.tolist()] == texts(doc)
    assert not np.array_equal(doc.byte_offsets, doc.offsets)  # é, ’ and 😀 are multi-byte


def test_empty_doc():
    doc = Tokenizer("fr")("")
    assert len(doc) == 0 and list(doc) == [] and doc.sentences == []
    assert doc.offsets.shape == (0, 2)
    assert doc.norms == []


def test_doc_to_frame(doc):
    pytest.importorskip("pandas")
    frame = doc.to_frame()
    assert list(frame.columns) == ["text", "start", "end", "kind", "norm", "is_stop", "sentence"]
    assert len(frame) == len(doc)
    assert frame["text"].tolist() == texts(doc)
    assert frame["norm"].tolist() == doc.norms
    assert frame["sentence"].tolist() == [0] * 6 + [1] * 4
    assert frame["kind"].tolist()[-2:] == ["emoji", "punct"]


def test_doc_repr_html_escapes():
    doc = Tokenizer("en")("<script>alert('x')</script> & co.")
    html = doc._repr_html_()
    assert "<script>" not in html
    assert "&lt;" in html and "&amp;" in html
    assert html.startswith("<div") and html.endswith("</div>")


def test_reprs():
    tok = Tokenizer("fr")
    doc = tok("Il pleut. Il vente.")
    assert repr(doc) == "Doc('Il pleut. Il vente.', 6 tokens, 2 sentences)"
    assert repr(doc[1]) == "Token('pleut', 3:8, word, norm='pleut')"
    assert repr(doc.sentences[1]) == "Span('Il vente.', 10:19)"
    assert repr(tok) == "Tokenizer(lang='fr')"
    assert repr(Tokenizer("ar", fold_arabic=False, stop_words=None)) == (
        "Tokenizer(lang='ar', fold_arabic=False, stop_words=None)"
    )
    long = tok("x" * 100)
    assert repr(long).startswith("Doc('" + "x" * 57 + "...'")


# --- Tokenizer value semantics -------------------------------------------------------------


def test_get_params():
    tok = Tokenizer("fr", stop_words=("a", "b"), abbreviations=["chap"])
    params = tok.get_params()
    assert params["lang"] == "fr" and tok.lang == "fr"
    assert params["stop_words"] == ["a", "b"]
    assert params["abbreviations"] == ["chap"]
    assert params["normalization"] == "NFKC"
    params["lang"] = "en"  # a copy: the tokenizer is not changed
    assert tok.lang == "fr"
    assert Tokenizer(**tok.get_params()) == tok


def test_pickle_roundtrip_and_equality():
    tok = Tokenizer("fr", fold_accents=True, extra_stop_words=["chat"], abbreviations=["chap"])
    copy = pickle.loads(pickle.dumps(tok))
    assert copy == tok and hash(copy) == hash(tok)
    assert copy.get_params() == tok.get_params()
    text = "Le chap. Deux : l’État et le chat."
    assert copy(text).norms == tok(text).norms
    assert [t.is_stop for t in copy(text)] == [t.is_stop for t in tok(text)]
    assert tok != Tokenizer("fr")
    assert Tokenizer("fr") == Tokenizer("fr")
    assert Tokenizer("fr") != "Tokenizer(lang='fr')"


def test_doc_outlives_tokenizer():
    doc = Tokenizer("fr", stop_words=["chat"])("le chat")
    import gc

    gc.collect()
    assert [t.is_stop for t in doc] == [False, True]


def test_doc_pickles_by_text_and_tokenizer():
    import pickle

    tok = newsnlp.Tokenizer("fr", fold_accents=True)
    doc = tok("« C’est fini. » M. Bourita a quitté l’État.")
    again = pickle.loads(pickle.dumps(doc))
    assert again.text == doc.text
    assert [(t.text, t.start, t.end, t.kind, t.norm) for t in again] == [
        (t.text, t.start, t.end, t.kind, t.norm) for t in doc
    ]
    assert [s.text for s in again.sentences] == [s.text for s in doc.sentences]


def test_norm_is_never_empty():
    tok = newsnlp.Tokenizer("ar")
    for text in ["ـــ", "\u064b", "\u0670"]:
        doc = tok(text)
        assert [t.norm for t in doc] == [t.text for t in doc]
        assert all(t.norm for t in doc)


def test_normalization_name_is_case_insensitive():
    assert newsnlp.Tokenizer("fr", normalization="nfc") == newsnlp.Tokenizer(
        "fr", normalization="NFC"
    )
    assert "nfc" not in repr(newsnlp.Tokenizer("fr", normalization="nfc"))


def test_get_params_has_scikit_learns_signature():
    tok = newsnlp.Tokenizer("ar", fold_accents=True)
    assert tok.get_params(deep=True) == tok.get_params(deep=False) == tok.get_params()
    assert newsnlp.Tokenizer(**tok.get_params()) == tok
