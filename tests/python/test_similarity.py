"""similar, near_duplicates and top_terms against a dense NumPy computation on a sample,
their edge cases, and the exact duplicate bodies of Reuters."""

from __future__ import annotations

import collections

import numpy as np
import pytest
import scipy.sparse as sp
from shared_data import CORPORA, SHARED, corpus_texts

import newsnlp


@pytest.fixture(scope="module")
def reuters():
    if not (SHARED / CORPORA["en"][0]).exists():
        pytest.skip("Reuters is missing")
    return corpus_texts("en")


@pytest.fixture(scope="module")
def sample(reuters):
    texts = reuters[::13][:1500]
    return newsnlp.TfidfVectorizer().fit_transform(texts)


def dense_cosine(A, B):
    A, B = A.toarray().astype(np.float64), B.toarray().astype(np.float64)
    na, nb = np.linalg.norm(A, axis=1), np.linalg.norm(B, axis=1)
    A = np.divide(A, na[:, None], out=np.zeros_like(A), where=na[:, None] > 0)
    B = np.divide(B, nb[:, None], out=np.zeros_like(B), where=nb[:, None] > 0)
    return A @ B.T


def dense_top_k(S, k):
    """Per row: score descending, index ascending among equals (lexsort)."""
    idx = np.empty((S.shape[0], k), dtype=np.int64)
    for r in range(S.shape[0]):
        order = np.lexsort((np.arange(S.shape[1]), -S[r]))
        idx[r] = order[:k]
    return idx, np.take_along_axis(S, idx, axis=1)


def check_top_k(indices, scores, S, k):
    ref_idx, ref_scores = dense_top_k(S, k)
    assert indices.shape == scores.shape == (S.shape[0], k)
    np.testing.assert_allclose(scores, ref_scores, atol=1e-12)
    # indices agree except where floating noise reorders near-equal scores
    for r in range(S.shape[0]):
        row = S[r]
        for _i, (j, ref_j) in enumerate(zip(indices[r], ref_idx[r])):
            if j != ref_j:
                assert abs(row[j] - row[ref_j]) < 1e-12
        assert len(set(indices[r].tolist())) == k


@pytest.mark.parametrize("k", [1, 5, 30])
def test_similar_agrees_with_dense_numpy(sample, k):
    indices, scores = newsnlp.similar(sample, k=k, n_jobs=2)
    S = dense_cosine(sample, sample)
    np.fill_diagonal(S, -np.inf)  # a document is not its own neighbour
    check_top_k(indices, scores, S, k)
    assert not (indices == np.arange(sample.shape[0])[:, None]).any()


def test_similar_with_queries_and_signed_values(sample):
    queries = sample[:200]
    indices, scores = newsnlp.similar(sample, k=7, Y=queries)
    check_top_k(indices, scores, dense_cosine(queries, sample), 7)
    assert (indices[:, 0] == np.arange(200)).all()  # each query finds itself first
    H = newsnlp.HashingVectorizer(n_features=2**6, norm=None).fit_transform(
        [" ".join(f"w{i % 37} w{i % 11}" for i in range(j, j + 20)) for j in range(120)]
    )  # alternate signs: negative similarities
    indices, scores = newsnlp.similar(H, k=10)
    S = dense_cosine(H, H)
    np.fill_diagonal(S, -np.inf)
    check_top_k(indices, scores, S, 10)


