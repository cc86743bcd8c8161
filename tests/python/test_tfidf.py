"""The scikit-learn drop-ins as scikit-learn components: zero-copy CSR output, Pipeline and
GridSearchCV, clone, pickle, save/load, scikit-learn's errors and warnings, bytes and
files as input, callables, the newsnlp Tokenizer as analyzer, threads."""

from __future__ import annotations

import gc
import json
import pickle
import threading
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from shared_data import CORPORA, SHARED
from sklearn import config_context
from sklearn.base import clone
from sklearn.feature_extraction import text as sk_text
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import InvalidParameterError

import newsnlp

DOCS = [
    "Le secrétaire d’État a remercié le Royaume du Maroc pour l’accueil.",
    "Oil prices rose 3 pct on Monday, traders said.",
    "OIL PRICES FELL; traders sold crude.",
    "أعلنت وزارة الطاقة السعودية ارتفاع أسعار النفط",
    "Στο σπίτι ΟΔΟΣ ΣΟΦΟΚΛΕΟΥΣ",
    "",
]


def reuters(n: int) -> tuple[list[str], np.ndarray]:
    path = SHARED / CORPORA["en"][0]
    if not path.exists():
        pytest.skip(f"{path} is missing")
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("body") and r.get("topics"):
                texts.append(r["body"])
                labels.append("earn" in r["topics"])
            if len(texts) == n:
                break
    return texts, np.array(labels)


def same(a, b) -> bool:
    a, b = a.tocsr().copy(), b.tocsr().copy()
    a.sort_indices()
    b.sort_indices()
    return (
        a.shape == b.shape
        and a.dtype == b.dtype
        and np.array_equal(a.indptr, b.indptr)
        and np.array_equal(a.indices, b.indices)
        and np.allclose(a.data, b.data, rtol=1e-12, atol=1e-15)
    )


# --- output ----------------------------------------------------------------------------


def owner(a: np.ndarray):
    """What finally owns an array's memory (the end of its .base chain)."""
    while isinstance(a, np.ndarray) and a.base is not None:
        a = a.base
    return a


def test_matrix_buffers_are_handed_over_without_copy():
    X = newsnlp.TfidfVectorizer().fit_transform(DOCS)
    assert sp.isspmatrix_csr(X)
    assert X.indices.dtype == np.int32 and X.indptr.dtype == np.int32
    capsule = owner(X.data)
    assert type(capsule).__name__ == "PyCapsule"  # not a NumPy copy
    assert owner(X.indices) is capsule and owner(X.indptr) is capsule  # one owner for all three
    assert not X.data.flags.owndata
    assert X.has_sorted_indices and X.has_canonical_format


def test_matrix_outlives_the_vectorizer():
    vec = newsnlp.CountVectorizer()
    X = vec.fit_transform(DOCS * 50)
    expected = X.toarray()
    del vec
    gc.collect()
    np.testing.assert_array_equal(X.toarray(), expected)
    Y = X.copy()
    del X
    gc.collect()
    np.testing.assert_array_equal(Y.toarray(), expected)


def test_empty_rows_and_empty_batches():
    vec = newsnlp.TfidfVectorizer().fit(DOCS)
    X = vec.transform([])
    assert X.shape == (0, len(vec.vocabulary_)) and X.nnz == 0
    X = vec.transform(["", "!!!", "unseen words only"])
    assert X.shape[0] == 3 and X.nnz == 0
    np.testing.assert_array_equal(X.indptr, [0, 0, 0, 0])


def test_sparse_interface_follows_scikit_learn_config():
    with config_context(sparse_interface="sparray"):
        X = newsnlp.TfidfVectorizer().fit_transform(DOCS)
        Y = sk_text.TfidfVectorizer().fit_transform(DOCS)
    assert type(X) is type(Y) is sp.csr_array


# --- scikit-learn machinery ------------------------------------------------------------


