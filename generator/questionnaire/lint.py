"""The instrument lint (issue 13): warnings about what a questionnaire measures, not whether it loads.

Every rule works from the file alone, so `dealcraft validate` runs them on every questionnaire:

- a band that no combination of answers can reach, per dimension and overall (the reachable scores are worked
  out exactly, answer by answer, see `reachable`);
- the best option of the scored choice questions mostly in the same place, or mostly the longest;
- a dimension with fewer than MIN_ITEMS scored items, or whose likert items are all keyed the same way.

What needs answers tried out (recommendations that never fire, or that fire together although one excludes the
other) is `generator.questionnaire.simulate`, behind `dealcraft validate --simulate N`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from generator.expressions import round_half_away
from generator.questionnaire.messages import fmt, fmt_score
from generator.questionnaire.model import Band, Question, Questionnaire
from generator.questionnaire.source import Path_, Source
from generator.scoring import item_score

__all__ = [
    "MAX_WORK",
    "MIN_CHOICE_ITEMS",
    "MIN_ITEMS",
    "SAME_PLACE_SHARE",
    "Reach",
    "dimension_ranges",
    "item_values",
    "lint",
    "reachable",
    "unreached_bands",
]

MIN_ITEMS = 4
"""Fewer scored items than this and one odd answer moves a dimension across a band."""

MIN_CHOICE_ITEMS = 3
"""The place and length of the best option are judged only across at least this many scored choice questions."""

SAME_PLACE_SHARE = 0.75
"""The share of scored choice questions whose best option shares one place (or is the longest) that is a warning."""

MAX_WORK = 12_000
"""Beyond this many (partial sum, answer) pairs to combine, the exact reach gives way to the lowest..highest range
(which can miss only a gap between reachable scores); it keeps the lint to milliseconds, as every build and
`serve` rebuild runs it. Dimensions stay exact (their sums repeat); a many-dimension overall score may not."""

_KEY_SCALE = 1e9  # partial sums that agree to 1e-9 are one state


@dataclass(frozen=True)
class Reach:
    """The scores a dimension (or the overall score) can take: `values` exactly, or None when there were too many
    combinations to list and only `low`..`high` is known. `always` is false when it can also be left unscored."""

    low: float
    high: float
    values: frozenset[float] | None
    always: bool

    def hits(self, low: float, high: float) -> bool:
        """True when some reachable score shows (rounded, as bands are looked up) as n with low <= n < high."""
        if self.values is None:
            return round_half_away(self.low) < high and round_half_away(self.high) >= low
        return any(low <= round_half_away(v) < high for v in self.values)


def item_values(questionnaire: Questionnaire, question: Question) -> frozenset[float]:
    """Every item score one answer to a scored question can give, by the scorer's own rule."""
    if question.type == "likert":
        scale = questionnaire.scale_for(question)
        points = (item_score(questionnaire, question, v) for v in range(scale.min, scale.max + 1))
        return frozenset(s for s in points if s is not None)
    scores = [o.score for o in question.options if o.score is not None]
    if question.type == "choice":
        return frozenset(scores)
    # multi: the mean of any non-empty set of options, from (count, sum) pairs
    sums: set[tuple[int, float]] = set()
    for s in scores:
        sums |= {(c + 1, t + s) for c, t in sums} | {(1, s)}
        if len(sums) > MAX_WORK:  # a great many options: the extremes are what matters
            return frozenset({min(scores), max(scores)})
    return frozenset(t / c for c, t in sums)


def _always_answered(question: Question) -> bool:
    """A required question without a show_if is in every complete answer set; any other may be left out."""
    return question.required and question.show_if is None


