"""SVG charts for the PDF reports, built as escaped strings from validated numbers.

Every number that reaches an SVG attribute goes through `_num`, which refuses NaN, infinities and values out of
range, and every text goes through `escape`: the charts carry untrusted labels (names, answers) and must never
carry markup or a URL. Shapes use patterns and labels as well as colour, so the charts read in black and white.
"""

from __future__ import annotations

import functools
import itertools
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from markupsafe import Markup, escape

from generator.expressions import round_half_away
from generator.limits import MAX_RADAR_AXES, MIN_RADAR_AXES
from generator.report.distribution import DotPlot
from generator.scoring import shown_score
from generator.values import check_accent

FONT = "'Noto Sans', 'DejaVu Sans', 'Droid Sans Fallback', 'Noto Sans CJK SC', 'Noto Sans Arabic', sans-serif"
# Band fills (report.css .dc-fill-N), for band 0, 1, 2 and up: hatched, dotted, solid; distinct in grey scale.
FILL_KINDS = 3


def _num(value: float, lo: float = 0.0, hi: float = 100.0) -> str:
    """A finite number within [lo, hi], formatted for an attribute; anything else is a bug or an attack."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"not a number: {value!r}")
    x = float(value)
    if not math.isfinite(x) or x < lo or x > hi:
        raise ValueError(f"number out of range [{lo}, {hi}]: {value!r}")
    text = f"{round_half_away(x, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _clamp(x: float, lo: float, hi: float) -> float:
    """Keep a centred label's anchor inside the drawing."""
    return min(max(x, lo), hi)


def _label(x: float, y: float, text: str, w: float, h: float, *, bold: bool = False, margin: float = 80) -> str:
    """An HTML label to lay over a drawing: centred on x within a box `2 * margin` wide that stays inside the
    drawing, its baseline near y (drawing units). See `radar` for why chart text is HTML."""
    cls = "dc-chart-label dc-bold" if bold else "dc-chart-label"
    left = _clamp(x, margin, w - margin) - margin
    return (
        f'<span class="{cls}" style="left: {_pct(left, w)}%; width: {_pct(2 * margin, w)}%;'
        f' top: {_pct(y, h)}%">{escape(text)}</span>'
    )


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


def _pct(value: float, total: float) -> str:
    """A position as a percentage of the drawing, for a label's inline style (validated like any number)."""
    return _num(100 * value / total, -20, 120)


def radar_if_any(axes: Sequence[Axis], *, accent: str, title: str) -> Markup | None:
    """The radar of these axes, or None outside 3..12 (`limits`): two axes draw a line, not a profile, and past
    twelve the labels run into each other. The bars beside it show every dimension either way."""
    return radar(axes, accent=accent, title=title) if MIN_RADAR_AXES <= len(axes) <= MAX_RADAR_AXES else None


