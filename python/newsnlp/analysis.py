"""Corpus analysis for analysts: who is mentioned, with whom, how often and when, what each
article is about, which articles are duplicates or follow-ups of each other.

:func:`analyze` runs everything on a corpus (what ``newsnlp analyze`` does) and returns a
:class:`CorpusAnalysis` whose tables are DataFrames and which writes the HTML report and
CSV files. The other functions take a DataFrame column of texts and return DataFrames keyed
by the article id (the column's index unless ``ids`` is given):

>>> import newsnlp
>>> from newsnlp.sample import sample_path
>>> articles = newsnlp.read_corpus(sample_path()).set_index("id")
>>> gazetteer = newsnlp.Gazetteer.from_csv(sample_path("sample_gazetteer.csv"))
>>> found = newsnlp.analysis.mentions(articles["text"], gazetteer, lang=articles["lang"])
>>> found.loc[found["article_id"] == "fr-001", "name"].head(3).tolist()
['Nasser Bourita', 'Antony Blinken', 'Coalition mondiale contre Daech']
>>> newsnlp.analysis.entity_counts(found).iloc[0][["name", "type"]].tolist()
['Maroc', 'LOC']

Matching, tokenizing, TF-IDF, similarity and keywords run in C++ on ``n_jobs`` threads; each
language has its own tokenizer, and similar or duplicate articles are looked for within a
language.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import _analysis_steps as steps
from ._tables import Table
from .corpus import LANGS, Article
from .errors import InvalidArgumentError, NewsnlpIOError
from .gazetteer import Gazetteer

# The files a report folder holds; a folder holding anything else is never replaced.
OUTPUT_FILES = (
    "report.html",
    "mentions.csv",
    "entities.csv",
    "cooccurrences.csv",
    "keywords.csv",
    "similar.csv",
    "duplicates.csv",
)


@dataclass
class CorpusAnalysis:
    """What :func:`analyze` found. Tables are :class:`~newsnlp._tables.Table` columns;
    the properties ending in ``_frame`` give pandas DataFrames.

    Attributes:
        articles: the articles analysed, in input order.
        stats: corpus statistics (articles, languages, dates, characters, tokens, ...).
        mentions: article_id, date, start, end, text, entity_id, name, type.
        entities: entity_id, name, type, mentions, articles, first_date, last_date.
        cooccurrences: the entity pairs most often in the same articles, with Jaccard.
        timeline: mentions per period of the most mentioned entities (``stats["period"]``
            says day, month or year).
        articles_per_period: period, articles.
        keywords: article_id, rank, term, score (TF-IDF).
        similar: article_id, rank, similar_id, similarity (cosine of TF-IDF rows).
        duplicates: group, article_id, lang, date, title, similarity, exact.
        gazetteers: names of the gazetteers used, for the report.
        sources: the files read, for the report.
        seconds: time taken by :func:`analyze`.
    """

    articles: list[Article]
    stats: dict[str, Any]
    mentions: Table
    entities: Table
    cooccurrences: Table
    timeline: Table
    articles_per_period: Table
    keywords: Table
    similar: Table
    duplicates: Table
    gazetteers: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def frames(self) -> dict[str, Any]:
        """The tables as pandas DataFrames, by name."""
        names = ("mentions", "entities", "cooccurrences", "timeline", "keywords", "similar",
                 "duplicates")  # fmt: skip
        return {name: getattr(self, name).to_frame() for name in names}

    def similar_pairs(self, top: int = 20) -> Table:
        """The ``top`` most similar article pairs (each pair once) that are not in the same
        near-duplicate group: follow-ups and articles on the same story."""
        group = dict(zip(self.duplicates["article_id"], self.duplicates["group"]))
        seen: set[tuple[str, str]] = set()
        rows: list[tuple[float, str, str]] = []
        for a, b, s in zip(self.similar["article_id"], self.similar["similar_id"],
                           self.similar["similarity"]):  # fmt: skip
            pair = (a, b) if a < b else (b, a)
            if pair in seen or (a in group and group.get(a) == group.get(b)):
                continue
            seen.add(pair)
            rows.append((-float(s), *pair))
        rows.sort()
        rows = rows[:top]
        return Table(
            {
                "article_id": [a for _, a, _ in rows],
                "similar_id": [b for _, _, b in rows],
                "similarity": [-s for s, _, _ in rows],
            }
        )

    def save(self, folder: str | os.PathLike[str]) -> list[str]:
        """Writes ``report.html`` and the CSV files into ``folder`` and returns their
        paths. Everything is written into a temporary folder beside it first and renamed
        at the end: an error or Ctrl-C leaves no half-written report. An existing
        ``folder`` is replaced only if it holds nothing but such files."""
        from .report import render_report

        folder = os.path.abspath(os.fspath(folder))
        if os.path.exists(folder):
            if not os.path.isdir(folder):
                raise _io_error(f"cannot write the report to {folder}: it is a file", folder)
            others = sorted(set(os.listdir(folder)) - set(OUTPUT_FILES))
            if others:
                raise _io_error(
                    f"{folder} holds other files than a report ({', '.join(others[:3])}); "
                    "choose another output folder",
                    folder,
                )
        parent = os.path.dirname(folder)
        try:
            os.makedirs(parent, exist_ok=True)
            work = tempfile.mkdtemp(prefix=f".{os.path.basename(folder)}.", dir=parent)
        except OSError as e:
            raise _io_error(f"cannot write the report to {folder}: {e.strerror}", folder) from e
        try:
            tables = {
                "mentions.csv": self.mentions,
                "entities.csv": self.entities,
                "cooccurrences.csv": self.cooccurrences,
                "keywords.csv": self.keywords,
                "similar.csv": self.similar,
                "duplicates.csv": self.duplicates,
            }
            for name, table in tables.items():
                table.write_csv(os.path.join(work, name))
            with open(os.path.join(work, "report.html"), "w", encoding="utf-8") as f:
                f.write(render_report(self))
            os.chmod(work, 0o755)  # mkdtemp makes it private
            if os.path.exists(folder):
                old = tempfile.mkdtemp(prefix=f".{os.path.basename(folder)}.old.", dir=parent)
                os.replace(folder, os.path.join(old, "report"))
                os.replace(work, folder)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(work, folder)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        return [os.path.join(folder, name) for name in OUTPUT_FILES]


def _io_error(message: str, path: str) -> NewsnlpIOError:
    err = NewsnlpIOError(message)
    err.path = path
    return err


def _articles_from(data: Any) -> list[Article]:
    """Articles from a DataFrame with read_corpus' columns or a sequence of Article."""
    if hasattr(data, "columns"):
        missing = [c for c in ("id", "text") if c not in data.columns]
        if missing:
            raise InvalidArgumentError(f"the DataFrame has no column {missing[0]!r}")
        n = len(data)

        def column(name: str, default: str) -> list[Any]:
            return data[name].tolist() if name in data.columns else [default] * n

        from .corpus import _lang, normalize_date

        return [
            Article(str(i), t, "" if ti is None else str(ti), normalize_date(d) or "",
                    _lang(la, "xx"), f"row {k}", i, {})
            for k, (i, t, ti, d, la) in enumerate(zip(
                column("id", ""), column("text", ""), column("title", ""),
                column("date", ""), column("lang", "xx")))
        ]  # fmt: skip
    return list(data)


