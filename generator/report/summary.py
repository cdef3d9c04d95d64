"""The group summary: one PDF per questionnaire for the facilitator, built from every respondent's result.

It shows how many answered, each dimension's spread of scores (a dot plot) and band counts, the most frequent
recommendations and the group's average radar. Names appear only when the facilitator asks (`--named`).

Respondents are added one at a time to a `GroupTally`, which keeps counts per whole-number score, sums and band
counts, not the respondents: its memory and the PDF's cost stay the same from 12 to 100,000 people (only the
named list grows with the group). The charts come from `distribution`, as the workshop dashboard's strips do.

The main part shows the first ('before') round. A room with a second round gets a part for it too (everyone who
answered it, latecomers included), and the paired shift (report/rounds.py). Each part shows its figures only from
`min_group` people on (the workshop's rule; 1 for `dealcraft report`): below that, how many answered, and no
aggregate, so nobody can be singled out; the other parts are shown all the same.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from generator.analysis import Analysis, ItemAnalysis, figure, percent
from generator.questionnaire.model import Questionnaire, Result
from generator.report import charts, distribution
from generator.report.context import (
    DISCLAIMER,
    BandInfo,
    Branding,
    DocumentHead,
    TemplateContext,
    band_of,
    bands_info,
    document_head,
    markdown_inline,
    printed_score,
    text_dir,
)
from generator.report.rounds import GroupShift
from generator.values import check_accent

FOLD_EVERY = 4096  # respondents between folds of the pending counts into the strips (bounds their memory)


@dataclass
class _Strip:
    """One dimension (or the overall score) of the group, as counts: what its chart and band counts need.

    `counts` is per score as people see it (rounded: 69.6 shows as 70), for the dots. `positions` is the same,
    kept inside the person's band, for the written bins: bands are looked up on the shown score, so 69.6 counts
    under 70 in the band from 70, and a band's bins add up to the band."""

    bands: list[BandInfo]
    ranges: tuple[tuple[int, int], ...]
    counts: list[int] = field(default_factory=lambda: [0] * distribution.POSITIONS)
    positions: list[int] = field(default_factory=lambda: [0] * distribution.POSITIONS)
    band_counts: Counter[str] = field(default_factory=Counter)
    total: float = 0.0
    answered: int = 0
    range_of: dict[str, tuple[int, int]] = field(default_factory=dict)  # band id -> its positions

    def __post_init__(self) -> None:
        self.range_of = {b.id: self.ranges[b.index] for b in self.bands}

    def fold(self, pending: dict[tuple[float | None, str | None], int]) -> None:
        """Add `pending` (how many people had each score and band) to the counts, and empty it."""
        for (score, band), n in pending.items():
            if band:
                self.band_counts[str(band)] += n
            if score is None:
                continue
            shown = printed_score(score)  # validates: a number in 0..100
            assert shown is not None
            position = shown
            span = self.range_of.get(band) if band else None
            if span is not None:  # a result banded otherwise (as before bands were looked up on the shown score)
                position = min(max(position, span[0]), span[1])  # still adds to its own band's bins
            self.counts[shown] += n
            self.positions[position] += n
            self.total += float(score) * n
            self.answered += n
        pending.clear()

    @property
    def mean(self) -> float | None:
        return self.total / self.answered if self.answered else None


