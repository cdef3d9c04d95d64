"""What the dashboard shows of a room: counts, each dimension's dot strip and the items the group scored lowest.

The strips are the group summary PDF's own: the same tally (report/summary.GroupTally, counts per whole-number
score) and the same drawing (report/charts.strip_plot), so the room on the screen and the summary on paper agree.
Below `min_group` respondents a questionnaire shows its count only: no aggregate, so nobody can be singled out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.questionnaire.model import Questionnaire, Result
from generator.report.context import Branding, shown_score
from generator.report.summary import GroupTally, summary_context
from generator.scoring import score
from generator.workshop.store import Submission

__all__ = ["LOWEST_ITEMS", "group_tally", "questionnaire_view"]

LOWEST_ITEMS = 3


def group_tally(questionnaire: Questionnaire, submissions: Sequence[Submission]) -> tuple[GroupTally, list[Result]]:
    """The group summary's tally of these submissions (scored again from the stored, validated documents)."""
    tally = GroupTally(questionnaire)
    results = []
    for s in submissions:
        result = score(questionnaire, s.document.get("answers") or {})
        tally.add(s.name or "", s.document.get("submitted_at") or "", result)
        results.append(result)
    return tally, results


def questionnaire_view(
    questionnaire: Questionnaire, submissions: Sequence[Submission], *, min_group: int, branding: Branding
) -> dict[str, Any]:
    """One questionnaire's live block; `aggregate` is None below `min_group` respondents."""
    view: dict[str, Any] = {
        "id": questionnaire.id,
        "title": questionnaire.title,
        "count": len(submissions),
        "min_group": min_group,
        "aggregate": None,
    }
    if len(submissions) < min_group:
        return view
    tally, results = group_tally(questionnaire, submissions)
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
        {"id": qid, "text": questionnaire.question(qid).text, "mean": shown_score(mean), "answered": n}
        for mean, qid, n in means[:LOWEST_ITEMS]
    ]
    view["aggregate"] = {"strips": strips, "lowest": lowest}
    return view