def test_pipeline_and_grid_search():
    texts, labels = reuters(600)
    pipe = Pipeline(
        [("tfidf", newsnlp.TfidfVectorizer()), ("clf", LogisticRegression(max_iter=200))]
    )
    grid = GridSearchCV(
        pipe,
        {"tfidf__ngram_range": [(1, 1), (1, 2)], "tfidf__min_df": [1, 2], "tfidf__n_jobs": [1, 2]},
        cv=3,
    )
    grid.fit(texts, labels)
    assert grid.best_score_ > 0.85
    assert set(grid.best_params_) == {"tfidf__ngram_range", "tfidf__min_df", "tfidf__n_jobs"}
    reference = GridSearchCV(
        Pipeline([("tfidf", sk_text.TfidfVectorizer()), ("clf", LogisticRegression(max_iter=200))]),
        {"tfidf__ngram_range": [(1, 1), (1, 2)], "tfidf__min_df": [1, 2]},
        cv=3,
    ).fit(texts, labels)
    # results are ordered by min_df, n_jobs, ngram_range (sorted parameter names)
    scores = grid.cv_results_["mean_test_score"].reshape(2, 2, 2)
    np.testing.assert_array_equal(scores[:, 0, :], scores[:, 1, :])  # threads change nothing
    np.testing.assert_allclose(
        scores[:, 0, :].ravel(), reference.cv_results_["mean_test_score"], atol=1e-9
    )


@pytest.mark.parametrize(
    "est",
    [
        newsnlp.TfidfVectorizer(ngram_range=(1, 2), stop_words="english", n_jobs=2),
        newsnlp.CountVectorizer(analyzer="char_wb", ngram_range=(2, 3), binary=True),
        newsnlp.TfidfVectorizer(tokenizer=newsnlp.Tokenizer("fr"), token_pattern=None),
        newsnlp.TfidfVectorizer(token_pattern=r"[a-z]+"),  # scikit-learn's code path
    ],
    ids=["tfidf", "count-char-wb", "newsnlp-tokenizer", "python-fallback"],
)
def test_clone_and_pickle(est):
    X = est.fit_transform(DOCS)
    cloned = clone(est)
    assert cloned.get_params().keys() == est.get_params().keys()
    assert not hasattr(cloned, "vocabulary_")
    assert same(cloned.fit_transform(DOCS), X)
    restored = pickle.loads(pickle.dumps(est))
    assert restored.vocabulary_ == est.vocabulary_
    assert same(restored.transform(DOCS), est.transform(DOCS))
    assert repr(restored) == repr(est)


def test_get_set_params_take_effect_like_scikit_learn():
    ours, theirs = newsnlp.TfidfVectorizer().fit(DOCS), sk_text.TfidfVectorizer().fit(DOCS)
    for est in (ours, theirs):
        est.set_params(lowercase=False, norm="l1")  # transform keeps the fitted weighting
    assert same(ours.transform(DOCS), theirs.transform(DOCS))
    ours.idf_ = theirs.idf_ = np.linspace(1, 2, len(theirs.idf_))
    assert same(ours.transform(DOCS), theirs.transform(DOCS))


# --- errors and warnings ---------------------------------------------------------------


def raised(fn):
    try:
        fn()
    except Exception as e:
        return type(e), str(e)
    return None


@pytest.mark.parametrize(
    "params",
    [
        {"min_df": 0},
        {"max_df": 1.5},
        {"max_df": -1},
        {"max_features": 0},
        {"analyzer": "words"},
        {"strip_accents": "latin"},
        {"norm": "l3"},
        {"ngram_range": [1, 2]},
        {"stop_words": "french"},
        {"decode_error": "loud"},
        {"input": "url"},
        {"vocabulary": 5},
    ],
)
def test_bad_parameters_raise_scikit_learn_errors(params):
    ours = raised(lambda: newsnlp.TfidfVectorizer(**params).fit(DOCS))
    theirs = raised(lambda: sk_text.TfidfVectorizer(**params).fit(DOCS))
    assert ours == theirs and ours is not None and issubclass(ours[0], InvalidParameterError)


def test_validation_is_remembered_only_for_the_same_values_and_types():
    # Parameter sets that passed are not validated again (newsnlp._params); a changed value,
    # or an equal value of another type (2 is a count, 2.0 an invalid proportion), is.
    vec = newsnlp.TfidfVectorizer(max_df=2)
    vec.fit(DOCS)
    vec.fit(DOCS)
    for bad in ({"max_df": 2.0}, {"max_df": 1.5}, {"min_df": 0}, {"norm": "l3"}, {"binary": 1}):
        with pytest.raises(InvalidParameterError):
            newsnlp.TfidfVectorizer(**{"max_df": 2, **bad}).fit(DOCS)
    with pytest.raises(InvalidParameterError):
        vec.set_params(max_df=2.0).fit(DOCS)
    stop = ["aa"]  # a mutable value: validated on every fit
    newsnlp.TfidfVectorizer(stop_words=stop).fit(DOCS)
    stop.append("bb")
    newsnlp.TfidfVectorizer(stop_words=stop).fit(DOCS)
    names = newsnlp.TfidfVectorizer._get_param_names()
    names.append("changed by the caller")  # a copy: the remembered list stays as it was
    expected = sorted(newsnlp.TfidfVectorizer().get_params())
    assert newsnlp.TfidfVectorizer._get_param_names() == expected