class GroupTally:
    """One questionnaire's respondents, added one at a time (`add`) and kept as counts, for `summary_context`.

    `add` runs for every respondent, so it only counts each (score, band) pair per dimension in a small dict; a
    group's scores take few distinct values. Every FOLD_EVERY respondents, and before `strips` is read, those
    pending counts are folded into the strips, so memory stays bounded whatever the scores."""

    def __init__(self, questionnaire: Questionnaire, *, named: bool = False, analysis: bool = False) -> None:
        self.questionnaire = questionnaire
        self.named = named
        # The optional item-analysis page (`--analysis`): running sums too, and straight-liners' names if named.
        self.analysis = ItemAnalysis(questionnaire, named=named) if analysis else None
        self.count = 0
        self.latest = ""
        self._strips: dict[str | None, _Strip] = {}
        for did in [None, *(d.id for d in questionnaire.dimensions)]:
            bands = bands_info(questionnaire, did)
            self._strips[did] = _Strip(bands, distribution.band_ranges([b.min for b in bands]))
        self._pending: list[dict[tuple[float | None, str | None], int]] = [{} for _ in self._strips]
        self._dimension_pending = list(zip((d.id for d in questionnaire.dimensions), self._pending[1:], strict=True))
        self._pending_recommendations: dict[tuple[str, ...], int] = {}
        self._recommendations: Counter[str] = Counter()
        self.people: list[tuple[str, int | None, str | None]] = []  # (name, overall score, band id) if named

    def add(self, name: str, submitted_at: str, result: Result, answers: Mapping[str, Any] | None = None) -> None:
        """Count one respondent's result (and answers, for the item analysis); a name is kept only when named."""
        self.count += 1
        if self.analysis is not None:
            self.analysis.add(name or "(no name)", answers or {}, result)
        self.latest = max(self.latest, submitted_at)
        pending = self._pending[0]
        key: tuple[float | None, str | None] = (result.overall.score, result.overall.band)
        pending[key] = pending.get(key, 0) + 1
        dimensions = result.dimensions
        for did, pending in self._dimension_pending:
            part = dimensions.get(did)
            if part is not None:
                key = (part.score, part.band)
                pending[key] = pending.get(key, 0) + 1
        recs = self._pending_recommendations
        recs[result.recommendations] = recs.get(result.recommendations, 0) + 1
        if self.named:
            self.people.append((name, printed_score(result.overall.score), result.overall.band))
        if self.count % FOLD_EVERY == 0:
            self._fold()

    def _fold(self) -> None:
        for strip, pending in zip(self._strips.values(), self._pending, strict=True):
            strip.fold(pending)
        for recommendations, n in self._pending_recommendations.items():
            for rid in dict.fromkeys(recommendations):
                self._recommendations[rid] += n
        self._pending_recommendations.clear()

    @property
    def strips(self) -> dict[str | None, _Strip]:
        """The overall strip (key None) and one per dimension, up to date."""
        self._fold()
        return self._strips

    @property
    def recommendations(self) -> Counter[str]:
        """How many people got each recommendation."""
        self._fold()
        return self._recommendations


@dataclass(frozen=True)
class BandCount:
    """How many people scored in one band, and in each five points of it (for charts whose dots stand for many)."""

    label: str
    min: int
    count: int
    bins: tuple[distribution.Bin, ...]


@dataclass(frozen=True)
class StripView:
    """The overall score or one dimension of the group: its average, band counts and dot plot."""

    title: str
    answered: int
    mean: int | None  # as people see it; `raw_mean` unrounded, for the radar
    raw_mean: float | None
    per_dot: int  # people per dot in `plot`
    counts: list[BandCount]
    plot: Markup

    @property
    def scale(self) -> str | None:
        """What one dot stands for, written under a strip whose dots stand for more than one person (else None)."""
        if self.per_dot == 1:
            return None
        return f"Each dot stands for {self.per_dot:,} people with that whole-number score; a hollow dot, for fewer."


@dataclass(frozen=True)
class RecommendationCount:
    """A recommendation and how many people in the group got it."""

    text: Markup
    count: int


@dataclass(frozen=True)
class PersonRow:
    """One respondent of a named summary; the name stays plain text for autoescape."""

    name: str
    dir: str
    score: int | None
    band: str


@dataclass(frozen=True)
class ItemRow:
    """One item of the analysis page, figures rounded as `dealcraft analyze` prints them."""

    id: str
    text: str
    r: str
    answered: int
    mean: str
    floor: str
    ceiling: str
    conditional: bool  # asked of some only: left out of alpha, r taken against the others


@dataclass(frozen=True)
class AnalysisDimensionView:
    title: str
    alpha: str
    alpha_items: int
    complete: int
    floor: str
    ceiling: str
    straight: int
    straight_names: str
    rows: list[ItemRow]


@dataclass(frozen=True)
class AnalysisView:
    """The item analysis as _analysis.html.j2 shows it."""

    respondents: int
    note: str | None
    dimensions: list[AnalysisDimensionView]


