"""The hand-scoring grid of the paper booklet: points per answer, a total per dimension, a table from total to score.

The scorer's dimension score is sum(w * s) / sum(w) over the dimension's items (s: the item's 0..100 score). When
every item is answered, that is T * u / sum(w), where T adds up whole "points" p = w * s / u and u is the largest
unit that makes every possible p a whole number. So a participant copies one small number per question, adds, and
reads score and band from a table: no division by hand. Exact fractions here; the test holds the grid to the
scorer on random answer sets.

A questionnaire whose scores the grid cannot reproduce gets located reasons instead (show_if, computed values,
multiple-choice items, too many possible totals).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from generator.errors import Problem, Severity
from generator.questionnaire.model import Question, Questionnaire
from generator.questionnaire.source import read_yaml

__all__ = ["Grid", "GridDimension", "GridItem", "build_grid", "hand_scoring_problems", "letters"]

MAX_TOTAL = 150  # more possible totals than this make a lookup table nobody scans in five minutes
MAX_ANSWERS = 8  # columns of the grid: scale points or options


def letters(n: int) -> tuple[str, ...]:
    """Option codes printed in the booklet: a, b, c, ..."""
    return tuple(chr(ord("a") + i) for i in range(n))


@dataclass(frozen=True)
class GridItem:
    """One question's row: its number in the booklet, the answer codes (1..5 or a..d) and the points for each."""

    number: int
    qid: str
    codes: tuple[str, ...]
    points: tuple[int, ...]
    reverse: bool = False


@dataclass(frozen=True)
class Lookup:
    """Total → shown score, and each band's range of totals. Dimensions with the same arithmetic share one."""

    key: str  # "A", "B", ...
    scores: tuple[int, ...]  # index = total
    bands: tuple[tuple[str, int, int], ...]  # (label, first total, last total), lowest band first


@dataclass(frozen=True)
class GridDimension:
    """A dimension's block: its rows, the largest total, and the table it reads its score from."""

    id: str
    title: str
    items: tuple[GridItem, ...]
    max_total: int
    lookup: Lookup


@dataclass(frozen=True)
class Grid:
    dimensions: tuple[GridDimension, ...]
    lookups: tuple[Lookup, ...]
    columns: int  # the most answer codes of any row

    def score(self, did: str, total: int) -> tuple[int, str]:
        """What the grid gives for a total: (score shown, band label)."""
        dim = next(d for d in self.dimensions if d.id == did)
        score = dim.lookup.scores[total]
        band = next(label for label, lo, hi in dim.lookup.bands if lo <= total <= hi)
        return score, band


def _exact(x: float) -> Fraction:
    """A YAML number as the decimal the author wrote (1.5, 0.1), not its binary approximation."""
    return Fraction(repr(float(x)))


def _item_values(questionnaire: Questionnaire, question: Question) -> tuple[tuple[str, ...], tuple[Fraction, ...]]:
    """Answer codes and their exact 0..100 item scores, in booklet order."""
    if question.type == "likert":
        scale = questionnaire.scale_for(question)
        a, b = scale.min, scale.max
        codes = tuple(str(v) for v in range(a, b + 1))
        if question.peak is not None:  # best in the middle: (d - |v - p|) / d * 100, as generator.scoring
            p = _exact(question.peak)
            d = max(p - a, b - p)
            return codes, tuple(100 * (d - abs(v - p)) / d for v in range(a, b + 1))
        values = tuple(Fraction(100 * ((a + b - v if question.reverse else v) - a), b - a) for v in range(a, b + 1))
        return codes, values
    return letters(len(question.options)), tuple(_exact(o.score or 0) for o in question.options)


def _round_half_away(x: Fraction) -> int:
    """The one rounding rule (half away from zero), on an exact non-negative fraction."""
    return math.floor(x + Fraction(1, 2))


def _unit(values: Sequence[Fraction]) -> Fraction:
    """The largest u with every value a whole multiple of u (1 when all are 0)."""
    nonzero = [v for v in values if v]
    if not nonzero:
        return Fraction(1)
    denominator = math.lcm(*(v.denominator for v in nonzero))
    numerator = math.gcd(*(int(v * denominator) for v in nonzero))
    return Fraction(numerator, denominator)


