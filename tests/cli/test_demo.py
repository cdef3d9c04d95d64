"""`dealcraft demo` (the README's `make run`): the site plus every sample report, with working links to them."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from pypdf import PdfReader
from rich.console import Console

from generator.build import run_demo
from tests.sitecheck import parse_page

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    site = tmp_path_factory.mktemp("demo") / "site"
    out = io.StringIO()
    code = run_demo(ROOT / "mkdocs.yml", dev_addr="127.0.0.1:0", serve=False, console=Console(file=out), site_dir=site)
    return site, code, out.getvalue()


class TestDemo:
    """One command gives a facilitator the guide and a report for every sample participant."""

    def test_renders_every_example_and_both_group_summaries(self, demo_site: tuple[Path, int, str]) -> None:
        site, code, log = demo_site
        assert code == 0, log
        examples = sorted((ROOT / "examples" / "workshop").rglob("*.json"))
        reports = sorted(p for p in (site / "reports").glob("*.pdf") if not p.name.startswith("debrief-"))
        summaries = [p for p in reports if p.name.startswith("summary-")]
        assert len(summaries) == 2
        assert len(reports) == len(examples) + len(summaries) + 1  # + the fixed-name sample
        assert (site / "index.html").is_file()

    def test_renders_the_after_round_with_each_change_and_the_groups_shift(
        self, demo_site: tuple[Path, int, str]
    ) -> None:
        site = demo_site[0]
        afters = sorted((site / "reports").glob("*-trust-readiness-after-*.pdf"))
        examples = sorted((ROOT / "examples" / "workshop" / "trust-readiness-after").glob("*.json"))
        assert len(afters) == len(examples) == 6  # half of the twelve
        for pdf in afters:
            assert "Before and after" in "".join(page.extract_text() for page in PdfReader(pdf).pages), pdf.name
        summary = PdfReader(site / "reports" / "summary-trust-readiness.pdf")
        text = " ".join(" ".join(page.extract_text().split()) for page in summary.pages)
        assert "6 people answered both rounds" in text
        assert "12 respondents" in text

    def test_facilitators_page_links_resolve_to_real_pdfs(self, demo_site: tuple[Path, int, str]) -> None:
        site = demo_site[0]
        page = site / "facilitators" / "index.html"
        links = [urldefrag(urljoin(BASE + "facilitators/", h))[0] for h in parse_page(page).links]
        pdfs = [u for u in links if u.startswith(BASE + "reports/")]
        assert pdfs, "the facilitators' page links no sample report"
        for url in pdfs:
            target = site / url.removeprefix(BASE)
            assert target.is_file(), url
            reader = PdfReader(target)
            assert len(reader.pages) >= 2
            text = "".join(page.extract_text() for page in reader.pages)
            assert f"Page 2 of {len(reader.pages)}" in text

    def test_the_role_play_page_links_the_sample_rooms_group_debrief(self, demo_site: tuple[Path, int, str]) -> None:
        site = demo_site[0]
        here = BASE + "exercises/espresso-deal/"
        links = [urljoin(here, h) for h in parse_page(site / "exercises" / "espresso-deal" / "index.html").links]
        group, personal = [u for u in links if u.startswith(BASE + "reports/")]

        def text(url: str) -> str:
            return " ".join("".join(p.extract_text() for p in PdfReader(site / url.removeprefix(BASE)).pages).split())

        assert "Group debrief: The espresso-machine deal" in text(group)
        assert "P05 the two sides report different prices" in text(group) and "P10 only one side answered" in text(
            group
        )
        assert "Your role-play debrief Pair P01, playing the buyer" in text(personal)
        assert "Your pair’s joint points 110 of a possible 110" in text(personal)
