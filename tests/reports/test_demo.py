"""The demo renders the sample workshop into the site, with the fixed names the facilitators' page links to."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.questionnaire.model import Questionnaire
from generator.report import Branding, render_demo_reports
from tests.reports.conftest import ROOT, WORKSHOP


def test_sample_report_and_summary_land_where_the_page_links(
    tmp_path: Path, questionnaires: dict[str, Questionnaire], branding: Branding
) -> None:
    examples = tmp_path / "examples"
    (examples / "workshop" / "trust-readiness").mkdir(parents=True)
    shutil.copy(WORKSHOP / "trust-readiness" / "ada-okafor.json", examples / "workshop" / "trust-readiness")
    site = tmp_path / "site"
    result = render_demo_reports(examples, site, questionnaires, branding=branding, jobs=1)
    assert result.failures == ()
    page = (ROOT / "content" / "facilitators.md").read_text(encoding="utf-8")
    links = re.findall(r'href="\.\./(reports/[^"]+)"', page)
    assert links == ["reports/sample-report.pdf", "reports/summary-trust-readiness.pdf"]
    for link in links:
        assert (site / link).read_bytes().startswith(b"%PDF-1.7")
