"""Before-and-after rounds: the same self-assessment at the start and at the end of a workshop, paired per person.

A document's `round` is "before" or "after" (no round counts as "before" when the same person also has an "after").
People are matched by a stable key: the document's `participant` (workshop mode), else the e-mail, else the name.
Two rounds answered on different versions of the questionnaire are named and not compared: a changed item can
move a score as much as a changed habit.

A change is shown as the difference of the two scores people see. Under CHANGE_POINTS it is called "about the
same": one or two statements answered a step differently move a six-item dimension by 4 to 8 points, and the same
person on another day does that much without any workshop.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.answers.document import AnswersDocument
from generator.errors import DealcraftError, Problem, Severity
from generator.expressions import round_half_away
from generator.questionnaire.model import Questionnaire
from generator.report import charts
from generator.report.context import printed_score
from generator.report.debrief import DEBRIEF_ID

__all__ = [
    "CHANGE_POINTS",
    "Pair",
    "Submission",
    "change_rows",
    "key_of_participant",
    "only_after",
    "only_after_note",
    "pair_rounds",
    "participant_key",
    "people_only_after",
    "too_few_pairs_note",
    "verdict",
]

CHANGE_POINTS = 10


def participant_key(document: AnswersDocument) -> str | None:
    """Who answered, the same in both rounds: the participant key, else the e-mail, else the name (case and
    spacing ignored); None when the document names no one."""
    if document.participant:
        return key_of_participant(document.participant)
    email = (document.respondent.email or "").strip()
    if email:
        return "email:" + email.casefold()
    name = " ".join(unicodedata.normalize("NFKC", document.respondent.name or "").casefold().split())
    return "name:" + name if name else None


def key_of_participant(participant: str) -> str:
    """The pairing key of a participant key (workshop mode's pseudonym): what `participant_key` gives a document
    that carries it, for a reader that has the key without the document."""
    return "participant:" + participant.strip()


@dataclass(frozen=True)
class Submission:
    """One answers document as the pairing sees it."""

    source: str
    questionnaire: str
    key: str | None
    round: str | None
    version: int
    submitted_at: str
    order: int  # position in the batch, to break ties between equal times
    result: Mapping[str, Any]  # the `dealcraft score --json` shape


@dataclass(frozen=True)
class Pair:
    before: Submission
    after: Submission


def submission(
    source: str, document: AnswersDocument, questionnaire: Questionnaire, result: Mapping[str, Any], order: int
) -> Submission:
    submitted = document.submitted_at.isoformat() if document.submitted_at is not None else ""
    version = document.version if document.version is not None else questionnaire.version
    return Submission(
        source, document.questionnaire, participant_key(document), document.round, version, submitted, order, result
    )


def first_rounds(
    loaded: Iterable[Any], questionnaires: Mapping[str, Questionnaire], afters: Sequence[Submission]
) -> list[Submission]:
    """The first-round submissions of the people in `afters`, from a second read of the inputs (`Loaded` items).

    A summary-only run streams its inputs and keeps only the second rounds, so its memory stays flat when there
    are none; when there are, this second pass picks up just the matching first rounds."""
    from generator.scoring import score

    wanted = {(s.questionnaire, s.key) for s in afters if s.key is not None}
    found = []
    order = len(afters)
    for item in loaded:
        document = item.document
        if document is None or document.round == "after":
            continue
        if (document.questionnaire, participant_key(document)) not in wanted:
            continue
        questionnaire = questionnaires[document.questionnaire]
        try:
            result = compact(score(questionnaire, document.answers).to_json())
        except DealcraftError:  # already reported by the first pass
            continue
        found.append(submission(item.source, document, questionnaire, result, order))
        order += 1
    return found


def _latest(items: Sequence[Submission]) -> Submission:
    return max(items, key=lambda s: (s.submitted_at, s.order))


def pair_rounds(submissions: Iterable[Submission]) -> tuple[list[Pair], list[Problem]]:
    """Pair each person's before and after round per questionnaire; every pairing doubt becomes a warning. The
    role-play debrief is not paired: it is about the one role-play, and a second send replaces the first."""
    groups: dict[tuple[str, str], list[Submission]] = {}
    problems: list[Problem] = []
    for sub in submissions:
        if sub.questionnaire == DEBRIEF_ID:  # about the one role-play, not a measure taken twice (latest_debriefs)
            continue
        if sub.key is None:
            if sub.round == "after":
                problems.append(
                    _warning(sub, "round", "an 'after' round with no participant, e-mail or name: it cannot be paired")
                )
            continue
        groups.setdefault((sub.questionnaire, sub.key), []).append(sub)
    pairs: list[Pair] = []
    for (qid, key), subs in groups.items():
        afters = [s for s in subs if s.round == "after"]
        befores = [s for s in subs if s.round != "after"]
        if not afters:
            continue
        who = key.partition(":")[2] or key
        if not befores:
            problems.append(_warning(_latest(afters), "round", f"no 'before' round of {qid} for {who}"))
            continue
        after, before = _latest(afters), _latest(befores)
        for extra, chosen, name in ((afters, after, "after"), (befores, before, "before")):
            for other in extra:
                if other is not chosen:
                    problems.append(
                        _warning(
                            other,
                            "round",
                            f"another '{name}' round of {qid} for {who} is in {chosen.source}; the later one is used",
                        )
                    )
        if before.version != after.version:
            problems.append(
                _warning(
                    after,
                    "version",
                    f"{qid} version {after.version} here but version {before.version} in the 'before' round "
                    f"({before.source}): the change is not shown, as two versions may not measure the same thing",
                )
            )
            continue
        pairs.append(Pair(before, after))
    return sorted(pairs, key=lambda p: p.after.order), problems


def only_after(submissions: Iterable[Submission]) -> list[Submission]:
    """The 'after' submissions of people with no 'before' round of that questionnaire: they answered only once
    the second round was open (a latecomer, in workshop mode), so they are in no pair and, the first round being
    what the rest of a summary shows, in none of its charts either. Not the debrief, which has no rounds."""
    subs = [s for s in submissions if s.key is not None and s.questionnaire != DEBRIEF_ID]
    started = {(s.questionnaire, s.key) for s in subs if s.round != "after"}
    return [s for s in subs if s.round == "after" and (s.questionnaire, s.key) not in started]


def people_only_after(late: Iterable[Submission], questionnaire: str) -> int:
    """How many people of `only_after` answered this questionnaire (a person may have sent twice)."""
    return len({s.key for s in late if s.questionnaire == questionnaire})


def only_after_note(people: int) -> str | None:
    """The sentence the dashboard and the group summary print about the people who answered only in the after
    round (None when there are none): without it they drop out of the shift and the charts unnoticed."""
    if people <= 0:
        return None
    who = "1 person" if people == 1 else f"{people:,} people"
    return (
        f"{who} answered only in the after round: with no before answer to compare with, they are not in the "
        "before-and-after shift, nor in the charts of the before round."
    )


def too_few_pairs_note(pairs: int, min_group: int) -> str | None:
    """The sentence the group summary prints instead of the shift when fewer than `min_group` people answered
    both rounds (None when enough did, or nobody did): a change of one or two people would be theirs alone."""
    if pairs <= 0 or pairs >= min_group:
        return None
    who = "1 person" if pairs == 1 else f"{pairs:,} people"
    return (
        f"{who} answered both rounds. The change between the rounds is shown from {min_group:,} people on, so "
        "that no one's change can be told from the group's."
    )


def _warning(sub: Submission, field: str, message: str) -> Problem:
    return Problem(sub.source, field=field, message=message, severity=Severity.WARNING)


def verdict(change: int) -> str:
    """How a change of the shown score reads: a few points is not a change."""
    if change >= CHANGE_POINTS:
        return "higher"
    if change <= -CHANGE_POINTS:
        return "lower"
    return "about the same"


@dataclass(frozen=True)
class ChangeRow:
    """One dimension (or overall) across the two rounds, as people see the scores."""

    id: str
    title: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before

    @property
    def verdict(self) -> str:
        return "not comparable" if self.change is None else verdict(self.change)


def change_rows(questionnaire: Questionnaire, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[ChangeRow]:
    """Each dimension, then overall, before and after (results in the `score --json` shape)."""
    rows = [
        ChangeRow(
            d.id,
            d.title,
            printed_score(before["dimensions"].get(d.id, {}).get("score")),
            printed_score(after["dimensions"].get(d.id, {}).get("score")),
        )
        for d in questionnaire.dimensions
    ]
    rows.append(
        ChangeRow(
            "overall", "Overall", printed_score(before["overall"]["score"]), printed_score(after["overall"]["score"])
        )
    )
    return rows


def compact(result: Mapping[str, Any]) -> dict[str, Any]:
    """The scores of a `score --json` result, all a pairing keeps (so memory stays small for big groups)."""
    return {
        "dimensions": {k: {"score": v.get("score")} for k, v in result["dimensions"].items()},
        "overall": {"score": result["overall"].get("score")},
    }


def _signed(change: int | None) -> str:
    if change is None:
        return "–"
    return f"+{change}" if change > 0 else ("±0" if change == 0 else f"−{-change}")


@dataclass(frozen=True)
class ChangeLine:
    """A row of the change table in a participant's second report: the scores as shown, the signed change and
    how it reads."""

    title: str
    before: int | None
    after: int | None
    change: str
    verdict: str


@dataclass(frozen=True)
class PersonalChange:
    """What a participant's second report shows of their change (report.html.j2's `change`): the paired chart,
    a row per dimension then overall, how many dimensions moved by `threshold` points or more."""

    before_date: str
    chart: Markup
    rows: tuple[ChangeLine, ...]
    moved: int
    dimensions: int
    threshold: int


def personal_change(
    questionnaire: Questionnaire, before: Mapping[str, Any], after: Mapping[str, Any], *, before_date: str
) -> PersonalChange:
    """What a participant's 'after' report shows: each dimension and overall in both rounds, with the chart."""
    rows = change_rows(questionnaire, before, after)
    chart = charts.paired(
        [
            charts.PairedRow(
                r.title,
                r.before,
                r.after,
                f"{'–' if r.before is None else r.before} → {'–' if r.after is None else r.after}",
            )
            for r in rows
            if r.id != "overall"
        ],
        title="Paired chart of your dimension scores in the first and the second round",
    )
    moved = [r for r in rows if r.id != "overall" and r.verdict in ("higher", "lower")]
    return PersonalChange(
        before_date=before_date,
        chart=chart,
        rows=tuple(ChangeLine(r.title, r.before, r.after, _signed(r.change), r.verdict) for r in rows),
        moved=len(moved),
        dimensions=len(rows) - 1,
        threshold=CHANGE_POINTS,
    )


