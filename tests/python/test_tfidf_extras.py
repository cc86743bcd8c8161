"""Beyond scikit-learn: entity-aware features, save/load in model files, Ctrl-C."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from interrupts import interrupt_during
from sklearn.base import clone
from sklearn.utils._param_validation import InvalidParameterError
from test_tfidf import DOCS, same

import newsnlp

# --- entity-aware features -------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher():
    gazetteer = newsnlp.Gazetteer.from_records(
        [("MAR", "Maroc", "LOC", ["Royaume du Maroc"]), ("USA", "États-Unis", "LOC", ["USA"])]
    )
    return newsnlp.EntityMatcher(gazetteer, tokenizer=newsnlp.Tokenizer(lang="fr"))


ENTITY_DOCS = [
    "Le ROYAUME DU MAROC et les États-Unis ont signé.",
    "Le Maroc exporte vers les USA.",
    "rien ici",
]


def test_entities_add_one_feature_per_mention(matcher):
    plain = newsnlp.CountVectorizer().fit(ENTITY_DOCS)
    vec = newsnlp.CountVectorizer(entities=matcher)
    X = vec.fit_transform(ENTITY_DOCS)
    names = set(vec.get_feature_names_out())
    assert names == set(plain.get_feature_names_out()) | {"entity:MAR", "entity:USA"}
    col = vec.vocabulary_
    assert X[0, col["entity:MAR"]] == 1 and X[0, col["entity:USA"]] == 1
    assert X[1, col["entity:MAR"]] == 1 and X[2].sum() == 2
    assert X[0, col["royaume"]] == 1  # the words stay
    char = newsnlp.TfidfVectorizer(entities=matcher, analyzer="char_wb", ngram_range=(3, 3))
    assert "entity:MAR" in char.fit(ENTITY_DOCS).vocabulary_


def test_entities_replace_their_words_in_place(matcher):
    vec = newsnlp.CountVectorizer(entities=matcher, entity_features="replace", ngram_range=(1, 2))
    names = set(vec.fit(ENTITY_DOCS).get_feature_names_out())
    assert {"le entity:MAR", "entity:MAR et", "les entity:USA", "entity:USA ont"} <= names
    assert not names & {"royaume", "maroc", "états", "unis", "usa", "du maroc"}
    with_tokenizer = newsnlp.CountVectorizer(
        entities=matcher,
        entity_features="replace",
        tokenizer=newsnlp.Tokenizer("fr"),
        token_pattern=None,
    ).fit(ENTITY_DOCS)
    assert set(with_tokenizer.get_feature_names_out()) == {
        "entity:MAR",
        "entity:USA",
        "exporte",
        "rien",
        "signé",
    }
    with pytest.raises(ValueError, match="'replace' needs the 'word' analyzer"):
        newsnlp.CountVectorizer(entities=matcher, entity_features="replace", analyzer="char").fit(
            ENTITY_DOCS
        )


def test_entities_clone_pickle_and_unsupported_paths(matcher):
    vec = newsnlp.TfidfVectorizer(entities=matcher, entity_features="replace")
    X = vec.fit_transform(ENTITY_DOCS)
    assert clone(vec).entities is matcher  # shared: immutable
    assert (clone(vec).fit_transform(ENTITY_DOCS) != X).nnz == 0
    assert (pickle.loads(pickle.dumps(vec)).transform(ENTITY_DOCS) != X).nnz == 0
    with pytest.raises(TypeError, match="save the matcher on its own"):
        vec.save("/tmp/never-written-newsnlp-model")
    with pytest.raises(ValueError, match="entities need an analysis newsnlp runs in C"):
        newsnlp.TfidfVectorizer(entities=matcher, token_pattern=r"[a-z]+").fit(ENTITY_DOCS)
    with pytest.raises(InvalidParameterError, match="entity_features"):
        newsnlp.TfidfVectorizer(entities=matcher, entity_features="both").fit(ENTITY_DOCS)
    hashed = newsnlp.HashingVectorizer(entities=matcher, n_features=2**10).transform(ENTITY_DOCS)
    plain = newsnlp.HashingVectorizer(n_features=2**10).transform(ENTITY_DOCS)
    assert hashed.sum() != plain.sum()


# --- save / load -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "est",
    [
        newsnlp.TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32),
        newsnlp.CountVectorizer(vocabulary={"oil": 1, "prices": 0}),
        newsnlp.TfidfVectorizer(tokenizer=newsnlp.Tokenizer("en"), token_pattern=None, norm=None),
        newsnlp.TfidfVectorizer(token_pattern=r"[a-z]+", use_idf=False),
        newsnlp.HashingVectorizer(n_features=2**10, alternate_sign=False),
    ],
    ids=["tfidf", "fixed-vocabulary", "tokenizer", "python-fallback", "hashing"],
)
def test_save_and_load(tmp_path, est):
    X = est.fit_transform(DOCS)
    path = tmp_path / "model.newsnlp"
    est.save(path)
    loaded = type(est).load(str(path))
    assert type(loaded) is type(est)
    assert repr(loaded) == repr(est)
    assert same(loaded.transform(DOCS), X)
    if hasattr(est, "vocabulary_"):
        assert loaded.vocabulary_ == est.vocabulary_
        assert list(loaded.get_feature_names_out()) == list(est.get_feature_names_out())


@pytest.mark.parametrize("cls", [newsnlp.CountVectorizer, newsnlp.TfidfVectorizer])
def test_to_bytes_is_the_model_file(tmp_path, cls):
    est = cls(min_df=1, ngram_range=(1, 2)).fit(DOCS)
    est.save(tmp_path / "model.newsnlp")
    assert est.to_bytes() == (tmp_path / "model.newsnlp").read_bytes()
    loaded = cls.from_bytes(est.to_bytes())
    assert loaded.vocabulary_ == est.vocabulary_
    assert same(loaded.transform(DOCS), est.transform(DOCS))
    with pytest.raises(newsnlp.NewsnlpIOError, match="shipment 7") as e:
        cls.from_bytes(est.to_bytes()[:40], "shipment 7")
    assert e.value.path == "shipment 7"


def test_corrupt_and_foreign_model_files_are_rejected(tmp_path):
    path = tmp_path / "model.newsnlp"
    newsnlp.TfidfVectorizer().fit(DOCS).save(path)
    data = path.read_bytes()
    for name, content, message in [
        ("truncated", data[: len(data) // 2], "corrupt or foreign model file"),
        ("flipped", data[:-3] + bytes([data[-3] ^ 0x40]) + data[-2:], "checksum mismatch"),
        ("empty", b"", "corrupt or foreign model file"),
        ("not-a-model", b"hello world" * 20, "corrupt or foreign model file"),
    ]:
        bad = tmp_path / name
        bad.write_bytes(content)
        with pytest.raises(newsnlp.NewsnlpIOError, match=message) as e:
            newsnlp.TfidfVectorizer.load(bad)
        assert e.value.path == str(bad)
        assert isinstance(e.value, OSError)
    with pytest.raises(newsnlp.NewsnlpIOError, match="not a 'CountVectorizer'"):
        newsnlp.CountVectorizer.load(path)
    with pytest.raises(newsnlp.NewsnlpIOError, match="cannot open model file"):
        newsnlp.TfidfVectorizer.load(tmp_path / "missing")
    with pytest.raises(TypeError, match="model files store no code"):
        newsnlp.TfidfVectorizer(preprocessor=str.lower).fit(DOCS).save(tmp_path / "x")


# --- Ctrl-C ----------------------------------------------------------------------------


def test_keyboard_interrupt_stops_fitting_and_similarity():
    texts = [
        f"Dépêche {i} : le ministre {i % 977} a remercié l’accueil." * 20 for i in range(20_000)
    ]
    latency = interrupt_during(
        lambda: newsnlp.TfidfVectorizer(n_jobs=2, ngram_range=(1, 2)).fit_transform(texts), 0.3
    )
    assert latency < 5.0
    X = newsnlp.TfidfVectorizer().fit_transform(texts[:6000])
    latency = interrupt_during(lambda: newsnlp.similar(X, k=5, n_jobs=2), 0.3)
    assert latency < 5.0
    assert newsnlp.TfidfVectorizer().fit_transform(DOCS).shape[0] == len(DOCS)  # still fine