@dataclass(frozen=True)
class SummaryContext(TemplateContext):
    """Everything summary.html.j2 needs for one questionnaire's group, typed; names stay plain for autoescape."""

    head: DocumentHead  # its fields are top-level names in the template
    count: int
    binned: bool  # some chart's dots stand for more than one person
    overall: StripView
    dimensions: list[StripView]
    radar: Markup | None
    bands: list[BandInfo]
    thresholds: list[int]
    recommendations: list[RecommendationCount]
    named: bool
    people: list[PersonRow]
    analysis: AnalysisView | None
    disclaimer: str
    rounds: GroupShift | None = None  # set by the batch when second rounds were paired (report.rounds)
    only_after: str | None = None  # who answered only in the second round, as one sentence (rounds.only_after_note)
    too_few: str | None = None  # said instead of the first round's figures below the minimum group (too_few_note)
    after: RoundPart | None = None  # the second round, when there is one (round_part)
    too_few_pairs: str | None = None  # said instead of the shift when too few answered both rounds (rounds.py)
    recommendations_of: int = 0  # how many people `recommendations` counts over
    recommendations_note: str | None = None  # which round they are of, when not the first


@dataclass(frozen=True)
class RoundPart:
    """The second ('after') round of a summary: everyone who answered it, latecomers included. `too_few` is the
    sentence shown instead of its figures below `min_group` people (None when they are shown)."""

    count: int
    too_few: str | None
    overall: StripView
    dimensions: list[StripView]
    binned: bool  # some chart's dots stand for more than one person


def too_few_note(people: int, min_group: int, round_name: str) -> str | None:
    """What a part of the summary says instead of its figures when fewer than `min_group` people stand behind
    them (None when enough do): how many answered, and why nothing more is shown."""
    if people >= min_group:
        return None
    if people == 0:
        return f"Nobody answered the {round_name} round."
    who = "1 person" if people == 1 else f"{people:,} people"
    return (
        f"{who} answered the {round_name} round. Its figures are shown from {min_group:,} people on, so that no "
        "one's answers can be told from the group's: only the count is given here."
    )


def strip_view(tally: GroupTally, did: str | None, title: str, accent: str) -> StripView:
    """One dimension (or overall, `did` None) of a tally: its average, band counts and dot plot.

    Each chart has its own scale (people per dot), the smallest that keeps its tallest stack within bounds, so
    every chart shows its shape; the scale is written under the chart whenever a dot stands for more than one."""
    strip = tally.strips[did]
    per_dot = distribution.people_per_dot(max(strip.counts))
    scale = "" if per_dot == 1 else f"; each dot stands for {per_dot} people"
    bins = distribution.bins(strip.positions, [b.min for b in strip.bands])
    return StripView(
        title=title,
        answered=strip.answered,
        mean=printed_score(strip.mean),
        raw_mean=strip.mean,
        per_dot=per_dot,
        counts=[
            BandCount(
                b.label,
                b.min,
                strip.band_counts.get(b.id, 0),
                band_bins,
            )
            for b, band_bins in zip(strip.bands, bins, strict=True)
        ],
        plot=charts.strip_plot(
            distribution.dot_plot(strip.counts, per_dot),
            thresholds=[b.min for b in strip.bands if b.min > 0],
            accent=accent,
            title=f"Dot plot of {strip.answered} scores for {title}{scale}",
        ),
    )


def round_part(tally: GroupTally, branding: Branding, *, min_group: int = 1) -> RoundPart:
    """The after round's part of the summary, from its tally (`GroupTally` of the 'after' submissions)."""
    accent = check_accent(branding.accent)
    overall = strip_view(tally, None, "Overall", accent)
    dimensions = [strip_view(tally, d.id, d.title, accent) for d in tally.questionnaire.dimensions]
    return RoundPart(
        count=tally.count,
        too_few=too_few_note(tally.count, min_group, "after"),
        overall=overall,
        dimensions=dimensions,
        binned=any(b.per_dot > 1 for b in [overall, *dimensions]),
    )


