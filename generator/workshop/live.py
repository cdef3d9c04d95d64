"""What the dashboard shows of a room: counts, each dimension's dot strip and the items the group scored lowest.

The strips are the group summary PDF's own: the same tally (report/summary.GroupTally, counts per whole-number
score) and the same drawing (report/charts.strip_plot), so the room on the screen and the summary on paper agree.
Below `min_group` respondents a questionnaire shows its count only: no aggregate, so nobody can be singled out.
The strips show the first ('before') round, as the summary does; the change since then is the paired shift of the
people who answered both rounds (report/rounds.py), shown from `min_group` pairs on; the people who answered only
in the after round are in neither, and one sentence says how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from pydantic import ValidationError

from generator.errors import DealcraftError
from generator.questionnaire.model import Questionnaire, Result
from generator.report import rounds
from generator.report.context import Branding, printed_score
from generator.report.summary import GroupTally, summary_context
from generator.scoring import score
from generator.workshop.store import ROUNDS, Submission, pseudonym

__all__ = [
    "LOWEST_ITEMS",
    "Rounds",
    "group_tally",
    "pairs_of",
    "questionnaire_view",
    "rounds_of",
    "stored_result",
    "stored_scores",
]

LOWEST_ITEMS = 3


def stored_scores(result: Result) -> dict[str, Any]:
    """What the server stores (and replies with) for a send: the `score --json` scores plus the item scores
    (`items`), which `stored_result` reads back so the dashboard does not score again."""
    return {**result.to_json(), "items": dict(result.item_scores)}


def stored_result(questionnaire: Questionnaire, submission: Submission) -> Result:
    """The result the server stored (and replied with) when this submission arrived: its `score --json` scores
    plus the item scores (`items`). A row whose stored scores are not in that shape is scored again."""
    stored = submission.scores
    try:
        return Result.model_validate(
            {
                "questionnaire": stored["questionnaire"],
                "version": stored["version"],
                "dimensions": {k: {**v, "two_sided": "lean" in v} for k, v in stored["dimensions"].items()},
                "overall": stored["overall"],
                "computed": stored["computed"],
                "recommendations": stored["recommendations"],
                "item_scores": stored["items"],
            }
        )
    except (KeyError, TypeError, ValidationError):
        return score(questionnaire, submission.document.get("answers") or {})


def group_tally(questionnaire: Questionnaire, submissions: Sequence[Submission]) -> tuple[GroupTally, list[Result]]:
    """The group summary's tally of these submissions, from the scores stored with each (`stored_result`): the
    dashboard polls every two seconds, and scoring the whole room again each time cost more than the rest."""
    tally = GroupTally(questionnaire)
    results = []
    for s in submissions:
        result = stored_result(questionnaire, s)
        tally.add(s.name or "", s.document.get("submitted_at") or "", result)
        results.append(result)
    return tally, results


def pairs_of(questionnaire: Questionnaire, submissions: Sequence[Submission]) -> list[rounds.Pair]:
    """The people's before-and-after pairs, paired by report/rounds.py as `dealcraft report` pairs the room's
    export: each person by the pseudonym their export carries, each round by the scores the server stored (and
    replied with) when it arrived. Scoring every submission again on each two-second poll would cost more than
    the rest of the view; a row whose stored scores are not in the `score --json` shape is scored again."""
    pairs, _ = rounds.pair_rounds(round_items(questionnaire, submissions))
    return pairs


def round_items(questionnaire: Questionnaire, submissions: Sequence[Submission]) -> list[rounds.Submission]:
    """The submissions as report/rounds.py pairs them (see `pairs_of`)."""
    items: list[rounds.Submission] = []
    for s in submissions:
        try:
            result = rounds.compact(s.scores)
        except (KeyError, TypeError, AttributeError):
            try:
                result = rounds.compact(score(questionnaire, s.document.get("answers") or {}).to_json())
            except DealcraftError:  # stored documents were validated when they arrived; a bad one is not paired
                continue
        version = s.document.get("version")
        items.append(
            rounds.Submission(
                source=f"submission {s.id}",
                questionnaire=s.questionnaire,
                key=rounds.key_of_participant(pseudonym(s.room_id, s.participant)),
                round=s.round,
                version=version if isinstance(version, int) else questionnaire.version,
                submitted_at=str(s.document.get("submitted_at") or s.received_at),
                order=len(items),
                result=result,
            )
        )
    return items


class Rounds(NamedTuple):
    """What the dashboard and the group summary show of the second round besides its own figures."""

    shift: rounds.GroupShift | None  # None below `min_group` people with both rounds
    only_after: str | None  # the sentence about who answered only in the after round (rounds.only_after_note)
    pairs: int  # how many people answered both rounds


def rounds_of(questionnaire: Questionnaire, submissions: Sequence[Submission], *, min_group: int) -> Rounds:
    """The group's paired shift (rounds.group_shift; None below `min_group` people with both rounds), the
    sentence about the people who answered only in the after round (rounds.only_after_note; None when there are
    none), as `dealcraft report --summary` words them from the room's export, and how many pairs there are; one
    pass over the submissions."""
    if not any(s.round == "after" for s in submissions):
        return Rounds(None, None, 0)
    items = round_items(questionnaire, submissions)
    pairs, _ = rounds.pair_rounds(items)
    shift = rounds.group_shift(questionnaire, pairs) if len(pairs) >= min_group else None
    late = rounds.only_after_note(rounds.people_only_after(rounds.only_after(items), questionnaire.id))
    return Rounds(shift, late, len(pairs))


def questionnaire_view(
    questionnaire: Questionnaire, submissions: Sequence[Submission], *, min_group: int, branding: Branding
) -> dict[str, Any]:
    """One questionnaire's live block; `aggregate` (of the first round) is None below `min_group` respondents,
    `shift` below `min_group` people with both rounds."""
    view: dict[str, Any] = {
        "id": questionnaire.id,
        "title": questionnaire.title,
        "count": len(submissions),
        "rounds": {r: sum(1 for s in submissions if s.round == r) for r in ROUNDS},
        "min_group": min_group,
        "aggregate": None,
        "shift": None,
    }
    shift, view["only_after"], _ = rounds_of(questionnaire, submissions, min_group=min_group)
    if shift is not None:
        view["shift"] = {
            "pairs": shift.pairs,
            "rows": [
                {"title": r.title, "people": r.people, "before": r.before, "after": r.after, "change": r.change}
                for r in shift.rows
            ],
        }
    first = [s for s in submissions if s.round == "before"]
    if len(first) < min_group:
        return view
    tally, results = group_tally(questionnaire, first)
    context = summary_context(tally, branding)
    strips = [
        {
            "id": did,
            "title": block.title,
            "answered": block.answered,
            "mean": block.mean,
            "svg": str(block.plot),
            "per_dot": block.per_dot,
            "scale": block.scale,  # what one dot stands for, when more than one person
        }
        for did, block in [("overall", context.overall)]
        + [(d.id, b) for d, b in zip(questionnaire.dimensions, context.dimensions, strict=True)]
    ]
    totals: dict[str, list[float]] = {}
    for result in results:
        for qid, value in result.item_scores.items():
            if value is not None:
                totals.setdefault(qid, []).append(float(value))
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    means = sorted(
        ((sum(v) / len(v), qid, len(v)) for qid, v in totals.items() if v), key=lambda m: (m[0], order.get(m[1], 0))
    )
    lowest = [
        {"id": qid, "text": questionnaire.question(qid).text, "mean": printed_score(mean), "answered": n}
        for mean, qid, n in means[:LOWEST_ITEMS]
    ]
    view["aggregate"] = {"strips": strips, "lowest": lowest}
    return view