def _combine(parts: Sequence[tuple[float, frozenset[float], bool]]) -> Reach:
    """The weighted means sum(w * s) / sum(w) over (weight, possible scores, always there) parts, as the scorer
    computes them; a part that is not always there may also be missing."""
    parts = [p for p in parts if p[1]]
    if not parts:
        return Reach(0.0, 0.0, frozenset(), False)
    always = any(a for _, _, a in parts)
    states: dict[tuple[float, int], tuple[float, float]] | None = {(0.0, 0): (0.0, 0.0)}
    work = 0
    for weight, values, present in parts:
        assert states is not None
        work += len(states) * len(values)
        if work > MAX_WORK:  # too many combinations to list: only the range is known
            states = None
            break
        nxt: dict[tuple[float, int], tuple[float, float]] = {} if present else dict(states)
        for w, t in states.values():
            w2 = w + weight
            for s in values:
                t2 = t + weight * s
                nxt.setdefault((w2, round(t2 * _KEY_SCALE)), (w2, t2))
        states = nxt
    if states is not None:
        values = frozenset(t / w for w, t in states.values() if w > 0)
        return Reach(min(values), max(values), values, always)
    return Reach(_extreme(parts, min), _extreme(parts, max), None, always)


def _extreme(parts: Sequence[tuple[float, frozenset[float], bool]], pick: Callable[..., float]) -> float:
    """The lowest (pick=min) or highest (pick=max) weighted mean: the parts that are always there at their own
    extreme, joined by each optional part that pulls the mean further that way (greedily, which is optimal)."""
    ends = [(w, pick(v), a) for w, v, a in parts]
    fixed = [(w, e) for w, e, a in ends if a]
    optional = sorted((e, w) for w, e, a in ends if not a)
    if pick is max:
        optional.reverse()
    if not fixed:  # none is always there: the most extreme part on its own
        e, w = optional.pop(0)
        fixed = [(w, e)]
    top, bottom = sum(w * e for w, e in fixed), sum(w for w, _ in fixed)
    for e, w in optional:
        if pick(e, top / bottom) == e and e != top / bottom:
            top, bottom = top + w * e, bottom + w
    return top / bottom


def reachable(questionnaire: Questionnaire) -> dict[str, Reach]:
    """Per dimension id, and for "overall", the scores some complete answer set can give.

    Exact up to show_if: a question with a show_if (or not required) counts as maybe there, maybe not, so the
    result can only include scores no answer gives, never leave out one that some answer gives.
    """
    out: dict[str, Reach] = {}
    for dim in questionnaire.dimensions:
        parts = [
            (q.weight, item_values(questionnaire, q), _always_answered(q))
            for q in questionnaire.dimension_items(dim.id)
        ]
        out[dim.id] = _combine(parts)
    dims = [
        (d.weight, out[d.id], out[d.id].always) for d in questionnaire.dimensions if out[d.id].values != frozenset()
    ]
    if all(r.values is not None for _, r, _ in dims):
        out["overall"] = _combine([(w, r.values or frozenset(), a) for w, r, a in dims])
    else:  # a dimension too varied to list: the overall score is known only as a range
        ends = [(w, frozenset({r.low, r.high}), a) for w, r, a in dims]
        out["overall"] = Reach(_extreme(ends, min), _extreme(ends, max), None, True)
    return out


def dimension_ranges(questionnaire: Questionnaire) -> dict[str, tuple[int, float, float]]:
    """Per dimension: its scored item count and the lowest and highest score some answer set gives."""
    reach = reachable(questionnaire)
    return {
        d.id: (len(questionnaire.dimension_items(d.id)), reach[d.id].low, reach[d.id].high)
        for d in questionnaire.dimensions
    }


def unreached_bands(bands: Sequence[Band], reach: Reach) -> list[tuple[Band, float]]:
    """The bands (with where each ends) that no reachable score falls in."""
    ordered = sorted(bands, key=lambda b: b.min)
    out = []
    for k, band in enumerate(ordered):
        upper = ordered[k + 1].min if k + 1 < len(ordered) else math.inf
        if not reach.hits(band.min, upper):
            out.append((band, upper))
    return out


def lint(questionnaire: Questionnaire, src: Source) -> None:
    """Add the instrument warnings of a valid questionnaire to `src.problems`, each at its place in the file."""
    _bands(questionnaire, src)
    _items(questionnaire, src)
    _best_options(questionnaire, src)


def _span(band: Band, upper: float) -> str:
    return f"{fmt(band.min)}..{fmt(upper)}" if upper != math.inf else f"{fmt(band.min)} and above"


