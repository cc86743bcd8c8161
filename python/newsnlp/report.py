"""The HTML corpus report: one self-contained page (inline CSS and SVG, no script, no
network) with corpus statistics, top entities by type, entity mentions over time, the
strongest co-occurrences, keywords per article, near-duplicate groups and the most similar
articles.

>>> import newsnlp
>>> from newsnlp.sample import sample_path
>>> result = newsnlp.analysis.analyze(newsnlp.read_corpus(sample_path()))
>>> page = newsnlp.report.render_report(result)
>>> page.startswith("<!DOCTYPE html>"), '<section id="duplicates">' in page
(True, True)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from ._charts import PALETTE, bar_chart, column_chart, line_chart, network_chart
from ._core import __version__

if TYPE_CHECKING:
    from .analysis import CorpusAnalysis

SECTIONS = [
    ("statistics", "Corpus statistics"),
    ("entities", "Top entities by type"),
    ("timeline", "Entity mentions over time"),
    ("cooccurrences", "Strongest co-occurrences"),
    ("keywords", "Keywords of each article"),
    ("duplicates", "Near-duplicate groups"),
    ("similar", "Most similar articles"),
]
KEYWORD_ROWS = 300  # articles listed in the page; keywords.csv has them all

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2937;
background:#f8fafc;line-height:1.45}
header{background:#1e293b;color:#f8fafc;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#cbd5e1;font-size:13px}
nav{padding:8px 28px;background:#e2e8f0;font-size:13px}nav a{margin-right:14px;color:#1e40af}
main{padding:8px 28px 40px;max-width:1180px}
section{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:14px 18px;
margin:16px 0}
h2{font-size:18px;margin:0 0 10px}h3{font-size:14px;margin:12px 0 4px;color:#334155}
.cards{display:flex;flex-wrap:wrap;gap:10px}
.card{border:1px solid #e2e8f0;border-radius:6px;padding:8px 12px;min-width:120px}
.card b{display:block;font-size:20px}.card span{font-size:12px;color:#64748b}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{border-bottom:1px solid #e2e8f0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f1f5f9}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#64748b;font-size:13px}.kw{color:#334155}
.tag{display:inline-block;border-radius:3px;padding:0 4px;font-size:11px;color:#fff}
"""


def _type_colors(types: Iterable[str]) -> dict[str, str]:
    return {t: PALETTE[k % len(PALETTE)] for k, t in enumerate(dict.fromkeys(types))}


