"""SVG charts for the PDF reports, built as escaped strings from validated numbers.

Every number that reaches an SVG attribute goes through `_num`, which refuses NaN, infinities and values out of
range, and every text goes through `escape`: the charts carry untrusted labels (names, answers) and must never
carry markup or a URL. Shapes use patterns and labels as well as colour, so the charts read in black and white.
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from markupsafe import Markup, escape

ACCENT_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
FONT = "'Noto Sans', 'DejaVu Sans', 'Droid Sans Fallback', 'Noto Sans CJK SC', 'Noto Sans Arabic', sans-serif"
# Fills for band 0, 1, 2, ... : hatched, dotted, solid; distinct in grey scale and for colour-blind readers.
BAND_FILLS = ("url(#dc-hatch)", "url(#dc-dots)", "ACCENT")


def check_accent(value: str) -> str:
    """The accent colour, only as #rrggbb: it is written into CSS and SVG, where escaping does not protect."""
    if not isinstance(value, str) or not ACCENT_RE.fullmatch(value):
        raise ValueError(f"accent colour must look like #3949ab, not {value!r}")
    return value.lower()


def _num(value: float, lo: float = 0.0, hi: float = 100.0) -> str:
    """A finite number within [lo, hi], formatted for an attribute; anything else is a bug or an attack."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    x = float(value)
    if not math.isfinite(x) or x < lo or x > hi:
        raise ValueError(f"number out of range [{lo}, {hi}]: {value!r}")
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _clamp(x: float, lo: float, hi: float) -> float:
    """Keep a centred label's anchor inside the drawing."""
    return min(max(x, lo), hi)


def _label(x: float, y: float, text: str, w: float, *, bold: bool = False, margin: float = 80) -> str:
    """A centred 10-unit label, escaped, its anchor kept `margin` inside the drawing's width."""
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_num(_clamp(x, margin, w - margin), 0, w)}" y="{_num(y, 0, 1000)}" font-size="10"'
        f' text-anchor="middle"{weight} fill="#212121">{escape(text)}</text>'
    )


def _band_fill(index: int, accent: str) -> str:
    """The fill for the band at `index` (0 = lowest): a pattern for the lower bands, the accent for the top."""
    if index < 0 or index >= 16:
        raise ValueError(f"band index out of range: {index!r}")
    fill = BAND_FILLS[min(index, len(BAND_FILLS) - 1)]
    return check_accent(accent) if fill == "ACCENT" else fill


def _defs(accent: str) -> str:
    """Patterns shared by the charts; ids are fixed so a page with several charts stays valid."""
    a = check_accent(accent)
    return (
        "<defs>"
        '<pattern id="dc-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/><rect width="2.2" height="6" fill="{a}"/></pattern>'
        '<pattern id="dc-dots" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.5" fill="{a}"/></pattern>'
        "</defs>"
    )


def _lines(text: str, width: int) -> list[str]:
    """Wrap a label into at most three lines for a chart; an over-long label is cut with an ellipsis."""
    lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(lines) > 3:
        lines = [*lines[:2], lines[2][: max(1, width - 1)] + "…"]
    return lines


@dataclass(frozen=True)
class Axis:
    """One spoke of a radar chart: a label and a score in 0..100 (None when the dimension has no score)."""

    label: str
    score: float | None


