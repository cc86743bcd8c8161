"""newsnlp.dask.find_entities / tokenize on a 2-process LocalCluster give the frames the
single-machine to_frame gives: same rows, columns and dtypes."""

from __future__ import annotations

import pandas as pd
import pytest
from dask_cluster import cluster_client, read_series, series, texts_of
from shared_data import SHARED

import newsnlp
import newsnlp.dask as nd

GAZETTEERS = SHARED / "gazetteers"


@pytest.fixture(scope="module")
def client():
    yield from cluster_client()


@pytest.fixture(scope="module")
def gazetteer():
    return (
        newsnlp.Gazetteer.from_csv(GAZETTEERS / "countries" / "countries.csv")
        + newsnlp.Gazetteer.from_csv(GAZETTEERS / "cities" / "cities.csv")
        + newsnlp.Gazetteer.from_csv(GAZETTEERS / "persons" / "persons.csv")
    )


def one_machine(matcher, texts, index):
    return matcher.to_frame(texts, ids=list(index))


def check_mentions(matcher, texts, s):
    frame = nd.find_entities(s, matcher)
    got = frame.compute().reset_index(drop=True)
    expected = one_machine(matcher, texts, range(len(texts)))
    assert len(expected) > 100  # real mentions, not an empty comparison
    assert dict(frame.dtypes) == dict(expected.dtypes)
    pd.testing.assert_frame_equal(got, expected)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_mentions_equal_one_machine(client, gazetteer, lang):
    matcher = newsnlp.EntityMatcher(gazetteer, tokenizer=newsnlp.Tokenizer(lang=lang))
    check_mentions(matcher, texts_of(lang), series(texts_of(lang), 5))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_mentions_equal_one_machine_on_the_whole_corpus(client, gazetteer, lang):
    matcher = newsnlp.EntityMatcher(gazetteer, tokenizer=newsnlp.Tokenizer(lang=lang))
    check_mentions(matcher, texts_of(lang, whole=True), read_series(lang, 16, whole=True))


def test_documents_are_labelled_by_index_or_bag_position(client, gazetteer):
    import dask.bag as db
    import dask.dataframe as dd

    matcher = newsnlp.EntityMatcher(gazetteer, tokenizer=newsnlp.Tokenizer(lang="en"))
    texts = texts_of("en")[:400]
    labels = [f"reuters-{i}" for i in range(len(texts))]
    s = dd.from_pandas(pd.Series(texts, index=labels), npartitions=3, sort=False)
    got = nd.find_entities(s, matcher).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, one_machine(matcher, texts, labels))
    bag = db.from_sequence(texts, npartitions=4)
    got = nd.find_entities(bag, matcher).compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, one_machine(matcher, texts, range(len(texts))))


def test_tokens_equal_one_machine(client):
    tokenizer = newsnlp.Tokenizer(lang="fr")
    texts = texts_of("fr")[:60]
    got = nd.tokenize(series(texts, 3), tokenizer).compute().reset_index(drop=True)
    frames = [d.to_frame() for d in tokenizer.pipe(texts)]
    expected = pd.concat(frames, ignore_index=True)
    expected.insert(0, "doc", [i for i, f in enumerate(frames) for _ in range(len(f))])
    pd.testing.assert_frame_equal(got, expected)


def test_bad_matcher_and_non_text(client, gazetteer):
    matcher = newsnlp.EntityMatcher(gazetteer)
    with pytest.raises(TypeError, match=r"matcher: expected a newsnlp\.EntityMatcher, got dict"):
        nd.find_entities(series(["a"], 1), {})
    s = series(["Paris", None, "Rabat"], 2)
    with pytest.raises(TypeError, match=r"partition 0, index 1: expected str or bytes"):
        nd.find_entities(s, matcher).compute()