def analyze(
    articles: Any,
    gazetteer: Gazetteer | None = None,
    *,
    keywords: int = 10,
    similar: int = 5,
    duplicate_threshold: float = 0.9,
    top_pairs: int = 50,
    timeline_entities: int = 6,
    matcher_options: Mapping[str, Any] | None = None,
    n_jobs: int = -1,
    progress: bool = False,
) -> CorpusAnalysis:
    """Analyses a corpus: statistics, entity mentions, co-occurrences and timeline (with a
    gazetteer), keywords, similar articles and near-duplicate groups.

    Args:
        articles: a DataFrame with :func:`~newsnlp.read_corpus`'s columns (``id``,
            ``text``; ``title``, ``date``, ``lang`` when present) or a list of
            :class:`~newsnlp.corpus.Article`.
        gazetteer: the entities to look for; None: no entity tables.
        keywords: terms per article. similar: neighbours per article.
        duplicate_threshold: cosine similarity from which articles are near-duplicates.
        top_pairs: co-occurring entity pairs kept.
        timeline_entities: the most mentioned entities followed over time.
        matcher_options: keyword arguments of :class:`~newsnlp.EntityMatcher` (alias
            policy: ``require_capitalized``, ``common_words``, ``min_length``, ...).
        n_jobs: threads (-1: all cores). progress: progress bars on stderr.

    >>> import newsnlp
    >>> from newsnlp.sample import sample_path
    >>> result = newsnlp.analysis.analyze(
    ...     newsnlp.read_corpus(sample_path()),
    ...     newsnlp.Gazetteer.from_csv(sample_path("sample_gazetteer.csv")))
    >>> sorted(set(result.duplicates["article_id"]))[:2]
    ['ar-004', 'ar-010']
    """
    started = time.perf_counter()
    items = _articles_from(articles)
    if not items:
        raise InvalidArgumentError("empty corpus: no article to analyse")
    if not 0 < duplicate_threshold <= 1:
        raise InvalidArgumentError(
            f"duplicate_threshold must be in (0, 1] (got {duplicate_threshold})"
        )
    for name, value in (("keywords", keywords), ("similar", similar), ("top_pairs", top_pairs)):
        if value < 1:
            raise InvalidArgumentError(f"{name} must be >= 1 (got {value})")
    note = _Notes(progress)
    ids = [a.id for a in items]
    texts = [a.text for a in items]
    langs = [a.lang for a in items]
    dates = [a.date for a in items]
    note("counting tokens and sentences")
    counts = steps.count_tokens(texts, langs, n_jobs=n_jobs, progress=progress)
    step, periods = steps.period_of(dates)
    stats = _stats(items, counts, step)

    if gazetteer is not None:
        note(f"matching {len(gazetteer):,} entities")
        found = steps.find_mentions(texts, langs, gazetteer, n_jobs=n_jobs, progress=progress,
                                    matcher_options=matcher_options)  # fmt: skip
    else:
        found = steps.MentionArrays(*(np.zeros(0, dtype=np.int64),) * 3, [],
                                    np.zeros(0, dtype=np.int64), [], [], [])  # fmt: skip
    present = steps.presence_matrix(found, len(items))
    entities = steps.entity_table(found, present, dates)
    followed = [found.entity_ids.index(e) for e in entities["entity_id"][:timeline_entities]]
    note("TF-IDF per language")
    by_lang = steps.tfidf_by_language(texts, langs, n_jobs=n_jobs)
    note("keywords, similar articles and near-duplicates")
    pairs = steps.duplicate_pairs(by_lang, threshold=duplicate_threshold, n_jobs=n_jobs)
    extra = {"lang": langs, "date": dates, "title": [a.title for a in items]}
    stats["mentions"] = len(found.doc)
    stats["entities"] = len(found.entity_ids)
    result = CorpusAnalysis(
        articles=items,
        stats=stats,
        mentions=_mention_table(found, ids, dates),
        entities=entities,
        cooccurrences=steps.cooccurrence_table(found, present, top=top_pairs),
        timeline=steps.timeline_table(found, periods, followed),
        articles_per_period=_per_period(periods),
        keywords=steps.keyword_table(ids, by_lang, k=keywords, n_jobs=n_jobs),
        similar=steps.similar_table(ids, by_lang, k=similar, n_jobs=n_jobs),
        duplicates=steps.duplicate_table(pairs, texts, ids, extra),
    )
    note.done()
    result.seconds = time.perf_counter() - started
    return result


