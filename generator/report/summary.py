"""The group summary: one PDF per questionnaire for the facilitator, built from every respondent's result.

It shows how many answered, each dimension's spread of scores (a dot plot) and band counts, the most frequent
recommendations and the group's average radar. Names appear only when the facilitator asks (`--named`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.questionnaire.model import Questionnaire
from generator.report import charts
from generator.report.context import (
    DISCLAIMER,
    Branding,
    _band_of,
    _bands,
    human_date,
    markdown_inline,
    shown_score,
    text_dir,
    w3c_date,
)


@dataclass(frozen=True)
class Entry:
    """One respondent as the summary sees them: a name (maybe empty), when they answered, and their result JSON."""

    name: str
    submitted_at: str
    result: Mapping[str, Any]  # the `dealcraft score --json` shape


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summary_context(
    questionnaire: Questionnaire, entries: Sequence[Entry], branding: Branding, *, named: bool
) -> dict[str, Any]:
    """Everything summary.html.j2 needs; scores are validated and rounded by the same rules as the reports."""
    accent = charts.check_accent(branding.accent)
    overall_bands = _bands(questionnaire, None)
    thresholds = [b.min for b in overall_bands if b.min > 0]

    def scores_of(did: str | None) -> tuple[list[float], Counter[str]]:
        values: list[float] = []
        bands: Counter[str] = Counter()
        for e in entries:
            part = e.result["overall"] if did is None else e.result["dimensions"].get(did, {})
            score, band = part.get("score"), part.get("band")
            if score is not None:
                shown_score(score)  # validates: a number in 0..100
                values.append(float(score))
            if band:
                bands[str(band)] += 1
        return values, bands

    def block(did: str | None, title: str) -> dict[str, Any]:
        values, counts = scores_of(did)
        bands = _bands(questionnaire, did)
        mean = _mean(values)
        return {
            "title": title,
            "answered": len(values),
            "mean": shown_score(mean),
            "raw_mean": mean,
            "counts": [{"label": b.label, "min": b.min, "count": counts.get(b.id, 0)} for b in bands],
            "plot": charts.strip_plot(
                values,
                thresholds=[b.min for b in bands if b.min > 0],
                accent=accent,
                title=f"Dot plot of {len(values)} scores for {title}",
            ),
        }

    overall = block(None, "Overall")
    dimensions = [block(d.id, d.title) for d in questionnaire.dimensions]
    radar = None
    if len(dimensions) >= 3:
        radar = charts.radar(
            [charts.Axis(d["title"], d["raw_mean"]) for d in dimensions],
            accent=accent,
            title="Radar chart of the group's average dimension scores",
        )
    counts: Counter[str] = Counter()
    for e in entries:
        counts.update(dict.fromkeys(e.result.get("recommendations", []), 1))
    order = {r.id: i for i, r in enumerate(questionnaire.recommendations)}
    by_id = {r.id: r for r in questionnaire.recommendations}
    recommendations = [
        {"text": markdown_inline(by_id[rid].text), "count": n}
        for rid, n in sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], 10**6)))
        if rid in by_id
    ]
    people: list[dict[str, Any]] = []
    if named:
        for e in entries:
            band = _band_of(overall_bands, e.result["overall"].get("band"))
            people.append(
                {
                    "name": e.name or "(no name)",
                    "dir": text_dir(e.name),
                    "score": shown_score(e.result["overall"].get("score")),
                    "band": band.label if band else "",
                }
            )
    latest = max((e.submitted_at for e in entries if e.submitted_at), default="")
    return {
        "lang": "en",
        "doc_title": f"Group summary: {questionnaire.title}",
        "subject": f"Group summary of {len(entries)} respondents",
        "author": branding.facilitator or "dealcraft",
        "created": w3c_date(latest),
        "report_title": branding.title,
        "questionnaire": {"id": questionnaire.id, "title": questionnaire.title, "version": questionnaire.version},
        "event": branding.event,
        "facilitator": branding.facilitator,
        "date": human_date(latest),
        "logo_url": branding.logo.as_uri() if branding.logo else None,
        "count": len(entries),
        "overall": overall,
        "dimensions": dimensions,
        "radar": radar,
        "bands": overall_bands,
        "thresholds": thresholds,
        "recommendations": recommendations,
        "named": named,
        "people": people,
        "disclaimer": DISCLAIMER,
    }
