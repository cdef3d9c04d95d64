"""Item analysis of real answers (`dealcraft analyze`, and the optional page of the group summary).

Per dimension: Cronbach's alpha, each item's corrected item-total correlation (the item against the sum of the
dimension's other items), the share of answers at the lowest and highest score an item or the dimension can
give (floor and ceiling), and who straight-lined (the same scale point for all of a dimension's likert items).

Items are taken as the scorer scores them (0..100, reverse-keyed items already mirrored), unweighted, as alpha
is defined. Alpha covers the items everyone is asked (no show_if), over the respondents who answered all of
them; an item behind a show_if is correlated with the sum of those items, over the respondents it was shown
to. Nothing is
kept per respondent but the names of straight-liners: running means and co-moments (Welford's update), so memory
stays flat however many answer sets come in. Below FEW_RESPONDENTS the figures mean little, and the output says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.expressions import round_half_away
from generator.questionnaire.lint import item_values, reachable
from generator.questionnaire.model import Questionnaire, Result

__all__ = [
    "FEW_RESPONDENTS",
    "MIN_PAIRS",
    "STRAIGHT_LINE_ITEMS",
    "Analysis",
    "DimensionAnalysis",
    "ItemAnalysis",
    "ItemFigures",
    "Moments",
    "corrected_item_total",
    "cronbach_alpha",
    "figure",
    "percent",
]

FEW_RESPONDENTS = 10
"""Below this many respondents, alpha and correlations swing with one person: the output says they mean little."""

STRAIGHT_LINE_ITEMS = 3
"""Identical answers to at least this many likert items of a dimension count as straight-lining."""

MIN_PAIRS = 3
"""Alpha and correlations need at least this many answer sets: through two points any line fits (r is always ±1)."""

_TINY = 1e-9  # a variance at or below this is no spread at all


# ---------------------------------------------------------------- the maths


class Moments:
    """Running means and co-moments of rows of k numbers (Welford's update), for a covariance matrix."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.n = 0
        self.mean = [0.0] * k
        self.comoment = [[0.0] * k for _ in range(k)]

    def add(self, row: Sequence[float]) -> None:
        self.n += 1
        before = [x - m for x, m in zip(row, self.mean, strict=True)]
        self.mean = [m + d / self.n for m, d in zip(self.mean, before, strict=True)]
        after = [x - m for x, m in zip(row, self.mean, strict=True)]
        for i in range(self.k):
            for j in range(self.k):
                self.comoment[i][j] += before[i] * after[j]

    def covariance(self) -> list[list[float]] | None:
        """The sample covariance matrix (divided by n - 1); None below two rows."""
        if self.n < 2:
            return None
        return [[c / (self.n - 1) for c in row] for row in self.comoment]


def cronbach_alpha(cov: Sequence[Sequence[float]]) -> float | None:
    """k / (k - 1) * (1 - sum of item variances / variance of the total); None below two items or with no spread."""
    k = len(cov)
    if k < 2:
        return None
    total = sum(sum(row) for row in cov)
    if total <= _TINY:
        return None
    return k / (k - 1) * (1 - sum(cov[i][i] for i in range(k)) / total)


def corrected_item_total(cov: Sequence[Sequence[float]]) -> list[float | None]:
    """Each item's Pearson correlation with the sum of the other items; None where either has no spread."""
    k = len(cov)
    out: list[float | None] = []
    for i in range(k):
        others = [j for j in range(k) if j != i]
        rest_var = sum(cov[j][m] for j in others for m in others)
        if not others or cov[i][i] <= _TINY or rest_var <= _TINY:
            out.append(None)
            continue
        out.append(sum(cov[i][j] for j in others) / math.sqrt(cov[i][i] * rest_var))
    return out


# ---------------------------------------------------------------- the figures


def figure(x: float | None, digits: int = 2) -> str:
    """A figure as the CLI and the summary page print it (rounded half away from zero); "–" for none."""
    return "–" if x is None else f"{round_half_away(x, digits):.{digits}f}"


def percent(x: float | None) -> str:
    """A share (0..1) as a whole percentage; "–" for none."""
    return "–" if x is None else f"{round_half_away(x * 100):.0f}%"


@dataclass(frozen=True)
class ItemFigures:
    """One item: how many answered, its mean item score, floor and ceiling shares, corrected item-total r."""

    id: str
    text: str
    answered: int
    mean: float | None
    floor: float | None
    ceiling: float | None
    item_total: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "answered": self.answered,
            "mean": self.mean,
            "floor": self.floor,
            "ceiling": self.ceiling,
            "item_total": self.item_total,
        }


@dataclass(frozen=True)
class DimensionAnalysis:
    """One dimension: alpha of `alpha_items` over the `complete` answer sets that have them all, the floor and
    ceiling shares of its score over the `scored` ones, its straight-liners and its items."""

    id: str
    title: str
    scored: int
    complete: int
    alpha_items: tuple[str, ...]
    alpha: float | None
    floor: float | None
    ceiling: float | None
    straight_liners: int
    straight_lined_by: tuple[str, ...]
    items: tuple[ItemFigures, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "scored": self.scored,
            "complete": self.complete,
            "alpha_items": list(self.alpha_items),
            "alpha": self.alpha,
            "floor": self.floor,
            "ceiling": self.ceiling,
            "straight_liners": self.straight_liners,
            "straight_lined_by": list(self.straight_lined_by),
            "items": [i.to_json() for i in self.items],
        }


