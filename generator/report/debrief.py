"""The group debrief of the role-play: answers in, pairs analysed (generator.debrief), a PDF and a JSON out.

Inputs are read exactly as `dealcraft report` reads them (files, folders, JSON Lines, CSV with a column map);
an unreadable input is a problem naming it, and the rest of the room is still analysed. The PDF labels pairs
by code; names (and the input files, which are often named after people) appear only with `named=True`.
Room-level patterns are drawn only when at least `min_group` pairs or people stand behind them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.answers.document import AnswersDocument
from generator.answers.imports import ColumnMap, load_inputs
from generator.debrief import (
    Analysis,
    Debrief,
    DebriefProblem,
    GroupMean,
    PairResult,
    anchoring,
    correlation,
    debrief_from_answers,
    group_mean,
    opener_share,
    openings,
    pair_code_of,
    pair_up,
)
from generator.errors import DealcraftError, Problem
from generator.exercise import ROLES, Exercise
from generator.expressions import round_half_away
from generator.questionnaire.model import Questionnaire, Result
from generator.report import charts
from generator.report.context import DISCLAIMER, Branding, DocumentHead, TemplateContext, document_head, text_dir
from generator.scoring import score
from generator.values import check_accent
from generator.zone import format_amount

DEBRIEF_ID = "deal-debrief"
DEFAULT_MIN_GROUP = 5


@dataclass(frozen=True)
class RoomInput:
    """What the inputs gave: every debrief read, the analysis, and the problems that are not about a pair."""

    analysis: Analysis
    unreadable: tuple[Problem, ...]
    latest: str = ""

    @property
    def problems(self) -> tuple[DebriefProblem, ...]:
        """Every problem: inputs that could not be read (no pair code known) first, then the pairs'."""
        read = tuple(
            DebriefProblem(None, "unreadable", p.message if not p.field else f"{p.field}: {p.message}", (p.path,))
            for p in self.unreadable
        )
        return read + self.analysis.problems

    def to_json(self) -> dict[str, Any]:
        """The `dealcraft debrief --json` object: {"pairs": [...], "problems": [...]}."""
        return {"pairs": [p.to_json() for p in self.analysis.pairs], "problems": [p.to_json() for p in self.problems]}


def read_room(
    inputs: Sequence[Path],
    questionnaires: Mapping[str, Questionnaire],
    exercise: Exercise,
    column_map: ColumnMap | None = None,
) -> RoomInput:
    """Read every input, keep the debrief answers, score their satisfaction items, and pair them up."""
    questionnaire = questionnaires.get(DEBRIEF_ID)
    if questionnaire is None:
        raise DealcraftError(Problem(DEBRIEF_ID, message="the deal-debrief questionnaire is not in the folder"))
    documents: list[tuple[str, AnswersDocument, Result]] = []
    unreadable: list[Problem] = []
    for loaded in load_inputs(inputs, questionnaires, column_map):
        if loaded.document is None:
            unreadable.extend(loaded.problems)
            continue
        document = loaded.document
        if document.questionnaire != DEBRIEF_ID:
            unreadable.append(
                Problem(loaded.source, message=f"answers to {document.questionnaire}, not to {DEBRIEF_ID}; left out")
            )
            continue
        try:
            documents.append((loaded.source, document, score(questionnaire, document.answers)))
        except DealcraftError as exc:
            unreadable.extend(exc.problems)
    return room_of(documents, questionnaire, exercise, unreadable)


def room_of(
    documents: Sequence[tuple[str, AnswersDocument, Result]],
    questionnaire: Questionnaire,
    exercise: Exercise,
    unreadable: Sequence[Problem] = (),
) -> RoomInput:
    """Pair already validated and scored debrief answers (source, document, result) into a room; a person's
    debrief sent in both rounds is one debrief, their latest send (see `latest_debriefs`)."""
    issue_ids = [i.id for i in exercise.issues]
    debriefs: list[Debrief] = []
    latest = ""
    kept, superseded = latest_debriefs(documents)
    for source, document, result in kept:
        satisfaction = {d.id: result.dimensions[d.id].score for d in questionnaire.dimensions}
        name = (getattr(document.respondent, "name", None) or "").strip()
        debriefs.append(debrief_from_answers(source, document.answers, issue_ids, satisfaction, name))
        if document.submitted_at is not None:
            latest = max(latest, document.submitted_at.astimezone(UTC).isoformat())
    analysis = pair_up(debriefs, exercise)
    notes = tuple(
        DebriefProblem(
            pair_code_of(old.model_dump(mode="json")),
            "resent",
            f"sent again in the other round; the same person's later debrief ({new}) is the one counted",
            (source,),
            "note",
        )
        for source, old, new in superseded
    )
    return RoomInput(replace(analysis, problems=notes + analysis.problems), tuple(unreadable), latest)