def _bands(questionnaire: Questionnaire, src: Source) -> None:
    reach = reachable(questionnaire)
    for i, dim in enumerate(questionnaire.dimensions):
        if not questionnaire.dimension_items(dim.id):
            continue
        r = reach[dim.id]
        for band, upper in unreached_bands(questionnaire.bands_for(dim.id), r):
            src.warning(
                ("dimensions", i, "id"),
                f'dimension "{dim.id}" can never reach band "{band.id}" ({_span(band, upper)}): no combination of '
                f"answers scores there (its scores run {fmt_score(r.low)}..{fmt_score(r.high)})",
            )
    if questionnaire.bands and any(questionnaire.dimension_items(d.id) for d in questionnaire.dimensions):
        r = reach["overall"]
        for band, upper in unreached_bands(questionnaire.bands, r):
            band_index = next(k for k, b in enumerate(questionnaire.bands) if b.id == band.id)
            src.warning(
                ("bands", band_index, "id"),
                f'the overall score can never reach band "{band.id}" ({_span(band, upper)}): no combination of '
                f"answers scores there (it runs {fmt_score(r.low)}..{fmt_score(r.high)})",
            )


def _items(questionnaire: Questionnaire, src: Source) -> None:
    for i, dim in enumerate(questionnaire.dimensions):
        path: Path_ = ("dimensions", i, "id")
        items = questionnaire.dimension_items(dim.id)
        if len(items) < MIN_ITEMS:
            src.warning(
                path,
                f'dimension "{dim.id}" has {len(items)} scored item{"s" if len(items) != 1 else ""}; '
                f"use at least {MIN_ITEMS} so that one odd answer cannot move it across a band",
            )
        keyed = [q for q in items if q.type == "likert" and getattr(q, "peak", None) is None]
        if len(keyed) >= 2 and len({q.reverse for q in keyed}) == 1:
            way, fix = ("all reversed", "false") if keyed[0].reverse else ("none reversed", "true")
            src.warning(
                path,
                f'dimension "{dim.id}": its {len(keyed)} likert items are all keyed the same way ({way}), so '
                f"answering all of them at one end of the scale moves its score; word one the other way round "
                f"(reverse: {fix})",
            )


def _best_index(question: Question) -> int | None:
    """The place of the option with the highest score, or None when two share it."""
    scores = [o.score if o.score is not None else -math.inf for o in question.options]
    top = max(scores, default=-math.inf)
    if top == -math.inf or scores.count(top) != 1:
        return None
    return scores.index(top)


def _length(label: str) -> int:
    return len(" ".join(label.split()))


def _best_options(questionnaire: Questionnaire, src: Source) -> None:
    """The best option's place and length across the scored choice questions (test-wise guessing cues)."""
    best: list[tuple[int, Question, int]] = []  # (index in the file, question, best option's place)
    for i, q in enumerate(questionnaire.questions):
        if q.type == "choice" and q.scored and (place := _best_index(q)) is not None:
            best.append((i, q, place))
    if len(best) < MIN_CHOICE_ITEMS:
        return
    place, count = Counter(p for _, _, p in best).most_common(1)[0]
    if count / len(best) >= SAME_PLACE_SHARE:
        same = [(i, q, p) for i, q, p in best if p == place]
        src.warning(
            ("questions", same[0][0], "options", place),
            f"the best option is option {place + 1} in {count} of {len(best)} scored choice questions "
            f"({_ids(q for _, q, _ in same)}): a guesser can find it by its place; move it around",
        )
    longest = [
        (i, q, p)
        for i, q, p in best
        if all(_length(o.label) < _length(q.options[p].label) for k, o in enumerate(q.options) if k != p)
    ]
    if len(longest) / len(best) >= SAME_PLACE_SHARE:
        i, q, p = longest[0]
        src.warning(
            ("questions", i, "options", p),
            f"the best option is the longest in {len(longest)} of {len(best)} scored choice questions "
            f"({_ids(q for _, q, _ in longest)}): a guesser can find it by its length; make other options as full",
        )


def _ids(questions: Iterable[Question]) -> str:
    ids = [q.id for q in questions]
    return ", ".join(ids) if len(ids) <= 6 else ", ".join(ids[:5]) + f" and {len(ids) - 5} more"
