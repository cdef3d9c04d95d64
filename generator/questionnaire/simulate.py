"""`dealcraft validate --simulate N`: try N seeded random answer sets on a questionnaire and report what they show.

The lint (`questionnaire.lint`) proves what it can from the file; this finds what only answers show, each with
one answer set as the example:

- a recommendation that fired for none of the answer sets;
- two recommendations that fired together although one excludes the other (before the scorer drops one);
- a band of a dimension, or of the overall score, that no answer set reached (with the closest one).

Answer sets are not uniform noise, which would crowd every score into the middle: each set has a tendency (from
the lowest-scoring to the highest-scoring answers), for all its questions or one per dimension, and a share of
plain random answers; the first four are the straight lines (every answer the best, the worst, the first, the
last). Number questions draw from a shared scale, so their comparisons (above, below, equal) all come up.
Every answer set is one a participant could send: it passes the answers reader (`generator.answers.validate`).
Seeded: the same N and seed give the same report.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem, Severity
from generator.expressions import round_half_away
from generator.questionnaire.lint import Reach, reachable, unreached_bands
from generator.questionnaire.messages import fmt_score
from generator.questionnaire.model import Question, Questionnaire
from generator.questionnaire.source import Path_, display_path, read_yaml
from generator.scoring import item_score, score
from generator.values import number_units

__all__ = ["DEFAULT_SEED", "Finding", "answer_sets", "locate", "simulate"]

DEFAULT_SEED = 13
_NUMBER_FACTORS = (0, 0.5, 0.8, 0.9, 1, 1, 1.1, 1.25, 2)  # 1 twice: equal numbers are a case of their own
_NUMBER_BASE = 1000.0


@dataclass(frozen=True)
class Finding:
    """One thing the simulation showed: where in the file, what, and an answer set that shows it (if one does)."""

    loc: Path_
    message: str
    example: Mapping[str, Any] | None = None


# ---------------------------------------------------------------- answer sets


def _domain(questionnaire: Questionnaire, question: Question) -> list[Any]:
    """The single answers of a likert or choice question, worst to best when it is scored."""
    if question.type == "likert":
        scale = questionnaire.scale_for(question)
        values: list[Any] = list(range(scale.min, scale.max + 1))
    else:
        values = [o.id for o in question.options]
    if question.scored:
        values.sort(key=lambda v: item_score(questionnaire, question, v) or 0.0)
    return values


def _fit(question: Question, value: float) -> float | None:
    """The answer nearest `value` that the answers reader takes (generator/answers/validate.py): within min..max and
    ±MAX_NUMBER, with at most the question's decimals; None when no number fits (min 0.5, max 0.9, decimals 0).

    A whole number of the last decimal's units divided by its power of ten is the double nearest that decimal, the
    one number the reader's round_half_away test lets through."""
    places = question.places
    bounds = number_units(question.min, question.max, places)
    if bounds is None:
        return None
    lo, hi = bounds
    power: int = 10**places
    units = min(max(int(round_half_away(value * power)), lo), hi)
    whole, rest = divmod(units, power)
    return whole if rest == 0 else units / power


