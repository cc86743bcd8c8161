"""newsnlp's vectorizers against scikit-learn itself on the three news corpora: the same
feature names in the same order, the same sparsity pattern, values within 1e-12 (float64;
float32 within its own precision), the same fitted attributes, for fit_transform and for
transform on documents not seen in fit.

Every listed parameter combination runs on an evenly spread subsample of each corpus;
the defaults run on the full corpora."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from shared_data import CORPORA, SHARED, corpus_texts
from sklearn.feature_extraction import text as sk_text

import newsnlp

SUBSAMPLE = 500  # documents per corpus for the parameter combinations

TFIDF_COMBINATIONS = {
    "defaults": {},
    "ngram_1_2": {"ngram_range": (1, 2)},
    "ngram_1_3": {"ngram_range": (1, 3)},
    "ngram_2_2": {"ngram_range": (2, 2)},
    "min_df_int": {"min_df": 2},
    "max_df_int": {"max_df": 100},
    "min_df_float": {"min_df": 0.01},
    "max_df_float": {"max_df": 0.5},
    "min_max_df": {"min_df": 3, "max_df": 0.9},
    "max_features": {"max_features": 300},
    "max_features_bigrams": {"max_features": 1000, "ngram_range": (1, 2)},
    "sublinear_tf": {"sublinear_tf": True},
    "norm_l1": {"norm": "l1"},
    "norm_none": {"norm": None},
    "no_idf": {"use_idf": False},
    "no_smooth_idf": {"smooth_idf": False},
    "binary": {"binary": True},
    "binary_no_idf_no_norm": {"binary": True, "use_idf": False, "norm": None},
    "char": {"analyzer": "char", "ngram_range": (2, 4)},
    "char_1_3_lower_off": {"analyzer": "char", "ngram_range": (1, 3), "lowercase": False},
    "char_wb": {"analyzer": "char_wb", "ngram_range": (2, 5)},
    "strip_unicode": {"strip_accents": "unicode"},
    "strip_ascii": {"strip_accents": "ascii"},
    "char_wb_strip_unicode": {
        "analyzer": "char_wb",
        "ngram_range": (1, 3),
        "strip_accents": "unicode",
    },
    "stop_words_english": {"stop_words": "english"},
    "stop_words_list": {"stop_words": ["le", "la", "de", "the", "of", "في", "من"]},
    "single_char_tokens": {"token_pattern": r"(?u)\b\w+\b"},
    "lowercase_off": {"lowercase": False},
    "float32": {"dtype": np.float32},
}

COUNT_COMBINATIONS = {
    "defaults": {},
    "binary": {"binary": True},
    "int32": {"dtype": np.int32},
    "float64": {"dtype": np.float64},
    "max_features": {"max_features": 500},
    "max_features_float32": {"max_features": 200, "dtype": np.float32},
    "ngram_1_2_min_df": {"ngram_range": (1, 2), "min_df": 2},
    "char_wb": {"analyzer": "char_wb", "ngram_range": (3, 3)},
}

HASHING_COMBINATIONS = {
    "defaults": {},
    "no_alternate_sign": {"alternate_sign": False},
    "small_n_features": {"n_features": 2**10},
    "binary": {"binary": True, "n_features": 2**12},
    "norm_none": {"norm": None},
    "norm_l1_float32": {"norm": "l1", "dtype": np.float32},
    "bigrams": {"ngram_range": (1, 2), "n_features": 2**16},
    "char_wb": {"analyzer": "char_wb", "ngram_range": (2, 3)},
}


def _available(lang: str) -> bool:
    return (SHARED / CORPORA[lang][0]).exists()


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus(request):
    lang = request.param
    if not _available(lang):
        pytest.skip(f"{SHARED / CORPORA[lang][0]} is missing")
    texts = corpus_texts(lang)
    step = max(1, len(texts) // SUBSAMPLE)
    sample = texts[::step][:SUBSAMPLE]
    held_out = texts[1::step][: SUBSAMPLE // 5]
    return lang, texts, sample, held_out


def assert_same_matrix(ours, theirs, *, float32: bool = False) -> float:
    """Same type, shape, dtype and pattern; values within 1e-12 (1e-6 relative for
    float32). Returns the largest absolute difference."""
    assert type(ours) is type(theirs)
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    ours, theirs = ours.tocsr(), theirs.tocsr().copy()
    assert ours.has_sorted_indices
    theirs.sort_indices()  # scikit-learn leaves columns unsorted within rows
    np.testing.assert_array_equal(ours.indptr, theirs.indptr)
    np.testing.assert_array_equal(ours.indices, theirs.indices)
    if ours.nnz == 0:
        return 0.0
    diff = np.abs(ours.data.astype(np.float64) - theirs.data.astype(np.float64))
    if float32:
        np.testing.assert_allclose(ours.data, theirs.data, rtol=1e-6, atol=1e-7)
    else:
        assert diff.max() <= 1e-12, diff.max()
    return float(diff.max())


def _fit_both(ours_cls, theirs_cls, params, docs):
    ours, theirs = ours_cls(**params), theirs_cls(**params)
    return ours, ours.fit_transform(docs), theirs, theirs.fit_transform(docs)


@pytest.mark.parametrize("name", sorted(TFIDF_COMBINATIONS))
def test_tfidf_vectorizer_matches_scikit_learn(corpus, name):
    _lang, _, docs, held_out = corpus
    params = TFIDF_COMBINATIONS[name]
    float32 = params.get("dtype") is np.float32
    ours, X, theirs, Y = _fit_both(newsnlp.TfidfVectorizer, sk_text.TfidfVectorizer, params, docs)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert ours.vocabulary_ == theirs.vocabulary_
    assert ours.fixed_vocabulary_ == theirs.fixed_vocabulary_
    if params.get("use_idf", True):
        assert ours.idf_.dtype == theirs.idf_.dtype
        np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=1e-6 if float32 else 1e-13)
    else:
        assert not hasattr(ours._tfidf, "idf_")
    assert_same_matrix(X, Y, float32=float32)
    assert_same_matrix(ours.transform(held_out), theirs.transform(held_out), float32=float32)


def test_fixed_vocabulary_matches_scikit_learn(corpus):
    _lang, _, docs, held_out = corpus
    vocabulary = sk_text.CountVectorizer(max_features=50).fit(docs).get_feature_names_out()
    vocabulary = [*list(vocabulary), "zzz-not-a-token"]
    params = {"vocabulary": vocabulary, "ngram_range": (1, 2)}
    ours, X, theirs, Y = _fit_both(newsnlp.TfidfVectorizer, sk_text.TfidfVectorizer, params, docs)
    assert ours.vocabulary_ == theirs.vocabulary_ and ours.fixed_vocabulary_
    np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=1e-13)
    assert_same_matrix(X, Y)
    assert_same_matrix(ours.transform(held_out), theirs.transform(held_out))
    mapping = {t: i for i, t in enumerate(reversed(vocabulary))}
    ours, X, theirs, Y = _fit_both(
        newsnlp.CountVectorizer, sk_text.CountVectorizer, {"vocabulary": mapping}, docs
    )
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert_same_matrix(X, Y)


@pytest.mark.parametrize("name", sorted(COUNT_COMBINATIONS))
def test_count_vectorizer_matches_scikit_learn(corpus, name):
    _lang, _, docs, held_out = corpus
    params = COUNT_COMBINATIONS[name]
    ours, X, theirs, Y = _fit_both(newsnlp.CountVectorizer, sk_text.CountVectorizer, params, docs)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    assert ours.vocabulary_ == theirs.vocabulary_
    assert_same_matrix(X, Y)
    assert_same_matrix(ours.transform(held_out), theirs.transform(held_out))


@pytest.mark.parametrize("name", sorted(HASHING_COMBINATIONS))
def test_hashing_vectorizer_matches_scikit_learn(corpus, name):
    _lang, _, docs, _ = corpus
    params = HASHING_COMBINATIONS[name]
    float32 = params.get("dtype") is np.float32
    X = newsnlp.HashingVectorizer(**params).fit_transform(docs)
    Y = sk_text.HashingVectorizer(**params).fit_transform(docs)
    assert_same_matrix(X, Y, float32=float32)


def test_tfidf_transformer_matches_scikit_learn(corpus):
    _lang, _, docs, held_out = corpus
    counts = sk_text.CountVectorizer().fit(docs)
    C, H = counts.transform(docs), counts.transform(held_out)
    for params in (
        {},
        {"sublinear_tf": True, "norm": "l1"},
        {"use_idf": False},
        {"smooth_idf": False},
    ):
        ours = newsnlp.TfidfTransformer(**params).fit(C)
        theirs = sk_text.TfidfTransformer(**params).fit(C)
        if params.get("use_idf", True):
            np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=1e-13)
        assert_same_matrix(ours.transform(H), theirs.transform(H))
    C32 = C.astype(np.float32)
    ours, theirs = newsnlp.TfidfTransformer().fit(C32), sk_text.TfidfTransformer().fit(C32)
    assert ours.idf_.dtype == theirs.idf_.dtype == np.float32
    assert_same_matrix(ours.transform(C32), theirs.transform(C32), float32=True)


@pytest.mark.slow
def test_defaults_on_the_full_corpus(corpus):
    _lang, texts, _, _ = corpus
    ours, X, theirs, Y = _fit_both(newsnlp.TfidfVectorizer, sk_text.TfidfVectorizer, {}, texts)
    assert list(ours.get_feature_names_out()) == list(theirs.get_feature_names_out())
    np.testing.assert_allclose(ours.idf_, theirs.idf_, rtol=1e-13)
    assert_same_matrix(X, Y)
    assert sp.isspmatrix_csr(X)


@pytest.mark.slow
def test_full_corpus_independent_of_threads(corpus):
    _lang, texts, _, _ = corpus
    X1 = newsnlp.TfidfVectorizer(n_jobs=1, ngram_range=(1, 2), min_df=2).fit_transform(texts)
    X2 = newsnlp.TfidfVectorizer(n_jobs=2, ngram_range=(1, 2), min_df=2).fit_transform(texts)
    assert (X1 != X2).nnz == 0
    np.testing.assert_array_equal(X1.indices, X2.indices)
