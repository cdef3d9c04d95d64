"""The scorer (issue 3, rules 1-8): a pure function from a questionnaire and answers to a Result.

`generator/assets/javascripts/core/scoring.mjs` mirrors this step for step, with the same operation order, so the
browser, the CLI and the PDF reports show the same numbers (tests/vectors/scoring.json holds both to it):

- likert: (v' - a) / (b - a) * 100, with v' = a + b - v when reversed;
- likert with a peak p: d = max(p - a, b - p); score (d - |v - p|) / d * 100; lean (v - p) / d * 100, negated when
  reversed;
- multi: the chosen options' scores summed in the order of the answer list, divided by their count (leans alike);
- dimension: sum(w * s) / sum(w) summed in question file order; overall likewise in dimension order; a two-sided
  dimension's lean likewise over the items that have a lean, its side "low"/"high" when |lean| >= LEAN_MARGIN;
- shown score: the score rounded to a whole number, half away from zero (`shown_score`), the number people see;
- band: the last band whose min <= the shown score; band mins are whole numbers, so a band's printed start and
  the shown score never disagree;
- recommendations: those whose `when` holds, less any that a firing one `replaces`, then less any that `excludes`
  (or is excluded by) one already kept, in file order. In a `when`, `score.<id>` is the shown score, the number
  the band was looked up on, so advice gated by `score.x >= 70` and the band "from 70" agree with the printed
  number (and with each other); `lean.<id>`, never printed, stays unrounded, as `side.<id>` reads it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, overload

from generator.expressions import Expr, evaluate, parse, round_half_away, truthy
from generator.questionnaire.model import Band, DimensionResult, Question, Questionnaire, Recommendation, Result
from generator.values import is_answered

__all__ = [
    "LEAN_MARGIN",
    "band_for",
    "band_label",
    "is_answered",
    "item_lean",
    "item_score",
    "score",
    "select_recommendations",
    "shown_score",
]

LEAN_MARGIN = 10.0
"""How far from 0 (on -100..100) a two-sided dimension's lean must be before the result names a side."""


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@overload
def shown_score(value: float) -> float: ...
@overload
def shown_score(value: None) -> None: ...
def shown_score(value: float | None) -> float | None:
    """A score as people see it: a whole number, rounded half away from zero (62.5 → 63); None for no score.
    Band lookup and `score.<id>` in a `when` both read it, so the printed number, its band and the advice agree.
    scoring.mjs's `shownScore` mirrors it. Never raises (reports check the 0..100 range before printing)."""
    return None if value is None else round_half_away(value)


def band_for(value: float | None, bands: Iterable[Band]) -> str | None:
    """Rule 5: the last band, in ascending min order, whose min <= the score as shown (`shown_score`), so that
    "40 · Early" cannot be printed for 39.6; None for a null score."""
    shown = shown_score(value)
    if shown is None:
        return None
    found: str | None = None
    for band in sorted(bands, key=lambda b: b.min):
        if band.min <= shown:
            found = band.id
    return found


def band_label(questionnaire: Questionnaire, did: str | None, band_id: str | None) -> str | None:
    """The label of band `band_id` among the bands of dimension `did` (the questionnaire's for None or "overall");
    the id itself when no band has it, None when there is no band. scoring.mjs's `bandLabel` mirrors it."""
    if band_id is None:
        return None
    bands = questionnaire.bands_for(did) if did else questionnaire.bands
    return next((b.label for b in bands if b.id == band_id), band_id)


def item_score(questionnaire: Questionnaire, question: Question, value: object) -> float | None:
    """Rule 2: an item's 0..100 score for an answer, or None when the answer gives none."""
    if question.type == "likert":
        if not _is_number(value):
            return None
        scale = questionnaire.scale_for(question)
        a, b = scale.min, scale.max
        try:
            v = float(value)  # type: ignore[arg-type]
        except OverflowError:  # not a point of any scale; answers/validate.py refuses it before scoring
            return None
        if question.peak is not None:
            p = question.peak
            d = max(p - a, b - p)
            return (d - abs(v - p)) / d * 100
        v2 = a + b - v if question.reverse else v
        return (v2 - a) / (b - a) * 100
    return _option_mean(question, value, "score")


def _option_mean(question: Question, value: object, key: str) -> float | None:
    """A choice's option `key` (score or lean), or a multi's mean of it in answer order; None when there is none."""
    values = {o.id: getattr(o, key) for o in question.options}
    if question.type == "choice":
        return values.get(value) if isinstance(value, str) else None
    if question.type == "multi":
        if not isinstance(value, list | tuple):
            return None
        total = 0.0
        count = 0
        for oid in value:
            s = values.get(oid) if isinstance(oid, str) else None
            if s is None:
                continue
            total = total + s
            count += 1
        return total / count if count else None
    return None


def item_lean(questionnaire: Questionnaire, question: Question, value: object) -> float | None:
    """How far an answer leans (-100 low .. 100 high): an option's `lean`, or a peaked likert's distance from peak."""
    if question.type == "likert":
        if question.peak is None or not _is_number(value):
            return None
        scale = questionnaire.scale_for(question)
        p = question.peak
        d = max(p - scale.min, scale.max - p)
        try:
            v = float(value)  # type: ignore[arg-type]
        except OverflowError:
            return None
        return (p - v) / d * 100 if question.reverse else (v - p) / d * 100
    return _option_mean(question, value, "lean")


