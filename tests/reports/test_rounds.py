"""Before-and-after rounds: pairing people across rounds, their change in the 'after' report, the group's shift.

Expected numbers come from scoring the example files with the scorer and rounding as people see them; the PDFs
are read back.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.answers.validate import parse_answers_document, read_answers_file
from generator.cli import main
from generator.errors import DealcraftError
from generator.questionnaire.model import Questionnaire
from generator.report import render_reports
from generator.report.context import Branding, printed_score
from generator.report.rounds import (
    Submission,
    only_after,
    only_after_note,
    pair_rounds,
    participant_key,
    people_only_after,
)
from generator.scoring import score
from tests.reports.conftest import ROOT, WORKSHOP, Pdf, flat, read_pdf

BEFORE = WORKSHOP / "trust-readiness"
AFTER = WORKSHOP / "trust-readiness-after"
PAIRED = ("ben-carter", "layla-haddad", "wang-fang")
BRANDING = Branding(site_url="https://guide.example.org/")


def shown(path: Path, questionnaires: dict[str, Questionnaire]) -> dict[str, int | None]:
    """What a person sees for each dimension and overall, from the scorer."""
    document = read_answers_file(path, questionnaires)
    result = score(questionnaires[document.questionnaire], document.answers)
    scores = {k: printed_score(v.score) for k, v in result.dimensions.items()}
    scores["overall"] = printed_score(result.overall.score)
    return scores


def reading(change: int) -> str:
    return "higher" if change >= 10 else "lower" if change <= -10 else "about the same"


def signed(change: int) -> str:
    return f"+{change}" if change > 0 else "±0" if change == 0 else f"−{-change}"


@dataclass(frozen=True)
class Rendered:
    reports: dict[str, Pdf]  # "ben-carter" / "ben-carter-after" -> PDF
    summary: Pdf
    warnings: tuple[str, ...]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, questionnaires: dict[str, Questionnaire]) -> Rendered:
    """Four first-round reports (Zoe has no second round), three second-round reports and the summary."""
    inputs = [BEFORE / f"{p}.json" for p in (*PAIRED, "zoe-ostergard")] + [AFTER / f"{p}.json" for p in PAIRED]
    out = tmp_path_factory.mktemp("rounds")
    result = render_reports(inputs, out, questionnaires, branding=BRANDING, jobs=2, summary=True)
    assert result.failures == ()
    names = [p.stem + ("-after" if p.parent == AFTER else "") for p in inputs]
    reports = {name: read_pdf(path) for name, path in zip(names, result.written, strict=True)}
    (summary,) = result.summaries
    return Rendered(reports, read_pdf(summary), tuple(str(w) for w in result.warnings))


class TestPersonalReport:
    """The second round's report shows each dimension in both rounds, with an honest reading of the change."""

    @pytest.mark.parametrize("person", PAIRED)
    def test_after_report_shows_both_rounds_and_the_reading(
        self, person: str, rendered: Rendered, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = rendered.reports[f"{person}-after"]
        assert "Before and after" in pdf.text
        before = shown(BEFORE / f"{person}.json", questionnaires)
        after = shown(AFTER / f"{person}.json", questionnaires)
        questionnaire = questionnaires["trust-readiness"]
        titles = {d.id: d.title for d in questionnaire.dimensions} | {"overall": "Overall"}
        moved = 0
        for did, title in titles.items():
            b, a = before[did], after[did]
            assert b is not None and a is not None
            row = f"{title}{b}{a}{signed(a - b)}{reading(a - b)}"
            assert flat(row) in pdf.flat, row
            moved += did != "overall" and reading(a - b) != "about the same"
        if moved:
            assert flat(f"{moved} of your 7 dimension scores moved by 10 points or more") in pdf.flat
        else:
            assert flat("None of your dimension scores moved by 10 points or more") in pdf.flat

    def test_ben_moved_on_candour_only_and_reads_about_the_same_elsewhere(self, rendered: Rendered) -> None:
        pdf = rendered.reports["ben-carter-after"]
        assert flat("No-BS: candour and openness 5 30 +25 higher") in pdf.flat
        assert flat("Empathy 25 30 +5 about the same") in pdf.flat

    def test_first_round_and_single_round_reports_have_no_change_page(self, rendered: Rendered) -> None:
        for name in (*PAIRED, "zoe-ostergard"):
            assert "Before and after" not in rendered.reports[name].text, name

    def test_second_round_file_names_say_after(self, rendered: Rendered) -> None:
        for person in PAIRED:
            assert "-trust-readiness-after-" in rendered.reports[f"{person}-after"].path.name
            assert "-after-" not in rendered.reports[person].path.name


class TestGroupSummary:
    """The summary's shift counts only people with both rounds and says how many; the rest is the first round."""

    def test_counts_only_pairs_and_says_how_many(
        self, rendered: Rendered, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = rendered.summary
        assert flat("3 people answered both rounds") in pdf.flat
        assert flat("4 respondents") in pdf.flat  # the cover: the first round, Zoe included, no one twice
        questionnaire = questionnaires["trust-readiness"]
        before = [shown(BEFORE / f"{p}.json", questionnaires) for p in PAIRED]
        after = [shown(AFTER / f"{p}.json", questionnaires) for p in PAIRED]
        titles = {d.id: d.title for d in questionnaire.dimensions} | {"overall": "Overall"}
        for did, title in titles.items():
            b = [s[did] or 0 for s in before]
            a = [s[did] or 0 for s in after]
            mean_b, mean_a = sum(b) / 3, sum(a) / 3
            change = int(printed_score(abs(mean_a - mean_b)) or 0) * (1 if mean_a >= mean_b else -1)
            counts = [
                sum(reading(y - x) == r for x, y in zip(b, a, strict=True))
                for r in ("higher", "about the same", "lower")
            ]
            means = f"{printed_score(mean_b)}{printed_score(mean_a)}"
            row = f"{title}3{means}{signed(change)}{counts[0]}{counts[1]}{counts[2]}"
            assert flat(row) in pdf.flat, row

    def test_a_summary_only_run_pairs_the_rounds_too(
        self, tmp_path: Path, rendered: Rendered, questionnaires: dict[str, Questionnaire]
    ) -> None:
        """--summary-only keeps only second rounds while streaming, then reads the first rounds again."""
        inputs = [AFTER / f"{p}.json" for p in PAIRED] + [BEFORE / f"{p}.json" for p in (*PAIRED, "zoe-ostergard")]
        result = render_reports(inputs, tmp_path, questionnaires, branding=BRANDING, jobs=1, summary_only=True)
        assert result.failures == () and result.written == ()
        (summary,) = result.summaries
        alone = read_pdf(summary)
        assert flat("3 people answered both rounds") in alone.flat
        start = rendered.summary.flat.index(flat("Before and after"))
        end = rendered.summary.flat.index(flat("A person counts as higher or lower"))
        assert rendered.summary.flat[start:end] in alone.flat  # the same table as with every report rendered

    def test_the_after_round_has_a_part_of_its_own(
        self, rendered: Rendered, questionnaires: dict[str, Questionnaire]
    ) -> None:
        pdf = rendered.summary
        assert flat("4 respondents before, 3 after the workshop") in pdf.flat  # the cover
        overall = [read_answers_file(AFTER / f"{p}.json", questionnaires) for p in PAIRED]
        q = questionnaires["trust-readiness"]
        mean = sum(score(q, d.answers).overall.score or 0.0 for d in overall) / len(overall)
        start = pdf.flat.index(flat("After the workshop"))
        assert flat(f"Average overall score: {printed_score(mean)} / 100") in pdf.flat[start:]
        assert flat("3 respondents") in pdf.flat  # beside it (the extractor puts the floated count elsewhere)

    def test_a_questionnaire_answered_only_after_the_workshop_gets_a_summary(
        self, tmp_path: Path, questionnaires: dict[str, Questionnaire]
    ) -> None:
        """Before, such a run wrote no summary at all, and said nothing about it."""
        inputs = [AFTER / f"{p}.json" for p in PAIRED]
        result = render_reports(inputs, tmp_path, questionnaires, branding=BRANDING, jobs=1, summary_only=True)
        assert result.failures == ()
        (summary,) = result.summaries
        pdf = read_pdf(summary)
        assert flat("Nobody answered the before round.") in pdf.flat
        assert flat("0 respondents before, 3 after the workshop") in pdf.flat
        assert pdf.flat.count(flat("Average overall score")) == 1  # the after round's
        assert flat(only_after_note(3) or "") in pdf.flat


class TestPairing:
    """Who is the same person across rounds, and which rounds are compared."""

    def sub(self, source: str, key: str | None, round_: str | None, version: int = 1, at: str = "") -> Submission:
        result = {"dimensions": {}, "overall": {"score": 50.0}}
        return Submission(source, "q", key, round_, version, at, hash(source) % 1000, result)

    def test_key_is_participant_then_email_then_name(self, questionnaires: dict[str, Questionnaire]) -> None:
        base = json.loads((BEFORE / "ben-carter.json").read_text(encoding="utf-8"))
        doc = parse_answers_document(base, "ben.json", questionnaires)
        assert participant_key(doc) == "email:ben.carter@example.org"
        shouting = {**base, "respondent": {"name": "Ben Carter", "email": " Ben.Carter@Example.org "}}
        assert participant_key(parse_answers_document(shouting, "b.json", questionnaires)) == participant_key(doc)
        keyed = {**base, "participant": "w-17"}
        assert participant_key(parse_answers_document(keyed, "k.json", questionnaires)) == "participant:w-17"
        named = {**base, "respondent": {"name": "  ben   CARTER "}}
        assert participant_key(parse_answers_document(named, "n.json", questionnaires)) == "name:ben carter"
        assert participant_key(parse_answers_document({**base, "respondent": {}}, "a.json", questionnaires)) is None

    def test_unlabelled_first_answers_pair_with_an_after(self) -> None:
        pairs, problems = pair_rounds([self.sub("a1.json", "k", None), self.sub("a2.json", "k", "after")])
        assert [(p.before.source, p.after.source) for p in pairs] == [("a1.json", "a2.json")]
        assert problems == []

    def test_mismatched_versions_are_named_and_not_compared(self) -> None:
        pairs, problems = pair_rounds([self.sub("a1.json", "k", "before", 1), self.sub("a2.json", "k", "after", 2)])
        assert pairs == []
        (problem,) = problems
        assert str(problem) == (
            "a2.json: version: warning: q version 2 here but version 1 in the 'before' round (a1.json): the change "
            "is not shown, as two versions may not measure the same thing"
        )

    def test_a_second_after_is_named_and_the_later_one_is_used(self) -> None:
        subs = [
            self.sub("b.json", "k", "before", at="2026-11-24T09:00:00"),
            self.sub("early.json", "k", "after", at="2026-11-24T12:00:00"),
            self.sub("late.json", "k", "after", at="2026-11-24T17:00:00"),
        ]
        pairs, problems = pair_rounds(subs)
        assert [p.after.source for p in pairs] == ["late.json"]
        assert [p.path for p in problems] == ["early.json"]
        assert "another 'after' round of q for k is in late.json; the later one is used" in problems[0].message

    def test_an_after_without_a_before_is_named(self) -> None:
        pairs, problems = pair_rounds([self.sub("x.json", "email:x@example.org", "after")])
        assert pairs == []
        assert [str(p) for p in problems] == ["x.json: round: warning: no 'before' round of q for x@example.org"]

    def test_people_with_only_an_after_round_are_counted_once_and_said_in_one_sentence(self) -> None:
        subs = [
            self.sub("paired-1.json", "a", "before"),
            self.sub("paired-2.json", "a", "after"),
            self.sub("other-version.json", "b", "before", 1),  # another version: not paired, but not late
            self.sub("other-version-after.json", "b", "after", 2),
            self.sub("late.json", "c", "after"),
            self.sub("late-again.json", "c", "after"),  # one person, sent twice
            self.sub("keyless.json", None, "after"),  # cannot be paired at all: named by pair_rounds instead
            self.sub("later.json", "d", "after"),
        ]
        late = only_after(subs)
        assert [s.source for s in late] == ["late.json", "late-again.json", "later.json"]
        assert people_only_after(late, "q") == 2 and people_only_after(late, "other") == 0
        assert only_after_note(0) is None
        assert only_after_note(1) == (
            "1 person answered only in the after round: with no before answer to compare with, they are not in the "
            "before-and-after shift, nor in the charts of the before round."
        )
        assert (only_after_note(1200) or "").startswith("1,200 people answered only in the after round")

    def test_round_must_be_before_or_after(self, questionnaires: dict[str, Questionnaire]) -> None:
        base = json.loads((BEFORE / "ben-carter.json").read_text(encoding="utf-8"))
        with pytest.raises(DealcraftError) as caught:
            parse_answers_document({**base, "round": "during", "participant": 7}, "ben.json", questionnaires)
        assert [str(p) for p in caught.value.problems] == [
            'ben.json: round: "during" is not a round; use before or after',
            "ben.json: participant: 7 is not text",
        ]


def test_report_command_names_a_version_mismatch_between_rounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    after = json.loads((AFTER / "ben-carter.json").read_text(encoding="utf-8"))
    after["version"] = 1
    source = tmp_path / "ben-after.json"
    source.write_text(json.dumps(after), encoding="utf-8")
    argv = ["report", str(BEFORE / "ben-carter.json"), str(source), "-o", str(tmp_path / "out"), "-j", "1"]
    argv += ["--questionnaires", str(ROOT / "questionnaires"), "--site-url", "https://guide.example.org/"]
    assert main(argv, stdout=io.StringIO()) == 0
    err = capsys.readouterr().err
    assert f"{source}: version: warning: trust-readiness version 1 here but version 2 in the 'before' round" in err
    (pdf,) = (tmp_path / "out").glob("*-after-*.pdf")
    assert "Before and after" not in read_pdf(pdf).text
