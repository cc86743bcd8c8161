"""newsnlp.analysis: the DataFrame helpers (mentions, entity counts, co-occurrences,
keywords, similar pairs, duplicate groups) checked against independent computations, and
analyze() / CorpusAnalysis.save() on the built-in sample."""

from __future__ import annotations

import os

import numpy as np
import pytest

import newsnlp
from newsnlp import analysis
from newsnlp.errors import InvalidArgumentError, NewsnlpIOError
from newsnlp.sample import sample_path

pd = pytest.importorskip("pandas")

PLANTED_GROUPS = [{"fr-001", "fr-007"}, {"en-003", "en-009"}, {"ar-004", "ar-010"}]


@pytest.fixture(scope="module")
def articles():
    return newsnlp.read_corpus(sample_path())


@pytest.fixture(scope="module")
def gazetteer():
    return newsnlp.Gazetteer.from_csv(sample_path("sample_gazetteer.csv"))


@pytest.fixture(scope="module")
def result(articles, gazetteer):
    return analysis.analyze(articles, gazetteer, n_jobs=2)


@pytest.fixture(scope="module")
def found(articles, gazetteer):
    texts = articles.set_index("id")["text"]
    return analysis.mentions(texts, gazetteer, lang=articles["lang"], n_jobs=2)


def _reference_mentions(articles, gazetteer):
    frames = []
    for lang, group in articles.groupby("lang", sort=False):
        matcher = newsnlp.EntityMatcher(gazetteer, tokenizer=newsnlp.Tokenizer(lang))
        frames.append(matcher.to_frame(group["text"].tolist(), ids=group["id"].tolist()))
    ref = pd.concat(frames, ignore_index=True)
    order = {i: k for k, i in enumerate(articles["id"])}
    ref["pos"] = ref["doc"].map(order)
    return ref.sort_values(["pos", "start"], kind="stable").reset_index(drop=True)


def test_mentions_agree_with_the_matcher_per_language(articles, gazetteer, found):
    ref = _reference_mentions(articles, gazetteer)
    assert list(found.columns) == [
        "article_id",
        "start",
        "end",
        "text",
        "entity_id",
        "name",
        "type",
    ]
    assert len(found) == len(ref) > 300
    assert found["article_id"].tolist() == ref["doc"].tolist()
    assert (
        found[["start", "end", "text"]].values.tolist()
        == ref[["start", "end", "text"]].values.tolist()
    )
    assert found["entity_id"].tolist() == ref["id"].tolist()
    texts = dict(zip(articles["id"], articles["text"]))
    assert all(
        texts[a][s:e] == t
        for a, s, e, t in zip(found["article_id"], found["start"], found["end"], found["text"])
    )
    bourita = found[
        (found["article_id"] == "ar-001") & (found["entity_id"] == "per:nasser_bourita")
    ]
    assert len(bourita) >= 1  # Arabic spelling matched with the Arabic tokenizer


def test_ids_default_to_the_series_index_or_positions(articles, gazetteer):
    by_index = analysis.mentions(articles["text"], gazetteer, lang=articles["lang"])
    assert set(by_index["article_id"]) <= set(range(len(articles)))
    given = analysis.mentions(articles["text"].tolist()[:2], gazetteer, ids=["x", "y"], lang="fr")
    assert set(given["article_id"]) == {"x", "y"}


def test_entity_counts(found):
    counts = analysis.entity_counts(found)
    ref = found.groupby("entity_id").agg(
        mentions=("start", "size"), articles=("article_id", "nunique")
    )
    merged = counts.set_index("entity_id")[["mentions", "articles"]]
    assert merged.sort_index().equals(ref.sort_index().astype(merged.dtypes))
    assert counts["mentions"].is_monotonic_decreasing
    assert counts.iloc[0][["entity_id", "name", "type"]].tolist() == ["loc:morocco", "Maroc", "LOC"]


def test_cooccurrences(found):
    pairs = analysis.cooccurrences(found, top=10)
    assert len(pairs) == 10 and pairs["articles"].is_monotonic_decreasing
    docs = found.groupby("entity_id")["article_id"].agg(lambda s: set(s))
    for a, b, n, jaccard in pairs[["entity_a", "entity_b", "articles", "jaccard"]].values:
        assert n == len(docs[a] & docs[b])
        assert jaccard == pytest.approx(n / len(docs[a] | docs[b]), abs=1e-4)
    top = pairs.iloc[0]
    assert {top["name_a"], top["name_b"]} == {"Maroc", "Afrique"}


def _tfidf(texts, lang):
    v = newsnlp.TfidfVectorizer(
        tokenizer=newsnlp.Tokenizer(lang), token_pattern=None, sublinear_tf=True
    )
    matrix = v.fit_transform(texts)
    names = v.get_feature_names_out()
    keep = np.array([any(c.isalpha() for c in t) for t in names])
    return matrix[:, keep].toarray(), names[keep]


