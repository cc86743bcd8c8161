"""The steps of a corpus analysis, on plain sequences of texts, languages and dates: each
turns what the C++ core returns (mentions, TF-IDF rows, neighbours, duplicate pairs) into
tables keyed by article id. :mod:`newsnlp.analysis` puts them together."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from ._cooccurrence import same_span_pairs
from ._progress import progress_bar
from ._tables import Table
from .gazetteer import Gazetteer
from .matcher import EntityMatcher
from .tokenizer import Tokenizer

_BATCH = 2048


def language_groups(langs: Sequence[str]) -> dict[str, np.ndarray]:
    """Language -> indices of its articles, languages in order of first appearance."""
    groups: dict[str, list[int]] = {}
    for i, lang in enumerate(langs):
        groups.setdefault(lang, []).append(i)
    return {lang: np.asarray(idx, dtype=np.int64) for lang, idx in groups.items()}


def _take(items: Sequence[Any], idx: np.ndarray) -> list[Any]:
    return [items[i] for i in idx.tolist()]


class TextCounts(NamedTuple):
    tokens: np.ndarray  # per article
    sentences: np.ndarray


def count_tokens(
    texts: Sequence[str], langs: Sequence[str], *, n_jobs: int, progress: bool
) -> TextCounts:
    """Tokens and sentences of each article, with the tokenizer of its language."""
    tokens = np.zeros(len(texts), dtype=np.int64)
    sentences = np.zeros(len(texts), dtype=np.int64)
    with progress_bar(texts, enabled=progress, unit="doc") as bar:
        for lang, idx in language_groups(langs).items():
            tokenizer = Tokenizer(lang)._core  # counts only: no Doc objects, no offset tables
            for start in range(0, len(idx), _BATCH):
                part = idx[start : start + _BATCH]
                docs = tokenizer.tokenize_batch(_take(texts, part), n_jobs=n_jobs, errors="strict",
                                                first_index=int(start))  # fmt: skip
                tokens[part] = [len(d) for d in docs]
                sentences[part] = [len(d.sentences()) for d in docs]
                bar.update(len(part))
    return TextCounts(tokens, sentences)


class MentionArrays(NamedTuple):
    """Every mention: article index, code-point span, text, and entity index into the
    entity columns (ids, names, types of the entities mentioned at least once)."""

    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    text: list[str]
    entity: np.ndarray
    entity_ids: list[str]
    names: list[str]
    types: list[str]


def find_mentions(
    texts: Sequence[str],
    langs: Sequence[str],
    gazetteer: Gazetteer,
    *,
    n_jobs: int,
    progress: bool,
    matcher_options: Mapping[str, Any] | None = None,
) -> MentionArrays:
    """The gazetteer's mentions in each article, matched with the tokenizer of its
    language (one compiled matcher per language, with ``matcher_options``)."""
    doc: list[int] = []
    start: list[int] = []
    end: list[int] = []
    text: list[str] = []
    entity: list[int] = []
    index: dict[str, int] = {}
    ids: list[str] = []
    names: list[str] = []
    types: list[str] = []
    with progress_bar(texts, enabled=progress, unit="doc") as bar:
        for lang, idx in language_groups(langs).items():
            matcher = EntityMatcher(
                gazetteer, tokenizer=Tokenizer(lang), n_jobs=n_jobs, **(matcher_options or {})
            )
            for first in range(0, len(idx), _BATCH):
                part = idx[first : first + _BATCH].tolist()
                found = matcher.find_all(_take(texts, np.asarray(part)), n_jobs=n_jobs)
                for i, mentions in zip(part, found):
                    for m in mentions:
                        k = index.get(m.id)
                        if k is None:
                            k = index[m.id] = len(ids)
                            ids.append(m.id)
                            names.append(m.name)
                            types.append(m.type)
                        doc.append(i)
                        start.append(m.start)
                        end.append(m.end)
                        text.append(m.text)
                        entity.append(k)
                bar.update(len(part))
    # Article order, then text order, whatever the language grouping.
    order = np.lexsort((np.asarray(start, dtype=np.int64), np.asarray(doc, dtype=np.int64)))
    return MentionArrays(
        np.asarray(doc, dtype=np.int64)[order],
        np.asarray(start, dtype=np.int64)[order],
        np.asarray(end, dtype=np.int64)[order],
        [text[k] for k in order.tolist()],
        np.asarray(entity, dtype=np.int64)[order],
        ids,
        names,
        types,
    )


def presence_matrix(m: MentionArrays, n_docs: int) -> Any:
    """Articles x entities ``csr_array`` of 0/1: does the article mention the entity."""
    from scipy import sparse

    present = sparse.csr_array(
        (np.ones(len(m.doc), dtype=np.int64), (m.doc, m.entity)),
        shape=(n_docs, len(m.entity_ids)),
    )
    present.sum_duplicates()
    present.data[:] = 1
    return present


def entity_table(m: MentionArrays, present: Any, dates: Sequence[str]) -> Table:
    """One row per entity mentioned: mentions, articles, first and last date; most
    mentioned first."""
    n = len(m.entity_ids)
    mentions = np.bincount(m.entity, minlength=n)
    articles = np.asarray(present.sum(axis=0)).ravel()
    first = [""] * n
    last = [""] * n
    for d, e in zip(m.doc.tolist(), m.entity.tolist()):
        date = dates[d]
        if date:
            if not first[e] or date < first[e]:
                first[e] = date
            if date > last[e]:
                last[e] = date
    order = np.lexsort((np.arange(n), -articles, -mentions))
    pick = order.tolist()
    return Table(
        {
            "entity_id": [m.entity_ids[k] for k in pick],
            "name": [m.names[k] for k in pick],
            "type": [m.types[k] for k in pick],
            "mentions": mentions[order],
            "articles": articles[order],
            "first_date": [first[k] for k in pick],
            "last_date": [last[k] for k in pick],
        }
    )


def cooccurrence_table(m: MentionArrays, present: Any, *, top: int) -> Table:
    """The ``top`` entity pairs found in the most articles together, with their Jaccard
    index (articles with both / articles with either). Articles where two entities are
    only the readings of one ambiguous mention do not count."""
    from scipy import sparse

    both = sparse.triu(sparse.csr_array(present.T @ present), k=1).tocsr()
    same = same_span_pairs(m.doc, m.entity, m.start, m.end, len(m.entity_ids))
    together = (both - same).tocoo()
    alone = np.asarray(present.sum(axis=0)).ravel()
    keep = together.data > 0
    a, b, n = together.row[keep], together.col[keep], together.data[keep]
    order = np.lexsort((b, a, -n))[:top]
    a, b, n = a[order], b[order], n[order]
    union = alone[a] + alone[b] - np.asarray(both[a, b]).ravel() if len(n) else np.zeros(0)
    jaccard = n / union if len(n) else np.zeros(0)
    return Table(
        {
            "entity_a": [m.entity_ids[k] for k in a.tolist()],
            "name_a": [m.names[k] for k in a.tolist()],
            "type_a": [m.types[k] for k in a.tolist()],
            "entity_b": [m.entity_ids[k] for k in b.tolist()],
            "name_b": [m.names[k] for k in b.tolist()],
            "type_b": [m.types[k] for k in b.tolist()],
            "articles": n,
            "jaccard": np.round(jaccard, 4),
        }
    )


def period_of(dates: Sequence[str]) -> tuple[str, list[str]]:
    """The time step for a timeline of these ``YYYY-MM-DD`` dates and each date's period:
    days up to two months, months up to ten years, else years. The span ignores the
    earliest 0.5 % of dates, so that a few stray old articles do not stretch it."""
    known = sorted(d for d in dates if d)
    if not known:
        return "none", ["" for _ in dates]
    earliest = known[int(len(known) * 0.005)]
    import datetime as dt

    span = (dt.date.fromisoformat(known[-1]) - dt.date.fromisoformat(earliest)).days
    if span <= 62:
        step, width = "day", 10
    elif span <= 3653:
        step, width = "month", 7
    else:
        step, width = "year", 4
    return step, [d[:width] if d and d >= earliest else "" for d in dates]


def timeline_table(m: MentionArrays, periods: Sequence[str], entities: Sequence[int]) -> Table:
    """Mentions of the given entities per period (long format: period, entity, mentions),
    every period between the first and the last included, even without mentions."""
    keys = sorted({p for p in periods if p})
    if not keys:
        return Table({"period": [], "entity_id": [], "name": [], "mentions": []})
    position = {p: k for k, p in enumerate(keys)}
    counts = np.zeros((len(entities), len(keys)), dtype=np.int64)
    row = {e: r for r, e in enumerate(entities)}
    for d, e in zip(m.doc.tolist(), m.entity.tolist()):
        p = periods[d]
        if p and e in row:
            counts[row[e], position[p]] += 1
    return Table(
        {
            "period": [p for _ in entities for p in keys],
            "entity_id": [m.entity_ids[e] for e in entities for _ in keys],
            "name": [m.names[e] for e in entities for _ in keys],
            "mentions": counts.ravel(),
        }
    )


class LanguageMatrix(NamedTuple):
    """TF-IDF rows of the articles of one language (``rows``: their article indices)."""

    lang: str
    rows: np.ndarray
    matrix: Any
    terms: np.ndarray


def tfidf_by_language(
    texts: Sequence[str], langs: Sequence[str], *, n_jobs: int
) -> list[LanguageMatrix]:
    """One TF-IDF matrix per language (sublinear tf, l2 rows), the features being the norms
    of its tokenizer without stop words, those without a letter left out; languages
    without any word are left out."""
    from .tfidf import TfidfVectorizer

    out = []
    for lang, idx in language_groups(langs).items():
        vectorizer = TfidfVectorizer(
            tokenizer=Tokenizer(lang), token_pattern=None, sublinear_tf=True, n_jobs=n_jobs
        )
        try:
            matrix = vectorizer.fit_transform(_take(texts, idx))
        except ValueError as e:
            if "empty vocabulary" in str(e):
                continue
            raise
        terms = vectorizer.get_feature_names_out()
        # Keywords and similarity on terms with a letter: numbers, amounts and dates say
        # little about what an article is about (the tokenizer's number tokens are features).
        keep = np.flatnonzero([any(c.isalpha() for c in t) for t in terms.tolist()])
        out.append(LanguageMatrix(lang, idx, matrix[:, keep], terms[keep]))
    return out


# -- the C++ similarity functions, on each language's TF-IDF rows -------------------------


def _similar(matrix: Any, k: int, n_jobs: int) -> tuple[np.ndarray, np.ndarray]:
    """(rows, scores) of each row's k nearest other rows."""
    from .similarity import similar

    return similar(matrix, k, n_jobs=n_jobs)


