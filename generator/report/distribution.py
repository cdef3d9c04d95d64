"""A group's scores as counts: whole-number scores (0..100) in, counts per position, dot scale and bins out.

A strip of scores has at most 101 positions, so a chart drawn from these counts costs the same for 12 people
as for 100,000. The group summary PDF and the workshop dashboard's live strips share these pure functions:

- `count_positions(scores)` tallies whole-number scores into 101 counts (reads an iterator once);
- `people_per_dot(tallest)` picks the scale: 1 while the tallest stack fits, then 2, 5, 10, 20, 50, ...;
- `dot_plot(counts, per_dot)` gives each position's dots: full ones, plus a part-dot for a remainder;
- `band_ranges(starts)` and `bins(counts, starts)` group positions into bins of about 5 points that never
  straddle a band start, so the counts of a band's bins add up to the band.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

POSITIONS = 101  # whole-number scores 0..100
MAX_ROWS = 15  # the tallest stack of dots drawn; beyond it, each dot stands for more people
BIN_WIDTH = 5  # points per bin in the written counts

Counts = tuple[int, ...]  # POSITIONS counts, indexed by whole-number score


def _position(value: object) -> int:
    """A whole-number score 0..100, or ValueError: a fraction or an out-of-range value is a caller's bug."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < POSITIONS:
        raise ValueError(f"not a whole-number score in 0..100: {value!r}")
    return value


def _counts(counts: Sequence[int]) -> Counts:
    """Check a counts sequence: POSITIONS whole numbers, none negative."""
    if len(counts) != POSITIONS:
        raise ValueError(f"counts need {POSITIONS} positions, not {len(counts)}")
    if any(isinstance(c, bool) or not isinstance(c, int) or c < 0 for c in counts):
        raise ValueError("counts must be whole numbers >= 0")
    return tuple(counts)


def count_positions(scores: Iterable[int]) -> Counts:
    """How many people have each whole-number score: counts[s] for s in 0..100. Memory does not grow with them."""
    counts = [0] * POSITIONS
    for score in scores:
        counts[_position(score)] += 1
    return tuple(counts)


def people_per_dot(tallest: int, max_rows: int = MAX_ROWS) -> int:
    """The fewest people per dot (1, 2, 5, 10, 20, 50, ...) that keeps a stack of `tallest` within `max_rows` dots."""
    if tallest < 0 or max_rows < 1:
        raise ValueError("tallest must be >= 0 and max_rows >= 1")
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            per_dot = step * magnitude
            if -(-tallest // per_dot) <= max_rows:
                return per_dot
        magnitude *= 10


@dataclass(frozen=True)
class Column:
    """The dots at one position: `full` dots of `per_dot` people each, then one part-dot for a remainder."""

    position: int
    count: int
    full: int
    part: bool

    @property
    def dots(self) -> int:
        return self.full + int(self.part)


@dataclass(frozen=True)
class DotPlot:
    """A strip's dots: the scale, the non-empty columns left to right, and the tallest column in dots."""

    per_dot: int
    columns: tuple[Column, ...]

    @property
    def rows(self) -> int:
        return max((c.dots for c in self.columns), default=0)

    @property
    def total(self) -> int:
        return sum(c.count for c in self.columns)


def dot_plot(counts: Sequence[int], per_dot: int = 1) -> DotPlot:
    """The dots for each non-empty position: count // per_dot full dots and a part-dot when people remain,
    so every person is drawn (as a whole dot, or as part of one); with per_dot 1 it is one dot per person."""
    if isinstance(per_dot, bool) or not isinstance(per_dot, int) or per_dot < 1:
        raise ValueError(f"people per dot must be a whole number >= 1, not {per_dot!r}")
    columns = tuple(
        Column(position, count, count // per_dot, count % per_dot > 0)
        for position, count in enumerate(_counts(counts))
        if count
    )
    return DotPlot(per_dot, columns)


def band_ranges(starts: Sequence[int]) -> tuple[tuple[int, int], ...]:
    """Each band's positions as (first, last), from the bands' whole-number starts in ascending order.

    A band runs up to the position before the next start; the last one to 100. Positions below the first start
    belong to no band."""
    checked = [_position(s) for s in starts]
    if any(b <= a for a, b in itertools.pairwise(checked)):
        raise ValueError(f"band starts must increase: {list(starts)!r}")
    ends = [s - 1 for s in checked[1:]] + [POSITIONS - 1]
    return tuple(zip(checked, ends, strict=True))


@dataclass(frozen=True)
class Bin:
    """People whose score is in first..last (whole numbers, both included)."""

    first: int
    last: int
    count: int


def bins(counts: Sequence[int], starts: Sequence[int], width: int = BIN_WIDTH) -> tuple[tuple[Bin, ...], ...]:
    """Per band (see `band_ranges`), its positions cut into bins of about `width` points, each band starting a
    new bin: a band of L points gets round(L / width) bins (at least one) whose widths differ by at most one,
    the wider ones last (70..100 gives 70-74 ... 90-94 and 95-100). Empty bins are kept: a gap is information."""
    if width < 1:
        raise ValueError("bin width must be >= 1")
    checked = _counts(counts)
    out: list[tuple[Bin, ...]] = []
    for first, last in band_ranges(starts):
        length = last - first + 1
        n = max(1, (2 * length + width) // (2 * width))  # round half up
        base, extra = divmod(length, n)
        band: list[Bin] = []
        lo = first
        for i in range(n):
            hi = lo + base + (1 if i >= n - extra else 0) - 1
            band.append(Bin(lo, hi, sum(checked[lo : hi + 1])))
            lo = hi + 1
        out.append(tuple(band))
    return tuple(out)