def summary_context(
    tally: GroupTally, branding: Branding, *, min_group: int = 1, after: GroupTally | None = None
) -> SummaryContext:
    """Everything summary.html.j2 needs, from the first round's tally (and the second round's, `after`); scores
    are validated and rounded by the same rules as the reports. A round with fewer than `min_group` respondents
    shows a sentence saying how many answered instead of its figures."""
    questionnaire = tally.questionnaire
    accent = check_accent(branding.accent)
    overall_bands = tally.strips[None].bands
    thresholds = [b.min for b in overall_bands if b.min > 0]
    overall = strip_view(tally, None, "Overall", accent)
    dimensions = [strip_view(tally, d.id, d.title, accent) for d in questionnaire.dimensions]
    radar = charts.radar_if_any(
        [charts.Axis(d.title, d.raw_mean) for d in dimensions],
        accent=accent,
        title="Radar chart of the group's average dimension scores",
    )
    second = round_part(after, branding, min_group=min_group) if after is not None else None
    too_few = too_few_note(tally.count, min_group, "before")
    # The recommendations of the before round; of the after round when only it has enough people behind it
    counted: GroupTally | None = tally
    recommendations_note = None
    if too_few is not None:
        shown = second is not None and second.too_few is None
        counted = after if shown else None
        recommendations_note = (
            "Those of the after round: the before round has too few people for its figures."
            if shown
            else "Not shown: too few people answered."
        )
    people = []
    for name, score, band_id in tally.people:
        band = band_of(overall_bands, band_id)
        people.append(PersonRow(name or "(no name)", text_dir(name), score, band.label if band else ""))
    return SummaryContext(
        head=document_head(
            branding,
            questionnaire,
            doc_title=f"Group summary: {questionnaire.title}",
            subject=f"Group summary of {tally.count} respondents",
            submitted_at=max(tally.latest, after.latest if after is not None else ""),
        ),
        count=tally.count,
        binned=any(b.per_dot > 1 for b in [overall, *dimensions]),
        overall=overall,
        dimensions=dimensions,
        radar=radar,
        bands=overall_bands,
        thresholds=thresholds,
        recommendations=recommendation_counts(counted) if counted is not None else [],
        named=tally.named,
        people=people,
        analysis=analysis_view(tally.analysis.result()) if tally.analysis is not None else None,
        disclaimer=DISCLAIMER,
        too_few=too_few,
        after=second,
        recommendations_of=counted.count if counted is not None else 0,
        recommendations_note=recommendations_note,
    )


def recommendation_counts(tally: GroupTally) -> list[RecommendationCount]:
    """How many people of the tally got each recommendation, most frequent first (then in the questionnaire's
    order)."""
    questionnaire = tally.questionnaire
    order = {r.id: i for i, r in enumerate(questionnaire.recommendations)}
    by_id = {r.id: r for r in questionnaire.recommendations}
    return [
        RecommendationCount(markdown_inline(by_id[rid].text), n)
        for rid, n in sorted(tally.recommendations.items(), key=lambda kv: (-kv[1], order.get(kv[0], 10**6)))
        if rid in by_id
    ]


def analysis_view(analysis: Analysis) -> AnalysisView:
    """The item analysis as _analysis.html.j2 shows it: figures rounded as `dealcraft analyze` prints them."""

    num, share = figure, percent
    return AnalysisView(
        respondents=analysis.respondents,
        note=analysis.note,
        dimensions=[
            AnalysisDimensionView(
                title=d.title,
                alpha=num(d.alpha),
                alpha_items=len(d.alpha_items),
                complete=d.complete,
                floor=share(d.floor),
                ceiling=share(d.ceiling),
                straight=d.straight_liners,
                straight_names=", ".join(d.straight_lined_by),
                rows=[
                    ItemRow(
                        id=i.id,
                        text=i.text,
                        r=num(i.item_total),
                        answered=i.answered,
                        mean=figure(i.mean, 0),
                        floor=share(i.floor),
                        ceiling=share(i.ceiling),
                        conditional=i.id not in d.alpha_items,
                    )
                    for i in d.items
                ],
            )
            for d in analysis.dimensions
        ],
    )