def test_keywords_are_the_top_tfidf_terms(articles):
    keywords = analysis.keywords(articles.set_index("id")["text"], lang=articles["lang"], k=5)
    assert list(keywords.columns) == ["article_id", "rank", "term", "score"]
    for lang, group in articles.groupby("lang"):
        dense, names = _tfidf(group["text"].tolist(), lang)
        for article_id, row in zip(group["id"], dense):
            got = keywords[keywords["article_id"] == article_id]
            assert got["rank"].tolist() == [1, 2, 3, 4, 5]
            assert got["score"].tolist() == pytest.approx(np.sort(row)[::-1][:5], abs=1e-6)
            order = sorted(range(len(row)), key=lambda c: (-row[c], c))[:5]
            assert got["term"].tolist() == [names[c] for c in order]
    assert not keywords["term"].str.fullmatch(r"[\d\W]+").any()  # no bare numbers


def test_similar_pairs_are_the_nearest_by_cosine(articles):
    pairs = analysis.similar_pairs(articles.set_index("id")["text"], lang=articles["lang"], k=3)
    for lang, group in articles.groupby("lang"):
        dense, _ = _tfidf(group["text"].tolist(), lang)
        unit = dense / np.linalg.norm(dense, axis=1, keepdims=True)
        cosine = unit @ unit.T
        np.fill_diagonal(cosine, -1)
        ids = group["id"].tolist()
        for i, article_id in enumerate(ids):
            got = pairs[pairs["article_id"] == article_id]
            expected = np.sort(cosine[i])[::-1][:3]
            assert got["similarity"].tolist() == pytest.approx(expected, abs=1e-6)
            assert all(ids.index(j) != i for j in got["similar_id"])
            assert set(got["similar_id"]) <= set(ids)  # within its language


def test_duplicate_groups_find_the_planted_ones(articles):
    groups = analysis.duplicate_groups(articles.set_index("id")["text"], lang=articles["lang"])
    found = [set(g["article_id"]) for _, g in groups.groupby("group")]
    assert sorted(found, key=sorted) == sorted(PLANTED_GROUPS, key=sorted)
    exact = groups.set_index("article_id")["exact"]
    assert exact["ar-004"] and exact["ar-010"] and not exact["fr-001"]
    assert (groups["similarity"] >= 0.9).all()
    strict = analysis.duplicate_groups(
        articles.set_index("id")["text"], lang=articles["lang"], threshold=0.999
    )
    assert set(strict["article_id"]) == {"ar-004", "ar-010"}


def test_helpers_reject_bad_input(gazetteer):
    with pytest.raises(TypeError, match="not a single str"):
        analysis.keywords("un texte")
    with pytest.raises(InvalidArgumentError, match=r"ids has 1 entries for 2 texts"):
        analysis.mentions(["a", "b"], gazetteer, ids=["x"])
    with pytest.raises(InvalidArgumentError, match=r"lang must be one of .* \(got 'de'\)"):
        analysis.keywords(["a"], lang="de")
    with pytest.raises(InvalidArgumentError, match=r"lang has 1 entries for 2 texts"):
        analysis.keywords(["a", "b"], lang=["fr"])
    with pytest.raises(InvalidArgumentError, match=r"text 1 is not a str \(got float\)"):
        analysis.keywords(["a", float("nan")])


# -- analyze() ------------------------------------------------------------------------------


def test_analyze_statistics(result, articles):
    s = result.stats
    tokens = sentences = 0
    for lang, text in zip(articles["lang"], articles["text"]):
        doc = newsnlp.Tokenizer(lang)(text)
        tokens += len(doc)
        sentences += len(doc.sentences)
    assert (s["articles"], s["tokens"], s["sentences"]) == (36, tokens, sentences)
    assert s["languages"] == {"ar": 12, "en": 12, "fr": 12}
    assert (s["first_date"], s["last_date"], s["period"]) == ("2024-01-05", "2024-06-12", "month")
    per_month = articles["date"].dt.strftime("%Y-%m").value_counts().sort_index()
    assert list(result.articles_per_period["period"]) == per_month.index.tolist()
    assert list(result.articles_per_period["articles"]) == per_month.tolist()
    assert s["mentions"] == len(result.mentions) and s["entities"] == len(result.entities)


def test_analyze_tables(result, found):
    assert result.mentions["entity_id"] == found["entity_id"].tolist()
    assert sorted(
        map(set, result.duplicates.to_frame().groupby("group")["article_id"].agg(list)), key=sorted
    ) == sorted(PLANTED_GROUPS, key=sorted)
    # timeline: per entity followed, the monthly counts add up to its mentions
    timeline = result.timeline.to_frame()
    entities = result.entities.to_frame().set_index("entity_id")
    assert timeline["entity_id"].nunique() == 6
    for entity_id, group in timeline.groupby("entity_id"):
        assert group["mentions"].sum() == entities.loc[entity_id, "mentions"]
        assert group["period"].tolist() == list(result.articles_per_period["period"])