def _number(question: Question, rng: random.Random) -> float | None:
    """A number answer: along min..max by `step` (or a tenth of the range) when there is a max, else from a shared
    scale so that comparisons between number questions (above, below, equal) come up; then `_fit`."""
    lo = question.min if question.min is not None else 0.0
    if question.max is not None:
        lo = min(lo, question.max)  # a max below 0 with no min: the range ends at the max
        step = question.step or (1.0 if question.max - lo >= 10 else (question.max - lo) / 10 or 1.0)
        count = int((question.max - lo) // step)
        return _fit(question, lo + step * rng.randint(0, count))
    return _fit(question, max(lo, _NUMBER_BASE * rng.choice(_NUMBER_FACTORS)))


def _pick(values: Sequence[Any], tendency: float, rng: random.Random, noise: float) -> Any:
    """A random value, or the one at `tendency` (0 first .. 1 last) give or take one place."""
    if rng.random() < noise:
        return rng.choice(values)
    place = round(tendency * (len(values) - 1)) + rng.choice((-1, 0, 0, 1))
    return values[min(max(place, 0), len(values) - 1)]


def _random_set(questionnaire: Questionnaire, rng: random.Random) -> dict[str, Any]:
    """One answer set: one tendency for every question, or (half the time) one per dimension, so that sets high
    on one dimension and low on another come up too."""
    overall, noise = rng.random(), rng.random() * 0.6
    apart = rng.random() < 0.5
    tendencies = {d.id: rng.random() if apart else overall for d in questionnaire.dimensions}
    answers: dict[str, Any] = {}
    for q in questionnaire.questions:
        tendency = tendencies.get(q.dimension or "", overall)
        if not q.required and rng.random() < 0.15:
            continue
        if q.type == "number":
            if (number := _number(q, rng)) is not None:
                answers[q.id] = number
        elif q.type == "text":
            answers[q.id] = rng.choice(("", "A few words."))
        elif q.type == "multi":
            ranked = _domain(questionnaire, q)
            chosen = [v for v in ranked if rng.random() < 0.5]
            if not chosen:
                chosen = [_pick(ranked, tendency, rng, noise)]
            answers[q.id] = [o.id for o in q.options if o.id in chosen]  # in the file's order, as a form sends
        else:
            answers[q.id] = _pick(_domain(questionnaire, q), tendency, rng, noise)
    return answers


def _straight_line(questionnaire: Questionnaire, place: str) -> dict[str, Any]:
    """Every answer at one end: the worst or best (by score), or the first or last (as listed)."""
    answers: dict[str, Any] = {}
    for q in questionnaire.questions:
        if q.type == "number":
            if (number := _fit(q, q.min if q.min is not None else _NUMBER_BASE)) is not None:
                answers[q.id] = number
            continue
        if q.type == "text":
            continue
        listed = (
            list(range(questionnaire.scale_for(q).min, questionnaire.scale_for(q).max + 1))
            if q.type == "likert"
            else [o.id for o in q.options]
        )
        ranked = _domain(questionnaire, q)
        value = {"worst": ranked[0], "best": ranked[-1], "first": listed[0], "last": listed[-1]}[place]
        answers[q.id] = [value] if q.type == "multi" else value
    return answers


def answer_sets(questionnaire: Questionnaire, count: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, Any]]:
    """`count` answer sets: the four straight lines first, then seeded random ones."""
    rng = random.Random(seed)
    for i in range(count):
        if i < 4:
            yield _straight_line(questionnaire, ("best", "worst", "first", "last")[i])
        else:
            yield _random_set(questionnaire, rng)


# ---------------------------------------------------------------- simulation