def radar(axes: Sequence[Axis], *, accent: str, title: str, size: int = 360) -> Markup:
    """A radar chart of dimension scores with grid rings at 25/50/75/100 and the value at each point."""
    n = len(axes)
    if n < 3 or n > 12:
        raise ValueError("a radar chart needs 3 to 12 axes")
    a = check_accent(accent)
    w, h = size + 260, size + 70
    cx, cy, r = w / 2, h / 2, size / 2 - 25

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * value / 100 * math.cos(angle), cy + r * value / 100 * math.sin(angle)

    parts = [
        f'<svg class="dc-chart dc-radar" viewBox="0 0 {w} {h}" role="img" aria-label="{escape(title)}"'
        f' font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        _defs(a),
    ]
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{_num(x, 0, w)},{_num(y, 0, h)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#9e9e9e" stroke-width="0.8"/>')
        lx, ly = point(0, ring)
        parts.append(
            f'<text x="{_num(lx + 4, 0, w)}" y="{_num(ly + 3, 0, h)}" font-size="9" fill="#616161">{ring}</text>'
        )
    for i in range(n):
        x, y = point(i, 100)
        parts.append(
            f'<line x1="{_num(cx, 0, w)}" y1="{_num(cy, 0, h)}" x2="{_num(x, 0, w)}" y2="{_num(y, 0, h)}"'
            ' stroke="#9e9e9e" stroke-width="0.8"/>'
        )
    values = [0.0 if ax.score is None else ax.score for ax in axes]
    pts = " ".join(f"{_num(x, 0, w)},{_num(y, 0, h)}" for x, y in (point(i, v) for i, v in enumerate(values)))
    parts.append(f'<polygon points="{pts}" fill="url(#dc-hatch)" fill-opacity="0.55" stroke="{a}" stroke-width="2.5"/>')
    for i, (ax, v) in enumerate(zip(axes, values, strict=True)):
        _num(v)
        x, y = point(i, v)
        parts.append(
            f'<circle cx="{_num(x, 0, w)}" cy="{_num(y, 0, h)}" r="4" fill="#ffffff" stroke="{a}" stroke-width="2"/>'
        )
        lx, ly = point(i, 118)
        angle = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
        anchor = "middle" if abs(angle) < 0.3 else ("start" if angle > 0 else "end")
        shown = "n/a" if ax.score is None else str(int(_display(ax.score)))
        lines = [*_lines(ax.label, 22), shown]
        top = ly - (len(lines) - 1) * 6
        for j, line in enumerate(lines):
            weight = ' font-weight="bold"' if j == len(lines) - 1 else ""
            parts.append(
                f'<text x="{_num(lx, 0, w)}" y="{_num(top + j * 12, 0, h)}" font-size="10.5"'
                f' text-anchor="{anchor}"{weight} fill="#212121">{escape(line)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _display(score: float) -> float:
    """The whole number people see for a score, by the project's one rounding rule."""
    from generator.expressions import round_half_away

    return round_half_away(float(_num(score)))


def meter(score: float, band_index: int, *, accent: str, thresholds: Sequence[float]) -> Markup:
    """A thin bar for one dimension score, filled with its band's pattern, band starts marked."""
    a = check_accent(accent)
    x = 400 * float(_num(score)) / 100
    ticks = "".join(
        f'<line x1="{_num(400 * float(_num(t)) / 100, 0, 400)}" y1="0" x2="{_num(400 * float(_num(t)) / 100, 0, 400)}"'
        ' y2="12" stroke="#212121" stroke-width="0.8" stroke-dasharray="2 1.5"/>'
        for t in thresholds
    )
    return Markup(
        f'<svg class="dc-chart dc-meter" viewBox="0 0 400 12" aria-hidden="true">{_defs(a)}'
        '<rect x="0.5" y="0.5" width="399" height="11" fill="#f5f5f5" stroke="#757575" stroke-width="0.8"/>'
        f'<rect x="0.5" y="0.5" width="{_num(max(x - 1, 0), 0, 400)}" height="11" fill="{_band_fill(band_index, a)}"'
        f' stroke="{a}" stroke-width="1"/>{ticks}</svg>'
    )


def swatch(band_index: int, *, accent: str) -> Markup:
    """A small legend sample of a band's fill, the same pattern as in the bars."""
    a = check_accent(accent)
    return Markup(
        f'<svg class="dc-swatch" viewBox="0 0 20 12" aria-hidden="true">{_defs(a)}'
        f'<rect x="0.5" y="0.5" width="19" height="11" fill="{_band_fill(band_index, a)}" stroke="#424242"'
        ' stroke-width="0.8"/></svg>'
    )


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a score in 0..100 or None, its band label and the band's index (0 = lowest)."""

    label: str
    score: float | None
    band_label: str
    band_index: int


def bars(rows: Sequence[Bar], *, thresholds: Sequence[float], accent: str, title: str) -> Markup:
    """Horizontal bars, one per dimension, with the band boundaries drawn as dashed lines and labelled."""
    a = check_accent(accent)
    label_w, bar_w, row_h = 190, 300, 34
    w, h = label_w + bar_w + 110, row_h * len(rows) + 30
    parts = [
        f'<svg class="dc-chart dc-bars" viewBox="0 0 {w} {h}" role="img" aria-label="{escape(title)}"'
        f' font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        _defs(a),
    ]
    for i, row in enumerate(rows):
        y = 10 + i * row_h
        lines = _lines(row.label, 30)[:2]
        for j, line in enumerate(lines):
            ty = y + 15 + (j - (len(lines) - 1) / 2) * 12
            parts.append(
                f'<text x="{label_w - 8}" y="{_num(ty, 0, h)}" font-size="10.5" text-anchor="end"'
                f' fill="#212121">{escape(line)}</text>'
            )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="20" fill="#f5f5f5" stroke="#bdbdbd"'
            ' stroke-width="0.6"/>'
        )
        if row.score is not None:
            bw = bar_w * float(_num(row.score)) / 100
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{_num(bw, 0, bar_w)}" height="20"'
                f' fill="{_band_fill(row.band_index, a)}" stroke="{a}" stroke-width="1.2"/>'
            )
            shown = f"{int(_display(row.score))} · {row.band_label}"
        else:
            shown = "no score"
        parts.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 18}" font-size="10.5" font-weight="bold"'
            f' fill="#212121">{escape(shown)}</text>'
        )
    base = 10 + len(rows) * row_h
    for t in thresholds:
        x = label_w + bar_w * float(_num(t)) / 100
        parts.append(
            f'<line x1="{_num(x, 0, w)}" y1="6" x2="{_num(x, 0, w)}" y2="{base}" stroke="#424242"'
            ' stroke-width="0.8" stroke-dasharray="3 2"/>'
        )
        parts.append(
            f'<text x="{_num(x, 0, w)}" y="{base + 12}" font-size="9" text-anchor="middle"'
            f' fill="#424242">{int(_display(t))}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def strip_plot(scores: Sequence[float], *, thresholds: Sequence[float], accent: str, title: str) -> Markup:
    """A dot plot of a group's scores on 0..100; equal rounded scores stack upwards so each person shows."""
    a = check_accent(accent)
    left, width = 20, 480
    stacks: dict[int, int] = {}
    dots: list[tuple[float, int]] = []
    for s in sorted(scores):
        key = int(_display(s))
        level = stacks.get(key, 0)
        stacks[key] = level + 1
        dots.append((float(_num(s)), level))
    top_level = max((lvl for _, lvl in dots), default=0)
    dot_h = 9
    h = 40 + (top_level + 1) * dot_h
    base = h - 22
    w = left * 2 + width
    parts = [
        f'<svg class="dc-chart dc-strip" viewBox="0 0 {w} {h}" role="img" aria-label="{escape(title)}"'
        f' font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{base}" x2="{left + width}" y2="{base}" stroke="#424242" stroke-width="1"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        tx = left + width * tick // 100
        parts.append(f'<line x1="{tx}" y1="{base}" x2="{tx}" y2="{base + 4}" stroke="#424242" stroke-width="1"/>')
        parts.append(f'<text x="{tx}" y="{base + 15}" font-size="9" text-anchor="middle" fill="#424242">{tick}</text>')
    for t in thresholds:
        x = left + width * float(_num(t)) / 100
        parts.append(
            f'<line x1="{_num(x, 0, w)}" y1="4" x2="{_num(x, 0, w)}" y2="{base}" stroke="#757575"'
            ' stroke-width="0.8" stroke-dasharray="3 2"/>'
        )
    for s, level in dots:
        x = left + width * s / 100
        y = base - 6 - level * dot_h
        parts.append(
            f'<circle cx="{_num(x, 0, w)}" cy="{_num(y, 0, h)}" r="3.6" fill="{a}" stroke="#000000"'
            ' stroke-width="0.6"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass(frozen=True)
class ZoneFigure:
    """What the zone diagram shows: the seller's and buyer's limits as the respondent sees them, and the state."""

    my_limit: float
    their_low: float
    their_high: float
    target: float | None
    role: str  # "buyer" or "seller"
    state: str  # "exists", "none" or "uncertain"
    zone_low: float | None = None
    zone_high: float | None = None


def zone_diagram(fig: ZoneFigure, *, accent: str, title: str, fmt: Callable[[float], str]) -> Markup:
    """A number line with your walk-away point, your estimate of theirs as a range, and the zone between."""
    a = check_accent(accent)
    if fig.role not in ("buyer", "seller") or fig.state not in ("exists", "none", "uncertain"):
        raise ValueError("zone role or state out of range")
    big = 1e12
    values = [fig.my_limit, fig.their_low, fig.their_high] + ([fig.target] if fig.target is not None else [])
    for v in values:
        _num(v, -big, big)
    lo, hi = min(values), max(values)
    span = hi - lo or max(abs(hi), 1.0)
    lo, hi = lo - span * 0.15, hi + span * 0.15
    left, width, w, h = 30, 520, 580, 170
    axis_y = 118

    def x_of(v: float) -> float:
        return left + (v - lo) / (hi - lo) * width

    parts = [
        f'<svg class="dc-chart dc-zone" viewBox="0 0 {w} {h}" role="img" aria-label="{escape(title)}"'
        f' font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        _defs(a),
        f'<line x1="{left}" y1="{axis_y}" x2="{left + width}" y2="{axis_y}" stroke="#424242" stroke-width="1.2"/>',
    ]
    # Their range as a hatched band above the axis.
    x1, x2 = x_of(fig.their_low), x_of(fig.their_high)
    parts.append(
        f'<rect x="{_num(min(x1, x2), 0, w)}" y="{axis_y - 70}" width="{_num(max(abs(x2 - x1), 2), 0, w)}" height="16"'
        f' fill="url(#dc-dots)" stroke="#424242" stroke-width="0.8"/>'
    )
    their = f"their walk-away, as you estimate it: {fmt(fig.their_low)}–{fmt(fig.their_high)}"
    parts.append(_label((x1 + x2) / 2, axis_y - 76, their, w, margin=150))
    # The zone: between my limit and their limit, on the side where a deal is possible.
    if fig.state == "exists" and fig.zone_low is not None and fig.zone_high is not None:
        z1, z2 = x_of(fig.zone_low), x_of(fig.zone_high)
        parts.append(
            f'<rect x="{_num(z1, 0, w)}" y="{axis_y - 22}" width="{_num(max(z2 - z1, 2), 0, w)}" height="14"'
            f' fill="url(#dc-hatch)" stroke="{a}" stroke-width="1"/>'
        )
        parts.append(_label((z1 + z2) / 2, axis_y - 27, f"zone: {fmt(fig.zone_low)}–{fmt(fig.zone_high)}", w))
    if fig.state == "none":
        g1, g2 = sorted((x_of(fig.my_limit), x_of(fig.their_low if fig.role == "buyer" else fig.their_high)))
        parts.append(
            f'<rect x="{_num(g1, 0, w)}" y="{axis_y - 22}" width="{_num(max(g2 - g1, 2), 0, w)}" height="14"'
            ' fill="none" stroke="#212121" stroke-width="1" stroke-dasharray="4 2"/>'
        )
        parts.append(_label((g1 + g2) / 2, axis_y - 27, "gap: no price works for both", w))
    mx = x_of(fig.my_limit)
    parts.append(
        f'<line x1="{_num(mx, 0, w)}" y1="{axis_y - 24}" x2="{_num(mx, 0, w)}" y2="{axis_y + 8}" stroke="{a}"'
        ' stroke-width="3"/>'
    )
    parts.append(_label(mx, axis_y + 22, f"your walk-away: {fmt(fig.my_limit)}", w, bold=True))
    if fig.target is not None:
        tx = x_of(fig.target)
        parts.append(f'<path d="M {_num(tx, 0, w)} {axis_y + 28} l -5 8 h 10 z" fill="#212121"/>')
        parts.append(_label(tx, axis_y + 47, f"your target: {fmt(fig.target)}", w))
    parts.append("</svg>")
    return Markup("".join(parts))


@functools.lru_cache(maxsize=128)
def qr_code(url: str, *, title: str) -> Markup:
    """A QR code for a guide link as inline SVG (segno), sized by CSS through its viewBox.

    Cached: every report of a batch links the same few guide pages, and encoding is pure."""
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise ValueError(f"not a guide URL: {url!r}")
    qr = segno.make(url, error="m", micro=False)
    svg: str = qr.svg_inline(scale=1, border=2, omitsize=True, svgclass="dc-qr", lineclass=None, title=title)
    return Markup(svg)
