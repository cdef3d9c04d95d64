"""The scorer (issue 3, rules 1-8): a pure function from a questionnaire and answers to a Result.

`generator/assets/javascripts/core/scoring.mjs` mirrors this step for step, with the same operation order, so the
browser, the CLI and the PDF reports show the same numbers (tests/vectors/scoring.json holds both to it):

- likert: (v' - a) / (b - a) * 100, with v' = a + b - v when reversed;
- multi: the chosen options' scores summed in the order of the answer list, divided by their count;
- dimension: sum(w * s) / sum(w) summed in question file order; overall likewise in dimension order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from generator.expressions import evaluate, parse, truthy
from generator.questionnaire.model import Band, DimensionResult, Question, Questionnaire, Result
from generator.values import is_answered

__all__ = ["band_for", "band_label", "is_answered", "item_score", "score"]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def band_for(value: float | None, bands: Iterable[Band]) -> str | None:
    """Rule 5: the last band, in ascending min order, whose min <= score; None for a null score."""
    if value is None:
        return None
    found: str | None = None
    for band in sorted(bands, key=lambda b: b.min):
        if band.min <= value:
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
        v2 = a + b - v if question.reverse else v
        return (v2 - a) / (b - a) * 100
    scores = {o.id: o.score for o in question.options}
    if question.type == "choice":
        return scores.get(value) if isinstance(value, str) else None
    if question.type == "multi":
        if not isinstance(value, list | tuple):
            return None
        total = 0.0
        count = 0
        for oid in value:
            s = scores.get(oid) if isinstance(oid, str) else None
            if s is None:
                continue
            total = total + s
            count += 1
        return total / count if count else None
    return None


def _weighted_mean(pairs: Sequence[tuple[float, float]]) -> float | None:
    """sum(w * s) / sum(w), summed left to right; None when there is nothing to average."""
    top = 0.0
    bottom = 0.0
    for w, s in pairs:
        top = top + w * s
        bottom = bottom + w
    return top / bottom if pairs and bottom != 0 else None


def _check(text: str, env: Mapping[str, Any]) -> Any:
    return evaluate(parse(text), env)


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
    for q in questionnaire.questions:
        if q.dimension is None:
            continue
        value = env[q.id]
        item_scores[q.id] = None if value is None else item_score(questionnaire, q, value)

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
        dimensions[dim.id] = DimensionResult(score=value, band=band_for(value, questionnaire.bands_for(dim.id)))
        if value is not None:
            overall_pairs.append((dim.weight, value))
    overall_score = _weighted_mean(overall_pairs)
    overall = DimensionResult(score=overall_score, band=band_for(overall_score, questionnaire.bands))

    # Computed values in order, each seeing the answers and the computed values above it.
    computed: dict[str, Any] = {}
    for c in questionnaire.computed:
        computed[c.id] = env[c.id] = _check(c.expr, env)

    # Rule 8: recommendations; `when` also sees score.* and band.*.
    for did, result in dimensions.items():
        env[f"score.{did}"] = result.score
        env[f"band.{did}"] = result.band
    env["score.overall"] = overall.score
    env["band.overall"] = overall.band
    recommendations = tuple(r.id for r in questionnaire.recommendations if truthy(_check(r.when, env)))

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
