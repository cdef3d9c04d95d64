"""The demo workshop's reports, rendered into the built site so the facilitators' page can link a sample."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console

from generator.answers.validate import read_answers_file
from generator.errors import Problem
from generator.questionnaire.model import Questionnaire
from generator.report.batch import BatchResult, render_reports, report_filename
from generator.report.context import Branding

SAMPLE_INPUT = Path("workshop") / "trust-readiness" / "ada-okafor.json"
SAMPLE_NAME = "sample-report.pdf"
DEBRIEF_INPUT = Path("debrief")
DEBRIEF_NAME = "debrief-espresso-deal.pdf"  # content/exercises/espresso-deal.md links to it
PERSONAL_DEBRIEF_NAME = "debrief-sample-participant.pdf"  # and to this one


def render_demo_reports(
    examples: Path,
    site_dir: Path,
    questionnaires: Mapping[str, Questionnaire],
    *,
    branding: Branding,
    jobs: int | None = None,
    console: Console | None = None,
) -> BatchResult:
    """Render every example answers file into `site_dir/reports/` with group summaries, and copy one
    participant's report to `reports/sample-report.pdf`, the fixed name content/facilitators.md links to."""
    outdir = site_dir / "reports"
    workshop = examples / "workshop"
    # The personal debrief pages come from `render_demo_debrief`, which pairs the room first.
    inputs = sorted(p for p in workshop.iterdir() if p.is_dir()) if workshop.is_dir() else [examples]
    # The demo owns this folder: a summary from an earlier demo would make this one take a unique name.
    for stale in outdir.glob("summary-*.pdf"):
        stale.unlink()
    result = render_reports(inputs, outdir, questionnaires, branding=branding, jobs=jobs, summary=True, console=console)
    sample = examples / SAMPLE_INPUT
    if sample.is_file():
        written = outdir / report_filename(read_answers_file(sample, questionnaires))
        if written in result.written:
            shutil.copyfile(written, outdir / SAMPLE_NAME)
    return result


def render_demo_debrief(
    examples: Path,
    site_dir: Path,
    questionnaires: Mapping[str, Questionnaire],
    exercise_file: Path,
    *,
    branding: Branding,
) -> tuple[Path | None, tuple[Problem, ...]]:
    """Render the example room's group debrief to `site_dir/reports/debrief-espresso-deal.pdf`.

    Returns the PDF (None when there is no example room) and the inputs that could not be read; the room's
    pairing problems are part of the demo (an unmatched participant, a price disagreement) and are in the PDF.
    """
    from generator.exercise import load_exercise
    from generator.report.debrief import debrief_context, read_room, render_debrief_pdf

    room_dir = examples / DEBRIEF_INPUT
    if not room_dir.is_dir() or "deal-debrief" not in questionnaires:
        return None, ()
    exercise = load_exercise(exercise_file).priced_in(branding.currency)
    room = read_room([room_dir], questionnaires, exercise)
    context = debrief_context(room, exercise, branding)
    pdf = render_debrief_pdf(context, site_dir / "reports" / DEBRIEF_NAME, branding)
    # One pair's personal reports, so the role-play page can show what a participant takes home.
    pair = [room_dir / "p01-buyer.json", room_dir / "p01-seller.json"]
    if all(p.is_file() for p in pair):
        outdir = site_dir / "reports" / "debrief"
        done = render_reports(pair, outdir, questionnaires, branding=branding, jobs=1, exercise=exercise)
        buyer = outdir / report_filename(read_answers_file(pair[0], questionnaires))
        if buyer in done.written:
            shutil.copyfile(buyer, site_dir / "reports" / PERSONAL_DEBRIEF_NAME)
        return pdf, (*room.unreadable, *done.failures, *done.incomplete)
    return pdf, room.unreadable
