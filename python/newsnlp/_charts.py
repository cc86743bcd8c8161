"""Inline SVG charts for the HTML report: horizontal bars, columns over time, lines over
time and a co-occurrence network. Plain SVG markup, no script, no external resource, so a
report opens offline in any browser. Every mark has a ``<title>`` (shown on hover)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04",
           "#db2777"]  # fmt: skip
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" {_FONT}>' + "".join(body) + "</svg>"
    )


def _nice_max(value: float) -> float:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    label: str,
    color: str = PALETTE[0],
    width: int = 520,
    unit: str = "",
) -> str:
    """Horizontal bars, one per label, longest value on top as given."""
    row, left, right = 22, 170, 60  # 170 px hold a label of 22 characters
    height = row * len(labels) + 8
    top = max(values, default=0) or 1
    body = []
    for k, (name, value) in enumerate(zip(labels, values)):
        y = 4 + k * row
        w = (width - left - right) * value / top
        tip = escape(f"{name}: {value:,}{unit}")
        body.append(
            f'<text x="{left - 6}" y="{y + 15}" text-anchor="end" direction="ltr">'
            f"<title>{escape(name)}</title>{escape(_short(name, 22))}</text>"
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{color}" rx="2"><title>{tip}</title></rect>'
            f'<text x="{left + w + 4:.1f}" y="{y + 15}" fill="#444">{value:,}</text>'
        )
    return _svg(width, height, label, body)


def _time_axis(periods: Sequence[str], x: list[float], base: int) -> list[str]:
    """Labels under a time axis: at most about 12, evenly spaced."""
    every = max(1, math.ceil(len(periods) / 12))
    return [
        f'<text x="{x[k]:.1f}" y="{base + 16}" text-anchor="middle" fill="#444">'
        f"{escape(periods[k])}</text>"
        for k in range(0, len(periods), every)
    ]


def _value_axis(top: float, left: int, right: int, base: int, height: int) -> list[str]:
    out = []
    for frac in (0, 0.5, 1):
        y = base - height * frac
        out.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#444">'
            f"{top * frac:,.0f}</text>"
        )
    return out


def column_chart(
    periods: Sequence[str], values: Sequence[int], *, label: str, width: int = 760
) -> str:
    """Vertical columns over time (one per period)."""
    left, right, top_pad, height = 48, 12, 10, 170
    base = top_pad + height
    top = _nice_max(max(values, default=0))
    step = (width - left - right) / max(len(periods), 1)
    x = [left + step * (k + 0.5) for k in range(len(periods))]
    body = _value_axis(top, left, width - right, base, height)
    for k, (p, v) in enumerate(zip(periods, values)):
        h = height * v / top
        body.append(
            f'<rect class="bar" x="{x[k] - step * 0.4:.1f}" y="{base - h:.1f}" '
            f'width="{max(step * 0.8, 1):.1f}" height="{h:.1f}" fill="{PALETTE[0]}">'
            f"<title>{escape(p)}: {v:,}</title></rect>"
        )
    body += _time_axis(periods, x, base)
    return _svg(width, base + 24, label, body)


def line_chart(
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    label: str,
    width: int = 760,
) -> str:
    """One line per (name, values) over the periods, with a legend below."""
    left, right, top_pad, height = 48, 12, 10, 190
    base = top_pad + height
    top = _nice_max(max((max(v, default=0) for _, v in series), default=0))
    step = (width - left - right) / max(len(periods) - 1, 1)
    x = [left + step * k if len(periods) > 1 else (left + width - right) / 2
         for k in range(len(periods))]  # fmt: skip
    body = _value_axis(top, left, width - right, base, height)
    for n, (name, values) in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x[k]:.1f},{base - height * v / top:.1f}" for k, v in enumerate(values))
        body.append(
            f'<polyline class="line" points="{points}" fill="none" stroke="{color}" '
            f'stroke-width="2"><title>{escape(name)}</title></polyline>'
        )
        for k, v in enumerate(values):
            body.append(
                f'<circle cx="{x[k]:.1f}" cy="{base - height * v / top:.1f}" r="2.5" '
                f'fill="{color}"><title>{escape(f"{name}, {periods[k]}: {v:,}")}</title></circle>'
            )
    body += _time_axis(periods, x, base)
    legend_y = base + 36
    for n, (name, _) in enumerate(series):
        lx = left + (n % 4) * 180
        ly = legend_y + (n // 4) * 18
        body.append(
            f'<rect x="{lx}" y="{ly - 9}" width="12" height="4" '
            f'fill="{PALETTE[n % len(PALETTE)]}"/>'
            f'<text x="{lx + 18}" y="{ly - 3}">{escape(_short(name, 24))}</text>'
        )
    rows = math.ceil(len(series) / 4)
    return _svg(width, legend_y + rows * 18, label, body)


def network_chart(
    nodes: Sequence[tuple[str, str, int]],
    edges: Sequence[tuple[int, int, int]],
    *,
    label: str,
    type_colors: dict[str, str],
    size: int = 520,
) -> str:
    """Entities on a circle (``nodes``: name, type, articles), linked by ``edges`` (node a,
    node b, articles together): line width grows with the articles shared, node size with
    the entity's articles."""
    width = size + 200  # room for the labels left and right of the circle
    cx, cy = width / 2, size / 2
    radius = size / 2 - 50
    angle = [2 * math.pi * k / max(len(nodes), 1) - math.pi / 2 for k in range(len(nodes))]
    pos = [(cx + radius * math.cos(a), cy + radius * math.sin(a)) for a in angle]
    heaviest = max((w for _, _, w in edges), default=1)
    largest = max((n for _, _, n in nodes), default=1)
    body = []
    for a, b, w in edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        tip = escape(f"{nodes[a][0]} + {nodes[b][0]}: {w:,} articles")
        body.append(
            f'<line class="edge" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#64748b" stroke-opacity="0.55" stroke-width="{1 + 7 * w / heaviest:.1f}">'
            f"<title>{tip}</title></line>"
        )
    for k, (name, kind, n) in enumerate(nodes):
        x, y = pos[k]
        r = 4 + 10 * math.sqrt(n / largest)
        anchor = (
            "start"
            if math.cos(angle[k]) > 0.1
            else "end"
            if math.cos(angle[k]) < -0.1
            else "middle"
        )
        dx = (r + 4) * (1 if anchor == "start" else -1 if anchor == "end" else 0)
        dy = (r + 12) * (1 if math.sin(angle[k]) > 0.5 else -1 if math.sin(angle[k]) < -0.5 else 0)
        body.append(
            f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'fill="{type_colors.get(kind, "#94a3b8")}" stroke="#333">'
            f"<title>{escape(f'{name} ({kind}): {n:,} articles')}</title></circle>"
            f'<text x="{x + dx:.1f}" y="{y + dy + 4:.1f}" text-anchor="{anchor}">'
            f"{escape(_short(name, 22))}</text>"
        )
    return _svg(width, size, label, body)