def hand_scoring_problems(questionnaire: Questionnaire, path: Path | None = None) -> list[Problem]:
    """Why the grid could not give the scorer's numbers, each located in the questionnaire file when known."""
    src = read_yaml(path, str(path))[0] if path is not None and path.is_file() else None
    where = str(path) if path is not None else questionnaire.id

    def problem(loc: Sequence[str | int], message: str) -> Problem:
        line, col = src.at(loc, key=True) if src is not None else (0, 0)
        return Problem(where, line, col, f"cannot be scored by hand: {message}", Severity.WARNING)

    problems: list[Problem] = []
    for i, q in enumerate(questionnaire.questions):
        if q.show_if is not None:
            problems.append(
                problem(("questions", i, "show_if"), f"question {q.id} is shown only after some answers (show_if)")
            )
        if q.scored and q.type == "multi":
            problems.append(
                problem(("questions", i, "type"), f"question {q.id} scores the average of the options ticked")
            )
    if questionnaire.computed:
        names = ", ".join(c.id for c in questionnaire.computed)
        problems.append(problem(("computed",), f"the results include computed values ({names})"))
    if not problems:
        for dim in questionnaire.dimensions:
            items = questionnaire.dimension_items(dim.id)
            widths = [len(_item_values(questionnaire, q)[0]) for q in items]
            if any(w > MAX_ANSWERS for w in widths):
                problems.append(
                    problem(("dimensions",), f"{dim.id} has a question with more than {MAX_ANSWERS} answers")
                )
                continue
            total = _dimension_points(questionnaire, dim.id)[1]
            if total > MAX_TOTAL:
                problems.append(
                    problem(("dimensions",), f"{dim.id} has {total + 1} possible totals, too many for a lookup table")
                )
    return problems


def _dimension_points(
    questionnaire: Questionnaire, did: str
) -> tuple[list[tuple[Question, tuple[str, ...], tuple[int, ...]]], int, Fraction]:
    """Each item's codes and whole points, the largest total, and the unit u."""
    items = questionnaire.dimension_items(did)
    weighted = [(q, *_item_values(questionnaire, q)) for q in items]
    scaled = [(q, codes, tuple(_exact(q.weight) * v for v in values)) for q, codes, values in weighted]
    unit = _unit([v for _, _, values in scaled for v in values])
    rows = [(q, codes, tuple(int(v / unit) for v in values)) for q, codes, values in scaled]
    return rows, sum(max(points) for _, _, points in rows), unit


def build_grid(questionnaire: Questionnaire, numbers: dict[str, int]) -> Grid:
    """The grid for a questionnaire that `hand_scoring_problems` accepts; `numbers` are the booklet's question
    numbers by question id."""
    lookups: dict[tuple[int, Fraction, tuple[tuple[str, Fraction], ...]], Lookup] = {}
    dimensions = []
    columns = 1
    for dim in questionnaire.dimensions:
        rows, max_total, unit = _dimension_points(questionnaire, dim.id)
        weights = sum((_exact(q.weight) for q, _, _ in rows), Fraction(0))
        bands = tuple((b.label, _exact(b.min)) for b in questionnaire.bands_for(dim.id))
        key = (max_total, unit / weights if weights else Fraction(0), bands)
        if key not in lookups:
            exact = [t * key[1] for t in range(max_total + 1)]
            scores = tuple(_round_half_away(x) for x in exact)
            ranges = []
            for i, (label, lo) in enumerate(bands):
                hi = bands[i + 1][1] if i + 1 < len(bands) else None
                # banded as shown, like generator.scoring.band_for: a total that shows 40 is in the band from 40
                totals = [t for t, x in enumerate(scores) if x >= lo and (hi is None or x < hi)]
                if totals:
                    ranges.append((label, totals[0], totals[-1]))
            lookups[key] = Lookup(chr(ord("A") + len(lookups)), scores, tuple(ranges))
        items = tuple(GridItem(numbers[q.id], q.id, codes, points, q.reverse) for q, codes, points in rows)
        columns = max([columns, *(len(i.codes) for i in items)])
        dimensions.append(GridDimension(dim.id, dim.title, items, max_total, lookups[key]))
    return Grid(tuple(dimensions), tuple(lookups.values()), columns)
