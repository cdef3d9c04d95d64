"""Rendered PDFs shared by the report tests: each batch is rendered once per session (rendering is the slow part)."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.questionnaire.load import load_questionnaires
from generator.questionnaire.model import Questionnaire
from generator.report import BatchResult, Branding, render_reports

ROOT = Path(__file__).resolve().parents[2]
WORKSHOP = ROOT / "examples" / "workshop"
# Latin, Chinese, Arabic names; deals with a zone (exists), without one (none), and uncertain.
TRUST_PEOPLE = ("ada-okafor", "wang-fang", "layla-haddad")
DEAL_PEOPLE = ("ada-okafor", "ben-carter", "amara-nwosu")


@dataclass(frozen=True)
class Pdf:
    """A rendered PDF read back: its path, pages' text, and the reader."""

    path: Path
    reader: PdfReader

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() or "" for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    @cached_property
    def flat(self) -> str:
        """The text with all whitespace removed: robust to line wrapping and to where the extractor puts spaces."""
        return re.sub(r"\s+", "", self.text)


def read_pdf(path: Path) -> Pdf:
    return Pdf(path, PdfReader(path))


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def plain(markdown: str) -> str:
    """Facilitator Markdown as the reader sees it: without the emphasis markers."""
    return re.sub(r"\*\*|__|`", "", markdown)


def tool(*args: str | Path) -> str:
    """Run a poppler tool (pdfinfo, pdffonts) and return its output."""
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture(scope="session")
def questionnaires() -> dict[str, Questionnaire]:
    return load_questionnaires(ROOT / "questionnaires")


@pytest.fixture(scope="session")
def branding() -> Branding:
    return Branding(
        title="Readiness report",
        event="Test workshop",
        facilitator="Dana Facilitator",
        accent="#00695c",
        site_url="https://guide.example.org/dealcraft/",
    )


@dataclass(frozen=True)
class Workshop:
    """The sample workshop subset rendered once: the batch result and each input's PDF."""

    result: BatchResult
    reports: dict[tuple[str, str], Pdf]  # (questionnaire id, person) -> PDF
    inputs: dict[tuple[str, str], Path]
    summaries: dict[str, Pdf]


@pytest.fixture(scope="session")
def workshop(
    tmp_path_factory: pytest.TempPathFactory, questionnaires: dict[str, Questionnaire], branding: Branding
) -> Workshop:
    """Six reports (three per questionnaire) and both group summaries, rendered in one batch with two jobs."""
    inputs = {("trust-readiness", p): WORKSHOP / "trust-readiness" / f"{p}.json" for p in TRUST_PEOPLE}
    inputs |= {("deal-readiness", p): WORKSHOP / "deal-readiness" / f"{p}.json" for p in DEAL_PEOPLE}
    out = tmp_path_factory.mktemp("workshop")
    result = render_reports(
        list(inputs.values()), out, questionnaires, branding=branding, jobs=2, summary=True, named=False
    )
    assert result.failures == (), result.failures
    assert len(result.written) == len(inputs)
    reports = {key: read_pdf(path) for key, path in zip(inputs, result.written, strict=True)}
    summaries = {p.stem.removeprefix("summary-"): read_pdf(p) for p in result.summaries}
    return Workshop(result, reports, inputs, summaries)


def answers_json(path: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data