def _side(lean: float | None) -> str | None:
    if lean is None:
        return None
    if lean <= -LEAN_MARGIN:
        return "low"
    return "high" if lean >= LEAN_MARGIN else None


def select_recommendations(fired: Sequence[Recommendation]) -> tuple[str, ...]:
    """The ids to show of the recommendations whose `when` held (in file order): replaced and excluded ones go."""
    replaced = {target for r in fired for target in r.replaces}
    kept: list[Recommendation] = []
    for r in fired:
        if r.id in replaced:
            continue
        if any(r.id in k.excludes or k.id in r.excludes for k in kept):
            continue
        kept.append(r)
    return tuple(r.id for r in kept)


def _weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """sum(w * s) / sum(w), summed left to right; None when there is nothing to average."""
    top = 0.0
    bottom = 0.0
    for w, s in pairs:
        top = top + w * s
        bottom = bottom + w
    return top / bottom if pairs and bottom != 0 else None


@functools.lru_cache(maxsize=1024)
def _parsed(text: str) -> Expr:
    """An expression's tree, parsed once per text and shared (its nodes are frozen): scoring a room's every
    submission, as the workshop dashboard does every few seconds, meets the same few dozen expressions each time,
    and parsing them again was most of the time spent scoring."""
    return parse(text)


def _check(text: str, env: Mapping[str, Any]) -> Any:
    return evaluate(_parsed(text), env)


def score(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Result:
    """Score answers (the `answers` object of an answers document). Pure: nothing is changed or read elsewhere."""
    env: dict[str, Any] = {}
    active: list[str] = []
    # Rule 1 and 6: active questions in file order; a show_if sees only the questions above it.
    for q in questionnaire.questions:
        shown = q.show_if is None or truthy(_check(q.show_if, env))
        value = answers.get(q.id)
        if shown:
            active.append(q.id)
        env[q.id] = value if shown and is_answered(value) else None

    # Rule 2: item scores of active, answered questions that belong to a dimension.
    item_scores: dict[str, float | None] = {}
    item_leans: dict[str, float | None] = {}
    for q in questionnaire.questions:
        if q.dimension is None:
            continue
        value = env[q.id]
        item_scores[q.id] = None if value is None else item_score(questionnaire, q, value)
        item_leans[q.id] = None if value is None else item_lean(questionnaire, q, value)

    # Rules 3-5: dimension scores, overall, bands.
    dimensions: dict[str, DimensionResult] = {}
    overall_pairs: list[tuple[float, float]] = []
    for dim in questionnaire.dimensions:
        pairs = [
            (q.weight, s)
            for q in questionnaire.questions
            if q.dimension == dim.id and (s := item_scores.get(q.id)) is not None
        ]
        value = _weighted_mean(pairs)
        band = band_for(value, questionnaire.bands_for(dim.id))
        if dim.sides is None:
            dimensions[dim.id] = DimensionResult(score=value, band=band)
        else:
            lean_pairs = [
                (q.weight, x)
                for q in questionnaire.questions
                if q.dimension == dim.id and (x := item_leans.get(q.id)) is not None
            ]
            lean = _weighted_mean(lean_pairs)
            dimensions[dim.id] = DimensionResult(score=value, band=band, two_sided=True, lean=lean, side=_side(lean))
        if value is not None:
            overall_pairs.append((dim.weight, value))
    overall_score = _weighted_mean(overall_pairs)
    overall = DimensionResult(score=overall_score, band=band_for(overall_score, questionnaire.bands))

    # Computed values in order, each seeing the answers and the computed values above it.
    computed: dict[str, Any] = {}
    for c in questionnaire.computed:
        computed[c.id] = env[c.id] = _check(c.expr, env)

    # Rule 8: recommendations; `when` also sees score.* (as shown) and band.* (lean.* and side.* of two-sided
    # dimensions).
    for did, result in dimensions.items():
        env[f"score.{did}"] = shown_score(result.score)
        env[f"band.{did}"] = result.band
        if result.two_sided:
            env[f"lean.{did}"] = result.lean
            env[f"side.{did}"] = result.side
    env["score.overall"] = shown_score(overall.score)
    env["band.overall"] = overall.band
    fired = [r for r in questionnaire.recommendations if truthy(_check(r.when, env))]
    recommendations = select_recommendations(fired)

    shown_ids = frozenset(active)
    missing = [q.id for q in questionnaire.questions if q.id in shown_ids and q.required and env[q.id] is None]
    warnings = (f"missing required answers: {', '.join(missing)}",) if missing else ()
    return Result(
        questionnaire=questionnaire.id,
        version=questionnaire.version,
        dimensions=dimensions,
        overall=overall,
        computed=computed,
        recommendations=recommendations,
        warnings=warnings,
        active=shown_ids,
        item_scores=item_scores,
    )