def radar(axes: Sequence[Axis], *, accent: str, title: str, size: int = 360) -> Markup:
    """A radar chart of dimension scores: grid rings at 25/50/75/100 drawn in SVG, labels and values as HTML
    placed over it.

    The labels are HTML because WeasyPrint lays out each SVG <text> on its own (about 4 ms apiece, a tenth of
    a report's time), while text in the page flow costs almost nothing and is real, tagged text in the PDF."""
    n = len(axes)
    if n < MIN_RADAR_AXES or n > MAX_RADAR_AXES:
        raise ValueError(f"a radar chart needs {MIN_RADAR_AXES} to {MAX_RADAR_AXES} axes")
    a = check_accent(accent)
    w, h = size + 260, size + 70
    cx, cy, r = w / 2, h / 2, size / 2 - 25

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * value / 100 * math.cos(angle), cy + r * value / 100 * math.sin(angle)

    parts = [
        f'<div class="dc-overlay dc-radar"><svg class="dc-chart" viewBox="0 0 {w} {h}" role="img"'
        f' aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        _defs(a),
    ]
    labels: list[str] = []
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{_num(x, 0, w)},{_num(y, 0, h)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="#9e9e9e" stroke-width="0.8"/>')
        lx, ly = point(0, ring)
        labels.append(
            f'<span class="dc-radar-ring" style="left: {_pct(lx + 4, w)}%; top: {_pct(ly, h)}%">{ring}</span>'
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
        side = math.cos(-math.pi / 2 + 2 * math.pi * i / n)
        anchor = "middle" if abs(side) < 0.3 else ("start" if side > 0 else "end")
        shown = "n/a" if ax.score is None else str(_display(ax.score))
        lines = _lines(ax.label, 22)
        where = f"right: {_pct(w - lx, w)}%" if anchor == "end" else f"left: {_pct(lx, w)}%"
        labels.append(
            f'<span class="dc-radar-label dc-at-{anchor} dc-lines-{len(lines) + 1}"'
            f' style="{where}; top: {_pct(ly, h)}%">'
            + "<br>".join(str(escape(line)) for line in lines)
            + f"<br><b>{shown}</b></span>"
        )
    parts.append("</svg>")
    return Markup("".join(parts) + "".join(labels) + "</div>")


def _display(score: float) -> int:
    """The scorer's `shown_score` as a chart labels it, once `_num` has refused a value outside 0..100. Rounded
    from the score itself: rounding `_num`'s two-decimal text again would label 62.496 as 63 beside a printed 62."""
    _num(score)
    return int(shown_score(float(score)))


def _fill_class(index: int) -> str:
    """The CSS class of a band's fill (report.css): hatched, dotted, then solid for the top bands."""
    if index < 0 or index >= 16:
        raise ValueError(f"band index out of range: {index!r}")
    return f"dc-fill-{min(index, FILL_KINDS - 1)}"


def _track(score: float | None, band_index: int, thresholds: Sequence[float]) -> str:
    """What goes inside a bar's track: the filled part for the score, then a dashed tick where each band starts."""
    fill = (
        f'<span class="dc-bar-fill {_fill_class(band_index)}" style="width: {_num(score)}%"></span>'
        if score is not None
        else ""
    )
    ticks = "".join(f'<span class="dc-tick" style="left: {_num(t)}%"></span>' for t in thresholds)
    return fill + ticks


def meter(score: float, band_index: int) -> Markup:
    """A thin bar for one dimension score, filled with its band's pattern (HTML and CSS).

    No band ticks here, unlike the summary's bars: every box costs WeasyPrint about half a millisecond, and the
    score and band are written beside the meter anyway. Its fill takes the accent from report.css."""
    return Markup(f'<div class="dc-meter" aria-hidden="true">{_track(score, band_index, ())}</div>')


def swatch(band_index: int) -> Markup:
    """A small legend sample of a band's fill, the same pattern as in the bars."""
    return Markup(f'<span class="dc-swatch {_fill_class(band_index)}" aria-hidden="true"></span>')


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a score in 0..100 or None, its band label and the band's index (0 = lowest), and the
    starts of its own bands when its dimension has bands of its own (else the chart's are dashed)."""

    label: str
    score: float | None
    band_label: str
    band_index: int
    thresholds: tuple[float, ...] | None = None


def bars(rows: Sequence[Bar], *, thresholds: Sequence[float], title: str) -> Markup:
    """Horizontal bars, one per dimension, band starts dashed and numbered underneath; HTML and CSS, so every
    label is real text (see `radar` for why not SVG)."""
    parts = [f'<div class="dc-bars" role="group" aria-label="{escape(title)}">']
    for row in rows:
        ticks = row.thresholds if row.thresholds is not None else thresholds
        shown = f"{_display(row.score)} · {row.band_label}" if row.score is not None else "no score"
        parts.append(
            f'<div class="dc-bar"><span class="dc-bar-label">{escape(row.label)}</span>'
            f'<span class="dc-bar-track">{_track(row.score, row.band_index, ticks)}</span>'
            f'<span class="dc-bar-value">{escape(shown)}</span></div>'
        )
    marks = "".join(f'<span class="dc-scale-mark" style="left: {_num(t)}%">{_display(t)}</span>' for t in thresholds)
    parts.append(
        f'<div class="dc-bar dc-bar-scale" aria-hidden="true"><span class="dc-bar-label"></span>'
        f'<span class="dc-bar-track">{marks}</span></div></div>'
    )
    return Markup("".join(parts))


def strip_plot(plot: DotPlot, *, thresholds: Sequence[float], accent: str, title: str) -> Markup:
    """A dot plot of a group's whole-number scores on 0..100, from counts (`distribution.dot_plot`): a stack of
    dots at each score, one per person, or one per `plot.per_dot` people with a hollow part-dot for the rest.
    When a large group fills neighbouring scores, the dots are smaller, so that each score stays its own column.

    Its cost does not grow with the group: each column of dots is one dashed stroke, drawn twice (outline, then
    fill), so a strip costs WeasyPrint at most 101 short lines, where one <circle> per dot cost about 2 ms each."""
    a = check_accent(accent)
    left, width = 20, 480
    positions = [c.position for c in plot.columns]
    dense = plot.per_dot > 1 and any(b - a < 2 for a, b in itertools.pairwise(positions))
    outline, inside, dot_h, lift = (4.6, 3.5, 5.2, 4) if dense else (7.8, 6.6, 9, 6)
    h = 40 + max(plot.rows, 1) * dot_h
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
    # A column of dots is one vertical stroke, dashed into dots: a dash a hair long with round caps is a dot, and
    # the dash pattern restarts with each column. Each column costs the same however tall its stack.
    full: list[str] = []
    part: list[str] = []
    for column in plot.columns:
        cx = _num(left + width * float(_num(column.position)) / 100, 0, w)
        bottom = base - lift
        if column.full:
            top = bottom - (column.full - 1) * dot_h - 0.01
            full.append(f"M{cx} {_num(bottom, 0, h)}V{_num(top, 0, h)}")
        if column.part:
            full_h = column.full * dot_h
            part.append(f"M{cx} {_num(bottom - full_h, 0, h)}v-0.01")
    dash = f' stroke-dasharray="0.01 {_num(dot_h - 0.01)}"'
    for dots, fill, dashed in (("".join(full), a, dash), ("".join(part), "#ffffff", "")):
        if dots:
            for colour, stroke in (("#000000", outline), (fill, inside)):
                parts.append(
                    f'<path d="{dots}" fill="none" stroke="{colour}" stroke-width="{stroke}"'
                    f' stroke-linecap="round"{dashed}/>'
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

    labels: list[str] = []
    parts = [
        f'<div class="dc-overlay"><svg class="dc-chart dc-zone" viewBox="0 0 {w} {h}" role="img"'
        f' aria-label="{escape(title)}">',
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
    labels.append(_label((x1 + x2) / 2, axis_y - 76, their, w, h, margin=150))
    # The zone: between my limit and their limit, on the side where a deal is possible.
    if fig.state == "exists" and fig.zone_low is not None and fig.zone_high is not None:
        z1, z2 = x_of(fig.zone_low), x_of(fig.zone_high)
        parts.append(
            f'<rect x="{_num(z1, 0, w)}" y="{axis_y - 22}" width="{_num(max(z2 - z1, 2), 0, w)}" height="14"'
            f' fill="url(#dc-hatch)" stroke="{a}" stroke-width="1"/>'
        )
        labels.append(_label((z1 + z2) / 2, axis_y - 27, f"zone: {fmt(fig.zone_low)}–{fmt(fig.zone_high)}", w, h))
    if fig.state == "none":
        g1, g2 = sorted((x_of(fig.my_limit), x_of(fig.their_low if fig.role == "buyer" else fig.their_high)))
        parts.append(
            f'<rect x="{_num(g1, 0, w)}" y="{axis_y - 22}" width="{_num(max(g2 - g1, 2), 0, w)}" height="14"'
            ' fill="none" stroke="#212121" stroke-width="1" stroke-dasharray="4 2"/>'
        )
        labels.append(_label((g1 + g2) / 2, axis_y - 27, "gap: no price works for both", w, h))
    mx = x_of(fig.my_limit)
    parts.append(
        f'<line x1="{_num(mx, 0, w)}" y1="{axis_y - 24}" x2="{_num(mx, 0, w)}" y2="{axis_y + 8}" stroke="{a}"'
        ' stroke-width="3"/>'
    )
    labels.append(_label(mx, axis_y + 22, f"your walk-away: {fmt(fig.my_limit)}", w, h, bold=True))
    if fig.target is not None:
        tx = x_of(fig.target)
        parts.append(f'<path d="M {_num(tx, 0, w)} {axis_y + 28} l -5 8 h 10 z" fill="#212121"/>')
        labels.append(_label(tx, axis_y + 47, f"your target: {fmt(fig.target)}", w, h))
    parts.append("</svg>")
    return Markup("".join(parts) + "".join(labels) + "</div>")


@functools.lru_cache(maxsize=128)
def qr_code(url: str, *, title: str) -> Markup:
    """A QR code for a guide link, as a small PNG in a data URL (segno) that CSS scales with hard edges.

    PNG rather than SVG: WeasyPrint draws an SVG QR path in about 15 ms, a PNG in well under 1 ms, and it keeps
    decoded images by URL across the reports of a worker. Cached: a batch links the same few guide pages."""
    if not url.startswith(("http://", "https://")) or len(url) > 500:
        raise ValueError(f"not a guide URL: {url!r}")
    qr = segno.make(url, error="m", micro=False)
    data_uri: str = qr.png_data_uri(scale=4, border=2)
    return Markup(f'<img class="dc-qr" src="{data_uri}" alt="{escape(title)}">')


@dataclass(frozen=True)
class PairedRow:
    """One dimension in two rounds: where the open dot (before) and the filled dot (after) sit on 0..100."""

    label: str
    before: float | None
    after: float | None
    value: str  # the text beside the track, e.g. "52 → 71"


def paired(rows: Sequence[PairedRow], *, title: str) -> Markup:
    """A paired (dumbbell) chart: per dimension an open dot for the first round and a filled dot for the second,
    joined by a line; dots, not colour, tell the rounds apart. HTML and CSS like `bars`."""
    parts = [f'<div class="dc-bars dc-paired" role="group" aria-label="{escape(title)}">']
    for row in rows:
        track = []
        if row.before is not None and row.after is not None:
            lo, hi = sorted((row.before, row.after))
            track.append(f'<span class="dc-pair-line" style="left: {_num(lo)}%; width: {_num(hi - lo)}%"></span>')
        if row.before is not None:
            track.append(f'<span class="dc-dot dc-dot-before" style="left: {_num(row.before)}%"></span>')
        if row.after is not None:
            track.append(f'<span class="dc-dot dc-dot-after" style="left: {_num(row.after)}%"></span>')
        parts.append(
            f'<div class="dc-bar"><span class="dc-bar-label">{escape(row.label)}</span>'
            f'<span class="dc-bar-track dc-pair-track">{"".join(track)}</span>'
            f'<span class="dc-bar-value">{escape(row.value)}</span></div>'
        )
    marks = "".join(f'<span class="dc-scale-mark" style="left: {t}%">{t}</span>' for t in (0, 25, 50, 75, 100))
    parts.append(
        f'<div class="dc-bar dc-bar-scale" aria-hidden="true"><span class="dc-bar-label"></span>'
        f'<span class="dc-bar-track">{marks}</span></div></div>'
    )
    return Markup("".join(parts))