def _near_duplicates(
    matrix: Any, threshold: float, n_jobs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, score) of the row pairs at least ``threshold`` similar."""
    from .similarity import near_duplicates

    pairs, scores = near_duplicates(matrix, threshold, n_jobs=n_jobs)
    return pairs[:, 0], pairs[:, 1], scores


def keyword_table(
    ids: Sequence[Any], by_lang: list[LanguageMatrix], *, k: int, n_jobs: int
) -> Table:
    """The ``k`` highest TF-IDF terms of each article (article order, rank 1 first)."""
    from .similarity import top_terms

    per_article: dict[int, list[tuple[str, float]]] = {}
    for part in by_lang:
        for i, terms in zip(
            part.rows.tolist(), top_terms(part.matrix, part.terms, k, n_jobs=n_jobs)
        ):
            per_article[i] = terms
    rows = [(i, rank, term, score) for i in sorted(per_article)
            for rank, (term, score) in enumerate(per_article[i], start=1)]  # fmt: skip
    return Table(
        {
            "article_id": [ids[i] for i, _, _, _ in rows],
            "rank": [rank for _, rank, _, _ in rows],
            "term": [str(term) for _, _, term, _ in rows],
            "score": np.round(np.asarray([s for _, _, _, s in rows], dtype=np.float64), 6),
        }
    )


def similar_table(
    ids: Sequence[Any], by_lang: list[LanguageMatrix], *, k: int, n_jobs: int
) -> Table:
    """Each article's ``k`` most similar articles of its language (cosine of TF-IDF rows,
    positive scores only)."""
    first: list[np.ndarray] = []
    second: list[np.ndarray] = []
    ranks: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    for part in by_lang:
        if len(part.rows) < 2:
            continue
        neighbours, values = _similar(part.matrix, k, n_jobs)
        keep = (neighbours >= 0) & (values > 0)  # no shared term: not similar
        first.append(np.repeat(part.rows, keep.sum(axis=1)))
        second.append(part.rows[neighbours[keep]])
        ranks.append(np.nonzero(keep)[1] + 1)
        scores.append(values[keep])
    if not first:
        return Table({"article_id": [], "rank": [], "similar_id": [], "similarity": []})
    a, b, r, s = (np.concatenate(x) for x in (first, second, ranks, scores))
    order = np.lexsort((r, a))
    return Table(
        {
            "article_id": [ids[i] for i in a[order].tolist()],
            "rank": r[order],
            "similar_id": [ids[i] for i in b[order].tolist()],
            "similarity": np.round(s[order], 6),
        }
    )


def duplicate_pairs(
    by_lang: list[LanguageMatrix], *, threshold: float, n_jobs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(first, second, similarity) article index pairs at least ``threshold`` similar."""
    first, second, scores = [], [], []
    for part in by_lang:
        a, b, s = _near_duplicates(part.matrix, threshold, n_jobs)
        first.append(part.rows[np.asarray(a, dtype=np.int64)])
        second.append(part.rows[np.asarray(b, dtype=np.int64)])
        scores.append(np.asarray(s, dtype=np.float64))
    if not first:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(first), np.concatenate(second), np.concatenate(scores)