@dataclass(frozen=True)
class Analysis:
    """A questionnaire's item analysis (of one round, in a before-and-after workshop); `few` is true below
    FEW_RESPONDENTS respondents."""

    questionnaire: str
    title: str
    version: int
    respondents: int
    dimensions: tuple[DimensionAnalysis, ...]
    round: str | None = None

    @property
    def few(self) -> bool:
        return self.respondents < FEW_RESPONDENTS

    @property
    def note(self) -> str | None:
        """What a reader must know before trusting the figures, or None."""
        if not self.few:
            return None
        who = f"{self.respondents} respondent{'s' if self.respondents != 1 else ''}"
        return f"Only {who}: below {FEW_RESPONDENTS} these figures mean little, as one person moves them a lot."

    def to_json(self) -> dict[str, Any]:
        return {
            "questionnaire": self.questionnaire,
            "version": self.version,
            "round": self.round,
            "respondents": self.respondents,
            "few": self.few,
            "note": self.note,
            "dimensions": [d.to_json() for d in self.dimensions],
        }


@dataclass
class _Dimension:
    """What is counted for one dimension while answer sets come in."""

    items: tuple[str, ...]
    core: tuple[str, ...]  # no show_if: every respondent is asked them
    likert: tuple[str, ...]
    low: float
    high: float
    moments: Moments  # over the core items
    conditional: dict[str, Moments]  # per item with a show_if: (the item, the sum of the core items)
    scored: int = 0
    at_floor: int = 0
    at_ceiling: int = 0
    straight: int = 0
    straight_names: list[str] = field(default_factory=list)


@dataclass
class _Item:
    low: float
    high: float
    answered: int = 0
    total: float = 0.0
    at_floor: int = 0
    at_ceiling: int = 0


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= _TINY


class ItemAnalysis:
    """One questionnaire's answer sets, added one at a time (`add`), analysed by `result`.

    With `named` false, straight-liners are counted, not named. The answers of one round are analysed together:
    the same people answering twice are not twice as many respondents."""

    def __init__(self, questionnaire: Questionnaire, *, named: bool = True, round: str | None = None) -> None:
        self.questionnaire = questionnaire
        self.named = named
        self.round = round
        self.respondents = 0
        reach = reachable(questionnaire)
        self.dims: dict[str, _Dimension] = {}
        self.item: dict[str, _Item] = {}
        for dim in questionnaire.dimensions:
            items = questionnaire.dimension_items(dim.id)
            core = tuple(q.id for q in items if q.show_if is None)
            self.dims[dim.id] = _Dimension(
                items=tuple(q.id for q in items),
                core=core,
                likert=tuple(q.id for q in items if q.type == "likert"),
                low=reach[dim.id].low,
                high=reach[dim.id].high,
                moments=Moments(len(core)),
                conditional={q.id: Moments(2) for q in items if q.show_if is not None},
            )
            for q in items:
                values = item_values(questionnaire, q)
                self.item[q.id] = _Item(min(values, default=0.0), max(values, default=0.0))

    def add(self, label: str, answers: Mapping[str, Any], result: Result) -> None:
        """Count one answer set: its answers (for straight-lining) and its scored result (for everything else)."""
        self.respondents += 1
        for did, dim in self.dims.items():
            scores = {qid: s for qid in dim.items if (s := result.item_scores.get(qid)) is not None}
            for qid, s in scores.items():
                item = self.item[qid]
                item.answered += 1
                item.total += s
                item.at_floor += _same(s, item.low)
                item.at_ceiling += _same(s, item.high)
            if dim.core and all(qid in scores for qid in dim.core):
                row = [scores[qid] for qid in dim.core]
                dim.moments.add(row)
                for qid, moments in dim.conditional.items():
                    if qid in scores:
                        moments.add([scores[qid], sum(row)])
            value = result.dimensions[did].score if did in result.dimensions else None
            if value is not None:
                dim.scored += 1
                dim.at_floor += _same(value, dim.low)
                dim.at_ceiling += _same(value, dim.high)
            raw = [answers[q] for q in dim.likert if q in result.active and answers.get(q) is not None]
            if len(raw) >= STRAIGHT_LINE_ITEMS and len(set(raw)) == 1:
                dim.straight += 1
                if self.named:
                    dim.straight_names.append(label)

    def result(self) -> Analysis:
        q = self.questionnaire
        dimensions = []
        for d in q.dimensions:
            dim = self.dims[d.id]
            cov = dim.moments.covariance() if dim.moments.n >= MIN_PAIRS else None
            core_r = corrected_item_total(cov) if cov is not None else [None] * len(dim.core)
            correlations = dict(zip(dim.core, core_r, strict=True))
            for qid, moments in dim.conditional.items():
                pair = moments.covariance() if moments.n >= MIN_PAIRS else None
                correlations[qid] = corrected_item_total(pair)[0] if pair is not None and dim.core else None
            items = []
            for qid in dim.items:
                r = correlations[qid]
                item = self.item[qid]
                n = item.answered
                items.append(
                    ItemFigures(
                        id=qid,
                        text=" ".join(q.question(qid).text.split()),
                        answered=n,
                        mean=item.total / n if n else None,
                        floor=item.at_floor / n if n else None,
                        ceiling=item.at_ceiling / n if n else None,
                        item_total=r,
                    )
                )
            dimensions.append(
                DimensionAnalysis(
                    id=d.id,
                    title=d.title,
                    scored=dim.scored,
                    complete=dim.moments.n,
                    alpha_items=dim.core,
                    alpha=cronbach_alpha(cov) if cov is not None else None,
                    floor=dim.at_floor / dim.scored if dim.scored else None,
                    ceiling=dim.at_ceiling / dim.scored if dim.scored else None,
                    straight_liners=dim.straight,
                    straight_lined_by=tuple(dim.straight_names),
                    items=tuple(items),
                )
            )
        return Analysis(q.id, q.title, q.version, self.respondents, tuple(dimensions), self.round)
