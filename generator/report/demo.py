"""The demo workshop's reports, rendered into the built site so the facilitators' page can link a sample."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from rich.console import Console

from generator.answers.validate import read_answers_file
from generator.questionnaire.model import Questionnaire
from generator.report.batch import BatchResult, render_reports, report_filename
from generator.report.context import Branding

SAMPLE_INPUT = Path("workshop") / "trust-readiness" / "ada-okafor.json"
SAMPLE_NAME = "sample-report.pdf"
SUMMARY_NAME = "summary-trust-readiness.pdf"  # written by render_reports for the trust-readiness group


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
    inputs = sorted(p for p in workshop.iterdir() if p.is_dir()) if workshop.is_dir() else [examples]
    result = render_reports(inputs, outdir, questionnaires, branding=branding, jobs=jobs, summary=True, console=console)
    sample = examples / SAMPLE_INPUT
    if sample.is_file():
        written = outdir / report_filename(read_answers_file(sample, questionnaires))
        if written in result.written:
            shutil.copyfile(written, outdir / SAMPLE_NAME)
    return result