def test_similar_edge_cases():
    X = sp.csr_matrix(np.array([[1.0, 0, 0], [0, 0, 0], [2.0, 0, 0], [0, 3.0, 0]]))
    indices, scores = newsnlp.similar(X, k=10)  # k capped at the other rows
    assert indices.shape == (4, 3)
    assert indices[0].tolist() == [2, 1, 3] and scores[0].tolist() == [1.0, 0.0, 0.0]
    assert indices[1].tolist() == [0, 2, 3] and scores[1].tolist() == [0.0, 0.0, 0.0]  # zero row
    dense_input = newsnlp.similar(X.toarray(), k=1)
    assert dense_input[0].tolist() == newsnlp.similar(X, k=1)[0].tolist()
    unsorted = sp.csr_matrix(
        (np.array([1.0, 2.0]), np.array([2, 0]), np.array([0, 2, 2])), shape=(2, 3)
    )
    unsorted.has_sorted_indices = False
    assert newsnlp.similar(unsorted, k=1)[0].tolist() == [[1], [0]]
    one_row = newsnlp.similar(X[:1], k=3)
    assert one_row[0].shape == (1, 0)
    with pytest.raises(ValueError, match="k must be an int >= 1"):
        newsnlp.similar(X, k=0)
    with pytest.raises(ValueError, match="features"):
        newsnlp.similar(X, k=1, Y=sp.csr_matrix((1, 4)))
    f32 = newsnlp.similar(X.astype(np.float32), k=1)
    assert f32[0].tolist() == newsnlp.similar(X, k=1)[0].tolist()


@pytest.mark.parametrize("threshold", [0.3, 0.6, 0.95])
def test_near_duplicates_agree_with_dense_numpy(sample, threshold):
    pairs, scores = newsnlp.near_duplicates(sample, threshold, n_jobs=2)
    S = np.triu(dense_cosine(sample, sample), k=1)
    ref = np.argwhere(S >= threshold)
    close = np.abs(S[ref[:, 0], ref[:, 1]] - threshold) < 1e-12
    found = set(map(tuple, pairs.tolist()))
    assert set(map(tuple, ref[~close].tolist())) <= found
    assert found <= set(map(tuple, ref.tolist()))
    assert (pairs[:, 0] < pairs[:, 1]).all()
    assert np.all(np.diff(pairs[:, 0]) >= 0)
    np.testing.assert_allclose(scores, S[pairs[:, 0], pairs[:, 1]], atol=1e-12)
    with pytest.raises(ValueError, match="threshold must be > 0"):
        newsnlp.near_duplicates(sample, 0.0)


def test_top_terms_agree_with_dense_numpy(sample):
    names = np.array([f"f{i}" for i in range(sample.shape[1])], dtype=object)
    result = newsnlp.top_terms(sample, names, k=8)
    dense = sample.toarray()
    assert len(result) == sample.shape[0]
    for r, row in enumerate(result):
        order = np.lexsort((np.arange(dense.shape[1]), -dense[r]))
        expected = [(names[j], dense[r, j]) for j in order[:8] if dense[r, j] > 0]
        assert [n for n, _ in row] == [n for n, _ in expected]
        np.testing.assert_allclose([w for _, w in row], [w for _, w in expected], rtol=0, atol=0)


def test_top_terms_names_from_a_vectorizer():
    vec = newsnlp.TfidfVectorizer()
    X = vec.fit_transform(["oil oil oil prices", "football"])
    assert [t for t, _ in newsnlp.top_terms(X, vec, k=5)[0]] == ["oil", "prices"]
    assert newsnlp.top_terms(X, vec, k=1)[1][0][0] == "football"
    with pytest.raises(ValueError, match="one name per column"):
        newsnlp.top_terms(X, ["a"], k=1)


@pytest.mark.slow
def test_finds_the_exact_duplicate_bodies_of_reuters(reuters):
    X = newsnlp.TfidfVectorizer().fit_transform(reuters)
    pairs, scores = newsnlp.near_duplicates(X, 1 - 1e-9, n_jobs=2)
    groups = collections.defaultdict(list)
    for i, text in enumerate(reuters):
        groups[text].append(i)
    exact = {(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1 :]}
    found = set(map(tuple, pairs.tolist()))
    assert exact <= found
    duplicates = {b for a, b in exact}  # a body seen before
    assert len(duplicates) == 265
    assert len({b for a, b in found}) >= 265  # also bodies equal once lowercased
    np.testing.assert_allclose(scores, 1.0, atol=1e-9)