def latest_debriefs(
    documents: Sequence[tuple[str, AnswersDocument, Result]],
) -> tuple[list[tuple[str, AnswersDocument, Result]], list[tuple[str, AnswersDocument, str]]]:
    """The debriefs that count, and the ones left out as (source, document, source of the one counted instead).

    The debrief is about the one role-play, not a before-and-after measure: a person (the participant key, else
    the e-mail, else the name, as rounds are paired) who sent it in both rounds has sent it twice, and their
    latest send counts (by `submitted_at`, then input order). Two answers of one round are left as they are: the
    pairing names them when they clash."""
    from generator.report.rounds import participant_key

    def moment(index: int) -> tuple[str, int]:
        stamp = documents[index][1].submitted_at
        return (stamp.astimezone(UTC).isoformat() if stamp is not None else "", index)

    people: dict[str, list[int]] = {}
    for index, (_, document, _) in enumerate(documents):
        if (key := participant_key(document)) is not None:
            people.setdefault(key, []).append(index)
    dropped: dict[int, int] = {}
    for indexes in people.values():
        if len({documents[i][1].round == "after" for i in indexes}) < 2:
            continue
        chosen = max(indexes, key=moment)
        dropped.update((i, chosen) for i in indexes if i != chosen)
    kept = [d for i, d in enumerate(documents) if i not in dropped]
    superseded = [(documents[i][0], documents[i][1], documents[c][0]) for i, c in sorted(dropped.items())]
    return kept, superseded


# ---------------------------------------------------------------- the PDF's context


def _pct(value: float) -> str:
    """A position in 0..100 for an inline style, validated like every number that reaches CSS."""
    return charts._num(value, 0, 100)


@dataclass(frozen=True)
class _Axis:
    """A shared price axis for the pair lines."""

    lo: float
    hi: float

    def at(self, value: float) -> float:
        return 100 * (value - self.lo) / (self.hi - self.lo)


def _price_axis(pairs: Sequence[PairResult]) -> _Axis | None:
    values: list[float] = []
    for p in pairs:
        values += [p.buyer_limit, p.seller_limit]
        values += [v for v in (p.price, p.buyer.estimate_other, p.seller.estimate_other) if v is not None]
    if not values:
        return None
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.06 or max(abs(hi) * 0.05, 1.0)
    return _Axis(lo - pad, hi + pad)


def _pair_line(p: PairResult, axis: _Axis) -> Markup:
    """One pair on the shared axis: the zone (or the gap), the price, and each side's guess at the other's limit.

    Drawn in HTML boxes placed by percentages, so it costs WeasyPrint next to nothing and reads in grey scale:
    the zone is hatched, a gap is a dashed outline, the price a black bar, the guesses open and filled marks."""
    parts = ['<div class="dc-line">']
    low, high = sorted((p.seller_limit, p.buyer_limit))
    kind = "dc-line-zone dc-fill-0" if p.zone.exists else "dc-line-gap"
    left, right = axis.at(low), axis.at(high)
    parts.append(f'<span class="{kind}" style="left: {_pct(left)}%; width: {_pct(max(right - left, 0.6))}%"></span>')
    marks = [
        ("dc-mark-buyer", p.buyer.estimate_other, "B"),
        ("dc-mark-seller", p.seller.estimate_other, "S"),
    ]
    for cls, value, letter in marks:
        if value is not None:
            parts.append(f'<span class="dc-mark {cls}" style="left: {_pct(axis.at(value))}%">{letter}</span>')
    if p.price is not None:
        parts.append(f'<span class="dc-mark-price" style="left: {_pct(axis.at(p.price))}%"></span>')
    parts.append("</div>")
    return Markup("".join(parts))


