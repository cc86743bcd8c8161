"""HashingVectorizer and murmurhash3_32 against scikit-learn: the hash itself, collisions
and explicit zeros, signs, binary, norms, dtypes, the empty batch, threads."""

from __future__ import annotations

import random

import numpy as np
import pytest
from sklearn.feature_extraction import text as sk_text
from sklearn.utils import murmurhash3_32 as sk_murmurhash3_32

import newsnlp
from newsnlp.hashing import murmurhash3_32

DOCS = [
    "Oil prices rose 3 pct on Monday, traders said.",
    "Le secrétaire d’État a remercié le Royaume du Maroc pour l’accueil.",
    "أعلنت وزارة الطاقة السعودية ارتفاع أسعار النفط",
    "the the the a a b",
    "",
]


def random_words(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyzéèçàüßσςλ中文ال" + "0123456789_"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 20))) for _ in range(n)]


def test_murmurhash3_matches_scikit_learn():
    words = [*random_words(5000), "", "a", "ab", "abc", "abcd", "abcde", "é", "😀" * 7]
    for seed in (0, 1, 42, 2**32 - 1):
        for w in words:
            assert murmurhash3_32(w, seed) == sk_murmurhash3_32(w, seed=seed)
            assert murmurhash3_32(w.encode("utf-8"), seed) == sk_murmurhash3_32(
                w.encode("utf-8"), seed=seed
            )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"alternate_sign": False},
        {"n_features": 1},  # every feature collides: +1 and -1 cancel to explicit zeros
        {"n_features": 3, "binary": True},
        {"n_features": 2**31 - 2},
        {"norm": None, "dtype": np.float32},
        {"norm": None, "dtype": np.int64},
        {"norm": "l2", "dtype": np.int32},
        {"norm": "l1", "ngram_range": (1, 3)},
        {"analyzer": "char", "ngram_range": (1, 2), "n_features": 64},
        {"stop_words": "english", "strip_accents": "ascii"},
    ],
)
def test_matches_scikit_learn(params):
    docs = [*DOCS, " ".join(random_words(300, seed=1))]
    X = newsnlp.HashingVectorizer(**params).fit_transform(docs)
    Y = sk_text.HashingVectorizer(**params).fit_transform(docs)
    assert type(X) is type(Y) and X.dtype == Y.dtype and X.shape == Y.shape
    Y.sort_indices()
    np.testing.assert_array_equal(X.indptr, Y.indptr)
    np.testing.assert_array_equal(X.indices, Y.indices)
    np.testing.assert_allclose(X.data, Y.data, rtol=1e-6 if X.dtype == np.float32 else 1e-13)


def test_collisions_keep_explicit_zeros_like_scikit_learn():
    X = newsnlp.HashingVectorizer(n_features=1, norm=None).transform(["aa bb cc dd ee ff gg"])
    Y = sk_text.HashingVectorizer(n_features=1, norm=None).transform(["aa bb cc dd ee ff gg"])
    assert X.nnz == Y.nnz == 1 and X.data[0] == Y.data[0]


def test_errors_and_the_empty_batch():
    with pytest.raises(ValueError, match="Iterable over raw text documents expected"):
        newsnlp.HashingVectorizer().transform("one string")
    with pytest.raises(ValueError, match="Cannot vectorize empty sequence"):
        newsnlp.HashingVectorizer().transform([])
    with pytest.raises(ValueError, match="n_features"):
        newsnlp.HashingVectorizer(n_features=0).fit(DOCS)
    with pytest.raises(ValueError, match=r"np\.nan is an invalid document"):
        newsnlp.HashingVectorizer().transform(["ok", np.nan])


def test_threads_and_bytes():
    docs = [" ".join(random_words(50, seed=s)) for s in range(300)]
    ref = newsnlp.HashingVectorizer(n_jobs=1).transform(docs)
    assert (newsnlp.HashingVectorizer(n_jobs=2).transform(docs) != ref).nnz == 0
    raw = [d.encode("utf-8") for d in docs]
    assert (newsnlp.HashingVectorizer().transform(raw) != ref).nnz == 0


def test_is_stateless_and_picklable():
    import pickle

    from sklearn.base import clone

    h = newsnlp.HashingVectorizer(n_features=2**8, ngram_range=(1, 2))
    X = h.transform(DOCS)
    assert (pickle.loads(pickle.dumps(h)).transform(DOCS) != X).nnz == 0
    assert (clone(h).transform(DOCS) != X).nnz == 0
