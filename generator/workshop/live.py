"""What the dashboard shows of a room: counts, each dimension's dot strip and the items the group scored lowest.

The dot strips are the group summary PDF's own (report/charts.strip_plot), drawn from the same result JSON.
Below `min_group` respondents a questionnaire shows its count only: no aggregate, so nobody can be singled out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from generator.questionnaire.model import Questionnaire
from generator.report import charts
from generator.report.context import shown_score
from generator.workshop.store import Submission

__all__ = ["LOWEST_ITEMS", "questionnaire_view"]

LOWEST_ITEMS = 3


def _values(results: Sequence[Mapping[str, Any]], did: str | None) -> list[float]:
    out: list[float] = []
    for result in results:
        part = result.get("overall", {}) if did is None else result.get("dimensions", {}).get(did, {})
        value = part.get("score")
        if isinstance(value, int | float) and not isinstance(value, bool):
            out.append(float(value))
    return out


def _strip(
    questionnaire: Questionnaire, did: str | None, title: str, values: Sequence[float], accent: str
) -> dict[str, Any]:
    bands = questionnaire.bands if did is None else questionnaire.bands_for(did)
    mean = sum(values) / len(values) if values else None
    return {
        "id": did or "overall",
        "title": title,
        "answered": len(values),
        "mean": shown_score(mean),
        "svg": str(
            charts.strip_plot(
                values,
                thresholds=[b.min for b in bands if b.min > 0],
                accent=accent,
                title=f"Dot plot of {len(values)} scores for {title}",
            )
        ),
    }


def questionnaire_view(
    questionnaire: Questionnaire, submissions: Sequence[Submission], *, min_group: int, accent: str = "#3949ab"
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
    results = [s.scores for s in submissions]
    strips = [_strip(questionnaire, None, "Overall", _values(results, None), accent)]
    strips += [_strip(questionnaire, d.id, d.title, _values(results, d.id), accent) for d in questionnaire.dimensions]
    totals: dict[str, list[float]] = {}
    for result in results:
        for qid, value in (result.get("items") or {}).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                totals.setdefault(qid, []).append(float(value))
    means = [(sum(v) / len(v), qid, len(v)) for qid, v in totals.items() if v]
    order = {q.id: i for i, q in enumerate(questionnaire.questions)}
    means.sort(key=lambda m: (m[0], order.get(m[1], 0)))
    lowest = [
        {"id": qid, "text": questionnaire.question(qid).text, "mean": shown_score(mean), "answered": n}
        for mean, qid, n in means[:LOWEST_ITEMS]
    ]
    view["aggregate"] = {"strips": strips, "lowest": lowest}
    return view