@pytest.mark.parametrize(
    "params, docs",
    [
        ({}, "a single string"),
        ({}, ["fine", np.nan]),
        ({}, ["", "!!"]),
        ({"stop_words": ["aa", "bb"]}, ["aa bb", "bb"]),
        ({"min_df": 5, "max_df": 2}, DOCS),
        ({"min_df": 100}, DOCS),
        ({"ngram_range": (2, 1)}, DOCS),
        ({"vocabulary": ["a", "a"]}, DOCS),
        ({"vocabulary": {"a": 0, "b": 2}}, DOCS),
        ({"vocabulary": []}, DOCS),
        ({"token_pattern": r"(\w)(\w)"}, DOCS),
    ],
)
def test_bad_input_raises_scikit_learn_errors(params, docs):
    ours = raised(lambda: newsnlp.TfidfVectorizer(**params).fit_transform(docs))
    theirs = raised(lambda: sk_text.TfidfVectorizer(**params).fit_transform(docs))
    assert ours is not None and theirs is not None
    assert issubclass(ours[0], theirs[0]) and ours[1] == theirs[1]


def test_not_fitted_errors_are_scikit_learn_s():
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError, match="Vocabulary not fitted or provided"):
        newsnlp.CountVectorizer().transform(DOCS)
    with pytest.raises(NotFittedError, match="The TF-IDF vectorizer is not fitted"):
        newsnlp.TfidfVectorizer().transform(DOCS)
    with pytest.raises(NotFittedError):
        newsnlp.TfidfVectorizer().save("/nonexistent/never-written")


def test_non_text_documents_get_a_clear_type_error():
    with pytest.raises(TypeError, match=r"document 1: expected str or bytes, got NoneType"):
        newsnlp.TfidfVectorizer().fit(["fine", None])
    with pytest.raises(TypeError, match="document 0: expected str or bytes, got int"):
        newsnlp.HashingVectorizer().transform([5])


def collect_warnings(fn) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return sorted(str(w.message) for w in caught)


@pytest.mark.parametrize(
    "params",
    [
        {"stop_words": ["don't", "aa"]},
        {"tokenizer": str.split},
        {"analyzer": "char", "stop_words": "english"},
        {"vocabulary": ["Oil", "prices"]},
        {"dtype": np.int64},
    ],
    ids=[
        "inconsistent-stop-words",
        "unused-token-pattern",
        "unused-stop-words",
        "uppercase-vocabulary",
        "int-dtype",
    ],
)
def test_same_warnings_as_scikit_learn(params):
    for method in ("fit", "fit_transform"):
        ours = collect_warnings(
            lambda m=method: getattr(newsnlp.TfidfVectorizer(**params), m)(DOCS)
        )
        theirs = collect_warnings(
            lambda m=method: getattr(sk_text.TfidfVectorizer(**params), m)(DOCS)
        )
        assert ours == theirs and ours


# --- input forms -----------------------------------------------------------------------


@pytest.mark.parametrize("decode_error", ["strict", "ignore", "replace"])
def test_invalid_utf8_bytes_follow_decode_error(decode_error):
    docs = [b"caf\xc3\xa9 ok", b"bad \xff\xfe bytes here", "plain str"]
    params = {"decode_error": decode_error}
    if decode_error == "strict":
        with pytest.raises(UnicodeDecodeError, match="can't decode byte 0xff in position 4") as e:
            newsnlp.TfidfVectorizer(**params).fit(docs)
        if hasattr(e.value, "__notes__"):
            assert e.value.__notes__ == ["in document 1"]
        return
    X = newsnlp.TfidfVectorizer(**params).fit_transform(docs)
    Y = sk_text.TfidfVectorizer(**params).fit_transform(docs)
    assert same(X, Y)