@dataclass(frozen=True)
class ShiftRow:
    """One dimension (or overall) of the group's shift: averages over the people with a score in both rounds."""

    id: str
    title: str
    people: int
    before: int | None  # as people see it; `raw_before` unrounded, for the chart
    after: int | None
    raw_before: float | None
    raw_after: float | None
    change: str  # signed, as printed: "+4", "±0", "−3", "–"
    higher: int
    same: int
    lower: int


@dataclass(frozen=True)
class GroupShift:
    """The group summary's "Before and after" section."""

    pairs: int
    rows: list[ShiftRow]
    chart: Markup
    threshold: int


def group_shift(questionnaire: Questionnaire, pairs: Sequence[Pair]) -> GroupShift | None:
    """The group summary's paired shift: per dimension, only people with a score in both rounds are counted."""
    if not pairs:
        return None
    rows: list[ShiftRow] = []
    per_person = [
        {row.id: row for row in change_rows(questionnaire, p.before.result, p.after.result)} for p in pairs
    ]  # once per person, not once per person and dimension: the live dashboard redraws this every two seconds
    for dim_id, title in [*((d.id, d.title) for d in questionnaire.dimensions), ("overall", "Overall")]:
        changes = [rows[dim_id] for rows in per_person if rows[dim_id].change is not None]
        n = len(changes)
        mean_before = sum(r.before or 0 for r in changes) / n if n else None
        mean_after = sum(r.after or 0 for r in changes) / n if n else None
        mean_change = (
            shown_change(mean_after - mean_before) if n and mean_before is not None and mean_after is not None else None
        )
        rows.append(
            ShiftRow(
                id=dim_id,
                title=title,
                people=n,
                before=printed_score(mean_before),
                after=printed_score(mean_after),
                raw_before=mean_before,
                raw_after=mean_after,
                change=_signed(mean_change),
                higher=sum(1 for r in changes if r.verdict == "higher"),
                same=sum(1 for r in changes if r.verdict == "about the same"),
                lower=sum(1 for r in changes if r.verdict == "lower"),
            )
        )
    chart = charts.paired(
        [
            charts.PairedRow(r.title, r.raw_before, r.raw_after, f"{r.before} → {r.after}")
            for r in rows
            if r.id != "overall" and r.people
        ],
        title="Paired chart of the group's average dimension scores in the first and the second round",
    )
    return GroupShift(len(pairs), rows, chart, CHANGE_POINTS)


def shown_change(value: float) -> int:
    """A change of an average, rounded like every score (half away from zero)."""
    return int(round_half_away(value))