def _labels(names: Sequence[str], ids: Sequence[str]) -> list[str]:
    """Names, with the id added to those that several entities share."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return [f"{n} ({i})" if counts[n] > 1 else n for n, i in zip(names, ids)]


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for k, value in enumerate(row):
            if k in numeric:
                text = f"{value:.3f}" if isinstance(value, float) else f"{value:,}"
                cells.append(f'<td class="n">{text}</td>')
            else:
                cells.append(f'<td dir="auto">{value}</td>')  # value: already-escaped HTML
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Articles:
    """Titles, dates and languages by article id, for the tables."""

    def __init__(self, analysis: CorpusAnalysis) -> None:
        self.by_id = {a.id: a for a in analysis.articles}

    def title(self, article_id: str) -> str:
        a = self.by_id[article_id]
        title = a.title or " ".join(a.text.split())[:90]
        return escape(title or "(empty)")

    def cell(self, article_id: str) -> str:
        a = self.by_id[article_id]
        return f"<b>{escape(article_id)}</b> <span class='note'>{escape(a.date)} {a.lang}</span>"


def _statistics(r: CorpusAnalysis) -> str:
    s = r.stats
    span = f"{s['first_date']} – {s['last_date']}" if s["dated"] else "no dates"
    cards = [
        ("articles", f"{s['articles']:,}"),
        ("languages", ", ".join(f"{k} {v:,}" for k, v in s["languages"].items())),
        ("dates", span),
        ("tokens", f"{s['tokens']:,}"),
        ("sentences", f"{s['sentences']:,}"),
        ("tokens per article", f"{s['tokens'] / max(s['articles'], 1):,.0f}"),
        ("entity mentions", f"{s['mentions']:,}"),
        ("entities found", f"{s['entities']:,}"),
        ("near-duplicate groups", f"{len(set(r.duplicates['group'])):,}"),
    ]
    html = ['<div class="cards">']
    html += [f'<div class="card"><b>{v}</b><span>{k}</span></div>' for k, v in cards]
    html.append("</div>")
    if s["empty"]:
        html.append(f'<p class="note">{s["empty"]:,} articles have no text.</p>')
    html.append('<div class="charts">')
    if len(r.articles_per_period):
        html.append(f"<div><h3>Articles per {s['period']}</h3>")
        html.append(column_chart(list(r.articles_per_period["period"]),
                                 list(r.articles_per_period["articles"]),
                                 label=f"articles per {s['period']}"))  # fmt: skip
        undated = s["articles"] - sum(r.articles_per_period["articles"])
        if undated:
            html.append(f'<p class="note">{undated:,} articles without a date, or older '
                        "than the span shown.</p>")  # fmt: skip
        html.append("</div>")
    langs = s["languages"]
    html.append("<div><h3>Articles per language</h3>")
    html.append(bar_chart(list(langs), list(langs.values()), label="articles per language",
                          width=360))  # fmt: skip
    html.append("</div></div>")
    return "".join(html)


def _entities(r: CorpusAnalysis, colors: dict[str, str]) -> str:
    e = r.entities
    if not len(e):
        return '<p class="note">No entity mentioned (or no gazetteer given).</p>'
    by_type: dict[str, list[int]] = {}
    for k, t in enumerate(e["type"]):
        by_type.setdefault(t, []).append(k)
    html = ['<div class="charts">']
    for t, rows in sorted(by_type.items(), key=lambda kv: -sum(e["mentions"][k] for k in kv[1])):
        top = rows[:10]
        html.append(f"<div><h3>{escape(t or '(no type)')} — {len(rows):,} entities</h3>")
        labels = _labels([e["name"][k] for k in top], [e["entity_id"][k] for k in top])
        html.append(bar_chart(labels, [int(e["mentions"][k]) for k in top],
                              label=f"most mentioned {t} entities", color=colors[t],
                              unit=" mentions"))  # fmt: skip
        html.append("</div>")
    html.append("</div><h3>Most mentioned entities</h3>")
    rows_html = (
        (f'<span class="tag" style="background:{colors[e["type"][k]]}">'
         f'{escape(e["type"][k])}</span> {escape(e["name"][k])} '
         f'<span class="note">{escape(e["entity_id"][k])}</span>',
         int(e["mentions"][k]), int(e["articles"][k]), escape(e["first_date"][k]),
         escape(e["last_date"][k]))
        for k in range(min(len(e), 25))
    )  # fmt: skip
    html.append(_table(["entity", "mentions", "articles", "first", "last"], rows_html, {1, 2}))
    return "".join(html)


def _timeline(r: CorpusAnalysis) -> str:
    t = r.timeline
    if not len(t):
        if not r.stats["dated"]:
            return '<p class="note">The articles have no dates.</p>'
        return '<p class="note">No entity mentioned.</p>'
    periods = list(dict.fromkeys(t["period"]))
    series: dict[str, list[int]] = {}  # by entity id: two entities may share a name
    names: dict[str, str] = {}
    for entity_id, name, count in zip(t["entity_id"], t["name"], t["mentions"]):
        series.setdefault(entity_id, []).append(int(count))
        names[entity_id] = name
    names = dict(zip(names, _labels(list(names.values()), list(names))))
    note = (f'<p class="note">Mentions per {r.stats["period"]} of the {len(series)} most '
            "mentioned entities.</p>")  # fmt: skip
    lines = [(names[e], values) for e, values in series.items()]
    return note + line_chart(periods, lines, label="entity mentions over time")


def _cooccurrences(r: CorpusAnalysis, colors: dict[str, str]) -> str:
    c = r.cooccurrences
    if not len(c):
        return '<p class="note">No two entities in the same article.</p>'
    shown = min(len(c), 25)
    pairs = [(c["entity_a"][k], c["name_a"][k]) for k in range(shown)]
    pairs += [(c["entity_b"][k], c["name_b"][k]) for k in range(shown)]
    named = dict(pairs)
    label = dict(zip(named, _labels(list(named.values()), list(named))))
    nodes: dict[str, int] = {}
    info: list[tuple[str, str, int]] = []
    articles = dict(zip(r.entities["entity_id"], r.entities["articles"]))
    edges = []
    for k in range(shown):
        ends = []
        for side in ("a", "b"):
            eid = c[f"entity_{side}"][k]
            if eid not in nodes:
                nodes[eid] = len(info)
                info.append((label[eid], c[f"type_{side}"][k], int(articles[eid])))
            ends.append(nodes[eid])
        edges.append((ends[0], ends[1], int(c["articles"][k])))
    rows = (
        (escape(label[c["entity_a"][k]]), escape(label[c["entity_b"][k]]), int(c["articles"][k]),
         float(c["jaccard"][k]))
        for k in range(shown)
    )  # fmt: skip
    return (
        '<p class="note">Entity pairs found in the most articles together; Jaccard = articles '
        "with both / articles with either.</p>"
        '<div class="charts"><div>'
        + network_chart(info, edges, label="co-occurrence network", type_colors=colors)
        + '</div><div style="flex:1;min-width:320px">'
        + _table(["entity", "with", "articles", "Jaccard"], rows, {2, 3})
        + "</div></div>"
    )


def _keywords(r: CorpusAnalysis, articles: _Articles) -> str:
    words: dict[str, list[str]] = {}
    for article_id, term in zip(r.keywords["article_id"], r.keywords["term"]):
        words.setdefault(article_id, []).append(term)
    listed = [a.id for a in r.articles if a.id in words][:KEYWORD_ROWS]
    rows = (
        (articles.cell(i), articles.title(i),
         f'<span class="kw">{escape(", ".join(words[i]))}</span>')
        for i in listed
    )  # fmt: skip
    more = len(words) - len(listed)
    note = (f'<p class="note">The first {len(listed):,} articles; keywords.csv has all '
            f"{len(words):,}.</p>")  # fmt: skip
    return (note if more else "") + _table(["article", "title", "keywords (TF-IDF)"], rows, set())


def _duplicates(r: CorpusAnalysis, articles: _Articles) -> str:
    d = r.duplicates
    if not len(d):
        return '<p class="note">No near-duplicate articles.</p>'
    rows = (
        (str(d["group"][k]), articles.cell(d["article_id"][k]), articles.title(d["article_id"][k]),
         float(d["similarity"][k]), "exact copy" if d["exact"][k] else "")
        for k in range(len(d))
    )  # fmt: skip
    return _table(["group", "article", "title", "similarity", ""], rows, {3})


def _similar(r: CorpusAnalysis, articles: _Articles) -> str:
    p = r.similar_pairs(20)
    if not len(p):
        return '<p class="note">No similar articles.</p>'
    rows = (
        (f"{articles.cell(a)}<br>{articles.title(a)}", f"{articles.cell(b)}<br>{articles.title(b)}",
         float(s))
        for a, b, s in zip(p["article_id"], p["similar_id"], p["similarity"])
    )  # fmt: skip
    return ('<p class="note">The closest pairs outside near-duplicate groups: follow-ups and '
            "other articles on the same story (cosine of TF-IDF rows).</p>"
            + _table(["article", "similar article", "similarity"], rows, {2}))  # fmt: skip


def render_report(analysis: CorpusAnalysis, *, title: str = "newsnlp corpus report") -> str:
    """The report as one HTML page (a ``str``)."""
    r = analysis
    colors = _type_colors(r.entities["type"])
    articles = _Articles(r)
    bodies = {
        "statistics": _statistics(r),
        "entities": _entities(r, colors),
        "timeline": _timeline(r),
        "cooccurrences": _cooccurrences(r, colors),
        "keywords": _keywords(r, articles),
        "duplicates": _duplicates(r, articles),
        "similar": _similar(r, articles),
    }
    sources = ", ".join(r.sources) or "a DataFrame"
    gazetteers = ", ".join(r.gazetteers) or "none"
    now = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1><p>{escape(sources)} · gazetteers: "
        f"{escape(gazetteers)} · newsnlp {__version__}, {now}, {r.seconds:.1f} s</p></header>",
        "<nav>" + "".join(f'<a href="#{k}">{escape(v)}</a>' for k, v in SECTIONS) + "</nav><main>",
    ]
    for key, heading in SECTIONS:
        parts.append(f'<section id="{key}"><h2>{escape(heading)}</h2>{bodies[key]}</section>')
    parts.append("</main></body></html>\n")
    return "".join(parts)