class _Notes:
    """With progress on: each step's name and, at the end, the time each took, on stderr."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.steps: list[tuple[str, float]] = []

    def __call__(self, step: str) -> None:
        if self.enabled:
            print(f"newsnlp: {step}", file=sys.stderr, flush=True)
            self.steps.append((step, time.perf_counter()))

    def done(self) -> None:
        if self.enabled and self.steps:
            ends = [t for _, t in self.steps[1:]] + [time.perf_counter()]
            times = ", ".join(
                f"{s.split()[0].rstrip(',')} {e - t:.1f} s" for (s, t), e in zip(self.steps, ends)
            )
            print(f"newsnlp: analysed ({times})", file=sys.stderr, flush=True)


def _stats(items: list[Article], counts: steps.TextCounts, step: str) -> dict[str, Any]:
    dated = sorted(a.date for a in items if a.date)
    languages: dict[str, int] = {}
    for a in items:
        languages[a.lang] = languages.get(a.lang, 0) + 1
    return {
        "articles": len(items),
        "languages": dict(sorted(languages.items(), key=lambda kv: (-kv[1], kv[0]))),
        "dated": len(dated),
        "first_date": dated[0] if dated else "",
        "last_date": dated[-1] if dated else "",
        "period": step,
        "characters": sum(len(a.text) for a in items),
        "empty": sum(not a.text.strip() for a in items),
        "tokens": int(counts.tokens.sum()),
        "sentences": int(counts.sentences.sum()),
    }


def _per_period(periods: Sequence[str]) -> Table:
    counts: dict[str, int] = {}
    for p in periods:
        if p:
            counts[p] = counts.get(p, 0) + 1
    keys = sorted(counts)
    return Table({"period": keys, "articles": [counts[k] for k in keys]})


def _mention_table(m: steps.MentionArrays, ids: Sequence[Any], dates: Sequence[str]) -> Table:
    docs = m.doc.tolist()
    entity = m.entity.tolist()
    return Table(
        {
            "article_id": [ids[d] for d in docs],
            "date": [dates[d] for d in docs],
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "entity_id": [m.entity_ids[e] for e in entity],
            "name": [m.names[e] for e in entity],
            "type": [m.types[e] for e in entity],
        }
    )


# -- DataFrame in, DataFrame out ------------------------------------------------------------


def _inputs(texts: Any, ids: Any, lang: Any) -> tuple[list[str], list[Any], list[str]]:
    """Texts, article ids (``ids``, else the Series' index, else positions) and a language
    per text (one code for all, or a sequence aligned with the texts)."""
    if isinstance(texts, str):
        raise TypeError("pass a column (Series) or a list of texts, not a single str")
    values = texts.tolist() if hasattr(texts, "tolist") else list(texts)
    if ids is None:
        index: Any = getattr(texts, "index", None)  # a Series' index (a list's is a method)
        ids = index.tolist() if hasattr(index, "tolist") else list(range(len(values)))
    ids = list(ids)
    if len(ids) != len(values):
        raise InvalidArgumentError(f"ids has {len(ids)} entries for {len(values)} texts")
    if isinstance(lang, str):
        if lang not in LANGS:
            raise InvalidArgumentError(f"lang must be one of {', '.join(LANGS)} (got {lang!r})")
        langs = [lang] * len(values)
    else:
        from .corpus import _lang

        langs = [_lang(x, "xx") for x in (lang.tolist() if hasattr(lang, "tolist") else lang)]
        if len(langs) != len(values):
            raise InvalidArgumentError(f"lang has {len(langs)} entries for {len(values)} texts")
    bad = next((i for i, t in enumerate(values) if not isinstance(t, str)), None)
    if bad is not None:
        raise InvalidArgumentError(
            f"text {ids[bad]!r} is not a str (got {type(values[bad]).__name__})"
        )
    return values, ids, langs


def mentions(
    texts: Any,
    gazetteer: Gazetteer,
    *,
    ids: Sequence[Any] | None = None,
    lang: str | Sequence[str] = "xx",
    matcher_options: Mapping[str, Any] | None = None,
    n_jobs: int = -1,
    progress: bool = False,
) -> Any:
    """The gazetteer's entity mentions in each text, as a DataFrame with the columns
    article_id, start, end (code points), text, entity_id, name, type; texts in order,
    mentions in text order. ``lang``: one code or one per text (``fr``, ``en``, ``ar``,
    ``xx``); each language is matched with its own tokenizer. ``matcher_options`` go to
    :class:`~newsnlp.EntityMatcher` (e.g. ``{"require_capitalized": True}``)."""
    values, labels, langs = _inputs(texts, ids, lang)
    found = steps.find_mentions(values, langs, gazetteer, n_jobs=n_jobs, progress=progress,
                                matcher_options=matcher_options)  # fmt: skip
    frame = _mention_table(found, labels, [""] * len(values)).to_frame()
    return frame.drop(columns="date")


def _mention_arrays(frame: Any) -> tuple[steps.MentionArrays, list[Any]]:
    """MentionArrays from a :func:`mentions` DataFrame, and the article ids in it."""
    docs, doc_index = np.unique(frame["article_id"].astype(str).to_numpy(), return_inverse=True)
    first = frame.drop_duplicates("entity_id")
    entity_ids = first["entity_id"].tolist()
    position = {e: k for k, e in enumerate(entity_ids)}
    return steps.MentionArrays(
        doc_index.astype(np.int64),
        frame["start"].to_numpy(dtype=np.int64),
        frame["end"].to_numpy(dtype=np.int64),
        frame["text"].tolist(),
        np.asarray([position[e] for e in frame["entity_id"].tolist()], dtype=np.int64),
        entity_ids,
        first["name"].tolist(),
        first["type"].tolist(),
    ), docs.tolist()


def entity_counts(mentions_frame: Any) -> Any:
    """Per entity of a :func:`mentions` DataFrame: entity_id, name, type, mentions and
    articles, most mentioned first."""
    found, docs = _mention_arrays(mentions_frame)
    present = steps.presence_matrix(found, len(docs))
    frame = steps.entity_table(found, present, [""] * len(docs)).to_frame()
    return frame.drop(columns=["first_date", "last_date"])


def cooccurrences(mentions_frame: Any, *, top: int = 50) -> Any:
    """The ``top`` entity pairs of a :func:`mentions` DataFrame found in the most articles
    together: entity_a, name_a, type_a, entity_b, name_b, type_b, articles, jaccard."""
    found, docs = _mention_arrays(mentions_frame)
    present = steps.presence_matrix(found, len(docs))
    return steps.cooccurrence_table(found, present, top=top).to_frame()


def keywords(
    texts: Any,
    *,
    ids: Sequence[Any] | None = None,
    lang: str | Sequence[str] = "xx",
    k: int = 10,
    n_jobs: int = -1,
) -> Any:
    """The ``k`` highest TF-IDF terms of each text (IDF over the texts of its language) as
    a DataFrame: article_id, rank, term, score."""
    values, labels, langs = _inputs(texts, ids, lang)
    by_lang = steps.tfidf_by_language(values, langs, n_jobs=n_jobs)
    return steps.keyword_table(labels, by_lang, k=k, n_jobs=n_jobs).to_frame()


def similar_pairs(
    texts: Any,
    *,
    ids: Sequence[Any] | None = None,
    lang: str | Sequence[str] = "xx",
    k: int = 5,
    n_jobs: int = -1,
) -> Any:
    """Each text's ``k`` most similar texts of its language (cosine of TF-IDF rows) as a
    DataFrame: article_id, rank, similar_id, similarity."""
    values, labels, langs = _inputs(texts, ids, lang)
    by_lang = steps.tfidf_by_language(values, langs, n_jobs=n_jobs)
    return steps.similar_table(labels, by_lang, k=k, n_jobs=n_jobs).to_frame()


def duplicate_groups(
    texts: Any,
    *,
    ids: Sequence[Any] | None = None,
    lang: str | Sequence[str] = "xx",
    threshold: float = 0.9,
    n_jobs: int = -1,
) -> Any:
    """Groups of near-duplicate texts (TF-IDF cosine at least ``threshold``, linked
    transitively) as a DataFrame: group, article_id, similarity (to the closest member),
    exact (the same text as another member)."""
    values, labels, langs = _inputs(texts, ids, lang)
    by_lang = steps.tfidf_by_language(values, langs, n_jobs=n_jobs)
    pairs = steps.duplicate_pairs(by_lang, threshold=threshold, n_jobs=n_jobs)
    return steps.duplicate_table(pairs, values, labels, {}).to_frame()
