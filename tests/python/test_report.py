"""The HTML report: self-contained (no script, no external resource), escaped, every section
and chart present; and, in headless Chromium, rendered with no console error."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import newsnlp
from newsnlp import _charts, analysis
from newsnlp.corpus import Article
from newsnlp.report import SECTIONS, render_report
from newsnlp.sample import sample_path

SECTION_IDS = [key for key, _ in SECTIONS]


@pytest.fixture(scope="module")
def sample_result():
    return analysis.analyze(
        newsnlp.read_corpus(sample_path()),
        newsnlp.Gazetteer.from_csv(sample_path("sample_gazetteer.csv")),
        n_jobs=2,
    )


class Outline(HTMLParser):
    """Per section: its heading, the SVG elements by tag and class, table rows."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, dict[str, int]] = {}
        self.headings: dict[str, str] = {}
        self.tags: list[str] = []
        self.urls: list[str] = []
        self._section: str | None = None
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        for name in ("src", "href"):
            if a.get(name) and not a[name].startswith("#"):
                self.urls.append(a[name])
        if tag == "section":
            self._section = a["id"]
            self.sections[self._section] = {}
        if tag == "h2":
            self._in_h2 = True
        if self._section:
            counts = self.sections[self._section]
            key = f"{tag}.{a['class']}" if "class" in a else tag
            counts[key] = counts.get(key, 0) + 1

    def handle_endtag(self, tag):
        if tag == "section":
            self._section = None
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2 and self._section:
            self.headings[self._section] = data


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


def check_sample_outline(o: Outline) -> None:
    assert list(o.sections) == SECTION_IDS
    assert o.headings == dict(SECTIONS)
    s = o.sections
    assert s["statistics"]["svg.chart"] == 2  # articles per month, per language
    assert s["statistics"]["rect.bar"] == 6 + 3
    assert s["entities"]["svg.chart"] == 3  # LOC, ORG, PER
    assert s["entities"]["rect.bar"] == 30
    assert s["timeline"]["svg.chart"] == 1 and s["timeline"]["polyline.line"] == 6
    assert s["cooccurrences"]["svg.chart"] == 1
    assert s["cooccurrences"]["line.edge"] == 25 and s["cooccurrences"]["circle.node"] >= 10
    assert s["keywords"]["tr"] == 1 + 36
    assert s["duplicates"]["tr"] == 1 + 6
    assert s["similar"]["tr"] == 1 + 20


def test_sample_report_outline(sample_result):
    html = render_report(sample_result)
    o = outline(html)
    check_sample_outline(o)
    assert "script" not in o.tags and "link" not in o.tags and "img" not in o.tags
    assert o.urls == []  # nothing to fetch: the page opens offline
    assert not re.search(r"url\(|@import|(src|href)=\"?https?:", html)
    assert "ar-004" in html and "exact copy" in html


def test_text_from_the_corpus_is_escaped():
    hostile = '<script>alert("x")</script>'
    articles = [
        Article(
            f"id{k}<b>",
            f"{hostile} texte numéro {k} sur le Maroc",
            f"{hostile} {k}",
            "2024-01-0" + str(k + 1),
            "fr",
            "",
            f"id{k}",
            {},
        )
        for k in range(3)
    ]
    gazetteer = newsnlp.Gazetteer.from_records([("<i>maroc</i>", "Maroc <b>", "LOC&", ["Maroc"])])
    html = render_report(analysis.analyze(articles, gazetteer, duplicate_threshold=0.5))
    assert "<script>" not in html and "id0<b>" not in html and "<i>" not in html
    assert "id0&lt;b&gt;" in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "Maroc &lt;b&gt;" in html and "LOC&amp;" in html
    assert list(outline(html).sections) == SECTION_IDS


def test_report_without_gazetteer_or_dates():
    articles = [
        Article(f"a{k}", f"Texte {k} sur la pêche et la mer.", "", "", "fr", "", k, {})
        for k in range(4)
    ]
    html = render_report(analysis.analyze(articles))
    o = outline(html)
    assert list(o.sections) == SECTION_IDS
    assert "No entity mentioned (or no gazetteer given)." in html
    assert "The articles have no dates." in html
    assert "svg.chart" not in o.sections["timeline"]


def test_charts():
    svg = _charts.bar_chart(["a", "b"], [10, 5], label="x")
    widths = [
        float(w) for w in re.findall(r'class="bar" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)
    ]
    assert len(widths) == 2 and widths[0] == pytest.approx(2 * widths[1])
    assert [_charts._nice_max(v) for v in (0, 3, 10, 11, 170, 0.3)] == [1, 5, 10, 20, 200, 0.5]
    line = _charts.line_chart(
        ["2024-01", "2024-02", "2024-03"], [("A", [1, 2, 3]), ("B", [0, 0, 1])], label="y"
    )
    assert line.count("<polyline") == 2 and line.count("<circle") == 6
    one = _charts.line_chart(["2024-01"], [("A", [4])], label="y")  # one period: no division by 0
    assert one.count("<circle") == 1
    net = _charts.network_chart(
        [("A", "PER", 3), ("B", "LOC", 1)], [(0, 1, 2)], label="n", type_colors={"PER": "#f00"}
    )
    assert net.count('class="node"') == 2 and net.count('class="edge"') == 1


# -- headless Chromium ---------------------------------------------------------------------


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(
        "Chromium is not installed (Debian package 'chromium', which scripts/setup.sh installs)"
    )


def render_in_chromium(page: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """The DOM after loading ``page`` offline, and the console messages the page logged.

    Chromium is not newsnlp: libraries preloaded for the module under test (the ASan
    runtime, scripts/sanitize.sh) are not for it, and it hangs with that one."""
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
    r = subprocess.run(
        [
            _chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    console = [line for line in r.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return r.stdout, console


def test_chromium_reports_console_errors(tmp_path):
    """The check below would see a broken page: a control with a script error."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><p>x</p><script>console.error('bad'); missing();</script>", encoding="utf-8"
    )
    dom, console = render_in_chromium(page, tmp_path)
    assert "<p>x</p>" in dom
    assert any("Uncaught ReferenceError" in line for line in console)
    assert any('"bad"' in line for line in console)


def test_report_renders_in_chromium(sample_result, tmp_path):
    sample_result.save(tmp_path / "report")
    dom, console = render_in_chromium(tmp_path / "report" / "report.html", tmp_path)
    assert console == []
    o = outline(dom)
    check_sample_outline(o)
    assert dom.count("<svg") == 7
