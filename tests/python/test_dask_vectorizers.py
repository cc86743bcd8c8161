"""newsnlp.dask's vectorizers on a 2-process LocalCluster equal the single-machine fit on
the whole corpus: vocabulary, order, idf, matrices; where pruning per partition would not."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from dask_cluster import cluster_client, read_series, series, texts_of
from sklearn.utils._param_validation import InvalidParameterError

import newsnlp
import newsnlp.dask as nd
from newsnlp.dask import _shipping

# Settings where pruning per partition keeps other terms than pruning once (checked below).
SETTINGS = [
    pytest.param({"min_df": 5}, id="min_df=5"),
    pytest.param({"min_df": 2, "max_df": 0.3}, id="min_df=2,max_df=0.3"),
    pytest.param({"max_features": 2000}, id="max_features=2000"),
    pytest.param(
        {"min_df": 0.002, "max_df": 0.8, "max_features": 1500, "ngram_range": (1, 2)},
        id="proportions,bigrams,max_features",
    ),
]


@pytest.fixture(scope="module")
def client():
    yield from cluster_client()


def assert_same_matrix(X, Y):
    assert X.shape == Y.shape
    X, Y = X.tocsr(), Y.tocsr()
    assert np.array_equal(X.indptr, Y.indptr)
    assert np.array_equal(X.indices, Y.indices)
    assert X.dtype == Y.dtype
    assert np.max(np.abs(X.data - Y.data), initial=0.0) <= 1e-12


def per_partition_vocabulary(texts, npartitions, params):
    """What pruning per partition (dask-ml's way) keeps: the union of the partitions' own
    pruned vocabularies."""
    kept = set()
    for part in np.array_split(np.array(texts, dtype=object), npartitions):
        try:
            kept |= set(newsnlp.TfidfVectorizer(**params).fit(list(part)).vocabulary_)
        except ValueError:  # nothing survives in this partition
            pass
    return kept


@pytest.mark.parametrize("params", SETTINGS)
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tfidf_equals_one_machine(client, lang, params):
    texts = texts_of(lang)
    vec = nd.TfidfVectorizer(**params)
    X = vec.fit_transform(series(texts, 6)).compute()
    local = newsnlp.TfidfVectorizer(**params)
    Y = local.fit_transform(texts)
    assert vec.get_feature_names_out().tolist() == local.get_feature_names_out().tolist()
    assert vec.vocabulary_ == local.vocabulary_
    assert np.array_equal(vec.idf_, local.idf_)
    assert_same_matrix(X, Y)
    # the point: pruning each partition on its own would have kept other terms
    assert per_partition_vocabulary(texts, 6, params) != set(local.vocabulary_)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_tfidf_equals_one_machine_on_the_whole_corpus(client, lang):
    texts = texts_of(lang, whole=True)
    params = {"min_df": 3, "max_df": 0.5, "max_features": 20000}
    vec = nd.TfidfVectorizer(**params)
    X = vec.fit_transform(read_series(lang, 16, whole=True)).compute()
    local = newsnlp.TfidfVectorizer(**params)
    assert_same_matrix(X, local.fit_transform(texts))
    assert vec.get_feature_names_out().tolist() == local.get_feature_names_out().tolist()


def test_count_vectorizer_from_a_bag_binary_and_fixed_vocabulary(client):
    import dask.bag as db

    texts = texts_of("en")[:1000]
    bag = db.from_sequence(texts, npartitions=4)
    for params in ({"binary": True, "max_features": 300}, {"vocabulary": ["oil", "said", "zinc"]}):
        vec = nd.CountVectorizer(**params)
        local = newsnlp.CountVectorizer(**params)
        assert_same_matrix(vec.fit_transform(bag).compute(), local.fit_transform(texts))
        assert vec.fixed_vocabulary_ == local.fixed_vocabulary_
        assert vec.get_feature_names_out().tolist() == local.get_feature_names_out().tolist()


def test_float32_and_weighting_options(client):
    texts = texts_of("fr")[:600]
    params = {"dtype": np.float32, "sublinear_tf": True, "norm": "l1", "min_df": 2}
    vec = nd.TfidfVectorizer(**params).fit(series(texts, 3))
    local = newsnlp.TfidfVectorizer(**params).fit(texts)
    assert vec.idf_.dtype == local.idf_.dtype == np.float32
    assert np.array_equal(vec.idf_, local.idf_)
    assert_same_matrix(vec.transform(series(texts, 3)).compute(), local.transform(texts))


def test_to_local_is_the_fitted_single_machine_vectorizer(client, tmp_path):
    texts = texts_of("en")[:800]
    vec = nd.TfidfVectorizer(min_df=2).fit(series(texts, 4))
    local = vec.to_local()
    assert type(local) is newsnlp.TfidfVectorizer
    assert local.get_params() == vec.get_params()
    assert_same_matrix(
        local.transform(texts), newsnlp.TfidfVectorizer(min_df=2).fit_transform(texts)
    )
    local.save(tmp_path / "model.bin")  # a plain newsnlp model file
    assert newsnlp.TfidfVectorizer.load(tmp_path / "model.bin").vocabulary_ == vec.vocabulary_


def test_hashing_needs_no_fit(client):
    texts = texts_of("fr")[:500]
    vec = nd.HashingVectorizer(n_features=2**12, ngram_range=(1, 2))
    X = vec.transform(series(texts, 3))
    assert X.numblocks == (3, 1)
    local = newsnlp.HashingVectorizer(n_features=2**12, ngram_range=(1, 2))
    assert_same_matrix(X.compute(), local.transform(texts))


def test_shards_round_trip(client, tmp_path):
    texts = texts_of("en")[:600]
    X = nd.TfidfVectorizer().fit_transform(series(texts, 3))
    paths = nd.save_shards(X, tmp_path / "shards")
    assert [p.rsplit("/", 1)[1] for p in paths] == [f"part-0000{i}.npz" for i in range(3)]
    assert_same_matrix(nd.load_shards(tmp_path / "shards"), X.compute())


def test_models_travel_once_per_worker_in_their_save_format(client):
    texts = texts_of("en")[:1200]
    vec = nd.TfidfVectorizer(min_df=3).fit(series(texts, 4))
    local = vec.to_local()
    shipment = _shipping.ship(local)
    assert shipment.kind == "TfidfVectorizer"
    assert shipment.payload == local.to_bytes()  # the binary save format
    X = vec.transform(series(texts, 12))
    graph = dict(X.__dask_graph__())
    assert len([k for k in graph if str(k).startswith("newsnlp-shipment-")]) == 1
    before = client.run(_shipping.load_count)
    X.compute()
    after = client.run(_shipping.load_count)
    loads = [after[w] - before[w] for w in after]
    assert sum(loads) >= 1 and all(n <= 1 for n in loads)  # 12 tasks, one load per worker


def test_matchers_pickle_through_their_save_format():
    gaz = newsnlp.Gazetteer.from_records([("MAR", "Maroc", "LOC", ["Royaume du Maroc"])])
    matcher = newsnlp.EntityMatcher(gaz)
    shipment = _shipping.ship(matcher)
    assert shipment.payload == matcher.to_bytes()
    assert matcher.to_bytes() in pickle.dumps(matcher)
    assert _shipping.unpack(shipment).find("le Royaume du Maroc")[0].id == "MAR"


def test_bad_parameters_fail_as_on_one_machine(client):
    s = series(["oil prices", "gas prices"], 2)
    for params, error in (
        ({"min_df": -1}, InvalidParameterError),
        ({"ngram_range": (2, 1)}, ValueError),
        ({"min_df": 3, "max_df": 1}, ValueError),
    ):
        with pytest.raises(error) as local_error:
            newsnlp.TfidfVectorizer(**params).fit(["oil prices", "gas prices"])
        with pytest.raises(error) as cluster_error:
            nd.TfidfVectorizer(**params).fit(s)
        assert str(cluster_error.value) == str(local_error.value)


def test_only_stop_words_fail_as_on_one_machine(client):
    with pytest.raises(ValueError, match="empty vocabulary; perhaps the documents only"):
        nd.CountVectorizer(stop_words="english").fit(series(["the a", "of it", "and"], 2))


def test_non_text_names_partition_and_index(client):
    import dask.bag as db

    # a missing text (Dask turns the Series' object dtype into strings, None into <NA>)
    s = series(["oil", "gas", "zinc", None, "tin"], 2)
    with pytest.raises(TypeError, match=r"partition 1, index 3: expected str or bytes, got NAType"):
        nd.TfidfVectorizer().fit(s)
    bag = db.from_sequence(["oil", "gas", 42, "tin"], npartitions=2)
    with pytest.raises(TypeError, match=r"partition 1, item 0: expected str or bytes, got int"):
        nd.HashingVectorizer().transform(bag).compute()


def test_inputs_must_be_dask_collections():
    with pytest.raises(TypeError, match="expected a Dask Series or Bag of texts, got list"):
        nd.TfidfVectorizer().fit(["oil prices"])
    with pytest.raises(TypeError, match="a Dask Series"):
        nd.HashingVectorizer().transform(series(["a b"], 1).to_frame())


def test_import_newsnlp_does_not_import_dask():
    import subprocess
    import sys

    code = "import sys, newsnlp; print('dask' in sys.modules, 'distributed' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    code = "import newsnlp; print(newsnlp.dask.TfidfVectorizer.__module__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "newsnlp.dask.vectorizers"