def test_similar_pairs_skip_duplicate_groups(result):
    pairs = result.similar_pairs(10)
    assert len(pairs) == 10
    assert list(pairs["similarity"]) == sorted(pairs["similarity"], reverse=True)
    for a, b in zip(pairs["article_id"], pairs["similar_id"]):
        assert {a, b} not in PLANTED_GROUPS and a < b


def test_analyze_without_gazetteer(articles):
    r = analysis.analyze(articles.head(12), None)
    assert len(r.mentions) == len(r.entities) == len(r.cooccurrences) == len(r.timeline) == 0
    assert len(r.keywords) == 120 and len(r.duplicates) == 2  # fr-001 / fr-007


def test_analyze_checks_its_arguments(articles):
    with pytest.raises(InvalidArgumentError, match="empty corpus"):
        analysis.analyze(articles.head(0))
    with pytest.raises(
        InvalidArgumentError, match=r"duplicate_threshold must be in \(0, 1\] \(got 1.5\)"
    ):
        analysis.analyze(articles, duplicate_threshold=1.5)
    with pytest.raises(InvalidArgumentError, match=r"keywords must be >= 1 \(got 0\)"):
        analysis.analyze(articles, keywords=0)
    with pytest.raises(InvalidArgumentError, match="no column 'text'"):
        analysis.analyze(articles.rename(columns={"text": "body"}))


# -- saving ----------------------------------------------------------------------------------


def test_save_writes_report_and_csv(result, tmp_path):
    paths = result.save(tmp_path / "report")
    assert sorted(os.path.basename(p) for p in paths) == sorted(analysis.OUTPUT_FILES)
    assert sorted(os.listdir(tmp_path)) == ["report"]  # no temporary folder left
    frames = result.frames()
    for name in ("mentions", "entities", "cooccurrences", "keywords", "similar", "duplicates"):
        csv = pd.read_csv(tmp_path / "report" / f"{name}.csv", keep_default_na=False)
        assert list(csv.columns) == list(frames[name].columns)
        assert len(csv) == len(frames[name])
    mentions = pd.read_csv(tmp_path / "report" / "mentions.csv")
    assert mentions["text"].tolist() == frames["mentions"]["text"].tolist()


def test_save_replaces_a_report_but_nothing_else(result, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "report.html").write_text("old", encoding="utf-8")
    result.save(folder)
    assert (folder / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(os.listdir(tmp_path)) == ["out"]
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NewsnlpIOError, match=r"holds other files than a report \(notes.txt\)"):
        result.save(folder)
    assert (folder / "notes.txt").exists()
    with pytest.raises(NewsnlpIOError, match="it is a file"):
        result.save(folder / "notes.txt")


def test_interrupted_save_leaves_nothing(result, tmp_path, monkeypatch):
    import newsnlp.report

    def interrupted(_):
        raise KeyboardInterrupt

    monkeypatch.setattr(newsnlp.report, "render_report", interrupted)
    with pytest.raises(KeyboardInterrupt):
        result.save(tmp_path / "out")
    assert os.listdir(tmp_path) == []


def test_matcher_options_reach_the_matcher(gazetteer):
    texts = ["le maroc et le Maroc"]
    assert len(analysis.mentions(texts, gazetteer, lang="fr")) == 2
    strict = analysis.mentions(
        texts, gazetteer, lang="fr", matcher_options={"require_capitalized": True}
    )
    assert strict["text"].tolist() == ["Maroc"]


@pytest.mark.parametrize(
    "module", ["newsnlp.corpus", "newsnlp.analysis", "newsnlp.report", "newsnlp._tables"]
)
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_an_ambiguous_mention_is_no_cooccurrence():
    gazetteer = newsnlp.Gazetteer.from_records(
        [
            ("paris-fr", "Paris", "city", []),
            ("paris-tx", "Paris", "city", ["Lutèce"]),  # not really: a second reading
            ("lyon", "Lyon", "city", []),
        ]
    )
    texts = ["Paris et Lyon.", "Paris, toujours Paris.", "Lutèce, puis Paris."]
    found = analysis.mentions(texts, gazetteer, ids=["a", "b", "c"], lang="fr")
    pairs = analysis.cooccurrences(found)
    got = {
        (a, b): (n, j)
        for a, b, n, j in pairs[["entity_a", "entity_b", "articles", "jaccard"]].values
    }
    # a: both Paris readings with Lyon; b: the two readings only; c: paris-tx twice
    assert got == {
        ("paris-fr", "lyon"): (1, pytest.approx(1 / 3, abs=1e-4)),
        ("paris-tx", "lyon"): (1, pytest.approx(1 / 3, abs=1e-4)),
        ("paris-fr", "paris-tx"): (1, pytest.approx(1 / 3, abs=1e-4)),
    }