def duplicate_table(
    pairs: tuple[np.ndarray, np.ndarray, np.ndarray],
    texts: Sequence[str],
    ids: Sequence[Any],
    extra: Mapping[str, Sequence[str]],
) -> Table:
    """Groups of near-duplicate articles (connected by pairs): group number (largest group
    first), article, best similarity to another member, and whether its text is exactly
    that of another member; ``extra`` columns (lang, date, title) are copied."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    first, second, scores = pairs
    n = len(ids)
    graph = sparse.coo_array((np.ones(len(first)), (first, second)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    best = np.zeros(n)
    np.maximum.at(best, first, scores)
    np.maximum.at(best, second, scores)
    members = np.unique(np.concatenate([first, second]))
    groups: dict[int, list[int]] = {}
    for i in members.tolist():
        groups.setdefault(int(label[i]), []).append(i)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), g[0]))
    rows = [(g, i) for g, group in enumerate(ordered, start=1) for i in group]
    exact: list[bool] = []
    for _, group in enumerate(ordered, start=1):
        seen: dict[str, int] = {}
        for i in group:
            seen[texts[i]] = seen.get(texts[i], 0) + 1
        exact.extend(seen[texts[i]] > 1 for i in group)
    return Table(
        {
            "group": [g for g, _ in rows],
            "article_id": [ids[i] for _, i in rows],
            **{name: [column[i] for _, i in rows] for name, column in extra.items()},
            "similarity": np.round(best[[i for _, i in rows]], 6),
            "exact": exact,
        }
    )