def _axis_ticks(axis: _Axis, unit: str) -> list[Tick]:
    span = axis.hi - axis.lo
    step = _nice_step(span / 4)
    first = -(-axis.lo // step) * step
    ticks = []
    value = first
    while value <= axis.hi:
        ticks.append(Tick(left=_pct(axis.at(value)), label=format_amount(value, unit)))
        value += step
    return ticks


def _nice_step(raw: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) of at least `raw`."""
    magnitude = 10.0 ** len(str(int(max(raw, 1)))) / 10
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _whole(x: float) -> str:
    """A figure as a whole number by the one rounding rule (62.5 → 63), never Python's round (62.5 → 62)."""
    return f"{round_half_away(x):.0f}"


def _fixed(x: float, digits: int, sign: str = "") -> str:
    """A figure with exactly `digits` decimals by the one rounding rule (0.125 → 0.13); sign "+" shows a plus."""
    return f"{round_half_away(x, digits):{sign}.{digits}f}"


def _share_text(share: float | None) -> str:
    return "–" if share is None else f"{_whole(share * 100)}%"


def _signed(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if value == 0:
        return "exact"
    sign = "+" if value > 0 else "−"
    return sign + format_amount(abs(value), unit)


def _scatter(
    points: Sequence[tuple[float, float]], *, x_label: str, y_label: str, title: str, percent: bool = True
) -> Markup:
    """A small scatter plot in HTML: y runs 0..1 (shown as 0..100, with % for shares), x over the points' range."""
    sign = "%" if percent else ""
    xs = [x for x, _ in points]
    lo, hi = min(xs), max(xs)
    pad = (hi - lo) * 0.08 or 0.5
    lo, hi = lo - pad, hi + pad
    dots = "".join(
        f'<span class="dc-dot" style="left: {_pct(100 * (x - lo) / (hi - lo))}%; bottom: {_pct(100 * y)}%"></span>'
        for x, y in points
    )
    return Markup(
        f'<div class="dc-scatter" role="img" aria-label="{escape(title)}">'
        '<div class="dc-scatter-plot"><span class="dc-scatter-half"></span>'
        f'<span class="dc-scatter-tick" style="bottom: 100%">100{sign}</span>'
        f'<span class="dc-scatter-tick" style="bottom: 50%">50{sign}</span>'
        f'<span class="dc-scatter-tick" style="bottom: 0%">0{sign}</span>{dots}</div>'
        f'<p class="dc-scatter-y">{escape(y_label)}: 0{sign} at the bottom, 100{sign} at the top</p>'
        f'<p class="dc-scatter-x">{escape(x_label)}: {_fixed(lo, 1)} on the left '
        f"to {_fixed(hi, 1)} on the right</p></div>"
    )


def _few(n: int) -> str:
    if n == 0:
        return "no pair"
    return f"{n} pair{'s' if n != 1 else ''}"


@dataclass(frozen=True)
class ExerciseInfo:
    """The role-play the debrief is about, as its header names it."""

    title: str
    price_basis: str


@dataclass(frozen=True)
class RoomCounts:
    """How many people, pairs and deals the room gave, and how many problems stand in the way of the figures."""

    people: int
    pairs: int
    deals: int
    problems: int
    notes: int


@dataclass(frozen=True)
class KeyView:
    """The answer key as the header quotes it: both limits as money, and the best joint points."""

    buyer: str
    seller: str
    best: int


@dataclass(frozen=True)
class PairLine:
    """One pair's row and line in "Deals against their zones"."""

    pair: str
    zone: str
    result: str
    share: str
    buyer_error: str
    seller_error: str
    line: Markup


@dataclass(frozen=True)
class Tick:
    """A label on the shared price axis, at `left` per cent (validated)."""

    left: str
    label: str


@dataclass(frozen=True)
class OpenerRow:
    """Who opened, in how many deals, and the average share the opener kept (or why it is not shown)."""

    role: str
    n: int
    mean: str | None
    reason: str


@dataclass(frozen=True)
class AnchorsView:
    """The first-offer scatter: how many deals stand behind it, their correlation, the chart when there are
    enough, and that count in words ("3 pairs")."""

    n: int
    r: str | None
    chart: Markup | None
    pairs: str


@dataclass(frozen=True)
class LeftRow:
    """A pair that agreed no deal although their limits left a zone."""

    pair: str
    width: str
    buyer_error: str
    seller_error: str


@dataclass(frozen=True)
class PointsRow:
    """A pair's joint points: each side's, the bar widths (validated per cents) and the share of the best."""

    pair: str
    joint: int | None
    buyer: int | None
    seller: int | None
    buyer_pct: str
    seller_pct: str
    of_best: str


@dataclass(frozen=True)
class JointView:
    """The room's average joint points (or why there is none) and how many deals reached the best."""

    mean: str | None
    reason: str
    n: int
    at_best: int


@dataclass(frozen=True)
class SatisfactionRow:
    """One satisfaction dimension: the mean with a deal and without one, each as shown."""

    title: str
    deal: GroupMean
    deal_text: str
    none: GroupMean
    none_text: str


@dataclass(frozen=True)
class ProblemRow:
    """A problem to sort out first: its pair, what is wrong, and who answered (inputs only with names)."""

    pair: str
    message: str
    note: bool
    who: str
    dir: str


@dataclass(frozen=True)
class RosterRow:
    """Who was in which pair (only with `named`)."""

    pair: str
    buyer: str
    seller: str
    buyer_dir: str
    seller_dir: str


@dataclass(frozen=True)
class DebriefContext(TemplateContext):
    """Everything debrief.html.j2 needs, typed; untrusted text stays plain for autoescape."""

    head: DocumentHead  # its fields are top-level names in the template
    exercise: ExerciseInfo
    accent: str
    min_group: int
    counts: RoomCounts
    key: KeyView
    lines: list[PairLine]
    ticks: list[Tick]
    openers: list[OpenerRow]
    anchors: AnchorsView
    deals_with_share: str
    left: list[LeftRow]
    no_zone: list[str]
    points: list[PointsRow]
    joint: JointView
    satisfaction: list[SatisfactionRow]
    sat_chart: Markup | None
    sat_r: str | None
    sat_n: int
    problems: list[ProblemRow]
    named: bool
    roster: list[RosterRow]
    disclaimer: str


def debrief_context(
    room: RoomInput,
    exercise: Exercise,
    branding: Branding,
    *,
    named: bool = False,
    min_group: int = DEFAULT_MIN_GROUP,
) -> DebriefContext:
    """Everything debrief.html.j2 needs; every number that reaches a style attribute is validated here."""
    accent = check_accent(branding.accent)
    unit = exercise.unit
    analysis = room.analysis
    pairs = list(analysis.pairs)
    axis = _price_axis(pairs)

    def money(value: float | None) -> str:
        return "–" if value is None else format_amount(value, unit)

    lines = []
    for p in pairs:
        zone = f"{money(p.zone.low)} to {money(p.zone.high)}" if p.zone.exists else f"none (gap {money(p.zone.gap)})"
        result = f"deal at {money(p.price)}" if p.outcome == "deal" else "no deal"
        lines.append(
            PairLine(
                pair=p.pair,
                zone=zone,
                result=result,
                share=_share_text(p.buyer_share),
                buyer_error=_signed(p.buyer_estimate_error, unit),
                seller_error=_signed(p.seller_estimate_error, unit),
                line=_pair_line(p, axis) if axis else Markup(""),
            )
        )
    ticks = _axis_ticks(axis, unit) if axis else []

    # First offers
    by_opener = openings(pairs)
    opener_rows = []
    for role in ROLES[::-1]:
        group = by_opener[role]
        mean = group_mean(role, [opener_share(p) or 0.0 for p in group], min_group)
        opener_rows.append(
            OpenerRow(
                role=role,
                n=mean.n,
                mean=None if mean.mean is None else _share_text(mean.mean),
                reason=mean.reason,
            )
        )
    anchors, r = anchoring(pairs)
    deals = [p for p in pairs if p.buyer_share is not None]
    anchor_chart = None
    if len(anchors) >= min_group:
        anchor_chart = _scatter(
            anchors,
            x_label="How far past the zone the first price was, in zone widths",
            y_label="Share of the zone the side that opened kept",
            title="Scatter plot of first offers against the share the opener kept",
        )

    # Left on the table
    left = [
        LeftRow(
            pair=p.pair,
            width=money(p.zone.width),
            buyer_error=_signed(p.buyer_estimate_error, unit),
            seller_error=_signed(p.seller_estimate_error, unit),
        )
        for p in pairs
        if p.left_on_table
    ]
    no_zone = [p.pair for p in pairs if not p.zone.exists]

    # Joint points
    best = exercise.best_joint_points()
    points_rows = []
    for p in pairs:
        joint = p.joint_points
        points_rows.append(
            PointsRow(
                pair=p.pair,
                joint=joint,
                buyer=p.buyer_points,
                seller=p.seller_points,
                buyer_pct=_pct(100 * (p.buyer_points or 0) / best) if joint is not None else "0",
                seller_pct=_pct(100 * (p.seller_points or 0) / best) if joint is not None else "0",
                of_best=f"{_whole(100 * joint / best)}%" if joint is not None else "–",
            )
        )
    joints = [float(p.joint_points) for p in pairs if p.joint_points is not None]
    joint_mean = group_mean("joint", joints, min_group)
    at_best = sum(1 for j in joints if j == best)

    # Satisfaction
    people = [(p, role) for p in pairs for role in ("buyer", "seller")]
    sat_rows = []
    dims = _satisfaction_dimensions(analysis)
    for did, title in dims:
        with_deal = [s for p, role in people if p.outcome == "deal" and (s := _sat(p, role, did)) is not None]
        without = [s for p, role in people if p.outcome == "no_deal" and (s := _sat(p, role, did)) is not None]
        deal_mean, none_mean = group_mean("deal", with_deal, min_group), group_mean("none", without, min_group)
        sat_rows.append(
            SatisfactionRow(
                title=title,
                deal=deal_mean,
                deal_text="–" if deal_mean.mean is None else _whole(deal_mean.mean),
                none=none_mean,
                none_text="–" if none_mean.mean is None else _whole(none_mean.mean),
            )
        )
    share_vs_sat = [
        (share, s / 100)
        for p, role in people
        if (share := p.share_of(role)) is not None and (s := _sat(p, role, "sat_outcome")) is not None  # type: ignore[arg-type]
    ]
    sat_r = correlation([x for x, _ in share_vs_sat], [y for _, y in share_vs_sat])
    sat_chart = None
    if len(share_vs_sat) >= min_group:
        sat_chart = _scatter(
            [(100 * x, y) for x, y in share_vs_sat],
            x_label="Share of the zone the person's side kept, in %",
            y_label="Their satisfaction with the outcome",
            title="Scatter plot of each person's share of the zone against their satisfaction with the outcome",
            percent=False,
        )

    problems = []
    for problem in room.problems:
        roles = sorted({d.role or "?" for d in analysis.debriefs if d.source in problem.sources})
        who = ", ".join(problem.sources) if named else (" and ".join(roles) if roles else "an input")
        problems.append(
            ProblemRow(
                pair=problem.pair or "no code",
                message=problem.message,
                note=problem.severity == "note",
                who=who,
                dir=text_dir(who),
            )
        )
    roster = []
    if named:
        for p in pairs:
            roster.append(
                RosterRow(
                    pair=p.pair,
                    buyer=p.buyer.name or "(no name)",
                    seller=p.seller.name or "(no name)",
                    buyer_dir=text_dir(p.buyer.name),
                    seller_dir=text_dir(p.seller.name),
                )
            )

    return DebriefContext(
        head=document_head(
            branding,
            None,
            doc_title=f"Group debrief: {exercise.title}",
            subject=f"Group debrief of {len(pairs)} pairs",
            submitted_at=room.latest,
        ),
        exercise=ExerciseInfo(exercise.title, exercise.price_basis),
        accent=accent,
        min_group=min_group,
        counts=RoomCounts(
            people=len(analysis.debriefs),
            pairs=len(pairs),
            deals=sum(1 for p in pairs if p.outcome == "deal"),
            problems=sum(1 for p in room.problems if p.severity == "error"),
            notes=sum(1 for p in room.problems if p.severity == "note"),
        ),
        key=KeyView(buyer=money(exercise.limits.buyer), seller=money(exercise.limits.seller), best=best),
        lines=lines,
        ticks=ticks,
        openers=opener_rows,
        anchors=AnchorsView(
            n=len(anchors), r=None if r is None else _fixed(r, 2, "+"), chart=anchor_chart, pairs=_few(len(anchors))
        ),
        deals_with_share=_few(len(deals)),
        left=left,
        no_zone=no_zone,
        points=points_rows,
        joint=JointView(
            mean=None if joint_mean.mean is None else _whole(joint_mean.mean),
            reason=joint_mean.reason,
            n=joint_mean.n,
            at_best=at_best,
        ),
        satisfaction=sat_rows,
        sat_chart=sat_chart,
        sat_r=None if sat_r is None else _fixed(sat_r, 2, "+"),
        sat_n=len(share_vs_sat),
        problems=problems,
        named=named,
        roster=roster,
        disclaimer=DISCLAIMER,
    )


def _sat(p: PairResult, role: str, did: str) -> float | None:
    return dict(p.side(role).satisfaction).get(did)  # type: ignore[arg-type]


_TITLES = {
    "sat_outcome": "The outcome",
    "sat_process": "The process",
    "sat_relationship": "The relationship",
}


def _satisfaction_dimensions(analysis: Analysis) -> list[tuple[str, str]]:
    found: list[str] = []
    for d in analysis.debriefs:
        for did, _ in d.satisfaction:
            if did not in found:
                found.append(did)
    return [(did, _TITLES.get(did, did)) for did in found]


def render_debrief_pdf(context: DebriefContext, out: Path, branding: Branding, paper: str = "a4") -> Path:
    """Render the group debrief to `out` (written atomically); a folder that cannot be written is a user error."""
    from generator.report.render import Renderer, RenderOptions

    renderer = Renderer(RenderOptions(paper=paper, accent=branding.accent, logo=branding.logo))
    pdf = renderer.pdf(renderer.html("debrief.html.j2", context.template_vars()))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pdf)
        os.replace(tmp, out)
    except OSError as exc:
        raise DealcraftError(Problem(str(out), message=f"cannot write the PDF: {exc.strerror or exc}")) from None
    return out


# ---------------------------------------------------------------- one participant's debrief page

_NEXT_STEPS = {
    "left_on_table": (
        "Test for overlap early. Your two limits left room for a deal that you did not find: next time, share a "
        "range and ask whether it is in the same world as theirs before either side digs in.",
        "steps/bargaining-zone.md",
    ),
    "value": (
        "Ask why each term matters before trading on price. Your pair left points on the table: the terms "
        "mattered differently to each side, and a trade on them would have given you both more.",
        "steps/motivations.md",
    ),
    "estimate": (
        "Estimate the other side's limit as a range, with the evidence for it, and test it with a question. Your "
        "guess was far from their real limit, and a wrong guess quietly shapes every offer you make.",
        "steps/bargaining-zone.md",
    ),
    "share": (
        "Plan your concessions before you meet: open near your target, and give something only in exchange for "
        "something. Your side kept less than a third of the zone.",
        "steps/positivity.md",
    ),
    "relationship": (
        "Spend a few minutes on the person before the numbers. You came away unsure about the relationship, "
        "which costs more than a price point in any deal that will be followed by others.",
        "steps/start-with-trust.md",
    ),
    "keep": (
        "Keep what worked, and say it out loud next time: tell the other side which of their moves made the "
        "deal better for both of you. Habits that are named are easier to repeat.",
        "steps/win-win-or-zero-sum.md",
    ),
}


@dataclass(frozen=True)
class PersonalDebrief:
    """What one participant's debrief page (_debrief.html.j2) shows whether or not their answers were paired:
    their pair code and role, their limit and their guess at the other's, as money."""

    pair: str
    role: str
    other: str
    limit: str
    guess: str
    best: int
    price_basis: str

    @property
    def matched(self) -> bool:
        return isinstance(self, PairedDebrief)


@dataclass(frozen=True)
class UnpairedDebrief(PersonalDebrief):
    """A debrief that could not be paired, and why."""

    reason: str


@dataclass(frozen=True)
class PairedDebrief(PersonalDebrief):
    """A paired debrief: the real zone, the guess against the real limit, the result, the side's share of the
    zone, the pair's joint points, and one thing to try next time, linked to the guide."""

    zone_exists: bool
    zone: str
    width: str
    gap: str
    real_other: str
    error: str
    tougher: bool | None  # whether the guess made the other side look tougher (None: no guess)
    deal: bool
    price: str
    share: str
    share_pct: str | None  # validated per cent for the bar's width
    joint: int | None
    my_points: int | None
    next: str
    next_url: str | None


def personal_debrief(room: RoomInput, source: str, exercise: Exercise, site_url: str) -> PersonalDebrief | None:
    """What one participant's debrief page shows, as plain strings: None when `source` is not a debrief.

    With a matched pair: the real zone, their guess and its error, their side's share of the zone, the pair's
    joint points against the best, and one thing to try next time, linked to the guide. Without one: why the
    answers could not be paired, and the numbers they gave.
    """
    from generator.report.context import guide_url

    analysis = room.analysis
    me = next((d for d in analysis.debriefs if d.source == source), None)
    if me is None or me.role is None:
        return None
    unit = exercise.unit
    role = me.role
    other = "seller" if role == "buyer" else "buyer"

    def money(value: float | None) -> str:
        return "–" if value is None else format_amount(value, unit)

    base = PersonalDebrief(
        pair=me.pair or "no code",
        role=role,
        other=other,
        limit=money(me.walk_away),
        guess=money(me.estimate_other),
        best=exercise.best_joint_points(),
        price_basis=exercise.price_basis,
    )
    pair = analysis.pair_of(source)
    if pair is None:
        reasons = [p.message for p in analysis.problems if source in p.sources and p.severity == "error"]
        return UnpairedDebrief(**vars(base), reason="; ".join(reasons) or "it could not be matched")
    real_other = pair.seller_limit if role == "buyer" else pair.buyer_limit
    error = pair.buyer_estimate_error if role == "buyer" else pair.seller_estimate_error
    share = pair.share_of(role)
    my_points = pair.buyer_points if role == "buyer" else pair.seller_points
    # A buyer who put the seller's floor too high, or a seller who put the buyer's ceiling too low, saw the other
    # side as tougher than it was (and conceded more than needed); the opposite error made it look softer.
    tougher = None if error is None else (error > 0 if role == "buyer" else error < 0)
    width = pair.zone.width or abs(pair.buyer_limit - pair.seller_limit) or 1.0
    relationship = dict(me.satisfaction).get("sat_relationship")
    if pair.left_on_table:
        key = "left_on_table"
    elif pair.joint_points is not None and pair.joint_points < pair.best_joint_points * 0.85:
        key = "value"
    elif error is not None and abs(error) > width / 2:
        key = "estimate"
    elif share is not None and share < 1 / 3:
        key = "share"
    elif relationship is not None and relationship < 50:
        key = "relationship"
    else:
        key = "keep"
    text, page = _NEXT_STEPS[key]
    return PairedDebrief(
        **vars(base),
        zone_exists=pair.zone.exists,
        zone=f"{money(pair.zone.low)} to {money(pair.zone.high)}" if pair.zone.exists else "",
        width=money(pair.zone.width),
        gap=money(pair.zone.gap),
        real_other=money(real_other),
        error=_signed(error, unit),
        tougher=tougher,
        deal=pair.outcome == "deal",
        price=money(pair.price),
        share=_share_text(share),
        share_pct=_pct(100 * share) if share is not None else None,
        joint=pair.joint_points,
        my_points=my_points,
        next=text,
        next_url=guide_url(site_url, page),
    )


def personal_debriefs(
    documents: Sequence[tuple[str, AnswersDocument, Result]],
    questionnaire: Questionnaire,
    exercise: Exercise,
    site_url: str,
) -> dict[str, PersonalDebrief]:
    """Every debrief's personal page, by source, from validated and scored debrief answers (source, document,
    result): the room paired once, then each page. `dealcraft report` and the workshop's reports both make their
    debrief pages here, so a participant's PDF is the same from either."""
    room = room_of(documents, questionnaire, exercise)
    pages = {source: personal_debrief(room, source, exercise, site_url) for source, _, _ in documents}
    # An earlier send of a debrief sent again in the other round: that report shows the page of the one counted
    for source, _, counted in latest_debriefs(documents)[1]:
        pages[source] = pages.get(counted)
    return {source: page for source, page in pages.items() if page is not None}