def test_other_encodings_files_and_generators(tmp_path):
    latin = [d.encode("latin-1", "replace") for d in DOCS[:3]]
    params = {"encoding": "latin-1"}
    assert same(
        newsnlp.CountVectorizer(**params).fit_transform(latin),
        sk_text.CountVectorizer(**params).fit_transform(latin),
    )
    paths = []
    for i, d in enumerate(DOCS):
        p = tmp_path / f"{i}.txt"
        p.write_text(d, encoding="utf-8")
        paths.append(str(p))
    X = newsnlp.TfidfVectorizer(input="filename").fit_transform(paths)
    assert same(X, sk_text.TfidfVectorizer().fit_transform(DOCS))
    handles = [open(p, "rb") for p in paths]
    try:
        X = newsnlp.TfidfVectorizer(input="file").fit_transform(handles)
    finally:
        for h in handles:
            h.close()
    assert same(X, sk_text.TfidfVectorizer().fit_transform(DOCS))
    assert same(
        newsnlp.TfidfVectorizer().fit_transform(d for d in DOCS),
        sk_text.TfidfVectorizer().fit_transform(DOCS),
    )


def test_python_strings_of_every_width_and_lone_surrogates():
    docs = ["ascii only", "latin é ü", "bmp ’ € σ", "astral 𝐀𝐁 😀 x", "lone \ud800 surrogate"]
    for params in ({}, {"analyzer": "char", "ngram_range": (1, 2)}, {"strip_accents": "ascii"}):
        assert same(
            newsnlp.CountVectorizer(**params).fit_transform(docs),
            sk_text.CountVectorizer(**params).fit_transform(docs),
        )
    names = newsnlp.CountVectorizer(analyzer="char").fit(docs).get_feature_names_out()
    assert "\ud800" in names


def test_callables_run_in_python_with_scikit_learn_s_results():
    cases = [
        {"preprocessor": lambda d: d.upper()},
        {"strip_accents": lambda d: d.replace("é", "E")},
        {"tokenizer": str.split, "token_pattern": None},
        {"analyzer": lambda d: d.split()[:2]},
        {"token_pattern": r"\b[a-z]{3,}\b"},
    ]
    for params in cases:
        X = newsnlp.TfidfVectorizer(**params).fit_transform(DOCS)
        Y = sk_text.TfidfVectorizer(**params).fit_transform(DOCS)
        assert same(X, Y), params


def test_newsnlp_tokenizer_counts_norms_without_stop_words_or_punctuation():
    vec = newsnlp.CountVectorizer(tokenizer=newsnlp.Tokenizer("fr"), token_pattern=None)
    vec.fit(["L’accueil de l’État, à Paris : l’État accueille.", "Les États-Unis #COP28 @NBourita"])
    names = set(vec.get_feature_names_out())
    assert {"accueil", "état", "paris", "accueille", "états-unis", "#cop28", "@nbourita"} <= names
    assert not names & {"l'", "de", "à", ",", ":", ".", "les"}
    X = vec.transform(["l’État et l’état"])
    assert X[0, vec.vocabulary_["état"]] == 2
    folded = newsnlp.CountVectorizer(
        tokenizer=newsnlp.Tokenizer("fr"),
        token_pattern=None,
        strip_accents="unicode",
        ngram_range=(1, 2),
    ).fit(["L’État accueille"])
    assert list(folded.get_feature_names_out()) == ["accueille", "etat", "etat accueille"]


# --- threads ---------------------------------------------------------------------------


def test_results_do_not_depend_on_n_jobs():
    texts, _ = reuters(800)
    ref = newsnlp.TfidfVectorizer(ngram_range=(1, 2), n_jobs=1).fit_transform(texts)
    for n_jobs in (2, 3, -1):
        X = newsnlp.TfidfVectorizer(ngram_range=(1, 2), n_jobs=n_jobs).fit_transform(texts)
        assert (X != ref).nnz == 0 and np.array_equal(X.indices, ref.indices)
    with pytest.raises(InvalidParameterError):
        newsnlp.TfidfVectorizer(n_jobs="two").fit(texts)


def test_transform_from_several_python_threads():
    texts, _ = reuters(400)
    vec = newsnlp.TfidfVectorizer().fit(texts)
    expected = vec.transform(texts)
    results: list = [None] * 4

    def work(i):
        results[i] = vec.transform(texts)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all((r != expected).nnz == 0 for r in results)