def simulate(questionnaire: Questionnaire, count: int, seed: int = DEFAULT_SEED) -> list[Finding]:
    """Score `count` answer sets and report what they show (see the module docstring)."""
    if count <= 0:
        return []
    recs = questionnaire.recommendations
    # Score without `excludes`/`replaces`, so the result lists every recommendation whose `when` held.
    open_recs = tuple(r.model_copy(update={"excludes": (), "replaces": ()}) for r in recs)
    unfiltered = questionnaire.model_copy(update={"recommendations": open_recs})
    fired: dict[str, dict[str, Any]] = {}
    together: dict[tuple[str, str], dict[str, Any]] = {}
    closest: dict[tuple[str, str], tuple[float, float, dict[str, Any]]] = {}  # (did, band) -> (distance, score, set)
    bands = {d.id: questionnaire.bands_for(d.id) for d in questionnaire.dimensions}
    bands["overall"] = questionnaire.bands_for("overall")
    reached: set[tuple[str, str]] = set()
    excluded = [(r.id, other) for r in recs for other in r.excludes]
    for answers in answer_sets(questionnaire, count, seed):
        result = score(unfiltered, answers)
        example = {k: v for k, v in answers.items() if k in result.active}
        ids = set(result.recommendations)
        for rid in ids:
            fired.setdefault(rid, example)
        for a, b in excluded:
            if a in ids and b in ids:
                together.setdefault((a, b), example)
        outcomes = {**{d: r.score for d, r in result.dimensions.items()}, "overall": result.overall.score}
        for did, exact in outcomes.items():
            if exact is None:
                continue
            value = round_half_away(exact)  # bands are looked up on the score as shown
            for k, band in enumerate(bands[did]):
                upper = bands[did][k + 1].min if k + 1 < len(bands[did]) else math.inf
                key = (did, band.id)
                if band.min <= value < upper:
                    reached.add(key)
                elif key not in reached:
                    distance = band.min - value if value < band.min else value - upper + 1
                    if key not in closest or distance < closest[key][0]:
                        closest[key] = (distance, value, example)

    findings: list[Finding] = []
    proven = _proven_unreachable(questionnaire)
    for i, dim in enumerate(questionnaire.dimensions):
        if questionnaire.dimension_items(dim.id):
            where = ("dimensions", i, "id")
            findings += _unreached(dim.id, f'dimension "{dim.id}"', where, bands, reached, closest, proven, count)
    if questionnaire.bands and any(questionnaire.dimension_items(d.id) for d in questionnaire.dimensions):
        findings += _unreached("overall", "the overall score", None, bands, reached, closest, proven, count)
    for k, r in enumerate(recs):
        if r.id not in fired:
            findings.append(
                Finding(
                    ("recommendations", k, "when"),
                    f'recommendation "{r.id}" fired for none of {_sets(count)}; check its when',
                )
            )
    for k, r in enumerate(recs):
        for j, other in enumerate(r.excludes):
            if (r.id, other) in together:
                findings.append(
                    Finding(
                        ("recommendations", k, "excludes", j),
                        f'recommendations "{r.id}" and "{other}" fired together although "{r.id}" excludes '
                        f'"{other}": the report shows only the earlier one; make their whens exclude each other',
                        together[(r.id, other)],
                    )
                )
    return findings


def _sets(count: int) -> str:
    return f"{count} simulated answer set{'s' if count != 1 else ''}"


def _proven_unreachable(questionnaire: Questionnaire) -> set[tuple[str, str]]:
    """The bands the lint already proves unreachable (reported there, not again here)."""
    reach: Mapping[str, Reach] = reachable(questionnaire)
    return {(did, band.id) for did, r in reach.items() for band, _ in unreached_bands(questionnaire.bands_for(did), r)}


def _unreached(
    did: str,
    what: str,
    loc: Path_ | None,
    bands: Mapping[str, Sequence[Any]],
    reached: set[tuple[str, str]],
    closest: Mapping[tuple[str, str], tuple[float, float, dict[str, Any]]],
    proven: set[tuple[str, str]],
    count: int,
) -> list[Finding]:
    out = []
    for k, band in enumerate(bands[did]):
        key = (did, band.id)
        if key in reached or key in proven:
            continue
        near = closest.get(key)
        nearest = f"; the closest was {fmt_score(near[1])}" if near else ""
        out.append(
            Finding(
                loc or ("bands", k, "id"),  # the overall bands are the top-level ones, in ascending order
                f'{what} reached band "{band.id}" in none of {_sets(count)}{nearest}',
                near[2] if near else None,
            )
        )
    return out


def locate(findings: Sequence[Finding], path: Path) -> list[tuple[Problem, Mapping[str, Any] | None]]:
    """Each finding as a warning located in the questionnaire file it came from, with its example."""
    src, _ = read_yaml(path, display_path(path))
    out = []
    for f in findings:
        line, col = src.at(f.loc)
        out.append((Problem(src.path, line, col, f.message, Severity.WARNING), f.example))
    return out
